from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(user) -> list[tuple[str, str]]:
    if not getattr(user, "organisation_id", None):
        return []
    return [(_("Herbeoordelingen"), reverse("risk:due"))]
