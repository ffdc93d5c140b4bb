"""Read paths of risk screening, always scoped to what the user may see."""

from __future__ import annotations

from collections import OrderedDict
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part, visible_cases

from . import conf
from .instrument import COERCIVE_CONTROL
from .models import Assessment, SignalReview, TextSignal


def can_see_risk(user, case) -> bool:
    return can_see_part(user, case, Scope.RISICO)


def assessments_for(user, case):
    if not can_see_risk(user, case):
        return Assessment.objects.none()
    return (Assessment.objects.filter(case=case).filter(Q(is_draft=False) | Q(author=user))
            .select_related("author", "organisation", "approver", "instrument").order_by("-created_at"))


def signals_for(user, case):
    """Signals in the case's reports and notes; confidential notes only for their own organisation."""
    if not can_see_risk(user, case):
        return TextSignal.objects.none()
    return (TextSignal.objects.filter(case=case)
            .filter(Q(confidential=False) | Q(organisation_id=user.organisation_id))
            .select_related("organisation", "reviewed_by").order_by("code", "found_at", "start"))


def grouped_signals(user, case) -> list[dict]:
    """Present signals grouped per code, with the organisations whose texts mention them: a signal known
    in several organisations is shown together (the pieces meet)."""
    groups: OrderedDict[str, dict] = OrderedDict()
    for s in signals_for(user, case):
        g = groups.setdefault(s.code, {"code": s.code, "present": [], "other": [], "organisations": set()})
        if s.status == "present":
            g["present"].append(s)
            if s.organisation is not None:
                g["organisations"].add(s.organisation.name)
        else:
            g["other"].append(s)
    out = []
    for g in groups.values():
        g["organisations"] = sorted(g["organisations"])
        g["multi_org"] = len(g["organisations"]) > 1
        g["confirmed"] = any(s.review == SignalReview.CONFIRMED for s in g["present"])
        out.append(g)
    out.sort(key=lambda g: (not g["multi_org"], not g["present"], g["code"]))
    return out


def confirmed_codes(user, case) -> dict[str, list[int]]:
    """Codes confirmed by a professional (present signals), with the signal ids: suggestions for the form."""
    out: dict[str, list[int]] = {}
    for s in signals_for(user, case).filter(review=SignalReview.CONFIRMED, status="present"):
        out.setdefault(s.code, []).append(s.pk)
    return out


def repeated_incidents(case, *, now=None) -> tuple[bool, int]:
    """(flag, count): three or more reports within twelve months (MARAC's escalation count)."""
    count_needed, days = conf.repeat_incident_threshold()
    now = now or timezone.now()
    n = case.reports.filter(received_at__gte=now - timedelta(days=days), received_at__lte=now).count()
    return n >= count_needed, n


MONCKTON_SMITH = [
    (1, "Voorgeschiedenis van controle of stalking", ("stalking",) + COERCIVE_CONTROL),
    (2, "Snelle, intense verbintenis (commitment whirlwind)", ()),
    (3, "Leven met controle", COERCIVE_CONTROL),
    (4, "Trigger (scheiding, verlies van controle)", ("separation",)),
    (5, "Escalatie", ("escalation", "stalking", "strangulation", "recent_violence")),
    (6, "Omslag in denken (wraak, 'als ik haar niet kan hebben…')", ("death_threat", "suicide_threat")),
    (7, "Planning", ("weapons", "surveillance")),
    (8, "Doding / zelfdoding", ()),
]


def monckton_smith(answers: dict, signal_codes: set[str]) -> list[dict]:
    """Indications per stage of Monckton Smith's eight-stage progression (001 §3, 003 §i), from the
    latest assessment's yes-answers and the present signals. Stage 1 is 'history': only when stage 3
    or later also shows. Stages 2 and 8 are not derived from data: the professional judges them."""
    yes = {c for c, v in (answers or {}).items() if v is True} | set(signal_codes)
    stages = []
    for number, label, codes in MONCKTON_SMITH:
        hits = sorted(c for c in codes if c in yes)
        stages.append({"number": number, "label": label, "codes": hits, "indicated": bool(hits)})
    return stages


def due_reassessments(user, *, within_days: int = 7):
    """Visible open cases with a re-assessment due within `within_days` (or overdue), earliest first."""
    limit = timezone.localdate() + timedelta(days=within_days)
    return (visible_cases(user).filter(status="open", reassessment_due__isnull=False, reassessment_due__lte=limit)
            .order_by("reassessment_due"))
