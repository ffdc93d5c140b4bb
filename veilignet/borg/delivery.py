"""Pure delivery and timeliness logic for BORG (no Django): session plans, clusters, rolling intake,
group size, and the days/flags against the start targets.

Sources: 001 §4.2 (Factsheet BORG: group variant 3 individual + 12 group sessions of 2.5 h in 4
clusters; individual variant 3 individual + 10 sessions of 1.5 h in 4 clusters; joining any cluster
within four weeks; groups of 8–12), 001 §4.3 (WODC: 8.5 months from incident to start on average),
000 (start within one or two months of the arrest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

INDIVIDUAL_SESSIONS = 3
GROUP_SESSIONS = 12
GROUP_SESSION_MINUTES = 150
TRAINING_SESSIONS = 10  # individual variant
TRAINING_SESSION_MINUTES = 90
INDIVIDUAL_SESSION_MINUTES = 60
CLUSTERS = 4


def cluster_of(number: int, total: int) -> int:
    """The cluster (1..4) of session `number` (1-based) in a cycle of `total` sessions, spread evenly:
    12 → 3,3,3,3; 10 → 3,3,2,2. Numbers beyond one cycle start a new cycle."""
    index = (number - 1) % total
    base, extra = divmod(total, CLUSTERS)
    boundary = 0
    for cluster in range(1, CLUSTERS + 1):
        boundary += base + (1 if cluster <= extra else 0)
        if index < boundary:
            return cluster
    return CLUSTERS  # pragma: no cover


@dataclass(frozen=True)
class PlannedSession:
    number: int
    cluster: int | None
    at: datetime
    minutes: int


def plan_series(first_at: datetime, count: int, *, interval_days: int = 7, minutes: int, cycle: int | None,
                first_number: int = 1) -> list[PlannedSession]:
    """`count` sessions from `first_at`, every `interval_days`; clusters by position in a cycle."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if interval_days < 1:
        raise ValueError("interval_days must be at least 1")
    sessions = []
    for i in range(count):
        number = first_number + i
        cluster = cluster_of(number, cycle) if cycle else None
        sessions.append(PlannedSession(number, cluster, first_at + timedelta(days=interval_days * i), minutes))
    return sessions


def size_warning(size: int, minimum: int = 8, maximum: int = 12) -> str:
    """A Dutch warning when a group is outside the 8–12 norm (warn, never refuse)."""
    if size < minimum:
        return (f"De groep heeft {size} deelnemer(s); de norm is {minimum}–{maximum} (001 §4.2). "
                "Dit is toegestaan, maar let op de groepsdynamiek.")
    if size > maximum:
        return f"De groep heeft {size} deelnemers; de norm is {minimum}–{maximum} (001 §4.2)."
    return ""


def choose_cluster_start(cluster_starts: dict[int, date], not_before: date, cluster: int | None = None):
    """Rolling intake: the (cluster, first date) to join — the requested cluster, or the earliest
    cluster starting on or after `not_before`. None when no such cluster is planned."""
    options = sorted((d, c) for c, d in cluster_starts.items() if d >= not_before and (cluster is None or c == cluster))
    if not options:
        return None
    d, c = options[0]
    return c, d


def days_between(earlier: date | None, later: date | None) -> int | None:
    if earlier is None or later is None:
        return None
    return (later - earlier).days


@dataclass(frozen=True)
class Timeliness:
    days_incident_to_arrest: int | None
    days_arrest_to_intake: int | None
    days_intake_to_start: int | None
    days_incident_to_start: int | None
    days_arrest_to_start: int | None
    start_on_time: bool | None        # start within the target after the arrest (or incident without arrest)
    start_within_one_month: bool | None
    intake_start_on_time: bool | None  # start within four weeks of the intake
    problems: tuple[str, ...]         # Dutch: dates out of order


def timeliness(incident: date | None, arrest: date | None, intake: date | None, start: date | None, *,
               target_days: int = 61, good_days: int = 31, intake_target_days: int = 28,
               today: date | None = None) -> Timeliness:
    """Days incident → arrest → intake → start and flags against the targets. Without an arrest
    (voluntary framework) the incident is the reference. Before the start, a flag is False as soon
    as the target has passed `today` (late already), else None (not yet known)."""
    problems = []
    order = [("incident", incident), ("aanhouding", arrest), ("intake", intake), ("start", start)]
    known = [(n, d) for n, d in order if d is not None]
    for (n1, d1), (n2, d2) in zip(known, known[1:]):
        if d2 < d1:
            problems.append(f"De datum {n2} ({d2:%d-%m-%Y}) ligt vóór de datum {n1} ({d1:%d-%m-%Y}).")
    reference = arrest or incident
    since_ref = days_between(reference, start)
    if since_ref is not None:
        on_time, one_month = since_ref <= target_days, since_ref <= good_days
    elif reference is not None and today is not None and (today - reference).days > target_days:
        on_time, one_month = False, False
    else:
        on_time = one_month = None
    since_intake = days_between(intake, start)
    if since_intake is not None:
        intake_ok = since_intake <= intake_target_days
    elif intake is not None and today is not None and (today - intake).days > intake_target_days:
        intake_ok = False
    else:
        intake_ok = None
    return Timeliness(
        days_incident_to_arrest=days_between(incident, arrest),
        days_arrest_to_intake=days_between(arrest, intake),
        days_intake_to_start=since_intake,
        days_incident_to_start=days_between(incident, start),
        days_arrest_to_start=days_between(arrest, start),
        start_on_time=on_time,
        start_within_one_month=one_month,
        intake_start_on_time=intake_ok,
        problems=tuple(problems),
    )
