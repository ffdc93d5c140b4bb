"""Who may see the monitoring dashboard and the BORG monitor, the selection form, the display of
cells with small-cell suppression, the BORG monitor rows, and the charts (matplotlib → SVG).

Access (issue 7; the pages show aggregates only — no case number, no name, no person):

- **Policy and monitor roles**: ``teamleider``, ``beheerder`` and ``privacy_officer`` of any
  organisation see every level: national, every Veilig Thuis region, every municipality, and the
  figures of their own organisation. They steer and account for the work (004 §1.4 "duid deze
  informatie en stuur daarop bij"); the privacy officer checks what is shown.
- **Gemeente users** (any role in an organisation of type ``gemeente``) see their own
  municipality and their own organisation: municipalities steer on the process indicators of
  004 §1.4 for their own residents.
- Everyone else: no access (403: the page holds no case data, so there is nothing to hide by 404).

Small-cell suppression: every count under 5 is shown as "<5" and a percentage or median derived
from it is hidden, in the page, the charts and the CSV, except on the figures of the viewer's own
organisation (level ``organisatie``, area = own organisation code).

BORG monitor: the same policy roles; figures are suppressed unless the selection is the viewer's
own (reclassering) organisation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import Counter, defaultdict

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from veilignet.accounts.regions import REGION_NAMES, REGIONS

from . import indicators as ind

POLICY_ROLES = ("teamleider", "beheerder", "privacy_officer")
MAX_MONTHS = 36  # a monthly table wider than three years is unreadable; longer: per quarter


# --------------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------------


def is_policy_user(user) -> bool:
    return bool(user.is_authenticated and user.organisation_id and user.has_role(*POLICY_ROLES))


def is_municipality_user(user) -> bool:
    return bool(user.is_authenticated and user.organisation_id and user.organisation.type == "gemeente"
                and user.organisation.municipality)


def can_view_dashboard(user) -> bool:
    return is_policy_user(user) or is_municipality_user(user)


def can_view_borg_monitor(user) -> bool:
    return is_policy_user(user)


def allowed_levels(user) -> list[str]:
    if is_policy_user(user):
        return list(ind.LEVELS)
    if is_municipality_user(user):
        return [ind.MUNICIPALITY, ind.ORGANISATION]
    return []


def may_see(user, level: str, area: str) -> bool:
    if level not in allowed_levels(user):
        return False
    if level == ind.ORGANISATION:
        return area == user.organisation.code
    if is_policy_user(user):
        return True
    return level == ind.MUNICIPALITY and area == user.organisation.municipality


def must_suppress(user, level: str, area: str) -> bool:
    """Suppress small cells unless these are the viewer's own organisation's figures."""
    return not (level == ind.ORGANISATION and user.organisation_id and area == user.organisation.code)


def require_dashboard(user):
    if not can_view_dashboard(user):
        raise PermissionDenied("Het monitoringsdashboard is er voor beleid en sturing (teamleider, beheerder, "
                               "privacy officer) en voor gemeenten (eigen gemeente).")


def require_borg_monitor(user):
    if not can_view_borg_monitor(user):
        raise PermissionDenied("De BORG-monitor is er voor teamleiders, beheerders en privacy officers.")


# --------------------------------------------------------------------------------------------
# Selection form
# --------------------------------------------------------------------------------------------


def _parse_month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value.strip(), "%Y-%m").date()
    except (ValueError, AttributeError):
        raise forms.ValidationError("Vul een maand in als JJJJ-MM, bijvoorbeeld 2025-03.") from None


class MonthField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return _parse_month(value) if value else None


def default_range(granularity: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    if granularity == ind.QUARTER:
        end = ind.quarter_start(today)
        return ind.add_months(end, -21), end
    end = ind.month_start(today)
    return ind.add_months(end, -11), end


class SelectionForm(forms.Form):
    niveau = forms.ChoiceField(label="Niveau", required=False)
    gebied = forms.CharField(label="Gebied", required=False, max_length=100)
    per = forms.ChoiceField(label="Per", required=False,
                            choices=[(ind.QUARTER, "kwartaal"), (ind.MONTH, "maand")])
    van = MonthField(label="Van (JJJJ-MM)", required=False)
    tot = MonthField(label="Tot en met (JJJJ-MM)", required=False)

    def __init__(self, *args, user, areas_for=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.areas_for = areas_for or (lambda level: [])
        self.fields["niveau"].choices = [(lvl, ind.LEVEL_LABELS[lvl]) for lvl in allowed_levels(user)]

    def clean(self):
        data = super().clean()
        level = data.get("niveau") or (ind.NATIONAL if is_policy_user(self.user) else ind.MUNICIPALITY)
        area = (data.get("gebied") or "").strip()
        if level == ind.NATIONAL:
            area = ind.NATIONAL_AREA
        elif level == ind.ORGANISATION:
            area = self.user.organisation.code
        elif level == ind.MUNICIPALITY and not is_policy_user(self.user):
            area = self.user.organisation.municipality
        elif level == ind.REGION:
            if not area:
                area = self.user.organisation.region
            if area not in REGION_NAMES:
                self.add_error("gebied", "Kies een Veilig Thuis-regio uit de lijst.")
        elif level == ind.MUNICIPALITY and not area:
            area = self.user.organisation.municipality or ""
            if not area:
                self.add_error("gebied", "Kies een gemeente.")
        if area and not may_see(self.user, level, area):
            self.add_error("gebied", "Deze cijfers mag u niet inzien.")
        gran = data.get("per") or ind.QUARTER
        lo_default, hi_default = default_range(gran)
        lo = data.get("van") or lo_default
        hi = data.get("tot") or hi_default
        lo = ind.quarter_start(lo) if gran == ind.QUARTER else ind.month_start(lo)
        hi = ind.quarter_start(hi) if gran == ind.QUARTER else ind.month_start(hi)
        if hi < lo:
            self.add_error("tot", "De eindmaand ligt vóór de beginmaand.")
        elif gran == ind.MONTH and ind.add_months(lo, MAX_MONTHS) <= hi:
            self.add_error("van", f"Per maand: kies hoogstens {MAX_MONTHS} maanden (of kies per kwartaal).")
        elif (hi.year - lo.year) > 25:
            self.add_error("van", "Kies een periode van hoogstens 25 jaar.")
        # the last month included (the form shows it, so switching to months keeps the range)
        last_month = ind.add_months(hi, 2) if gran == ind.QUARTER else hi
        data.update(niveau=level, gebied=area, per=gran, van=lo, tot=hi, tot_maand=last_month)
        return data


def area_label(level: str, area: str) -> str:
    if level == ind.NATIONAL:
        return "Nederland"
    if level == ind.REGION:
        return REGION_NAMES.get(area, area)
    return area


def region_choices():
    return REGIONS


# --------------------------------------------------------------------------------------------
# Table of the dashboard
# --------------------------------------------------------------------------------------------


def periods_in(lo: dt.date, hi: dt.date, granularity: str) -> list[tuple[str, dt.date]]:
    out = []
    p = lo
    while p <= hi:
        out.append(ind.period_of(p, granularity))
        p = ind.period_end(p, granularity)
    return out


def build_table(series: dict, periods, registered: set[str], suppress: bool) -> list[dict]:
    """One entry per indicator: its cells per period as display dicts (suppressed where needed)."""
    table = []
    for indicator in ind.INDICATORS:
        entry = {"indicator": indicator, "registered": indicator.code in registered, "cells": []}
        if entry["registered"]:
            by_period = {a.period: a for a in series.get(indicator.code, [])}
            for label, start in periods:
                agg = by_period.get(label)
                if agg is None:
                    cell = _empty(indicator.kind, suppress)
                else:
                    cell = ind.display_cell(indicator.kind, agg.n, agg.numerator, agg.denominator, agg.value,
                                            suppress=suppress)
                    cell["raw"] = None if cell["suppressed"] else agg.value
                cell["period"] = label
                cell["start"] = start
                cell["html"] = _cell_html(indicator.kind, cell)
                entry["cells"].append(cell)
        table.append(entry)
    return table


def _cell_html(kind: str, cell: dict) -> str:
    """The table cell's content, rendered here (a template tag per cell is slow on wide tables)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    html = escape(cell["value"])
    if cell["denominator"]:
        html += f'<br><span class="muted">{escape(cell["numerator"])} / {escape(cell["denominator"])}</span>'
    elif kind == ind.MEDIAN:
        html += f'<br><span class="muted">n = {escape(cell["n"])}</span>'
    return mark_safe(html)  # noqa: S308 - every part is escaped above


def _empty(kind: str, suppress: bool) -> dict:
    zero = ind.display_cell(kind, 0, 0 if kind in (ind.COUNT, ind.SHARE) else None,
                            0 if kind == ind.SHARE else None, 0.0 if kind == ind.COUNT else None, suppress=suppress)
    zero["raw"] = None if zero["suppressed"] else (0.0 if kind == ind.COUNT else None)
    return zero


CSV_HEADER = ["indicator", "omschrijving", "niveau", "gebied", "periode", "aantal", "teller", "noemer", "waarde",
              "afgeschermd", "bron"]


def csv_rows(table, level, area):
    for entry in table:
        i = entry["indicator"]
        if not entry["registered"]:
            yield [i.code, i.label, level, area, "", "", "", "", ind.NOT_REGISTERED, "", i.source]
            continue
        for c in entry["cells"]:
            yield [i.code, i.label, level, area, c["period"], c["n"], c["numerator"], c["denominator"], c["value"],
                   "ja" if c["suppressed"] else "nee", i.source]


# --------------------------------------------------------------------------------------------
# BORG monitor
# --------------------------------------------------------------------------------------------

BORG_FIELDS = ("id", "region", "organisation_id", "eligible", "criteria_failed", "overridden", "status",
               "sessions_planned", "sessions_held", "attendance_rate", "incident_date", "start_date", "end_date",
               "variant", "dual_role", "partner_involvement", "goals_total", "goals_met", "group_id", "created_at")


def borg_rows(lo: dt.date, hi: dt.date, region: str = "", organisation_id=None) -> list[dict]:
    """Trajectories started in [lo, hi) — or not started yet but created in it — as dicts."""
    from django.db.models import Q

    from veilignet.borg.models import BorgTrajectory

    qs = BorgTrajectory.objects.filter(
        Q(start_date__gte=lo, start_date__lt=hi)
        | Q(start_date__isnull=True, created_at__gte=timezone.make_aware(dt.datetime.combine(lo, dt.time())),
            created_at__lt=timezone.make_aware(dt.datetime.combine(hi, dt.time()))))
    if region:
        qs = qs.filter(region=region)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    return list(qs.values(*BORG_FIELDS))


def group_sizes(group_ids) -> dict:
    from django.db.models import Count

    from veilignet.borg.models import BorgTrajectory

    ids = [g for g in set(group_ids) if g]
    if not ids:
        return {}
    return dict(BorgTrajectory.objects.filter(group_id__in=ids).values_list("group_id")
                .annotate(c=Count("id")).values_list("group_id", "c"))


def trainers_by_trajectory(rows: list[dict]) -> dict:
    """{trajectory id: [trainer user ids]}: the trainers of the group, or of its own sessions."""
    from veilignet.borg.models import BorgGroup, BorgSession

    ids = [r["id"] for r in rows]
    group_ids = {r["group_id"] for r in rows if r["group_id"]}
    group_trainers = defaultdict(set)
    for gid, uid in BorgGroup.trainers.through.objects.filter(borggroup_id__in=group_ids).values_list(
            "borggroup_id", "user_id"):
        group_trainers[gid].add(uid)
    for gid, uid in BorgSession.objects.filter(group_id__in=group_ids, trainer__isnull=False).values_list(
            "group_id", "trainer_id"):
        group_trainers[gid].add(uid)
    own = defaultdict(set)
    for tid, uid in BorgSession.objects.filter(trajectory_id__in=ids, trainer__isnull=False).values_list(
            "trajectory_id", "trainer_id"):
        own[tid].add(uid)
    out = {}
    for r in rows:
        out[r["id"]] = sorted(own[r["id"]] | group_trainers.get(r["group_id"], set()))
    return out


def trainer_labels(viewer, trainer_ids) -> dict:
    """Trainer names for colleagues in the viewer's organisation; a stable code for anyone else."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=set(trainer_ids)).select_related("organisation")
    out = {}
    for u in users:
        if viewer.organisation_id and u.organisation_id == viewer.organisation_id:
            out[u.pk] = u.display_name()
        else:
            out[u.pk] = "Trainer " + hashlib.sha256(f"trainer:{u.pk}".encode()).hexdigest()[:6].upper()
    return out


def share_display(share, suppress: bool) -> dict:
    num, den, value = share
    return ind.display_cell(ind.SHARE, den, num, den, value, suppress=suppress)


def borg_table_rows(groups: dict[str, list[dict]], labels: dict, suppress: bool, sizes: dict) -> list[dict]:
    out = []
    for key in sorted(groups, key=lambda k: labels.get(k, str(k))):
        s = ind.borg_summary(groups[key], group_sizes=sizes)
        d, o, r = s["delivery"], s["outcomes"], s["reach"]
        median = d["days_incident_to_start_median"]
        out.append({
            "label": labels.get(key, str(key)),
            "n": ind.suppress_count(s["n"], suppress),
            "reach": share_display(r["all_criteria_met"], suppress),
            "overridden": share_display(r["overridden"], suppress),
            "sessions": ind.display_cell(ind.RATIO, d["started"], d["sessions_held"], d["sessions_planned"],
                                         d["sessions_held_share"][2], suppress=suppress),
            "within3": share_display(d["within_3_months"], suppress),
            "over6": share_display(d["over_6_months"], suppress),
            "median_days": ind.display_cell(ind.MEDIAN, d["days_n"], None, None, median, suppress=suppress),
            "individual": share_display(d["individual"], suppress),
            "dual_role": share_display(d["dual_role"], suppress),
            "partner": share_display(d["partner_involved"], suppress),
            "completed": share_display(o["completed"], suppress),
            "goals": share_display(o["goals"], suppress),
        })
    return out


BORG_CSV_HEADER = ["indeling", "groep", "deelnemers", "alle_criteria_voldaan", "overruled", "sessies_gehouden_gepland",
                   "start_binnen_3_maanden", "start_na_6_maanden", "mediaan_dagen_incident_start", "individueel",
                   "trainer_is_toezichthouder", "partner_betrokken", "afgerond", "smart_doelen_behaald"]


def borg_csv_rows(kind: str, rows: list[dict]):
    for r in rows:
        yield [kind, r["label"], r["n"], r["reach"]["value"], r["overridden"]["value"], r["sessions"]["value"],
               r["within3"]["value"], r["over6"]["value"], r["median_days"]["value"], r["individual"]["value"],
               r["dual_role"]["value"], r["partner"]["value"], r["completed"]["value"], r["goals"]["value"]]


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "veilignet-monitor"
    from matplotlib import pyplot as plt

    return plt


def _svg(fig) -> bytes:
    """The SVG without matplotlib's <style> element (the CSP forbids inline styles; it only sets
    default line joins)."""
    import re

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    _plt().close(fig)
    return re.sub(rb"<style[^>]*>.*?</style>", b"", buf.getvalue(), flags=re.S)


def _cached(prefix: str, payload, render) -> bytes:
    """Charts are cached by their exact content (title and plotted values), so never stale."""
    from django.core.cache import cache

    key = "monitor-svg:" + prefix + ":" + hashlib.sha256(repr(payload).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = render()
        cache.set(key, svg, 3600)
    return svg


def line_svg(title: str, kind: str, points: list[tuple[str, float | None]]) -> bytes:
    """A line over the periods; suppressed or missing points are left out (a gap)."""
    return _cached("line", (title, kind, points), lambda: _line_svg(title, kind, points))


def _line_svg(title: str, kind: str, points: list[tuple[str, float | None]]) -> bytes:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 2.6), dpi=100)
    labels = [p for p, _ in points]
    scale = 100 if kind in (ind.SHARE, ind.RATIO) else 1
    ys = [None if v is None else v * scale for _, v in points]
    xs = list(range(len(points)))
    ax.plot(xs, [float("nan") if y is None else y for y in ys], marker="o", color="#154273")
    ax.set_xticks(xs)
    step = max(1, len(xs) // 12)
    ax.set_xticklabels([lbl if i % step == 0 else "" for i, lbl in enumerate(labels)], rotation=45, ha="right",
                       fontsize=8)
    ax.set_ylabel("%" if scale == 100 else ("dagen" if kind == ind.MEDIAN else "aantal"))
    if scale == 100:
        ax.set_ylim(0, 100)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    if all(y is None for y in ys):
        ax.text(0.5, 0.5, "geen (niet-afgeschermde) gegevens", transform=ax.transAxes, ha="center", va="center")
    return _svg(fig)


def bar_svg(title: str, bars: list[tuple[str, int]], suppress: bool, horizontal: bool = False) -> bytes:
    """Bars of counts; a count under 5 is drawn as nothing and labelled "<5" when suppressed."""
    return _cached("bar", (title, bars, suppress, horizontal), lambda: _bar_svg(title, bars, suppress, horizontal))


def _bar_svg(title: str, bars: list[tuple[str, int]], suppress: bool, horizontal: bool = False) -> bytes:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, max(2.4, 0.35 * len(bars) + 1) if horizontal else 2.8), dpi=100)
    labels = [lbl for lbl, _ in bars]
    values = [0 if (suppress and 0 < v < ind.SMALL_CELL) else v for _, v in bars]
    texts = [ind.suppress_count(v, suppress) if v else "0" for _, v in bars]
    pos = list(range(len(bars)))
    if horizontal:
        ax.barh(pos, values, color="#154273")
        ax.set_yticks(pos)
        ax.set_yticklabels(labels, fontsize=8)
        ax.invert_yaxis()
        for p, v, t in zip(pos, values, texts):
            ax.text(v, p, f" {t}", va="center", fontsize=8)
    else:
        ax.bar(pos, values, color="#154273")
        ax.set_xticks(pos)
        ax.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
        for p, v, t in zip(pos, values, texts):
            ax.text(p, v, t, ha="center", va="bottom", fontsize=8)
    ax.set_title(title, fontsize=10)
    return _svg(fig)


def criteria_counter(rows) -> list[tuple[str, int]]:
    c = Counter()
    for r in rows:
        for crit in r.get("criteria_failed") or []:
            c[str(crit)] += 1
    return c.most_common(12)


# The ten selection criteria of BORG (borg.eligibility.CRITERIA; SYSTEM.md §5, 001 §4.2).
CRITERION_LABELS = {
    "age": "volwassen (18 jaar of ouder)",
    "risk": "laag of gemiddeld recidiverisico",
    "residence_permit": "verblijfsvergunning",
    "serious_antisocial_violence": "geen ernstig antisociaal geweld",
    "serious_substance_problem": "geen ernstig alcohol- of drugsprobleem",
    "acknowledges_violence": "erkent het geweld",
    "iq": "IQ 80 of hoger",
    "violence_type": "common couple violence (geen intimate terror)",
    "serious_psychopathology": "geen ernstige psychopathologie",
    "willing_to_talk": "bereid tot gesprek",
}


def criterion_label(code: str) -> str:
    try:
        from veilignet.borg.eligibility import REASON_CRITERION

        code = REASON_CRITERION.get(code, code)
    except ImportError:  # pragma: no cover - the borg app is developed alongside
        pass
    return CRITERION_LABELS.get(code, code)
