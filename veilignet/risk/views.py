"""Risk screening pages in a case (/risico/<case_id>/...). Every page fetches the case through
cases.selectors.get_case (404 when not visible) and shows assessments only with Scope.RISICO."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from veilignet.access import audit
from veilignet.cases.models import Case
from veilignet.cases.selectors import get_case

from . import selectors, services
from .instrument import LEVEL_LABELS, LEVELS, load_instrument
from .models import Assessment, OverrideStatus, SignalReview, TextSignal
from .scoring import LABELS
from .signals import STATUS_LABELS

ANSWER_VALUES = {"ja": True, "nee": False, "onbekend": None}


def _case(request, case_id):
    try:
        case = get_case(request.user, case_id, purpose="risicotaxatie")
    except (Case.DoesNotExist, ValueError):
        raise Http404("Dossier niet gevonden.") from None
    if not selectors.can_see_risk(request.user, case):
        raise Http404("Dossier niet gevonden.")
    return case


def _assessment(request, case, assessment_id) -> Assessment:
    a = selectors.assessments_for(request.user, case).filter(pk=assessment_id).first()
    if a is None:
        raise Http404("Taxatie niet gevonden.")
    return a


@login_required
def due(request):
    cases = selectors.due_reassessments(request.user, within_days=14)
    return render(request, "risk/due.html", {"cases": cases, "labels": LEVEL_LABELS})


@login_required
def overview(request, case_id):
    case = _case(request, case_id)
    assessments = list(selectors.assessments_for(request.user, case))
    latest = next((a for a in assessments if not a.is_draft), None)
    groups = selectors.grouped_signals(request.user, case)
    present_codes = {g["code"] for g in groups if g["present"]}
    repeated, n_reports = selectors.repeated_incidents(case)
    audit.record("read", "risk_assessments", "", case_id=case.pk)
    return render(request, "risk/case.html", {
        "case": case, "assessments": assessments, "latest": latest, "groups": groups,
        "labels": LABELS, "level_labels": LEVEL_LABELS, "status_labels": STATUS_LABELS,
        "repeated": repeated, "n_reports": n_reports,
        "stages": selectors.monckton_smith(latest.answers if latest else {}, present_codes),
        "pending": [a for a in assessments if a.override_status == OverrideStatus.PENDING],
    })


def _form_context(request, case, *, answers=None, suggestions=None, errors=None, data=None, draft=None):
    instrument = load_instrument()
    answers = answers or {}
    suggestions = suggestions if suggestions is not None else selectors.confirmed_codes(request.user, case)
    groups = []
    for group, label, items in instrument.grouped():
        rows = []
        for item in items:
            if data is not None:
                value = data.get(item.code, "")
            elif item.code in answers:
                value = {True: "ja", False: "nee", None: "onbekend"}[answers[item.code]]
            elif item.code in suggestions:
                value = "ja"
            else:
                value = ""
            rows.append({"item": item, "value": value, "suggested": item.code in suggestions})
        groups.append({"code": group, "label": label, "rows": rows})
    return {
        "case": case, "instrument": instrument, "groups": groups, "errors": errors or {},
        "levels": [(lv, LEVEL_LABELS[lv]) for lv in LEVELS], "draft": draft,
        "final_level": (data or {}).get("final_level", ""), "override_reason": (data or {}).get("override_reason", ""),
        "suggestion_ids": ",".join(str(i) for ids in suggestions.values() for i in ids),
    }


@login_required
def assessment_form(request, case_id, assessment_id=None):
    case = _case(request, case_id)
    draft = None
    if assessment_id is not None:
        draft = _assessment(request, case, assessment_id)
        if not draft.is_draft or draft.author_id != request.user.pk:
            raise Http404("Alleen uw eigen concept kan worden bewerkt.")
    if request.method == "POST":
        answers = {}
        for item in load_instrument().items:
            raw = request.POST.get(item.code, "")
            if raw in ANSWER_VALUES:
                answers[item.code] = ANSWER_VALUES[raw]
        is_draft = request.POST.get("action") != "final"
        from_signals = [int(x) for x in request.POST.get("from_signals", "").split(",") if x.strip().isdigit()]
        try:
            a = services.save_assessment(
                request.user, case, answers, draft=is_draft, final_level=request.POST.get("final_level", ""),
                override_reason=request.POST.get("override_reason", ""), assessment=draft,
                from_signals=from_signals,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            ctx = _form_context(request, case, data=request.POST, errors=errors, draft=draft)
            return render(request, "risk/form.html", ctx, status=400)
        messages.success(request, "Concept opgeslagen." if is_draft else
                         f"Taxatie opgeslagen: {LEVEL_LABELS[a.final_level]}.")
        return redirect("risk:detail", case_id=case.pk, assessment_id=a.pk)
    ctx = _form_context(request, case, answers=draft.answers if draft else None, draft=draft)
    return render(request, "risk/form.html", ctx)


@login_required
def detail(request, case_id, assessment_id):
    case = _case(request, case_id)
    a = _assessment(request, case, assessment_id)
    instrument = load_instrument(a.instrument.version)
    rows = [{"item": i, "answer": a.answers.get(i.code, "niet beantwoord")} for i in instrument.items]
    audit.record("read", "risk_assessment", a.pk, case_id=case.pk)
    return render(request, "risk/detail.html", {
        "case": case, "a": a, "rows": rows, "level_labels": LEVEL_LABELS,
        "can_approve": a.override_status == OverrideStatus.PENDING and a.author_id != request.user.pk,
    })


@login_required
@require_POST
def approve(request, case_id, assessment_id):
    case = _case(request, case_id)
    a = _assessment(request, case, assessment_id)
    try:
        services.approve_override(request.user, a, approve=request.POST.get("decision") != "reject",
                                  note=request.POST.get("note", ""))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("risk:detail", case_id=case.pk, assessment_id=a.pk)


@login_required
def chart(request, case_id):
    case = _case(request, case_id)
    from .charts import trend_svg

    points = [(a.finalised_at or a.created_at, a.computed_level, a.final_level)
              for a in Assessment.objects.filter(case=case, is_draft=False).order_by("finalised_at", "created_at")]
    resp = HttpResponse(trend_svg(points), content_type="image/svg+xml")
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
@require_POST
def review(request, case_id, signal_id):
    case = _case(request, case_id)
    signal = selectors.signals_for(request.user, case).filter(pk=signal_id).first()
    if signal is None:
        raise Http404("Signaal niet gevonden.")
    decision = {"bevestigen": SignalReview.CONFIRMED, "afwijzen": SignalReview.REJECTED,
                "openen": SignalReview.OPEN}.get(request.POST.get("decision", ""), "")
    try:
        services.review_signal(request.user, signal, decision)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect(reverse("risk:case", kwargs={"case_id": case.pk}) + "#signalen")


__all__ = ["TextSignal"]
