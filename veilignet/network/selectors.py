"""Read paths of the network app, scoped to the user: worklists, waiting list, plan, meetings."""

from __future__ import annotations

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from veilignet.access.selectors import visible_cases
from veilignet.accounts.models import OrganisationType

from .models import Deadline, DeadlineStatus, Notification, WaitingListSnapshot

LIVE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)


def _base():
    return Deadline.objects.select_related("case", "organisation", "owner")


def visible_rows(rows, user) -> list:
    """Keep only the deadlines (of one page) whose case the user can see, through
    access.selectors.visible_cases: one primary-key lookup for the page's cases. Planner-proof at any
    size, unlike a visibility join over the whole list."""
    rows = list(rows)
    case_ids = {r.case_id for r in rows}
    if not case_ids:
        return rows
    visible = set(visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    return [r for r in rows if r.case_id in visible]


def only_visible(qs, user):
    """Restrict deadlines to cases the user can see, through access.selectors.visible_cases, as a
    correlated EXISTS per deadline row: the deadline indexes drive the query, and the visibility
    check is a primary-key plus participation-index lookup (not a scan of all visible cases)."""
    return qs.filter(Exists(visible_cases(user).filter(pk=OuterRef("case_id"))))


def _my_condition(user):
    from veilignet.cases.models import Case

    directed = list(Case.objects.filter(case_director=user, status="open").values_list("pk", flat=True)[:1000])
    cond = Q(owner=user)
    if directed:
        cond |= Q(case_id__in=directed, organisation_id=user.organisation_id, owner__isnull=True)
    return cond


def my_tasks(user):
    """Live deadlines the user owns, plus those of the user's organisation without a person owner
    in cases the user directs, by due. Show a page through visible_rows()."""
    if not user.organisation_id:
        return Deadline.objects.none()
    return _base().filter(live=True).filter(_my_condition(user)).order_by("due", "pk")


def my_tasks_count(user) -> int:
    if not user.organisation_id:
        return 0
    return Deadline.objects.filter(live=True).filter(_my_condition(user)).count()


def team_deadlines(user, *, overdue_only=True, now=None):
    """The team's (= the user's organisation's) live deadlines, overdue ones by default, by due. Show a
    page through visible_rows()."""
    if not user.organisation_id:
        return Deadline.objects.none()
    now = now or timezone.now()
    qs = _base().filter(organisation_id=user.organisation_id, live=True)
    if overdue_only:
        qs = qs.filter(due__lt=now)
    return qs.order_by("due", "pk")


def team_count(user, *, overdue_only=True, now=None) -> int:
    if not user.organisation_id:
        return 0
    qs = Deadline.objects.filter(organisation_id=user.organisation_id, live=True)
    if overdue_only:
        qs = qs.filter(due__lt=now or timezone.now())
    return qs.count()


class CountedPaginator(Paginator):
    """A paginator whose total is given (counted on an index) instead of counted on the filtered
    rows. Used by the worklists: the total is the organisation's (or owner's) live deadlines; the rows
    are always filtered to cases the user can see, so they differ only for cases the organisation
    no longer takes part in."""

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


def waiting_list(region: str, now=None):
    """Reports waiting for the first Veilig Thuis safety assessment in a region (live
    vt_safety_assessment deadlines of the Veilig Thuis organisations of that region), oldest first."""
    return (_base().filter(organisation_id__in=_vt_orgs(region), kind="vt_safety_assessment", live=True)
            .order_by("start", "pk"))


def waiting_stats(region: str, now=None) -> dict:
    now = now or timezone.now()
    qs = Deadline.objects.filter(organisation_id__in=_vt_orgs(region), kind="vt_safety_assessment", live=True)
    agg = qs.aggregate(waiting=Count("pk"), over=Count("pk", filter=Q(due__lt=now)), oldest=Min("start"))
    oldest = agg["oldest"]
    agg["oldest_days"] = (now - oldest).days if oldest else 0
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
    qs = Deadline.objects.filter(organisation_id__in=_vt_orgs(region), kind="vt_safety_assessment", live=True)
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
