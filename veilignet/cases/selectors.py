"""Read paths of the case registry, always through access.selectors.visible_cases()."""

from datetime import date, datetime

from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, UUIDField

from veilignet.access import audit
from veilignet.access.selectors import case_visible, visible_case_index, visible_cases

from .identity import fold, normalise_bsn
from .models import Case, HouseholdMember, Person, TimelineEntry


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
    # Written as an OR of terms that each have an index range (the longest word drives: the three
    # fields' ranges, each AND the other words), so that SQLite can answer it with a multi-index OR;
    # the form (w1 any field) AND (w2 any field) OR ... made it scan every person (50-75 ms at 275,000).
    keys = sorted((fold(part) for part in q.split()), key=len, reverse=True)
    others = Q()
    for key in keys[1:]:
        others &= _prefix("last_name_key", key) | _prefix("surname_key", key) | _prefix("first_name_key", key)
    words = Q()
    for field in ("last_name_key", "surname_key", "first_name_key"):
        words |= _prefix(field, keys[0]) & others
    return words | _prefix("last_name_key", fold(q))


def _prefix(field: str, key: str) -> Q:
    """An index-friendly prefix match. Keys are folded ASCII, so on SQLite (whose LIKE cannot use an
    index) a range [key, key + DEL) is the same set; PostgreSQL's LIKE 'key%' uses the pattern index."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": key, f"{field}__lt": key + "\x7f"})
    return Q(**{f"{field}__startswith": key})


# Up to this many matching persons the worklist search collects their households first (see worklist()).
SELECTIVE_SEARCH = 1000


def worklist(user, *, q: str = "", status: str = "open", phase: str = "", risk_level: str = "",
             birth_date: date | None = None, mine: bool = False):
    cases = visible_cases(user).select_related(*WORKLIST_RELATED)
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
        if people[:SELECTIVE_SEARCH + 1].count() <= SELECTIVE_SEARCH:
            # Few matches (BSN, birth date, a rare name): a non-correlated IN, the matching households
            # are found once, not once per visible case.
            cases = cases.filter(
                household_id__in=HouseholdMember.objects.filter(person__in=people).values("household_id")
            )
        else:
            # A common name (thousands of persons): check each visible case's household members instead,
            # index probes only, bounded by the organisation's cases, not by the name's frequency.
            cases = cases.filter(Exists(people.filter(memberships__household_id=OuterRef("household_id"))))
    return cases.order_by("-opened_at")


WORKLIST_RELATED = ("lead_organisation", "case_director", "household")
# A search lists at most this many results (20 pages of 25) and says when there are more: counting every
# case of a very common name would probe all of the organisation's cases; a professional refines the
# search instead (first name, birth date). The search runs once for its count and page (DeferredRows).
SEARCH_LIMIT = 500


class DeferredRows:
    """A worklist (or person search) queryset for a Paginator: a page is fetched in two steps, the page's ids first
    (ORDER BY ... LIMIT/OFFSET over the scoped cases only, without the joins of select_related) and
    then those 25 rows with their relations. Without this, a deep page of a large list joins and sorts
    every matching row (the "limit before joins" of bench/cases_worklist.py). count() counts ids."""

    def __init__(self, queryset, index=None, *, collect: bool = False):
        """`index`: optionally a Participation queryset that yields the same cases in the same order
        (see worklist_rows()); count and page ids then come from the participation index alone.
        `collect`: a search; its first SEARCH_LIMIT ids are fetched once and serve both the count and
        the page, instead of running the search twice; `truncated` tells that there are more."""
        self.queryset = queryset
        self.index = index
        self.ordered = True
        self._ids = None
        self.truncated = False
        if collect and index is None:
            ids = list(queryset.values_list("pk", flat=True)[:SEARCH_LIMIT + 1])
            self.truncated = len(ids) > SEARCH_LIMIT
            self._ids = ids[:SEARCH_LIMIT]

    def count(self) -> int:
        if self._ids is not None:
            return len(self._ids)
        if self.index is not None:
            return self.index.order_by().count()
        return self.queryset.values("pk").order_by().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        if self._ids is not None:
            ids = self._ids[index]
        elif self.index is not None:
            ids = list(self.index.values_list("case_id", flat=True)[index])
        else:
            ids = list(self.queryset.values_list("pk", flat=True)[index])
        if not ids:
            return []
        rows_qs = self.queryset.filter(pk__in=ids)
        if self._ids is not None:
            # Collected ids already passed the search and the access rule in this request: the page's rows
            # are fetched by primary key with the same relations, without running the search's conditions
            # again (a person search's visible-household set would be rebuilt for 25 rows).
            rows_qs = self.queryset.model._default_manager.filter(pk__in=ids)
            rows_qs.query.select_related = self.queryset.query.select_related
        rows = {case.pk: case for case in rows_qs.order_by()}
        return [rows[pk] for pk in ids if pk in rows]


def worklist_rows(user, *, q: str = "", status: str = "open", phase: str = "", risk_level: str = "",
                  birth_date: date | None = None, mine: bool = False) -> DeferredRows:
    """The worklist for a Paginator. Without a search or filters other than status (the usual page),
    the visible set is the organisation's active participations: counted, filtered by status and
    ordered by opening date from the participation index (access.selectors.visible_case_index), the
    same cases in the same order as worklist(); otherwise worklist() itself, a page's ids first."""
    cases = worklist(user, q=q, status=status, phase=phase, risk_level=risk_level, birth_date=birth_date, mine=mine)
    index = None
    if not (q.strip() or phase or risk_level or birth_date or mine):
        index = visible_case_index(user)
        if index is not None:
            if status:
                index = index.filter(case_status=status)
            index = index.order_by("-case_opened_at")
    return DeferredRows(cases, index, collect=bool(q.strip() or birth_date))


def get_case(user, case_id, *, purpose: str = "", audit_read: bool = True):
    """The case if the user may see it, else Case.DoesNotExist (shown as 404: reveals nothing)."""
    case = visible_cases(user).select_related("lead_organisation", "case_director", "household").get(pk=case_id)
    if audit_read:
        audit.record("read", "case", case.pk, case_id=case.pk, purpose=purpose)
    return case


# A person search starts from the organisation's visible households instead of the name index when the
# name has more than this many candidates per visible case (about 2.7 household members per case).
VISIBLE_DRIVER_RATIO = 1


def search_persons(user, q: str, *, driver: str = ""):
    """Persons in households of cases the user can see, ordered by name (person id breaks ties).

    Two equivalent query shapes (`driver` forces one, for tests; by default the smaller side drives):
    "naam": driven by the name/birth date/BSN index; each candidate is checked by index probes only: its
    household memberships, their cases, the active participation (access.selectors.case_visible). An IN
    over the organisation's households as a join lets SQLite (no statistics) start from the
    organisation's participations for every candidate (minutes at 100k).
    "zichtbaar": a common name ("jans" matches 5 % of all persons) has far more candidates than the
    organisation has visible persons; then the visible persons are listed once (participation index ->
    cases -> household members, a materialised set) and the name's candidates are matched against that
    set, instead of one correlated visibility check (~5.5 us on SQLite) per candidate. Both estimates
    are bounded counts on an index."""
    condition = _person_filter(q)
    if condition is None:
        return Person.objects.none()
    candidates = Person.objects.filter(condition)
    index = visible_case_index(user)
    if not driver:
        driver = "naam"
        key = fold(q.strip())
        if index is not None and key.isalpha() and " " not in q.strip():
            # One name word: its surname candidates (bounded counts on the covering name indexes, a lower
            # bound of all candidates) against the organisation's visible cases (the participation index).
            visible = index.order_by()[:SEARCH_LIMIT * 20].count()
            bound = visible * VISIBLE_DRIVER_RATIO
            for field in ("last_name_key", "surname_key"):
                names = Person.objects.filter(_prefix(field, key)).values(field)
                if names[:bound + 1].count() > bound:
                    driver = "zichtbaar"
                    break
    if driver == "zichtbaar" and index is not None:
        households = Case.objects.filter(pk__in=index.values("case_id")).values("household_id")
        members = HouseholdMember.objects.filter(household_id__in=households).values("person_id")
        if connection.vendor == "sqlite":
            # "+id" is not the primary key index, so that SQLite keeps the name index as the driver and probes
            # the materialised set, instead of looking up every visible person and then testing the name.
            unindexed = Func(F("pk"), template="+%(expressions)s", output_field=UUIDField())
            people = candidates.alias(person_ref=unindexed).filter(person_ref__in=members)
        else:
            people = candidates.filter(pk__in=members)
    else:
        visible_case = Case.objects.filter(household_id=OuterRef("household_id")).filter(case_visible(user, "pk"))
        in_visible_household = HouseholdMember.objects.filter(person=OuterRef("pk")).filter(Exists(visible_case))
        people = candidates.filter(Exists(in_visible_household))
    return people.order_by("last_name_key", "first_name_key", "pk")


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
