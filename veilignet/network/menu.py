from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(user) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    from .models import Notification

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    result = [(_("Mijn taken"), reverse("network:tasks"))]
    if user.organisation_type == "veilig_thuis" or user.has_role("teamleider"):
        result.append((_("Wachtlijst"), reverse("network:waiting_list")))
    result.append((_("Overleggen"), reverse("network:meetings")))
    result.append((f"Berichten ({unread})" if unread else "Berichten", reverse("network:notifications")))
    if user.has_role("beheerder"):
        result.append((_("Termijnen"), reverse("network:terms")))
    return result
