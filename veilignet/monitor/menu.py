"""Main-menu entries for the monitor: the indicator dashboard and the BORG monitor (see dashboard.py
for who may see them)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .dashboard import can_view_borg_monitor, can_view_dashboard


def items(user) -> list[tuple[str, str]]:
    out = []
    if can_view_dashboard(user):
        out.append((_("Monitor"), reverse("monitor:index")))
    if can_view_borg_monitor(user):
        out.append((_("BORG-monitor"), reverse("monitor:borg")))
    return out
