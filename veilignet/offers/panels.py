"""The perpetrator-approach block on the case page: matches and referrals (participants with Scope.PLEGER)."""

from django.template.loader import render_to_string

from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part


def case_panels(request, case) -> list[str]:
    if not can_see_part(request.user, case, Scope.PLEGER):
        return []
    from . import selectors
    from .views import case_matches

    context = {"case": case, "matches": case_matches(request, case),
               "referrals": selectors.referrals_for_case(request.user, case)}
    return [render_to_string("offers/panel.html", context, request=request)]
