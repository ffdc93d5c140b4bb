"""Read paths of the case registry, always through access.selectors.visible_cases()."""

from datetime import date, datetime

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from veilignet.access import audit
from veilignet.access.selectors import visible_cases

from .identity import fold, normalise_bsn
from .models import HouseholdMember, Person, TimelineEntry


def _person_filter(q: str):
    """Match persons by BSN, birth date (dd-mm-jjjj or jjjj-mm-dd) or name parts."""
    q = (q or "").strip()
    if not q:
        return None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return Q(birth_date=datetime.strptime(q, fmt).date())
        except ValueError:
            pass
    digits = normalise_bsn(q)
    if digits.isdigit() and len(digits) == 9:
        return Q(bsn=digits)
    # Each word must start the first name, the whole surname or its last word ("el amr" finds
    # "El Amrani", "vries" finds "de Vries"); the whole query may also start the surname.
    words = Q()
    for part in q.split():
        key = fold(part)
        words &= _prefix("last_name_key", key) | _prefix("surname_key", key) | _prefix("first_name_key", key)
    return words | _prefix("last_name_key", fold(q))


def _prefix(field: str, key: str) -> Q:
    """An index-friendly prefix match. Keys are folded ASCII, so on SQLite (whose LIKE cannot use an
    index) a range [key, key + DEL) is the same set; PostgreSQL's LIKE 'key%' uses the pattern index."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": key, f"{field}__lt": key + "\x7f"})
    return Q(**{f"{field}__startswith": key})


def worklist(user, *, q: str = "", status: str = "open", phase: str = "", risk_level: str = "",
             birth_date: date | None = None, mine: bool = False):
    cases = visible_cases(user).select_related("lead_organisation", "case_director", "household")
    if status:
        cases = cases.filter(status=status)
    if phase:
        cases = cases.filter(phase=phase)
    if risk_level:
        cases = cases.filter(risk_level=risk_level)
    if mine:
        cases = cases.filter(case_director=user)
    person_q = _person_filter(q)
    if q and q.upper().startswith("VN-"):
        cases = cases.filter(number__istartswith=q.strip())
    elif person_q is not None or birth_date:
        people = Person.objects.filter(person_q) if person_q is not None else Person.objects.all()
        if birth_date:
            people = people.filter(birth_date=birth_date)
        # A non-correlated IN: the matching households are found once, not once per visible case.
        cases = cases.filter(
            household_id__in=HouseholdMember.objects.filter(person__in=people).values("household_id")
        )
    return cases.order_by("-opened_at")


def get_case(user, case_id, *, purpose: str = "", audit_read: bool = True):
    """The case if the user may see it, else Case.DoesNotExist (shown as 404: reveals nothing)."""
    case = visible_cases(user).select_related("lead_organisation", "case_director", "household").get(pk=case_id)
    if audit_read:
        audit.record("read", "case", case.pk, case_id=case.pk, purpose=purpose)
    return case


def search_persons(user, q: str):
    """Persons in households of cases the user can see."""
    condition = _person_filter(q)
    if condition is None:
        return Person.objects.none()
    visible_households = visible_cases(user).values("household_id")
    return (
        Person.objects.filter(condition)
        .filter(Exists(HouseholdMember.objects.filter(person=OuterRef("pk"), household_id__in=visible_households)))
        .order_by("last_name_key", "first_name_key")
    )


# Timeline entries that belong to a part (Scope) of the case; every other kind is part "basis".
TIMELINE_PARTS = {
    "notitie": "notities",
    "risicotaxatie": "risico",
    "veiligheidsplan": "plan",
    "borg": "pleger",
    "verwijzing": "pleger",
}


def timeline_for(user, case):
    """The case timeline as far as the user's participation scope reaches; confidential entries only
    for their own organisation."""
    from veilignet.access.selectors import can_see_part

    hidden_parts = {part for part in set(TIMELINE_PARTS.values()) | {"basis"} if not can_see_part(user, case, part)}
    hidden_kinds = [kind for kind, part in TIMELINE_PARTS.items() if part in hidden_parts]
    entries = TimelineEntry.objects.filter(case=case).filter(
        Q(confidential=False) | Q(organisation_id=user.organisation_id)
    )
    if "basis" in hidden_parts:
        entries = entries.filter(kind__in=[k for k in TIMELINE_PARTS if k not in hidden_kinds])
    elif hidden_kinds:
        entries = entries.exclude(kind__in=hidden_kinds)
    return entries.select_related("author", "organisation")


def persons_of(case):
    return (
        HouseholdMember.objects.filter(household_id=case.household_id)
        .select_related("person")
        .order_by("person__birth_date")
    )
