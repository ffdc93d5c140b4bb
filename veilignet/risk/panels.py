"""The risk panel on the case page (core.registry.case_panels)."""

from django.template.loader import render_to_string

from . import selectors
from .instrument import LEVEL_LABELS


def case_panels(request, case) -> list[str]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not selectors.can_see_risk(user, case):
        return []
    latest = selectors.assessments_for(user, case).filter(is_draft=False).first()
    groups = selectors.grouped_signals(user, case)
    repeated, n_reports = selectors.repeated_incidents(case)
    return [render_to_string("risk/panel.html", {
        "case": case, "latest": latest, "level_labels": LEVEL_LABELS, "repeated": repeated,
        "n_reports": n_reports, "open_signals": sum(1 for g in groups for s in g["present"] if s.review == "open"),
        "multi_org": [g for g in groups if g["multi_org"]],
    }, request=request)]
