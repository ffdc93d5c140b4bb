"""The deadline sweep: set-based, idempotent, crash-safe (issue 6 §1).

One run for a moment `now`, in one transaction (a crash rolls the whole run back and the next run
does it again; a rerun finds nothing left to do; one commit instead of one per step):
1. deadlines of closed cases that are still open or missed are waived ("dossier gesloten") — one UPDATE;
2. open deadlines whose due moment has passed become `missed` and are stamped escalated in the same
   UPDATE (… RETURNING id: each deadline is written once); their "overdue" notifications go to the
   teamleiders of the owner organisation and, when the case's risk level is high or extreme, also to
   the case director and the teamleiders of the lead organisation;
3. open deadlines inside their warning window that were not yet warned: a "due soon" notification to
   the owner (the person; without one, the teamleiders of the owner organisation);
4. missed deadlines not yet escalated (marked missed elsewhere, or by an older version): as in step 2.

Notifications are unique per recipient and dedupe key (INSERT … ON CONFLICT DO NOTHING, so never
twice); on PostgreSQL one INSERT … SELECT FROM unnest(arrays) per 5,000 rows, so the statement stays
small whatever the batch. E-mails go out after the commit, at most once (claimed by setting
`emailed_at` first).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Value
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


_NOTIFICATION_COLUMNS = ("recipient_id", "reason", "dedupe_key", "deadline_id", "case_id", "title", "link",
                         "created_at", "mail_done")


def _insert_notifications(rows: list[tuple]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING (SQLite >= 3.24 and PostgreSQL): the unique
    (recipient, dedupe_key) makes a repeated insert a no-op. Returns the rows actually inserted.
    Raw SQL because the ORM's per-value preparation dominated the sweep's time. PostgreSQL: one
    INSERT ... SELECT FROM unnest() with one array per column (a short statement: no client-side
    parsing of thousands of placeholders); SQLite: multi-row VALUES per 500 rows."""
    if not rows:
        return 0
    opts = Notification._meta
    table = connection.ops.quote_name(opts.db_table)
    quoted = ", ".join(connection.ops.quote_name(opts.get_field(c.removesuffix("_id") if c in (
        "recipient_id", "deadline_id", "case_id") else c).column) for c in _NOTIFICATION_COLUMNS)
    created_field = opts.get_field("created_at")
    inserted = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = list(zip(*rows, strict=True))  # recipient, reason, key, deadline, case, title, created_at
            stamps = set(columns[6])
            by_stamp = len(stamps) == 1  # the sweep: one moment for all
            for start in range(0, len(rows), 5000):
                part = [list(col[start:start + 5000]) for col in columns]
                created_sql = "%s" if by_stamp else "x.created_at"
                cursor.execute(
                    f"INSERT INTO {table} ({quoted}) SELECT x.recipient, x.reason, x.dedupe_key, x.deadline, x.case_id, "
                    f"x.title, '', {created_sql}, false FROM unnest(%s::bigint[], %s::text[], %s::text[], "
                    f"%s::bigint[], %s::uuid[], %s::text[]{'' if by_stamp else ', %s::timestamptz[]'}) "
                    f"AS x(recipient, reason, dedupe_key, deadline, case_id, title{'' if by_stamp else ', created_at'}) "
                    f"ON CONFLICT DO NOTHING",
                    ([created_field.get_db_prep_value(next(iter(stamps)), connection)] if by_stamp else [])
                    + [part[0], [str(v) for v in part[1]], part[2], part[3], part[4], part[5]]
                    + ([] if by_stamp else [part[6]]))
                inserted += cursor.rowcount
            return inserted
        case_field = opts.get_field("case").target_field
        one = f"({', '.join(['%s'] * len(_NOTIFICATION_COLUMNS))})"
        prepared, stamp_cache = [], {}
        for recipient, reason, key, deadline_id, case_id, title, created_at in rows:
            if created_at not in stamp_cache:
                stamp_cache[created_at] = created_field.get_db_prep_value(created_at, connection)
            prepared.append((recipient, str(reason), key, deadline_id,
                             case_field.get_db_prep_value(case_id, connection), title, "", stamp_cache[created_at],
                             False))
        for start in range(0, len(prepared), 500):  # multi-row VALUES: one round trip per 500 rows
            chunk = prepared[start:start + 500]
            cursor.execute(f"INSERT INTO {table} ({quoted}) VALUES {', '.join([one] * len(chunk))} "
                           f"ON CONFLICT DO NOTHING", [value for row in chunk for value in row])
            inserted += cursor.rowcount
    return inserted


def _process(queryset, stamp_field: str, now, make, order: str) -> tuple[int, int]:
    """Batch loop shared by steps 3 and 4. `make(rows)` returns notification tuples
    (recipient, reason, dedupe_key, deadline_id, case_id, title, created_at). Returns
    (deadlines handled, notifications created)."""
    handled, created = 0, 0
    while True:  # inside the run's transaction
        # `order` matches the partial index of the work list (a LIMIT with another order can make
        # the planner walk the primary key through every row).
        rows = list(queryset.order_by(order).values(*_ROW_FIELDS)[: conf.SWEEP_BATCH])
        if not rows:
            break
        created += _insert_notifications(make(rows))
        stamps = {stamp_field: now}
        if stamp_field == "overdue_notified_at":  # a warning after the escalation makes no sense
            stamps["soon_notified_at"] = Coalesce("soon_notified_at", Value(now))
        Deadline.objects.filter(pk__in=[r["pk"] for r in rows]).update(**stamps)
        handled += len(rows)
        if len(rows) < conf.SWEEP_BATCH:
            break
    return handled, created


def _mark_missed(now) -> list[int]:
    """Step 2: open and past due → missed, stamped as escalated (and as warned: a warning after the
    escalation makes no sense) in the same statement. UPDATE ... RETURNING id (PostgreSQL; SQLite >= 3.35)."""
    table = connection.ops.quote_name(Deadline._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, missed_at = %s, overdue_notified_at = %s, "
            f"soon_notified_at = COALESCE(soon_notified_at, %s) WHERE status = %s AND due < %s RETURNING id",
            [DeadlineStatus.MISSED.value, stamp, stamp, stamp, DeadlineStatus.OPEN.value, stamp])
        return sorted(row[0] for row in cursor.fetchall())


def run_sweep(now=None, *, send_mail: bool = True) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    labels = _labels()
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        result.seconds[name] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()

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

    with transaction.atomic():
        run = SweepRun.objects.create(now=now)
        # 1. Closed cases: their live deadlines no longer apply. Only cases closed since the last
        #    finished run (with a day's margin) are looked at, so the cost does not grow with history.
        closed = Case.objects.filter(status=CaseStatus.CLOSED)
        last = SweepRun.objects.filter(finished_at__isnull=False).exclude(pk=run.pk).order_by("-started_at").first()
        if last is not None:
            closed = closed.filter(closed_at__gte=min(last.started_at, last.now) - timedelta(days=1))
        closed_ids = list(closed.values_list("pk", flat=True))
        for start in range(0, len(closed_ids), 500):
            result.waived += Deadline.objects.filter(status__in=LIVE, case_id__in=closed_ids[start:start + 500]).update(
                status=DeadlineStatus.WAIVED, closed_at=now, waive_reason="Dossier gesloten.")
        lap("closed_cases")

        # 2. Open and past due → missed and escalated (one write per deadline).
        missed_ids = _mark_missed(now)
        result.missed = len(missed_ids)
        overdue_count = 0
        for start in range(0, len(missed_ids), conf.SWEEP_BATCH):
            rows = list(Deadline.objects.filter(pk__in=missed_ids[start:start + conf.SWEEP_BATCH])
                        .order_by("pk").values(*_ROW_FIELDS))
            overdue_count += _insert_notifications(make_overdue(rows))
        result.escalated = len(missed_ids)
        lap("missed")

        # 3. Due soon.
        soon = Deadline.objects.filter(status=DeadlineStatus.OPEN, warn_at__lte=now, soon_notified_at__isnull=True)
        result.warned, soon_count = _process(soon, "soon_notified_at", now, make_soon, "warn_at")
        lap("due_soon")

        # 4. Missed but not yet escalated (also stamps soon_notified_at so a late warning is never sent).
        overdue = Deadline.objects.filter(status=DeadlineStatus.MISSED, overdue_notified_at__isnull=True)
        escalated, late_count = _process(overdue, "overdue_notified_at", now, make_overdue, "pk")
        result.escalated += escalated
        result.notifications = soon_count + overdue_count + late_count
        lap("overdue")

        run.finished_at = timezone.now()
        run.missed, run.warned, run.escalated, run.notifications = (
            result.missed, result.warned, result.escalated, result.notifications)
        run.save()
    lap("commit")
    if send_mail:
        from .notify import send_direct_emails

        send_direct_emails()
    return result


def live_deadlines():
    """Every deadline not met or waived, for the CLI listing."""
    return Deadline.objects.filter(status__in=LIVE).order_by("due", "pk")
