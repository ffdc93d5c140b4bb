"""Pure indicator computations for the monitoring dashboard and the BORG monitor (no Django).

Sources: the process indicators for municipalities of ``004 §1.4`` ("Bepaal indicatoren ..."), the
Veilig Thuis terms of ``003 §2`` (SYSTEM.md §6), and the BORG monitoring asked for by the WODC
(``001 §4.3``, ``000``; SYSTEM.md §5 and §7).

Everything here works on plain rows (tuples / dicts) so it is unit-tested on hand-made data;
``aggregates.py`` reads the rows from the database and stores the cells.

A *row* for the area aggregation is ``(day, region, municipality, organisation, value)``:
``value`` is a bool for a share, anything for a count, a number for a median and a
``(numerator, denominator)`` pair for a ratio. Every row is counted at four levels: national
(``nl``/``NL``), Veilig Thuis region, municipality (left out when blank) and the organisation
responsible for the row (``organisatie``; only that organisation sees its own cells unsuppressed).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Levels, periods
# --------------------------------------------------------------------------------------------

NATIONAL = "nl"
REGION = "regio"
MUNICIPALITY = "gemeente"
ORGANISATION = "organisatie"
LEVELS = (NATIONAL, REGION, MUNICIPALITY, ORGANISATION)
LEVEL_LABELS = {NATIONAL: "landelijk", REGION: "Veilig Thuis-regio", MUNICIPALITY: "gemeente",
                ORGANISATION: "eigen organisatie"}
NATIONAL_AREA = "NL"

MONTH = "maand"
QUARTER = "kwartaal"
GRANULARITIES = (MONTH, QUARTER)

SHARE, COUNT, MEDIAN, RATIO = "share", "count", "median", "ratio"

# Small-cell suppression threshold: counts under it are shown as "<5".
SMALL_CELL = 5
SUPPRESSED = "<5"
HIDDEN = "afgeschermd"
NOT_REGISTERED = "nog niet geregistreerd"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_of(day: dt.date, granularity: str) -> tuple[str, dt.date]:
    """(label, first day) of the month or quarter ``day`` falls in: ``2024-03`` / ``2024-K1``."""
    if granularity == MONTH:
        return f"{day.year}-{day.month:02d}", month_start(day)
    if granularity == QUARTER:
        start = quarter_start(day)
        return f"{day.year}-K{(start.month - 1) // 3 + 1}", start
    raise ValueError(granularity)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months (clamped to the month's last day)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def period_end(start: dt.date, granularity: str) -> dt.date:
    """First day after the period that starts at ``start``."""
    return add_months(start, 1 if granularity == MONTH else 3)


def quarters_covering(months) -> set[dt.date]:
    return {quarter_start(m) for m in months}


# --------------------------------------------------------------------------------------------
# Indicator catalogue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    kind: str
    group: str
    source: str
    explanation: str
    registered: bool = True
    higher_is_better: bool | None = None


INDICATORS: list[Indicator] = [
    Indicator("meldingen", "Meldingen ontvangen", COUNT, "context", "SYSTEM.md §7",
              "Aantal meldingen met ontvangstdatum in de periode."),
    Indicator("huisverbod_kindermishandeling", "Huisverbod bij kindermishandeling", SHARE, "004 §1.4", "004 §1.4",
              "Aandeel van de tijdelijke huisverboden (ingegaan in de periode) in een dossier met een melding van "
              "kindermishandeling.", higher_is_better=True),
    Indicator("huisverbod_preventief", "Preventief huisverbod", SHARE, "004 §1.4", "004 §1.4",
              "Aandeel huisverboden dat preventief is opgelegd (niet pas na een crisis). Het netwerk legt nog niet "
              "vast of een huisverbod preventief is.", registered=False, higher_is_better=True),
    Indicator("plegerhulp_gestart", "Hulp aan plegers gestart", COUNT, "004 §1.4", "004 §1.4",
              "Aantal verwijzingen naar plegeraanbod en BORG-trajecten met startdatum in de periode.",
              higher_is_better=True),
    Indicator("plegerhulp_uitval", "Uitval uit hulp aan plegers", SHARE, "004 §1.4", "004 §1.4",
              "Aandeel uitgevallen van de verwijzingen en BORG-trajecten die in de periode eindigden "
              "(afgerond of uitgevallen).", higher_is_better=False),
    Indicator("consultatie_specialistisch", "Consultatie forensische zorg, GGZ of verslavingszorg door lokale teams",
              SHARE, "004 §1.4", "004 §1.4",
              "Van de dossiers (geopend in de periode) waarin een gemeente / lokaal team deelneemt: het aandeel "
              "waarin ook forensische zorg, GGZ of verslavingszorg deelneemt. LVB-zorg is nog geen "
              "organisatietype en telt (nog) niet mee.", higher_is_better=True),
    Indicator("veiligheidsplan_gedeeld", "Gemeenschappelijk veiligheidsplan in het dossier", SHARE, "004 §1.4",
              "004 §1.4, §1.3",
              "Aandeel dossiers (geopend in de periode) met een vastgesteld (gepubliceerd) gedeeld veiligheidsplan.",
              higher_is_better=True),
    Indicator("vt_veiligheidsbeoordeling_op_tijd", "Veilig Thuis: eerste veiligheidsbeoordeling op tijd", SHARE,
              "termijnen", "003 §2",
              "Aandeel termijnen 'eerste veiligheidsbeoordeling' (uiterste datum in de periode, verstreken) dat "
              "vóór de uiterste datum gehaald is. Vervallen termijnen tellen niet mee.", higher_is_better=True),
    Indicator("vt_onderzoek_op_tijd", "Veilig Thuis: onderzoek binnen 10 weken afgerond", SHARE, "termijnen",
              "003 §2", "Als hierboven, voor de termijn 'onderzoek afgerond'.", higher_is_better=True),
    Indicator("dagen_incident_tot_plegerhulp", "Dagen van incident tot start hulp aan pleger (mediaan)", MEDIAN,
              "plegerhulp", "001 §4.3",
              "Mediaan van het aantal dagen tussen incident en start (verwijzingen en BORG, gestart in de periode).",
              higher_is_better=False),
    Indicator("dagen_melding_tot_plegerhulp", "Dagen van eerste melding tot start hulp aan pleger (mediaan)", MEDIAN,
              "plegerhulp", "001 §4.3",
              "Mediaan van het aantal dagen tussen de eerste melding in het dossier en de start.",
              higher_is_better=False),
    Indicator("borg_bereik", "BORG: deelnemers die aan alle selectiecriteria voldoen", SHARE, "BORG", "001 §4.3",
              "Van de gestarte BORG-deelnemers met een geschiktheidsbeoordeling: het aandeel dat aan elk "
              "selectiecriterium voldoet.", higher_is_better=True),
    Indicator("borg_start_binnen_3_maanden", "BORG: start binnen 3 maanden na incident", SHARE, "BORG", "001 §4.3",
              "Aandeel gestarte BORG-deelnemers dat binnen 3 maanden na het incident begon.", higher_is_better=True),
    Indicator("borg_sessies_gehouden", "BORG: sessies gehouden / gepland", RATIO, "BORG", "001 §4.3",
              "Gehouden sessies gedeeld door geplande sessies van de in de periode gestarte deelnemers.",
              higher_is_better=True),
    Indicator("borg_uitval", "BORG: uitval", SHARE, "BORG", "001 §4.3",
              "Aandeel voortijdig beëindigd van de trajecten die in de periode eindigden.", higher_is_better=False),
]
BY_CODE = {i.code: i for i in INDICATORS}


# --------------------------------------------------------------------------------------------
# Cells and aggregation
# --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One aggregate: ``n`` units behind it; ``numerator``/``denominator`` as the kind needs."""

    n: int
    numerator: float | None
    denominator: float | None
    value: float | None


def weighted_median(pairs) -> float | None:
    """Median of values given as (value, weight) pairs; as statistics.median on the expanded list."""
    pairs = sorted((v, w) for v, w in pairs if v is not None and w > 0)
    total = sum(w for _, w in pairs)
    if not total:
        return None
    lo_pos, hi_pos = (total - 1) // 2, total // 2
    lo_val = hi_val = None
    seen = 0
    for v, w in pairs:
        if lo_val is None and lo_pos < seen + w:
            lo_val = v
        if hi_pos < seen + w:
            hi_val = v
            break
        seen += w
    return (lo_val + hi_val) / 2


def compute_cell(kind: str, values: list, weights: list | None = None) -> Cell:
    """The cell of one group. ``weights``: how many units each value stands for (SQL-grouped rows)."""
    if weights is None:
        weights = [1] * len(values)
    n = sum(weights)
    if kind == COUNT:
        return Cell(n, n, None, float(n))
    if kind == SHARE:
        hits = sum(w for v, w in zip(values, weights) if v)
        return Cell(n, hits, n, hits / n if n else None)
    if kind == MEDIAN:
        pairs = [(v, w) for v, w in zip(values, weights) if v is not None]
        med = weighted_median(pairs)
        return Cell(sum(w for _, w in pairs), None, None, float(med) if med is not None else None)
    if kind == RATIO:
        num = sum(a for a, _ in values)
        den = sum(b for _, b in values)
        return Cell(n, num, den, num / den if den else None)
    raise ValueError(kind)


def areas_of(region: str, municipality: str, organisation: str):
    yield NATIONAL, NATIONAL_AREA
    if region:
        yield REGION, region
    if municipality:
        yield MUNICIPALITY, municipality
    if organisation:
        yield ORGANISATION, organisation


def aggregate(rows, kind: str, granularities=GRANULARITIES) -> dict[tuple, tuple[dt.date, Cell]]:
    """Group rows per (level, area, granularity, period) and compute the cells.

    A row may carry a sixth element, its weight (the number of units it stands for, when the
    database grouped them already; for a ratio the value is then the summed pair).
    Returns ``{(level, area, granularity, period_label): (period_start, Cell)}``.
    """
    buckets: dict[tuple, tuple[list, list]] = {}
    starts: dict[tuple, dt.date] = {}
    periods: dict[tuple, tuple] = {}
    for row in rows:
        day, region, municipality, organisation, value = row[:5]
        weight = row[5] if len(row) > 5 else 1
        if day is None:
            continue
        month = day.replace(day=1)
        for gran in granularities:
            pkey = (month, gran)
            if pkey not in periods:
                periods[pkey] = period_of(month, gran)
            label, start = periods[pkey]
            for level, area in areas_of(region, municipality, organisation):
                key = (level, area, gran, label)
                bucket = buckets.get(key)
                if bucket is None:
                    bucket = buckets[key] = ([], [])
                    starts[key] = start
                bucket[0].append(value)
                bucket[1].append(weight)
    return {key: (starts[key], compute_cell(kind, vals, ws)) for key, (vals, ws) in buckets.items()}


# --------------------------------------------------------------------------------------------
# Row builders (the definitions of the indicators, on plain dicts)
# --------------------------------------------------------------------------------------------


def deadline_on_time(status: str, due: dt.datetime, closed_at: dt.datetime | None) -> bool:
    """A deadline counts as met on time only when it was completed no later than its due moment.
    A missed deadline done late becomes ``met`` in the network app but stays late here."""
    return status == "met" and closed_at is not None and closed_at <= due


def deadline_counts(status: str, due: dt.datetime, now: dt.datetime) -> bool:
    """Whether a deadline belongs in the denominator: waived ones never; open ones only once due."""
    if status == "waived":
        return False
    if status == "open":
        return due < now
    return True


def within_months(start: dt.date | None, end: dt.date | None, months: int) -> bool | None:
    if start is None or end is None:
        return None
    return end <= add_months(start, months)


def days_between(start: dt.date | None, end: dt.date | None) -> int | None:
    if start is None or end is None:
        return None
    return (end - start).days


# --------------------------------------------------------------------------------------------
# Suppression and display
# --------------------------------------------------------------------------------------------


def format_count(x) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:.1f}".replace(".", ",")


def format_value(kind: str, value) -> str:
    if value is None:
        return "–"
    if kind in (SHARE, RATIO):
        return f"{100 * value:.1f}%".replace(".", ",")
    if kind == MEDIAN:
        return f"{value:.0f} dagen" if float(value).is_integer() else f"{value:.1f} dagen".replace(".", ",")
    return format_count(value)


def display_cell(kind: str, n: int, numerator, denominator, value, *, suppress: bool) -> dict:
    """The strings shown for one cell (screen and CSV share this).

    With ``suppress``: every count under 5 becomes "<5" and a value derived from a small count is
    hidden. For a share the complement counts too (denominator − numerator under 5 would reveal a
    small group through the difference), so then the numerator and the percentage are hidden.
    """
    def small(x):
        return x is not None and x < SMALL_CELL

    out = {"n": format_count(n), "numerator": format_count(numerator), "denominator": format_count(denominator),
           "value": format_value(kind, value), "suppressed": False}
    if not suppress:
        return out
    if kind == COUNT:
        if small(n):
            out.update(n=SUPPRESSED, numerator=SUPPRESSED, value=SUPPRESSED, suppressed=True)
        return out
    if kind == MEDIAN:
        if small(n):
            out.update(n=SUPPRESSED, value=HIDDEN, suppressed=True)
        return out
    if kind == SHARE:
        if small(denominator):
            out.update(n=SUPPRESSED, denominator=SUPPRESSED, numerator=SUPPRESSED if small(numerator) else HIDDEN,
                       value=HIDDEN, suppressed=True)
        elif small(numerator):
            out.update(numerator=SUPPRESSED, value=HIDDEN, suppressed=True)
        elif small(denominator - numerator):
            out.update(numerator=HIDDEN, value=HIDDEN, suppressed=True)
        return out
    if kind == RATIO:
        if small(n):
            out.update(n=SUPPRESSED, numerator=HIDDEN, denominator=HIDDEN, value=HIDDEN, suppressed=True)
        elif small(numerator) or (denominator is not None and small(denominator - (numerator or 0))):
            out.update(numerator=HIDDEN, value=HIDDEN, suppressed=True)
        return out
    return out


def suppress_count(x: int, suppress: bool) -> str:
    if suppress and x < SMALL_CELL:
        return SUPPRESSED
    return format_count(x)


# --------------------------------------------------------------------------------------------
# BORG monitor (computed on trajectory dicts; the borg app's fields, 001 §4.3)
# --------------------------------------------------------------------------------------------

ATTENDANCE_BANDS = [("alle sessies", 1.0, 1.01), ("75–99%", 0.75, 1.0), ("50–74%", 0.5, 0.75),
                    ("minder dan de helft", 0.0, 0.5)]
GROUP_SIZE_BANDS = [("1–2", 1, 2), ("3–4", 3, 4), ("5–7", 5, 7), ("8–12 (norm)", 8, 12), ("meer dan 12", 13, 10**6)]
DAYS_BANDS = [("binnen 1 maand", 0, 1), ("1–2 maanden", 1, 2), ("2–3 maanden", 2, 3), ("3–6 maanden", 3, 6),
              ("meer dan 6 maanden", 6, None)]


def _share(num: int, den: int):
    return (num, den, num / den if den else None)


def borg_summary(rows: list[dict], group_sizes: dict | None = None) -> dict:
    """The BORG monitor figures for a set of trajectories.

    Each row: ``eligible`` (True/False/None), ``criteria_failed`` (list), ``overridden``,
    ``status`` (borg Status value), ``sessions_planned``, ``sessions_held``, ``attendance_rate``
    (0–1 or None), ``incident_date``, ``start_date``, ``variant`` (groep/individueel), ``dual_role``,
    ``partner_involvement``, ``goals_total``, ``goals_met``, ``group_id``.
    ``group_sizes``: {group_id: participants} (all participants of the group, also outside the
    selection); without it the sizes are counted from the rows.

    Shares are ``(numerator, denominator, value)``.
    """
    n = len(rows)
    assessed = [r for r in rows if r.get("eligible") is not None]
    fail_counter = Counter()
    for r in rows:
        for c in r.get("criteria_failed") or []:
            fail_counter[str(c)] += 1
    reach = {
        "n": n,
        "assessed": len(assessed),
        "all_criteria_met": _share(sum(1 for r in assessed if r["eligible"]), len(assessed)),
        "not_assessed": n - len(assessed),
        "criteria_failed": fail_counter.most_common(),
        "overridden": _share(sum(1 for r in rows if r.get("overridden")), n),
        "started_not_eligible": sum(1 for r in rows if r.get("eligible") is False and r.get("start_date")),
    }
    started = [r for r in rows if r.get("start_date")]
    planned = sum(r.get("sessions_planned") or 0 for r in started)
    held = sum(r.get("sessions_held") or 0 for r in started)
    att_bands = Counter()
    att_unknown = 0
    for r in started:
        a = r.get("attendance_rate")
        if a is None:
            att_unknown += 1
            continue
        for label, lo, hi in ATTENDANCE_BANDS:
            if lo <= a < hi:
                att_bands[label] += 1
                break
    if group_sizes is None:
        group_sizes = Counter(r["group_id"] for r in rows if r.get("group_id"))
    size_bands = Counter()
    for gid in {r.get("group_id") for r in rows if r.get("group_id")}:
        size = group_sizes.get(gid, 0)
        for label, lo, hi in GROUP_SIZE_BANDS:
            if lo <= size <= hi:
                size_bands[label] += 1
                break
    days = [d for d in (days_between(r.get("incident_date"), r.get("start_date")) for r in started) if d is not None]
    timed = [r for r in started if r.get("incident_date")]
    within3 = sum(1 for r in timed if within_months(r["incident_date"], r["start_date"], 3))
    over6 = sum(1 for r in timed if not within_months(r["incident_date"], r["start_date"], 6))
    day_bands = Counter()
    for r in timed:
        for label, lo, hi in DAYS_BANDS:
            after_lo = r["start_date"] > add_months(r["incident_date"], lo) if lo else True
            before_hi = hi is None or r["start_date"] <= add_months(r["incident_date"], hi)
            if after_lo and before_hi:
                day_bands[label] += 1
                break
    delivery = {
        "started": len(started),
        "sessions_planned": planned,
        "sessions_held": held,
        "sessions_held_share": _share(held, planned),
        "attendance": [(label, att_bands[label]) for label, _, _ in ATTENDANCE_BANDS] + [("onbekend", att_unknown)],
        "all_sessions_attended": _share(att_bands["alle sessies"], len(started) - att_unknown),
        "less_than_half": _share(att_bands["minder dan de helft"], len(started) - att_unknown),
        "group_sizes": [(label, size_bands[label]) for label, _, _ in GROUP_SIZE_BANDS],
        "days_incident_to_start_median": float(statistics.median(days)) if days else None,
        "days_incident_to_start_mean": (sum(days) / len(days)) if days else None,
        "days_n": len(days),
        "days_bands": [(label, day_bands[label]) for label, _, _ in DAYS_BANDS],
        "within_3_months": _share(within3, len(timed)),
        "over_6_months": _share(over6, len(timed)),
        "individual": _share(sum(1 for r in started if r.get("variant") == "individueel"), len(started)),
        "dual_role": _share(sum(1 for r in started if r.get("dual_role")), len(started)),
        "partner": Counter(r.get("partner_involvement") or "geen" for r in started).most_common(),
        "partner_involved": _share(sum(1 for r in started if r.get("partner_involvement") == "betrokken"),
                                   len(started)),
    }
    closed = [r for r in rows if r.get("status") in ("afgerond", "uitgevallen")]
    goals_total = sum(r.get("goals_total") or 0 for r in rows)
    goals_met = sum(r.get("goals_met") or 0 for r in rows)
    outcomes = {
        "closed": len(closed),
        "completed": _share(sum(1 for r in closed if r["status"] == "afgerond"), len(closed)),
        "dropped_out": _share(sum(1 for r in closed if r["status"] == "uitgevallen"), len(closed)),
        "goals": _share(goals_met, goals_total),
        "with_goals": sum(1 for r in rows if r.get("goals_total")),
    }
    return {"n": n, "reach": reach, "delivery": delivery, "outcomes": outcomes}


def group_by(rows: list[dict], key) -> dict[str, list[dict]]:
    """Rows per key (a function returning a key or a list of keys, e.g. all trainers of a row)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        keys = key(r)
        if not isinstance(keys, (list, tuple, set)):
            keys = [keys]
        for k in keys or ["onbekend"]:
            out[k or "onbekend"].append(r)
    return dict(out)
