"""The BORG block on the case page: the case's trajectories (for users who may see the perpetrator
part of the case) and, for reclassering users, a link to open one."""

from django.template.loader import render_to_string

from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.accounts.models import OrganisationType

from .eligibility import reason_label
from .selectors import case_trajectories


def case_panels(request, case) -> list[str]:
    user = request.user
    if not can_see_part(user, case, Scope.PLEGER):
        return []
    trajectories = list(case_trajectories(user, case))
    is_reclassering = bool(user.organisation_id and user.organisation.type == OrganisationType.RECLASSERING)
    if not trajectories and not is_reclassering:
        return []
    rows = [(t, [reason_label(r) for r in t.eligibility_reasons]) for t in trajectories]
    return [render_to_string("borg/panel.html", {"case": case, "rows": rows, "can_open": is_reclassering},
                             request=request)]
