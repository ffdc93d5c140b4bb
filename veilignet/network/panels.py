"""Blocks on the case page: the case's deadlines (with actions) and a summary of the safety plan."""

from django.template.loader import render_to_string
from django.utils import timezone

from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.accounts.models import OrganisationType

from .models import DeadlineStatus, SafetyPlan
from .selectors import case_deadlines

LIVE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)


def case_panels(request, case) -> list[str]:
    user = request.user
    now = timezone.now()
    deadlines = list(case_deadlines(case)[:100])
    for d in deadlines:
        d.actionable = d.status in LIVE and user.organisation_id in (d.organisation_id, case.lead_organisation_id)
    deadlines.sort(key=lambda d: (d.status not in LIVE, d.due))
    plan_visible = can_see_part(user, case, Scope.PLAN)
    plan = SafetyPlan.objects.filter(case=case).first() if plan_visible else None
    open_agreements = plan.agreements.filter(active=True, deadline__status__in=LIVE) if plan else None
    context = {
        "case": case, "now": now, "deadlines": deadlines, "plan_visible": plan_visible, "plan": plan,
        "agreements_open": open_agreements.count() if plan else 0,
        "agreements_late": open_agreements.filter(deadline__due__lt=now).count() if plan else 0,
        "is_lead": user.organisation_id == case.lead_organisation_id,
        "vt_open": user.organisation_type == OrganisationType.VEILIG_THUIS and any(
            d.kind == "vt_safety_assessment" and d.status in LIVE for d in deadlines),
    }
    return [render_to_string("network/panel.html", context, request=request)]
