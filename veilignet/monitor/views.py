"""The indicator dashboard (/monitor/) and the BORG monitor (/monitor/borg/).

Aggregates only: no page here shows a case number, a name or anything about one person (the
access matrix classifies them "aggregate only"). Who may see what, and the small-cell
suppression, are documented in dashboard.py.
"""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from veilignet.access import audit
from veilignet.accounts.regions import REGION_NAMES, REGIONS

from . import aggregates
from . import dashboard as dash
from . import indicators as ind


def _selection(request):
    dash.require_dashboard(request.user)
    form = dash.SelectionForm(request.GET or None, user=request.user)
    if not request.GET:
        form = dash.SelectionForm({}, user=request.user)
    valid = form.is_valid()
    return form, (form.cleaned_data if valid else None)


def _table(user, sel):
    aggregates.ensure_fresh()
    gran, lo, hi = sel["per"], sel["van"], sel["tot"]
    series = aggregates.series(sel["niveau"], sel["gebied"], gran, lo, ind.period_end(hi, gran))
    periods = dash.periods_in(lo, hi, gran)
    suppress = dash.must_suppress(user, sel["niveau"], sel["gebied"])
    return dash.build_table(series, periods, aggregates.registered_codes(), suppress), periods, suppress


@login_required
@require_GET
def index(request):
    form, sel = _selection(request)
    context = {"form": form, "regions": REGIONS, "levels": [(lvl, ind.LEVEL_LABELS[lvl])
                                                            for lvl in dash.allowed_levels(request.user)],
               "is_policy": dash.is_policy_user(request.user)}
    if sel is not None:
        table, periods, suppress = _table(request.user, sel)
        context.update(table=table, periods=periods, suppress=suppress, sel=sel,
                       area_label=dash.area_label(sel["niveau"], sel["gebied"]),
                       query=request.GET.urlencode(),
                       municipalities=aggregates.areas(ind.MUNICIPALITY) if dash.is_policy_user(request.user) else [],
                       not_registered=[e["indicator"] for e in table if not e["registered"]])
    status = 200 if sel is not None else 400
    return render(request, "monitor/dashboard.html", context, status=status)


@login_required
@require_GET
def chart(request, code):
    indicator = ind.BY_CODE.get(code)
    if indicator is None:
        raise Http404
    form, sel = _selection(request)
    if sel is None:
        return HttpResponse("Ongeldige selectie.", status=400, content_type="text/plain; charset=utf-8")
    table, _, _ = _table(request.user, sel)
    entry = next(e for e in table if e["indicator"].code == code)
    points = [(c["period"], c.get("raw")) for c in entry["cells"]]
    svg = dash.line_svg(indicator.label, indicator.kind, points)
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_GET
def export_csv(request):
    form, sel = _selection(request)
    if sel is None:
        return HttpResponse("Ongeldige selectie: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
                            status=400, content_type="text/plain; charset=utf-8")
    table, _, suppress = _table(request.user, sel)
    audit.record("export", "indicators", "", details={"niveau": sel["niveau"], "gebied": sel["gebied"],
                                                      "per": sel["per"], "van": str(sel["van"]),
                                                      "tot": str(sel["tot"]), "afgeschermd": suppress})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="indicatoren_{sel["niveau"]}_{sel["gebied"]}_'
                                       f'{sel["van"]:%Y%m}_{sel["tot"]:%Y%m}.csv"')
    writer = csv.writer(response, delimiter=";")
    writer.writerow(dash.CSV_HEADER)
    for row in dash.csv_rows(table, sel["niveau"], sel["gebied"]):
        writer.writerow(row)
    return response


# --------------------------------------------------------------------------------------------
# BORG monitor
# --------------------------------------------------------------------------------------------


def _borg_selection(request):
    dash.require_borg_monitor(request.user)
    errors = {}
    today = timezone.localdate()
    region = request.GET.get("regio", "")
    if region and region not in REGION_NAMES:
        errors["regio"] = "Kies een Veilig Thuis-regio uit de lijst."
        region = ""
    own = request.GET.get("eigen") == "1"
    out = {"regio": region, "eigen": own}
    for name, default in (("van", dt.date(today.year - 2, 1, 1)), ("tot", today)):
        raw = request.GET.get(name, "")
        if raw:
            try:
                out[name] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[name] = "Vul een datum in als JJJJ-MM-DD."
                out[name] = default
        else:
            out[name] = default
    if out["tot"] < out["van"]:
        errors["tot"] = "De einddatum ligt vóór de begindatum."
    return out, errors


def _borg_data(request, sel):
    rows = dash.borg_rows(sel["van"], sel["tot"] + dt.timedelta(days=1), sel["regio"],
                          request.user.organisation_id if sel["eigen"] else None)
    suppress = not sel["eigen"]
    sizes = dash.group_sizes(r["group_id"] for r in rows)
    summary = ind.borg_summary(rows, group_sizes=sizes)
    by_region = ind.group_by(rows, lambda r: r["region"])
    trainers = dash.trainers_by_trajectory(rows)
    by_trainer = ind.group_by(rows, lambda r: trainers.get(r["id"]) or ["onbekend"])
    labels = dash.trainer_labels(request.user, [k for k in by_trainer if k != "onbekend"])
    labels["onbekend"] = "trainer niet vastgelegd"
    return {
        "rows": rows, "suppress": suppress, "summary": summary,
        "region_rows": dash.borg_table_rows(by_region, REGION_NAMES, suppress, sizes),
        "trainer_rows": dash.borg_table_rows(by_trainer, labels, suppress, sizes),
        "total_row": dash.borg_table_rows({"": rows}, {"": "totaal"}, suppress, sizes) if rows else [],
    }


@login_required
@require_GET
def borg(request):
    sel, errors = _borg_selection(request)
    data = _borg_data(request, sel)
    s, suppress = data["summary"], data["suppress"]
    reach, delivery, outcomes = s["reach"], s["delivery"], s["outcomes"]
    context = {
        "sel": sel, "errors": errors, "regions": REGIONS, "suppress": suppress, "query": request.GET.urlencode(),
        "n": ind.suppress_count(s["n"], suppress),
        "reach": {
            "all": dash.share_display(reach["all_criteria_met"], suppress),
            "assessed": ind.suppress_count(reach["assessed"], suppress),
            "not_assessed": ind.suppress_count(reach["not_assessed"], suppress),
            "overridden": dash.share_display(reach["overridden"], suppress),
            "criteria": [(dash.criterion_label(c), ind.suppress_count(k, suppress)) for c, k in
                         reach["criteria_failed"]],
        },
        "delivery": {
            "started": ind.suppress_count(delivery["started"], suppress),
            "sessions": ind.display_cell(ind.RATIO, delivery["started"], delivery["sessions_held"],
                                         delivery["sessions_planned"], delivery["sessions_held_share"][2],
                                         suppress=suppress),
            "attendance": [(lbl, ind.suppress_count(k, suppress)) for lbl, k in delivery["attendance"]],
            "group_sizes": [(lbl, ind.suppress_count(k, suppress)) for lbl, k in delivery["group_sizes"]],
            "median_days": ind.display_cell(ind.MEDIAN, delivery["days_n"], None, None,
                                            delivery["days_incident_to_start_median"], suppress=suppress),
            "within3": dash.share_display(delivery["within_3_months"], suppress),
            "over6": dash.share_display(delivery["over_6_months"], suppress),
            "individual": dash.share_display(delivery["individual"], suppress),
            "dual_role": dash.share_display(delivery["dual_role"], suppress),
            "partner": [(lbl, ind.suppress_count(k, suppress)) for lbl, k in delivery["partner"]],
        },
        "outcomes": {
            "closed": ind.suppress_count(outcomes["closed"], suppress),
            "completed": dash.share_display(outcomes["completed"], suppress),
            "dropped": dash.share_display(outcomes["dropped_out"], suppress),
            "goals": dash.share_display(outcomes["goals"], suppress),
        },
        "region_rows": data["region_rows"], "trainer_rows": data["trainer_rows"], "total_row": data["total_row"],
        "partner_labels": PARTNER_LABELS,
    }
    return render(request, "monitor/borg.html", context, status=400 if errors else 200)


PARTNER_LABELS = {"geen": "(nog) niet betrokken", "betrokken": "betrokken na veiligheidscheck",
                  "niet_veilig": "niet betrokken: onveilig", "geweigerd": "partner wil niet"}

BORG_CHARTS = {
    "criteria": "Welke selectiecriteria het vaakst niet voldaan",
    "aanwezigheid": "Aanwezigheid (deelnemers per band)",
    "groepsgrootte": "Groepsgrootte (aantal groepen)",
    "tijd": "Tijd van incident tot start (deelnemers)",
}


@login_required
@require_GET
def borg_chart(request, name):
    if name not in BORG_CHARTS:
        raise Http404
    sel, errors = _borg_selection(request)
    data = _borg_data(request, sel)
    s, suppress = data["summary"], data["suppress"]
    if name == "criteria":
        bars = [(dash.criterion_label(c), k) for c, k in s["reach"]["criteria_failed"][:10]]
        svg = dash.bar_svg(BORG_CHARTS[name], bars, suppress, horizontal=True)
    elif name == "aanwezigheid":
        svg = dash.bar_svg(BORG_CHARTS[name], s["delivery"]["attendance"], suppress)
    elif name == "groepsgrootte":
        svg = dash.bar_svg(BORG_CHARTS[name], s["delivery"]["group_sizes"], suppress)
    else:
        svg = dash.bar_svg(BORG_CHARTS[name], s["delivery"]["days_bands"], suppress)
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_GET
def borg_export(request):
    sel, errors = _borg_selection(request)
    if errors:
        return HttpResponse("Ongeldige selectie: " + "; ".join(f"{k}: {v}" for k, v in errors.items()), status=400,
                            content_type="text/plain; charset=utf-8")
    data = _borg_data(request, sel)
    audit.record("export", "borg_monitor", "", details={"regio": sel["regio"], "van": str(sel["van"]),
                                                        "tot": str(sel["tot"]), "afgeschermd": data["suppress"]})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="borg_monitor_{sel["van"]:%Y%m%d}_{sel["tot"]:%Y%m%d}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(dash.BORG_CSV_HEADER)
    for kind, rows in (("totaal", data["total_row"]), ("regio", data["region_rows"]),
                       ("trainer", data["trainer_rows"])):
        for row in dash.borg_csv_rows(kind, rows):
            writer.writerow(row)
    return response
