"""The deadline sweep: set-based, idempotent, crash-safe (issue 6 §1).

One run for a moment `now`:
1. deadlines of closed cases that are still open or missed are waived ("dossier gesloten") — one UPDATE;
2. open deadlines whose due moment has passed become `missed` — one UPDATE on the (status, due) index;
3. open deadlines inside their warning window that were not yet warned: a "due soon" notification to
   the owner (the person; without one, the teamleiders of the owner organisation);
4. missed deadlines not yet escalated: an "overdue" notification to the teamleiders of the owner
   organisation; when the case's risk level is high or extreme also to the case director and the
   teamleiders of the lead organisation.

Steps 3 and 4 run in batches; each batch inserts its notifications (unique per recipient and
dedupe key, so never twice) and stamps `soon_notified_at` / `overdue_notified_at` in one transaction.
A crash rolls the batch back and the next run does it again; a rerun finds nothing left to do.
E-mails go out after the commit, at most once (claimed by setting `emailed_at` first).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from veilignet.accounts.models import User
from veilignet.cases.models import Case, CaseStatus

from . import conf
from .models import (
    Deadline,
    DeadlineStatus,
    Notification,
    NotificationPreference,
    NotificationReason,
    SweepRun,
)

LIVE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)


@dataclass
class SweepResult:
    waived: int = 0
    missed: int = 0
    warned: int = 0
    escalated: int = 0
    notifications: int = 0
    seconds: dict = field(default_factory=dict)  # per step, for the bench and the text output


def teamleaders_by_org(org_ids) -> dict[int, list[int]]:
    """Active users with role teamleider per organisation (roles is a JSON list: filtered here)."""
    result: dict[int, list[int]] = defaultdict(list)
    for uid, org_id, roles in User.objects.filter(is_active=True, organisation_id__in=set(org_ids)).values_list(
        "pk", "organisation_id", "roles"
    ):
        if "teamleider" in (roles or []):
            result[org_id].append(uid)
    return result


def escalation_recipients(row: dict, leaders: dict[int, list[int]]) -> dict[int, str]:
    """Who gets the overdue escalation of one deadline: {user id: reason}."""
    recipients: dict[int, str] = {}
    for uid in leaders.get(row["organisation_id"], []):
        recipients[uid] = NotificationReason.OVERDUE
    if row["case__risk_level"] in conf.HIGH_RISK_LEVELS:
        if row["case__case_director_id"]:
            recipients[row["case__case_director_id"]] = NotificationReason.OVERDUE_HIGH_RISK
        for uid in leaders.get(row["case__lead_organisation_id"], []):
            recipients[uid] = NotificationReason.OVERDUE_HIGH_RISK
    return recipients


def due_soon_recipients(row: dict, leaders: dict[int, list[int]]) -> list[int]:
    if row["owner_id"]:
        return [row["owner_id"]]
    return list(leaders.get(row["organisation_id"], []))


_ROW_FIELDS = ("pk", "kind", "title", "case_id", "case__number", "case__risk_level", "case__case_director_id",
               "case__lead_organisation_id", "organisation_id", "owner_id")


def _labels() -> dict[str, str]:
    from .models import DeadlineKind

    return {kind.value: str(kind.label) for kind in DeadlineKind}


def _title(row, prefix: str, labels: dict) -> str:
    label = row["title"] or labels.get(row["kind"], row["kind"])
    return f"{prefix}: {label} (dossier {row['case__number']})"[:200]


def _insert_notifications(rows: list[tuple]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING (SQLite >= 3.24 and PostgreSQL): the unique
    (recipient, dedupe_key) makes a repeated insert a no-op. Returns the rows actually inserted.
    Raw SQL because the ORM's per-value preparation dominated the sweep's time."""
    if not rows:
        return 0
    opts = Notification._meta
    columns = ["recipient_id", "reason", "dedupe_key", "deadline_id", "case_id", "title", "link", "created_at",
               "mail_done"]
    quoted = ", ".join(connection.ops.quote_name(opts.get_field(c.removesuffix("_id") if c in (
        "recipient_id", "deadline_id", "case_id") else c).column) for c in columns)
    one = f"({', '.join(['%s'] * len(columns))})"
    case_field = opts.get_field("case").target_field
    created_field = opts.get_field("created_at")
    prepared, stamp_cache = [], {}
    for recipient, reason, key, deadline_id, case_id, title, created_at in rows:
        if created_at not in stamp_cache:
            stamp_cache[created_at] = created_field.get_db_prep_value(created_at, connection)
        prepared.append((recipient, reason, key, deadline_id, case_field.get_db_prep_value(case_id, connection),
                         title, "", stamp_cache[created_at], False))
    before = _max_notification_id()
    with connection.cursor() as cursor:  # multi-row VALUES: one round trip per 500 rows
        for start in range(0, len(prepared), 500):
            chunk = prepared[start:start + 500]
            cursor.execute(f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({quoted}) VALUES "
                           f"{', '.join([one] * len(chunk))} ON CONFLICT DO NOTHING",
                           [value for row in chunk for value in row])
    return Notification.objects.filter(pk__gt=before).count()


def _process(queryset, stamp_field: str, now, make, order: str) -> tuple[int, int]:
    """Batch loop shared by steps 3 and 4. `make(rows)` returns notification tuples
    (recipient, reason, dedupe_key, deadline_id, case_id, title, created_at). Returns
    (deadlines handled, notifications created)."""
    handled, created = 0, 0
    while True:
        with transaction.atomic():
            # `order` matches the partial index of the work list (a LIMIT with another order can make
            # the planner walk the primary key through every row).
            rows = list(queryset.order_by(order).values(*_ROW_FIELDS)[: conf.SWEEP_BATCH])
            if not rows:
                break
            created += _insert_notifications(make(rows))
            ids = [r["pk"] for r in rows]
            stamps = {stamp_field: now}
            if stamp_field == "overdue_notified_at":  # a warning after the escalation makes no sense
                stamps["soon_notified_at"] = Coalesce("soon_notified_at", Value(now))
            Deadline.objects.filter(pk__in=ids).update(**stamps)
            handled += len(rows)
        if len(rows) < conf.SWEEP_BATCH:
            break
    return handled, created


def _max_notification_id() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def run_sweep(now=None, *, send_mail: bool = True) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    run = SweepRun.objects.create(now=now)
    labels = _labels()

    # 1. Closed cases: their live deadlines no longer apply. Only cases closed since the last
    #    finished run (with a day's margin) are looked at, so the cost does not grow with history.
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        result.seconds[name] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()

    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    last = SweepRun.objects.filter(finished_at__isnull=False).exclude(pk=run.pk).order_by("-started_at").first()
    if last is not None:
        closed = closed.filter(closed_at__gte=min(last.started_at, last.now) - timedelta(days=1))
    closed_ids = list(closed.values_list("pk", flat=True))
    for start in range(0, len(closed_ids), 500):
        result.waived += Deadline.objects.filter(status__in=LIVE, case_id__in=closed_ids[start:start + 500]).update(
            status=DeadlineStatus.WAIVED, closed_at=now, waive_reason="Dossier gesloten.")

    lap("closed_cases")
    # 2. Open and past due → missed.
    result.missed = Deadline.objects.filter(status=DeadlineStatus.OPEN, due__lt=now).update(
        status=DeadlineStatus.MISSED, missed_at=now
    )
    lap("missed")

    # 3. Due soon.
    soon = Deadline.objects.filter(status=DeadlineStatus.OPEN, warn_at__lte=now, soon_notified_at__isnull=True)

    def make_soon(rows):
        leaders = teamleaders_by_org(r["organisation_id"] for r in rows if not r["owner_id"])
        opted_out = set(NotificationPreference.objects.filter(due_soon=False).values_list("user_id", flat=True))
        out = []
        for r in rows:
            for uid in due_soon_recipients(r, leaders):
                if uid in opted_out:
                    continue
                out.append((uid, NotificationReason.DUE_SOON, f"deadline:{r['pk']}:soon", r["pk"], r["case_id"],
                            _title(r, "Termijn verloopt binnenkort", labels), now))
        return out

    result.warned, soon_count = _process(soon, "soon_notified_at", now, make_soon, "warn_at")
    lap("due_soon")

    # 4. Overdue escalation (also stamps soon_notified_at so a late warning is never sent).
    overdue = Deadline.objects.filter(status=DeadlineStatus.MISSED, overdue_notified_at__isnull=True)

    def make_overdue(rows):
        leaders = teamleaders_by_org(
            [r["organisation_id"] for r in rows] + [r["case__lead_organisation_id"] for r in rows]
        )
        out = []
        for r in rows:
            for uid, reason in escalation_recipients(r, leaders).items():
                prefix = "Termijn verlopen (hoog risico)" if reason == NotificationReason.OVERDUE_HIGH_RISK else "Termijn verlopen"
                out.append((uid, reason, f"deadline:{r['pk']}:overdue", r["pk"], r["case_id"],
                            _title(r, prefix, labels), now))
        return out

    result.escalated, overdue_count = _process(overdue, "overdue_notified_at", now, make_overdue, "pk")
    result.notifications = soon_count + overdue_count
    lap("overdue")

    run.finished_at = timezone.now()
    run.missed, run.warned, run.escalated, run.notifications = (
        result.missed, result.warned, result.escalated, result.notifications)
    run.save()
    if send_mail:
        from .notify import send_direct_emails

        send_direct_emails()
    return result


def live_deadlines():
    """Every deadline not met or waived, for the CLI listing."""
    return Deadline.objects.filter(status__in=LIVE).order_by("due", "pk")


def overdue_filter(now) -> Q:
    return Q(status__in=LIVE, due__lt=now)
