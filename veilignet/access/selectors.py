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
    """Cases the user's organisation participates in now (plus active break-the-glass grants).

    Without grants (the usual case) an inner join on the active participation: one row per case (a
    unique constraint allows one active participation per organisation and case), and on SQLite
    about five times faster on the worklist than a correlated EXISTS (bench/access_worklist.py)."""
    if user is None or not user.is_authenticated or not user.organisation_id:
        return Case.objects.none()
    grant_ids = _break_glass_case_ids(user)
    if not grant_ids:
        return Case.objects.filter(participations__organisation_id=user.organisation_id,
                                   participations__ended_at__isnull=True)
    own = Participation.objects.filter(organisation_id=user.organisation_id, ended_at__isnull=True)
    return Case.objects.filter(Q(pk__in=own.values("case_id")) | Q(pk__in=grant_ids))


def visible_case_index(user):
    """visible_cases(user) as the organisation's active participations (one per case), for lists that
    count, filter by status and order by opening date from the participation index alone (the copies
    case_status / case_opened_at kept by triggers, access migration 0003); None when that is not the
    whole visible set (break-the-glass grants) or nothing is visible: use visible_cases() then."""
    if user is None or not user.is_authenticated or not user.organisation_id or _break_glass_case_ids(user):
        return None
    return Participation.objects.filter(organisation_id=user.organisation_id, ended_at__isnull=True)


def case_visible(user, case_field: str = "pk") -> Q:
    """The same rule as visible_cases(), as a condition on a case reference of the queryset it filters
    (`case_field`: "pk" on Case, "case_id" on a model with a case). A correlated EXISTS on the active
    participation, so that a query driven by another index (a person's name, a household) checks only its
    own candidates, one index probe each, instead of first listing every case of the organisation.
    Need-to-know is the same: an ended participation or an expired break-the-glass grant gives nothing."""
    if user is None or not user.is_authenticated or not user.organisation_id:
        return Q(pk__in=[])
    condition = Q(Exists(Participation.objects.filter(
        case_id=OuterRef(case_field), organisation_id=user.organisation_id, ended_at__isnull=True)))
    grant_ids = _break_glass_case_ids(user)
    if grant_ids:
        condition |= Q(**{f"{case_field}__in": grant_ids})
    return condition


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
    """Only users of the receiving organisation, in a role that needs it, while that organisation
    participates in the case (never through break-the-glass, never after the participation ended)."""
    return bool(
        user is not None and user.is_authenticated
        and user.organisation_id
        and user.organisation_id == report.received_by_id
        and user.has_role(*REPORTER_ROLES)
        and Participation.objects.filter(case_id=report.case_id, organisation_id=user.organisation_id,
                                         ended_at__isnull=True).exists()
    )


# --- privacy officer --------------------------------------------------------------------------------

def is_privacy_officer(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.organisation_id
                and user.has_role("privacy_officer"))


def officer_cases(user):
    """Cases whose audit trail a privacy officer (FG) may inspect: every case their organisation
    participates or participated in (ended participations included: the FG answers for past reads)."""
    if not is_privacy_officer(user):
        return Case.objects.none()
    return Case.objects.filter(
        Exists(Participation.objects.filter(case=OuterRef("pk"), organisation_id=user.organisation_id))
    )


def officer_persons(user):
    """Persons in the households of officer_cases(user)."""
    from veilignet.cases.models import HouseholdMember, Person

    households = officer_cases(user).values("household_id")
    return Person.objects.filter(
        Exists(HouseholdMember.objects.filter(person=OuterRef("pk"), household_id__in=households))
    )


def audit_for_case(user, case_id):
    """Audit entries of one case for a privacy officer; Case.DoesNotExist when outside their scope."""
    from .models import AuditEvent

    case = officer_cases(user).get(pk=case_id)
    return case, AuditEvent.objects.filter(case_id=case.pk).order_by("-id")


def audit_for_person(user, person_id):
    """Audit entries about one person: reads of the person and of every case of their households."""
    from veilignet.cases.models import HouseholdMember

    from .models import AuditEvent

    person = officer_persons(user).get(pk=person_id)
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    # Only the cases within the officer's scope: the log must not reveal other organisations' cases.
    case_ids = list(officer_cases(user).filter(household_id__in=households).values_list("pk", flat=True))
    return person, AuditEvent.objects.filter(
        Q(person_id=person.pk, case_id__isnull=True) | Q(case_id__in=case_ids)
    ).order_by("-id")

