"""The access panel on the case page: participants, break-the-glass notice, link for the FG."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors, services
from .models import BreakGlassAccess


def case_panels(request, case) -> list[str]:
    user = request.user
    active = case.participations.filter(ended_at__isnull=True).select_related("organisation").order_by("started_at")
    grant = None
    if selectors.participation_of(user, case) is None:
        grant = BreakGlassAccess.objects.filter(user=user, case=case, expires_at__gt=timezone.now()).first()
    html = render_to_string("access/panel.html", {
        "case": case, "active": active, "grant": grant,
        "can_manage": services.may_manage_participants(user, case),
        "officer": selectors.is_privacy_officer(user) and selectors.officer_cases(user).filter(pk=case.pk).exists(),
    }, request=request)
    return [html]
