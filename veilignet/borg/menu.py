"""Main-menu entry for BORG: reclassering users only."""

from django.urls import reverse

from veilignet.accounts.models import OrganisationType


def items(user) -> list[tuple[str, str]]:
    if user.organisation_id and user.organisation.type == OrganisationType.RECLASSERING:
        return [("BORG", reverse("borg:index"))]
    return []
