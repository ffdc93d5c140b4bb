"""Precomputed indicator aggregates: read the case data, compute with ``indicators.py``, store in
``IndicatorAggregate``; keep them correct as the data changes.

Freshness (the dashboard never shows a stale figure):
- every save of a Report, Case, Deadline, LegalMeasure, Referral, BorgTrajectory, SafetyPlan or
  Participation marks the months it counts in (before and after the change) dirty — one upsert per
  month, so the write paths stay fast (registering a report must reach hundreds per second);
- writes that bypass model signals: ``network.services.complete_deadlines`` (a bulk update; it calls
  network.services.DEADLINES_UPDATED_HOOKS) and the deadline sweep waiving the terms of closed cases mark their
  months dirty; BORG sessions, attendance and goals mark the start month dirty with scope "borg";
  deletions mark their months dirty;
- an open Veilig Thuis term turns late by time alone: the cells reflect a *checkpoint*;
  ``advance_checkpoint`` applies the terms that fell due since as an exact delta;
- ``ensure_fresh()`` (every dashboard read) advances the checkpoint and recomputes dirty months, so
  a read after a write pays for the recomputation once; ``manage.py refresh_indicators --dirty``
  run every few minutes (cron or a django-tasks worker) keeps reads fast under a steady stream of
  writes;
- bulk loads that bypass signals (``generate_national``) are followed by
  ``manage.py refresh_indicators [--since YYYY-MM]``.

A dirty month is recomputed by quarter (the quarter's three months and the quarter itself), at
every level and area at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from . import indicators as ind

log = logging.getLogger(__name__)

VT_KINDS = {"vt_safety_assessment": "vt_veiligheidsbeoordeling_op_tijd",
            "vt_investigation": "vt_onderzoek_op_tijd"}
SPECIALIST_TYPES = ("ggz", "forensische_zorg", "verslavingszorg")


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


def _local_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _model(label: str):
    """A model of an app developed alongside, or None while it does not exist."""
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _first_report_subquery(case_ref: str = "case_id"):
    from veilignet.cases.models import Report

    return Subquery(Report.objects.filter(case_id=OuterRef(case_ref)).order_by("received_at")
                    .values("received_at")[:1])


# --------------------------------------------------------------------------------------------
# Sources: rows per indicator for [lo, hi)
# --------------------------------------------------------------------------------------------


DATE_FIELDS = {"ended_on", "end_date", "started_on", "start_date"}


def _month_bounds(field: str, month: dt.date) -> dict:
    nxt = ind.add_months(month, 1)
    if field in DATE_FIELDS:
        return {f"{field}__gte": month, f"{field}__lt": nxt}
    return {f"{field}__gte": _aware(month), f"{field}__lt": _aware(nxt)}


def _grouped(qs, month_field: str, lo: dt.date, hi: dt.date, *fields, case_ids=None, case_field="case_id",
             **annotations):
    """Per local month in [lo, hi) (one indexed range query each, so no per-row time-zone work):
    ``(month, *fields, *annotations, units)`` with the units counted by the database.

    With ``case_ids``: the rows of those cases in any period instead (few rows, one per unit)."""
    from django.db.models import Count

    if case_ids is not None:
        sub = qs.filter(**{f"{case_field}__in": case_ids})
        if annotations:
            sub = sub.annotate(**annotations)
        for row in sub.values_list(month_field, *fields, *annotations):
            day = _local_date(row[0])
            if day is not None:
                yield (ind.month_start(day), *row[1:], 1)
        return
    month = ind.month_start(lo)
    while month < hi:
        sub = qs.filter(**_month_bounds(month_field, month))
        if annotations:
            sub = sub.annotate(**annotations)
        for row in sub.values(*fields, *annotations).annotate(units=Count("pk")).values_list(
                *fields, *annotations, "units"):
            yield (month, *row)
        month = ind.add_months(month, 1)


def _range(qs, field, lo, hi, case_ids, key_field=None):
    if case_ids is not None:
        return qs.filter(**{f"{key_field or 'case_id'}__in": case_ids})
    return qs.filter(**{f"{field}__gte": lo, f"{field}__lt": hi})


def collect_rows(lo: dt.date | None, hi: dt.date | None, now: dt.datetime | None = None,
                 case_ids=None, only: set[str] | None = None, key_field: str | None = None) -> dict[str, list]:
    """Rows per indicator code with a day in [lo, hi).

    With ``case_ids``: the rows of those cases only, in any period (for exact deltas); with
    ``key_field="pk"`` the ids are the rows' own primary keys instead.
    ``only``: the sources to read (reports, cases, measures, deadlines, referrals, borg).
    ``now``: open Veilig Thuis terms due before it count as late, later ones not yet.

    Shares and counts are grouped by the database (month, region, municipality, organisation,
    flag → units): rows are ``(month, region, municipality, organisation, value, units)``.
    Medians need the values, so the (small) perpetrator-help tables are read per row."""
    from django.db.models import BooleanField, F, Value, When
    from django.db.models import Case as When_

    now = now or timezone.now()
    rows: dict[str, list] = defaultdict(list)

    def want(source):
        return only is None or source in only

    from veilignet.cases.models import Case, Report

    for month, region, muni, org, units in (() if not want("reports") else _grouped(
            Report.objects.all(), "received_at", lo, hi, "case__region", "case__lead_organisation__municipality",
            "received_by__code", case_ids=case_ids, case_field=key_field or "case_id")):
        rows["meldingen"].append((month, region, muni, org, 1, units))

    # Cases: consultation of specialist care by local teams, shared safety plan (004 §1.4).
    from veilignet.access.models import Participation

    flags = {
        "local_team": Exists(Participation.objects.filter(case=OuterRef("pk"), organisation__type="gemeente")),
        "specialist": Exists(Participation.objects.filter(case=OuterRef("pk"),
                                                          organisation__type__in=SPECIALIST_TYPES)),
    }
    SafetyPlan = _model("network.SafetyPlan")
    if SafetyPlan is not None:
        flags["plan"] = Exists(SafetyPlan.objects.filter(case=OuterRef("pk"), published_version__isnull=False))
    for row in (() if not want("cases") else _grouped(
            Case.objects.all(), "opened_at", lo, hi, "region", "lead_organisation__municipality",
            "lead_organisation__code", case_ids=case_ids, case_field="pk", **flags)):
        month, region, muni, org, local_team, specialist = row[:6]
        units = row[-1]
        if local_team:
            rows["consultatie_specialistisch"].append((month, region, muni, org, bool(specialist), units))
        if SafetyPlan is not None:
            rows["veiligheidsplan_gedeeld"].append((month, region, muni, org, bool(row[6]), units))

    # Huisverbod in child-abuse cases (004 §1.4).
    LegalMeasure = _model("network.LegalMeasure")
    if LegalMeasure is not None and want("measures"):
        child = Exists(Report.objects.filter(case=OuterRef("case_id"), category="kindermishandeling"))
        for month, region, muni, org, is_child, units in _grouped(
                LegalMeasure.objects.filter(kind="huisverbod"), "starts_at", lo, hi, "case__region",
                "case__lead_organisation__municipality", "organisation__code", case_ids=case_ids, case_field=key_field or "case_id", child=child):
            rows["huisverbod_kindermishandeling"].append((month, region, muni, org, bool(is_child), units))

    # Veilig Thuis terms (003 §2): waived never counts, an open term only once it is past due.
    Deadline = _model("network.Deadline")
    if Deadline is not None and want("deadlines"):
        base = Deadline.objects.filter(kind__in=list(VT_KINDS))
        counted = base.exclude(status="waived").exclude(status="open", due__gte=now)
        on_time = When_(When(status="met", closed_at__isnull=False, closed_at__lte=F("due"), then=Value(True)),
                        default=Value(False), output_field=BooleanField())
        for month, kind, region, muni, org, ok, units in _grouped(
                counted, "due", lo, hi, "kind", "case__region", "case__lead_organisation__municipality",
                "organisation__code", case_ids=case_ids, case_field=key_field or "case_id", ok=on_time):
            rows[VT_KINDS[kind]].append((month, region, muni, org, bool(ok), units))

    # Help to perpetrators: referrals of the offers app.
    Referral = _model("offers.Referral")
    if Referral is not None and want("referrals"):
        for (started_on, region, muni, org, incident, days_inc, first_report) in _range(
                Referral.objects.filter(started_on__isnull=False), "started_on", lo, hi, case_ids, key_field).annotate(first_report=_first_report_subquery()).values_list(
                "started_on", "case__region", "case__lead_organisation__municipality", "organisation__code",
                "incident_date", "days_incident_to_start", "first_report").iterator(chunk_size=5000):
            rows["plegerhulp_gestart"].append((started_on, region, muni, org, 1))
            d_inc = ind.days_between(incident, started_on) if incident else days_inc
            if d_inc is not None and d_inc >= 0:
                rows["dagen_incident_tot_plegerhulp"].append((started_on, region, muni, org, d_inc))
            d_rep = ind.days_between(_local_date(first_report), started_on)
            if d_rep is not None and d_rep >= 0:
                rows["dagen_melding_tot_plegerhulp"].append((started_on, region, muni, org, d_rep))
        for month, status, region, muni, org, units in _grouped(
                Referral.objects.filter(status__in=("completed", "dropped_out")), "ended_on", lo, hi, "status",
                "case__region", "case__lead_organisation__municipality", "organisation__code", case_ids=case_ids,
                case_field=key_field or "case_id"):
            rows["plegerhulp_uitval"].append((month, region, muni, org, status == "dropped_out", units))

    # BORG (001 §4.3).
    Borg = _model("borg.BorgTrajectory")
    if Borg is not None and want("borg"):
        for (start, region, muni, org, eligible, incident, planned, held, first_report) in _range(
                Borg.objects.filter(start_date__isnull=False), "start_date", lo, hi, case_ids, key_field).annotate(first_report=_first_report_subquery()).values_list(
                "start_date", "region", "case__lead_organisation__municipality", "organisation__code", "eligible",
                "incident_date", "sessions_planned", "sessions_held", "first_report").iterator(chunk_size=5000):
            rows["plegerhulp_gestart"].append((start, region, muni, org, 1))
            if eligible is not None:
                rows["borg_bereik"].append((start, region, muni, org, bool(eligible)))
            if incident is not None:
                rows["borg_start_binnen_3_maanden"].append(
                    (start, region, muni, org, bool(ind.within_months(incident, start, 3))))
                d_inc = ind.days_between(incident, start)
                if d_inc >= 0:
                    rows["dagen_incident_tot_plegerhulp"].append((start, region, muni, org, d_inc))
            d_rep = ind.days_between(_local_date(first_report), start)
            if d_rep is not None and d_rep >= 0:
                rows["dagen_melding_tot_plegerhulp"].append((start, region, muni, org, d_rep))
            if planned:
                rows["borg_sessies_gehouden"].append((start, region, muni, org, (held or 0, planned)))
        for month, status, region, muni, org, units in _grouped(
                Borg.objects.filter(status__in=("afgerond", "uitgevallen")), "end_date", lo, hi, "status", "region",
                "case__lead_organisation__municipality", "organisation__code", case_ids=case_ids,
                case_field=key_field or "case_id"):
            dropped = status == "uitgevallen"
            rows["borg_uitval"].append((month, region, muni, org, dropped, units))
            rows["plegerhulp_uitval"].append((month, region, muni, org, dropped, units))
    return rows


def registered_codes() -> set[str]:
    """Indicators whose source exists now (the others are shown as 'nog niet geregistreerd')."""
    out = {"meldingen", "consultatie_specialistisch"}
    if _model("network.SafetyPlan") is not None:
        out.add("veiligheidsplan_gedeeld")
    if _model("network.LegalMeasure") is not None:
        out.add("huisverbod_kindermishandeling")
    if _model("network.Deadline") is not None:
        out.update(VT_KINDS.values())
    if _model("offers.Referral") is not None or _model("borg.BorgTrajectory") is not None:
        out.update({"plegerhulp_gestart", "plegerhulp_uitval", "dagen_incident_tot_plegerhulp",
                    "dagen_melding_tot_plegerhulp"})
    if _model("borg.BorgTrajectory") is not None:
        out.update({"borg_bereik", "borg_start_binnen_3_maanden", "borg_sessies_gehouden", "borg_uitval"})
    return {code for code in out if ind.BY_CODE[code].registered}


# --------------------------------------------------------------------------------------------
# Refresh
# --------------------------------------------------------------------------------------------


def _quarter_runs(quarters: set[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Contiguous runs of quarters as [lo, hi) date ranges, at most 4 quarters each."""
    runs = []
    for q in sorted(quarters):
        end = ind.add_months(q, 3)
        if runs and runs[-1][1] == q and (ind.add_months(runs[-1][0], 12) > q):
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((q, end))
    return runs


MEDIAN_CODES = {i.code for i in ind.INDICATORS if i.kind == ind.MEDIAN}
BORG_CODES = {"borg_bereik", "borg_start_binnen_3_maanden", "borg_sessies_gehouden", "borg_uitval"}
# scope of a dirty month → (indicators recomputed, sources read); None: all
SCOPES = {"all": (None, None), "median": (MEDIAN_CODES, {"referrals", "borg"}), "borg": (BORG_CODES, {"borg"})}


def checkpoint() -> dt.datetime:
    """The moment the stored cells reflect for open terms (created on first use)."""
    from .models_dashboard import RefreshState

    state, _ = RefreshState.objects.get_or_create(pk=1)
    if state.checkpoint is None:
        now = timezone.now()
        RefreshState.objects.filter(pk=1, checkpoint__isnull=True).update(checkpoint=now)
        state.refresh_from_db()
    return state.checkpoint


def refresh_months(months, scope: str = "all") -> int:
    """Recompute the quarters containing ``months`` (for a scope other than "all" only its
    indicators). Open terms are judged at the checkpoint, so later deltas stay exact. Returns the
    number of cells written."""
    from .models_dashboard import DirtyMonth, IndicatorAggregate, RefreshState

    months = {ind.month_start(m) for m in months}
    if not months:
        return 0
    quarters = ind.quarters_covering(months)
    written = 0
    now = checkpoint()
    only_codes, sources = SCOPES[scope]
    for lo, hi in _quarter_runs(quarters):
        started = timezone.now()
        rows = collect_rows(lo, hi, now, only=sources)
        cells = []
        for code, code_rows in rows.items():
            if only_codes is not None and code not in only_codes:
                continue
            kind = ind.BY_CODE[code].kind
            for (level, area, gran, period), (start, cell) in ind.aggregate(code_rows, kind).items():
                cells.append(IndicatorAggregate(
                    indicator=code, level=level, area=area[:100], granularity=gran, period=period,
                    period_start=start, n=cell.n, numerator=cell.numerator, denominator=cell.denominator,
                    value=cell.value, computed_at=started))
        with transaction.atomic():
            RefreshState.objects.select_for_update().filter(pk=1).first()
            old = IndicatorAggregate.objects.filter(period_start__gte=lo, period_start__lt=hi)
            if only_codes is not None:
                old = old.filter(indicator__in=only_codes)
            old.delete()
            IndicatorAggregate.objects.bulk_create(cells, batch_size=2000)
            done = DirtyMonth.objects.filter(month__in=list(_months_between(lo, hi)), marked_at__lte=started)
            done.filter(scope=scope).delete() if scope != "all" else done.delete()
            RefreshState.objects.filter(pk=1).update(last_refresh_at=started)
        written += len(cells)
    return written


def _months_between(lo: dt.date, hi: dt.date):
    m = ind.month_start(lo)
    while m < hi:
        yield m
        m = ind.add_months(m, 1)


def data_range() -> tuple[dt.date, dt.date] | None:
    """First and last month with any source data (deadlines may lie in the future)."""
    from django.db.models import Max, Min

    from veilignet.cases.models import Case, Report

    days = []
    for model, field in ((Report, "received_at"), (Case, "opened_at"), (_model("network.Deadline"), "due"),
                         (_model("network.LegalMeasure"), "starts_at"), (_model("offers.Referral"), "started_on"),
                         (_model("offers.Referral"), "ended_on"), (_model("borg.BorgTrajectory"), "start_date"),
                         (_model("borg.BorgTrajectory"), "end_date")):
        if model is None:
            continue
        agg = model.objects.aggregate(lo=Min(field), hi=Max(field))
        days += [_local_date(agg["lo"]), _local_date(agg["hi"])]
    days = [d for d in days if d is not None]
    if not days:
        return None
    return ind.month_start(min(days)), ind.month_start(max(days))


def refresh_all(since: dt.date | None = None, progress=lambda msg: None) -> int:
    """Recompute every quarter from ``since`` (default: the first data) to the last data. A full
    recompute (no ``since``) also moves the checkpoint to now."""
    from .models_dashboard import DirtyMonth, IndicatorAggregate, RefreshState

    if since is None:
        RefreshState.objects.update_or_create(pk=1, defaults={"checkpoint": timezone.now()})
    rng = data_range()
    if rng is None:
        IndicatorAggregate.objects.all().delete()
        DirtyMonth.objects.all().delete()
        return 0
    lo, hi = rng
    if since is not None:
        lo = max(lo, ind.month_start(since))
    else:
        IndicatorAggregate.objects.filter(period_start__lt=ind.quarter_start(lo)).delete()
    total = 0
    q = ind.quarter_start(lo)
    while q <= hi:
        year_months = {ind.add_months(q, k) for k in range(0, 12, 3) if ind.add_months(q, k) <= hi}
        total += refresh_months(year_months)
        progress(f"{q:%Y-%m} t/m {max(year_months):%Y-%m}: {total} cellen")
        q = ind.add_months(q, 12)
    if since is None:
        IndicatorAggregate.objects.filter(period_start__gte=ind.add_months(ind.quarter_start(hi), 3)).delete()
        RefreshState.objects.filter(pk=1).update(last_full_at=timezone.now(), first_month=lo)
    return total


def dirty_months(now: dt.datetime | None = None, scope: str = "all") -> list[dt.date]:
    from .models_dashboard import DirtyMonth

    return sorted(DirtyMonth.objects.filter(scope=scope).values_list("month", flat=True))


def advance_checkpoint(now: dt.datetime | None = None) -> int:
    """Open VT terms that fell due since the checkpoint now count as late: apply that as an exact
    delta and move the checkpoint (claimed by compare-and-set, so two readers never both apply it).
    Returns the number of cases involved."""
    from .models_dashboard import RefreshState

    Deadline = _model("network.Deadline")
    now = now or timezone.now()
    last = checkpoint()
    if Deadline is None or now <= last:
        return 0
    window = Deadline.objects.filter(kind__in=list(VT_KINDS), status="open", due__gte=last, due__lt=now)
    if not window.exists():
        return 0  # nothing fell due: the cells are as current at ``now`` as at the checkpoint; no write
    with transaction.atomic():
        if not RefreshState.objects.filter(pk=1, checkpoint=last).update(checkpoint=now):
            return 0  # another reader moved it
        case_ids = list(Deadline.objects.filter(kind__in=list(VT_KINDS), status="open", due__gte=last, due__lt=now)
                        .values_list("case_id", flat=True).distinct())
        if case_ids:
            apply_delta(contribution(case_ids, last), contribution(case_ids, now))
    return len(case_ids)


def ensure_fresh(now: dt.datetime | None = None) -> int:
    """Make the stored cells current (called before every dashboard read): the checkpoint delta,
    then any month marked dirty. Returns the number of cells recomputed."""
    advance_checkpoint(now)
    written = 0
    for scope in SCOPES:
        months = dirty_months(scope=scope)
        if months:
            written += refresh_months(months, scope)
    return written


# --------------------------------------------------------------------------------------------
# Exact deltas (write-path hooks)
# --------------------------------------------------------------------------------------------


def contribution(case_ids, now: dt.datetime, sources: set[str] | None = None,
                 key_field: str | None = None) -> dict[tuple, tuple]:
    """What these cases add to every additive cell: {(indicator, level, area, granularity,
    period): (period_start, n, numerator, denominator)}, from ``sources`` only (all when None).
    Medians are not additive: left out."""
    case_ids = [c for c in case_ids if c]
    if not case_ids:
        return {}
    rows = collect_rows(None, None, now, case_ids=case_ids, only=sources, key_field=key_field)
    out = {}
    for code, code_rows in rows.items():
        kind = ind.BY_CODE[code].kind
        if kind == ind.MEDIAN:
            continue
        for (level, area, gran, period), (start, cell) in ind.aggregate(code_rows, kind).items():
            out[(code, level, area[:100], gran, period)] = (start, cell.n, cell.numerator or 0,
                                                             cell.denominator or 0)
    return out


def _value(kind: str, n, numerator, denominator):
    if kind == ind.COUNT:
        return float(n)
    return numerator / denominator if denominator else None


def apply_delta(before: dict, after: dict) -> None:
    """Add (after − before) to the stored cells (created when missing); one UPDATE per cell."""
    from django.db import IntegrityError
    from django.db.models import Case as When_
    from django.db.models import ExpressionWrapper, F, FloatField, Value, When

    from .models_dashboard import IndicatorAggregate

    for key in set(before) | set(after):
        b, a = before.get(key), after.get(key)
        start = (a or b)[0]
        dn = (a[1] if a else 0) - (b[1] if b else 0)
        dnum = (a[2] if a else 0) - (b[2] if b else 0)
        dden = (a[3] if a else 0) - (b[3] if b else 0)
        if not (dn or dnum or dden):
            continue
        code, level, area, gran, period = key
        kind = ind.BY_CODE[code].kind
        qs = IndicatorAggregate.objects.filter(indicator=code, level=level, area=area, granularity=gran,
                                               period=period)
        changes = {"n": F("n") + dn, "numerator": F("numerator") + dnum, "computed_at": timezone.now()}
        if kind == ind.COUNT:
            changes["value"] = F("n") + float(dn)
        else:
            changes["denominator"] = F("denominator") + dden
            changes["value"] = When_(
                When(denominator__gt=-dden, then=ExpressionWrapper(
                    (F("numerator") + float(dnum)) / (F("denominator") + float(dden)), output_field=FloatField())),
                default=Value(None, output_field=FloatField()))
        if qs.update(**changes):
            continue
        try:
            with transaction.atomic():
                IndicatorAggregate.objects.create(
                    indicator=code, level=level, area=area, granularity=gran, period=period, period_start=start,
                    n=dn, numerator=dnum, denominator=dden if kind != ind.COUNT else None,
                    value=_value(kind, dn, dnum, dden))
        except IntegrityError:  # created concurrently: add to it
            qs.update(**changes)


def _write_marks(marks) -> None:
    """Upsert the (month, scope) pairs in one query."""
    from .models_dashboard import DirtyMonth

    if not marks:
        return
    now = timezone.now()
    DirtyMonth.objects.bulk_create([DirtyMonth(month=m, scope=s, marked_at=now) for m, s in sorted(marks)],
                                   update_conflicts=True, unique_fields=["month", "scope"], update_fields=["marked_at"])


class _PendingMarks:
    """Dirty marks collected during one unit of work (see ``deferred_marks``)."""

    def __init__(self):
        self.marks: set[tuple[dt.date, str]] = set()
        self.new_cases: set = set()       # cases created in this unit of work
        self.median_cases: set = set()    # cases whose median months must be marked
        self.whole_cases: set = set()     # cases all of whose months must be marked

    def flush(self) -> None:
        marks = set(self.marks)
        if self.whole_cases:
            marks |= {(ind.month_start(d), "all") for d in _days_of(case_days_many(self.whole_cases))}
        medians = self.median_cases - self.new_cases
        if medians:
            marks |= {(ind.month_start(d), "median")
                      for d in _days_of(case_days_many(medians, medians_only=True))}
        _write_marks(marks)
        self.marks.clear(), self.new_cases.clear(), self.median_cases.clear(), self.whole_cases.clear()


def _days_of(values):
    return [d for d in (_local_date(x) for x in values) if d is not None]


def _pending() -> _PendingMarks | None:
    from django.db import connection

    return getattr(connection, "_veilignet_dirty_marks", None)


@contextlib.contextmanager
def deferred_marks():
    """Collect the dirty marks of one unit of work on the database connection and write them once,
    at the end of the block — still inside the caller's transaction, so they commit or roll back
    with the change (``ensure_fresh`` never misses a committed write). Registering a report saves a
    case, a report, a participation and deadlines: one upsert instead of one per save. Nested blocks
    join the outer one. Entered by ``cases.services`` around report registration (REPORT_SCOPES)."""
    from django.db import connection

    if _pending() is not None:
        yield
        return
    pending = _PendingMarks()
    connection._veilignet_dirty_marks = pending
    try:
        yield
        connection._veilignet_dirty_marks = None
        pending.flush()
    finally:
        connection._veilignet_dirty_marks = None


def mark_dirty(days, scope: str = "all") -> None:
    """Mark the months of these dates/datetimes for recomputation (one upsert for all of them, or
    collected until the end of the unit of work inside ``deferred_marks``)."""
    marks = {(ind.month_start(d), scope) for d in _days_of(days)}
    if not marks:
        return
    pending = _pending()
    if pending is not None:
        pending.marks |= marks
    else:
        _write_marks(marks)


def _mark_case_months(case_ids, medians_only: bool = False) -> None:
    """Mark every month the cases count in (deferred to the end of the unit of work when collecting)."""
    case_ids = {c for c in case_ids if c}
    if not case_ids:
        return
    pending = _pending()
    if pending is not None:
        (pending.median_cases if medians_only else pending.whole_cases).update(case_ids)
        return
    mark_dirty(case_days_many(case_ids, medians_only=medians_only), scope="median" if medians_only else "all")


def case_days_many(case_ids, medians_only: bool = False) -> list:
    """The dates of these cases that place one of their rows in a period (one query per source)."""
    from veilignet.cases.models import Case, Report

    case_ids = list(case_ids)
    days = []
    if not medians_only:
        days += list(Case.objects.filter(pk__in=case_ids).values_list("opened_at", flat=True))
        days += list(Report.objects.filter(case_id__in=case_ids).values_list("received_at", flat=True))
    sources = (("network.Deadline", ("due",)), ("network.LegalMeasure", ("starts_at",)),
               ("offers.Referral", ("started_on", "ended_on")), ("borg.BorgTrajectory", ("start_date", "end_date")))
    if medians_only:
        sources = (("offers.Referral", ("started_on",)), ("borg.BorgTrajectory", ("start_date",)))
    for label, fields in sources:
        model = _model(label)
        if model is None:
            continue
        for row in model.objects.filter(case_id__in=case_ids).values_list(*fields):
            days += list(row)
    return days


def case_days(case_id, medians_only: bool = False) -> list:
    """The dates of a case that place one of its rows in a period (for medians: the starts of
    perpetrator help only)."""
    return case_days_many([case_id], medians_only=medians_only)


def _safe(fn):
    """Run a hook inside the writer's transaction, without a savepoint of its own (a savepoint per
    signal doubled the queries of registering a report). The hooks only read and upsert small rows;
    should one fail, the write fails with it (transactional: never a write whose figures silently
    went stale)."""
    def wrapper(*args, **kwargs):
        try:
            fn(*args, **kwargs)
        except Exception:
            log.exception("monitor: keeping the indicators current failed")
            raise
    return wrapper


def _case_ids(sender, instance) -> list:
    if sender._meta.label == "cases.Case":
        return [instance.pk]
    return [getattr(instance, "case_id", None)]


@_safe
def _before_delete(sender, instance, **kwargs):
    """Deletions (rare; a cascade deletes several rows of one case) are recomputed, not deltas."""
    instance._monitor_days = [d for c in _case_ids(sender, instance) if c for d in case_days(c)]


@_safe
def _after_delete(sender, instance, **kwargs):
    mark_dirty(getattr(instance, "_monitor_days", []))


def _trajectory_starts(trajectory_ids=None, group_id=None) -> list:
    Borg = _model("borg.BorgTrajectory")
    qs = Borg.objects.filter(group_id=group_id) if group_id else Borg.objects.filter(pk__in=trajectory_ids or [])
    return list(qs.values_list("start_date", flat=True))


@_safe
def _on_borg_delivery(sender, instance, raw=False, **kwargs):
    """Sessions, attendance and goals change a trajectory's denormalised figures through a bulk
    update (borg.services.refresh_stats): recompute the BORG indicators of its start month."""
    if raw:
        return
    if sender._meta.label == "borg.BorgSession" and instance.group_id:
        days = _trajectory_starts(group_id=instance.group_id)
    else:
        days = _trajectory_starts([getattr(instance, "trajectory_id", None)])
    mark_dirty(days, scope="borg")


# Per tracked model: the sources whose rows it changes, and the fields that matter (a save that
# changes none of them costs one query and no delta).
HOOKS = {
    "cases.Case": (None, ("region", "lead_organisation_id", "opened_at")),
    "cases.Report": ({"reports", "measures"}, ("case_id", "received_at", "category", "received_by_id")),
    "network.Deadline": ({"deadlines"}, ("case_id", "kind", "due", "status", "closed_at", "organisation_id")),
    "network.LegalMeasure": ({"measures"}, ("case_id", "kind", "starts_at", "organisation_id")),
    "offers.Referral": ({"referrals"}, ("case_id", "status", "started_on", "ended_on", "incident_date",
                                         "days_incident_to_start", "organisation_id")),
    "borg.BorgTrajectory": ({"borg"}, ("case_id", "status", "start_date", "end_date", "eligible", "incident_date",
                                       "sessions_planned", "sessions_held", "region", "organisation_id")),
    "network.SafetyPlan": ({"cases"}, ("case_id", "published_version")),
    "access.Participation": ({"cases"}, ("case_id", "organisation_id")),
}
START_FIELD = {"offers.Referral": "started_on", "borg.BorgTrajectory": "start_date"}


FLAG_ORG_TYPES = {"gemeente", *SPECIALIST_TYPES}


# Models whose change can move every figure of the case (all its months are marked).
WHOLE_CASE = {"network.SafetyPlan", "access.Participation"}


def _row_days(label, row) -> list:
    """The dates among a row's tracked fields: the months it counts in."""
    _, fields = HOOKS[label]
    get = row.get if isinstance(row, dict) else (lambda name: getattr(row, name, None))
    return [get(f) for f in fields if isinstance(get(f), dt.date)]


def _days_to_mark(label, instance, old) -> list:
    if label == "access.Participation":
        from veilignet.accounts.models import Organisation

        cached = instance._state.fields_cache.get("organisation")
        if old is None and cached is not None and cached.pk == instance.organisation_id:
            flagged = cached.type in FLAG_ORG_TYPES  # a new row with its organisation at hand: no query
        else:
            org_ids = [o for o in {instance.organisation_id, (old or {}).get("organisation_id")} if o]
            flagged = Organisation.objects.filter(pk__in=org_ids, type__in=FLAG_ORG_TYPES).exists()
        if not flagged:
            return []  # a Veilig Thuis, police... participation changes no indicator
    if label in WHOLE_CASE or (label == "cases.Case" and old is not None):
        _mark_case_months({*_case_ids(_model(label), instance), (old or {}).get("case_id")})
        return []
    return _row_days(label, instance) + (_row_days(label, old) if old else [])


@_safe
def _before(sender, instance, raw=False, **kwargs):
    """Remember the tracked fields before an update (one query; none for a new row)."""
    if raw:
        return
    instance._monitor_skip, instance._monitor_old = False, None
    if instance._state.adding or instance.pk is None:
        return
    _, fields = HOOKS[sender._meta.label]
    old = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if old is not None and all(old[f] == getattr(instance, f) for f in fields):
        instance._monitor_skip = True  # nothing an indicator reads has changed
    instance._monitor_old = old


@_safe
def _after(sender, instance, raw=False, **kwargs):
    """Mark the months the row counted in before and after the change; medians separately."""
    if raw or getattr(instance, "_monitor_skip", False):
        return
    label = sender._meta.label
    old = getattr(instance, "_monitor_old", None)
    mark_dirty(_days_to_mark(label, instance, old))
    if label in START_FIELD:
        mark_dirty([(old or {}).get(START_FIELD[label]), getattr(instance, START_FIELD[label])], scope="median")
    elif label == "cases.Report" or (label == "cases.Case" and old is not None):
        _mark_case_months(_case_ids(sender, instance), medians_only=True)
    if label == "cases.Case" and old is None:
        pending = _pending()
        if pending is not None:  # a case created in this unit of work has no perpetrator help before it
            pending.new_cases.add(instance.pk)


@_safe
def on_deadlines_updated(deadlines) -> None:
    """network.services.DEADLINES_UPDATED_HOOKS: terms changed in bulk (QuerySet.update sends no model
    signals), e.g. met by complete_deadlines: recompute the months of their due dates."""
    mark_dirty(deadlines.filter(kind__in=list(VT_KINDS)).values_list("due", flat=True))


@_safe
def _on_sweep(sender, instance, raw=False, **kwargs):
    """The deadline sweep waives the live terms of closed cases in bulk: recompute their months."""
    if raw or instance.finished_at is None:
        return
    Deadline = _model("network.Deadline")
    if Deadline is None:
        return
    mark_dirty(Deadline.objects.filter(kind__in=list(VT_KINDS), status="waived", closed_at=instance.now)
               .values_list("due", flat=True).distinct())


_connected = False


def connect_signals() -> None:
    """Connect the hooks with lazy model references (no import of the other apps needed)."""
    global _connected
    if _connected:
        return
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    for label in HOOKS:
        pre_save.connect(_before, sender=label, weak=False, dispatch_uid=f"monitor_pre_{label}")
        pre_delete.connect(_before_delete, sender=label, weak=False, dispatch_uid=f"monitor_predel_{label}")
        post_save.connect(_after, sender=label, weak=False, dispatch_uid=f"monitor_post_{label}")
        post_delete.connect(_after_delete, sender=label, weak=False, dispatch_uid=f"monitor_del_{label}")
    for label in ("borg.BorgSession", "borg.Attendance", "borg.Goal"):
        post_save.connect(_on_borg_delivery, sender=label, weak=False, dispatch_uid=f"monitor_borgd_{label}")
        post_delete.connect(_on_borg_delivery, sender=label, weak=False, dispatch_uid=f"monitor_borgdd_{label}")
    post_save.connect(_on_sweep, sender="network.SweepRun", weak=False, dispatch_uid="monitor_sweep")
    _connected = True


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def series(level: str, area: str, granularity: str, lo: dt.date, hi: dt.date) -> dict[str, list]:
    """{indicator: [aggregate rows ordered by period]} for one area and period range [lo, hi)."""
    from .models_dashboard import IndicatorAggregate

    out: dict[str, list] = defaultdict(list)
    for agg in IndicatorAggregate.objects.filter(level=level, area=area, granularity=granularity,
                                                 period_start__gte=lo, period_start__lt=hi).order_by("period_start"):
        out[agg.indicator].append(agg)
    return out


def areas(level: str) -> list[str]:
    """The areas of a level that can have figures (municipalities: of the organisations, since a
    case's municipality is its lead organisation's) — from the small organisation table."""
    from veilignet.accounts.models import Organisation

    if level == ind.MUNICIPALITY:
        return list(Organisation.objects.exclude(municipality="").values_list("municipality", flat=True)
                    .distinct().order_by("municipality"))
    if level == ind.REGION:
        from veilignet.accounts.regions import REGIONS

        return [code for code, _ in REGIONS]
    return [ind.NATIONAL_AREA]
