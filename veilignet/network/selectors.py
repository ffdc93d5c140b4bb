"""Read paths of the network app, scoped to the user: worklists, waiting list, plan, meetings."""

from __future__ import annotations

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, Min, Q, Value, When
from django.utils import timezone

from veilignet.access.selectors import visible_cases
from veilignet.accounts.models import OrganisationType

from .models import Deadline, DeadlineStatus, Notification, WaitingListSnapshot

LIVE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
# `live IN (true)` instead of `live = true`: Django writes the latter as a bare `"live"`, which SQLite
# cannot match to the `live` column of an index, so it would sort instead of walking the index in due order.
LIVE_TRUE = [True]


def _base():
    return Deadline.objects.select_related("case", "organisation", "owner")


def _visible_condition(user):
    return When(case_id__in=visible_cases(user).values("pk"), then=Value(True))


def only_visible(qs, user):
    """Restrict deadlines to cases the user can see now (access.selectors.visible_cases), so worklist
    rows and totals never include a case the user can no longer see (e.g. after a participation ended).

    `CASE WHEN case_id IN (<visible case ids>) THEN true ELSE false END`: the subquery is not
    correlated, so it is evaluated once (PostgreSQL: a hashed SubPlan; SQLite: an ephemeral index), and
    inside CASE PostgreSQL does not turn it into a join, which (misestimated) would start from the visible
    cases and sort all their deadlines. So the worklist index drives the query in due order and a page
    stops after 50 rows; the index ends in case_id, so a total is an index-only scan plus a hash probe."""
    return qs.filter(Case(_visible_condition(user), default=Value(False), output_field=BooleanField()))


def _my_condition(user):
    from veilignet.cases.models import Case

    # No ordering: Case's default order (-opened_at) makes SQLite walk every open case on its
    # (status, opened_at) index instead of looking up the director's cases.
    directed = list(Case.objects.filter(case_director=user, status="open").order_by()
                    .values_list("pk", flat=True)[:1000])
    cond = Q(owner=user)
    if directed:
        cond |= Q(case_id__in=directed, organisation_id=user.organisation_id, owner__isnull=True)
    return cond


def my_tasks(user):
    """Live deadlines the user owns, plus those of the user's organisation without a person owner
    in cases the user directs, by due; only in cases the user can see."""
    if not user.organisation_id:
        return Deadline.objects.none()
    return only_visible(_base().filter(live__in=LIVE_TRUE).filter(_my_condition(user)), user).order_by(*WORKLIST_ORDER)


def my_tasks_count(user) -> int:
    if not user.organisation_id:
        return 0
    return only_visible(Deadline.objects.filter(live__in=LIVE_TRUE).filter(_my_condition(user)), user).count()


# The order of the worklist indexes ((organisation|owner), live, due, case): the list walks the index.
WORKLIST_ORDER = ("due", "case_id", "pk")


def _team(user, overdue_only, now):
    qs = Deadline.objects.filter(organisation_id=user.organisation_id, live__in=LIVE_TRUE)
    if overdue_only:
        qs = qs.filter(due__lt=now or timezone.now())
    return only_visible(qs, user)


def team_deadlines(user, *, overdue_only=True, now=None):
    """The team's (= the user's organisation's) live deadlines in cases the user can see, overdue ones
    by default, by due."""
    if not user.organisation_id:
        return Deadline.objects.none()
    return _team(user, overdue_only, now).select_related("case", "organisation", "owner").order_by(*WORKLIST_ORDER)


def team_count(user, *, overdue_only=True, now=None) -> int:
    if not user.organisation_id:
        return 0
    return _team(user, overdue_only, now).count()


class CountedPaginator(Paginator):
    """A paginator whose total is given instead of counted again (the caller already counted it)."""

    def __init__(self, object_list, per_page, *, total: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._total = total

    @property
    def count(self):
        return self._total


def case_deadlines(case):
    return _base().filter(case=case).order_by(
        # live first, then by due
        "status", "due", "pk")


def waiting_list_region(user) -> str:
    return user.organisation.region if user.organisation_id else ""


def _vt_orgs(region: str) -> list[int]:
    from veilignet.accounts.models import Organisation

    return list(Organisation.objects.filter(region=region, type=OrganisationType.VEILIG_THUIS)
                .values_list("pk", flat=True))


def _waiting(region: str):
    return Deadline.objects.filter(organisation_id__in=_vt_orgs(region), kind="vt_safety_assessment", live__in=LIVE_TRUE)


def waiting_list(region: str, user):
    """Reports waiting for the first Veilig Thuis safety assessment in a region (live
    vt_safety_assessment deadlines of the Veilig Thuis organisations of that region) in cases the
    user can see, oldest first (the order of the index (organisation, kind, live, start, due, case))."""
    return only_visible(_waiting(region), user).select_related("case", "organisation", "owner").order_by(
        "start", "due", "case_id", "pk")


# Age bands of the waiting list (days since the report was received): (label, from, to).
AGE_BANDS = (("minder dan 1 week", 0, 7), ("1 tot 2 weken", 7, 14), ("2 tot 4 weken", 14, 28),
             ("4 weken of langer", 28, None))


def waiting_stats(region: str, now=None, user=None) -> dict:
    """The region's waiting list in figures (no case data: all waiting reports of the region count):
    waiting, over term, the oldest, counts per age band and — with `user` — `visible`, how many of them
    are in cases the user can see (the length of waiting_list(region, user)), in one index-only aggregate.
    Only indexed columns are counted (COUNT(*), COUNT(due); not COUNT(id)), so PostgreSQL can answer it
    with an index-only scan."""
    now = now or timezone.now()
    aggregates = {"waiting": Count("*"), "over": Count("due", filter=Q(due__lt=now)), "oldest": Min("start")}
    for i, (_, low, high) in enumerate(AGE_BANDS):
        cond = Q(start__lte=now - timedelta(days=low))
        if high is not None:
            cond &= Q(start__gt=now - timedelta(days=high))
        aggregates[f"band{i}"] = Count("due", filter=cond)
    if user is not None:
        aggregates["visible"] = Count(Case(_visible_condition(user), default=None, output_field=BooleanField()))
    agg = _waiting(region).order_by().aggregate(**aggregates)
    oldest = agg["oldest"]
    agg["oldest_days"] = (now - oldest).days if oldest else 0
    agg["bands"] = [(label, agg.pop(f"band{i}")) for i, (label, _, _) in enumerate(AGE_BANDS)]
    return agg


def backfill_snapshots(days: int, now=None) -> int:
    """Reconstruct the daily waiting list of the past `days` days from the deadlines themselves
    (waiting at the end of a day = started by then and not closed by then). For a new installation
    or the demo; the sweep stores each day's real snapshot from then on."""
    from datetime import datetime, time

    now = now or timezone.now()
    regions = {}
    rows = Deadline.objects.filter(kind="vt_safety_assessment").values_list(
        "organisation__region", "start", "due", "closed_at")
    for region, start, due, closed_at in rows:
        regions.setdefault(region, []).append((start, due, closed_at))
    made = 0
    today = timezone.localdate(now)
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        moment = timezone.make_aware(datetime.combine(day, time(23, 59)))
        for region, items in regions.items():
            waiting = [(s, d) for s, d, c in items if s <= moment and (c is None or c > moment)]
            if not waiting:
                continue
            ages = sorted((moment - s).total_seconds() / 86400 for s, _ in waiting)
            WaitingListSnapshot.objects.update_or_create(day=day, region=region, defaults={
                "waiting": len(waiting), "over_term": sum(1 for _, d in waiting if d < moment),
                "median_age_days": round(ages[len(ages) // 2], 1)})
            made += 1
    return made


def take_waiting_snapshot(now=None) -> int:
    """Store today's waiting list per region (update_or_create per day and region). Returns regions."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    rows = (Deadline.objects.filter(kind="vt_safety_assessment", status__in=LIVE)
            .values("organisation__region")
            .annotate(waiting=Count("pk"), over=Count("pk", filter=Q(due__lt=now)), oldest=Min("start")))
    n = 0
    seen = set()
    for row in rows:
        region = row["organisation__region"]
        seen.add(region)
        median_days = _median_age_days(region, now)
        WaitingListSnapshot.objects.update_or_create(
            day=day, region=region,
            defaults={"waiting": row["waiting"], "over_term": row["over"], "median_age_days": median_days},
        )
        n += 1
    # Regions that had a waiting list before and now have none: record the zero.
    for region in (WaitingListSnapshot.objects.filter(day__lt=day).exclude(region__in=seen)
                   .values_list("region", flat=True).distinct()):
        WaitingListSnapshot.objects.update_or_create(day=day, region=region,
                                                     defaults={"waiting": 0, "over_term": 0,
                                                               "median_age_days": 0})
    return n


def _median_age_days(region: str, now) -> float:
    qs = Deadline.objects.filter(organisation_id__in=_vt_orgs(region), kind="vt_safety_assessment", live__in=LIVE_TRUE)
    count = qs.count()
    if not count:
        return 0.0
    start = qs.order_by("start").values_list("start", flat=True)[count // 2]
    return round((now - start).total_seconds() / 86400, 1)


def snapshots(region: str, days: int = 90):
    since = timezone.localdate() - timedelta(days=days)
    return WaitingListSnapshot.objects.filter(region=region, day__gte=since).order_by("day")


def notifications_for(user):
    return Notification.objects.filter(recipient=user)
