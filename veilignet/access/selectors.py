"""The one place that decides which cases a user may see. Every view and endpoint reads cases
through visible_cases(); tightening access happens here and nowhere else."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from veilignet.cases.models import Case

from .models import Participation, Scope


def _active_participation(user):
    return Participation.objects.filter(
        case=OuterRef("pk"), organisation_id=user.organisation_id, ended_at__isnull=True
    )


def visible_cases(user):
    """Cases the user's organisation participates in now (plus active break-the-glass grants)."""
    if user is None or not user.is_authenticated or not user.organisation_id:
        return Case.objects.none()
    condition = Exists(_active_participation(user))
    grant_ids = _break_glass_case_ids(user)
    if grant_ids:
        condition = condition | Q(pk__in=grant_ids)
    return Case.objects.filter(condition)


def _break_glass_case_ids(user) -> list:
    from . import models as access_models

    grant_model = getattr(access_models, "BreakGlassAccess", None)
    if grant_model is None:
        return []
    return list(
        grant_model.objects.filter(user=user, expires_at__gt=timezone.now()).values_list("case_id", flat=True)
    )


def participation_of(user, case) -> Participation | None:
    if not user.organisation_id:
        return None
    return Participation.objects.filter(case=case, organisation_id=user.organisation_id, ended_at__isnull=True).first()


def can_see_part(user, case, part: str) -> bool:
    """Whether the user may see a part (Scope) of a case they can see."""
    participation = participation_of(user, case)
    if participation is not None:
        return participation.allows(part)
    # Break-the-glass: the basics needed in an emergency, never the reporter's identity.
    return part != Scope.MELDER and case.pk in set(_break_glass_case_ids(user))


# Roles that need the reporter's identity: the receiving organisation's workers who call the reporter back.
REPORTER_ROLES = ("medewerker", "casusregisseur", "teamleider")


def can_see_reporter(user, report) -> bool:
    """Only users of the receiving organisation, in a role that needs it."""
    return bool(
        user.organisation_id
        and user.organisation_id == report.received_by_id
        and user.has_role(*REPORTER_ROLES)
    )
