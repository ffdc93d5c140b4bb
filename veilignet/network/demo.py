"""Demo data for the network app (after the base data, whose reports already started their terms
through the report hook): a sweep for today, 60 days of waiting-list history reconstructed from the
deadlines, a few safety plans and one Actieoverleg."""

from datetime import timedelta

from django.utils import timezone

from veilignet.access.models import Participation, Scope
from veilignet.cases.models import Case, CaseStatus
from veilignet.cases.selectors import persons_of

from . import services
from .engine import run_sweep
from .models import SafetyPlan
from .selectors import backfill_snapshots, take_waiting_snapshot


def load(stdout, rng) -> None:
    today = timezone.localdate()
    cases = list(Case.objects.filter(status=CaseStatus.OPEN).select_related("lead_organisation")
                 .order_by("opened_at")[:60])
    plans = 0
    for case in cases:
        if plans >= 5 or SafetyPlan.objects.filter(case=case).exists():
            continue
        lead = Participation.objects.filter(case=case, is_lead=True, ended_at__isnull=True).first()
        if lead is None or Scope.PLAN not in (lead.scope or []):
            continue
        user = case.lead_organisation.users.filter(is_active=True).first()
        if user is None:
            continue
        names = [m.person.first_name for m in persons_of(case)]
        data = {
            "direct_safety": f"{names[0] if names else 'Het slachtoffer'} en de kinderen verblijven tijdelijk "
                             "elders; afspraken over bereikbaarheid.",
            "stable_safety": "Wekelijks contact; contactverbod wordt gehandhaafd.",
            "recovery": "Traumabehandeling voor de kinderen na stabilisatie.",
            "stop_behaviour": "Aanmelding voor daderhulp; reclassering houdt toezicht op het contactverbod.",
            "agreements": [
                {"phase": "directe_veiligheid", "text": "Dagelijks contact met het slachtoffer.",
                 "organisation": case.lead_organisation.code, "due": today + timedelta(days=rng.randint(2, 10)),
                 "perpetrator": False},
                {"phase": "stabiele_veiligheid", "text": "Pleger aanmelden bij daderhulp.",
                 "organisation": case.lead_organisation.code, "due": today + timedelta(days=rng.randint(5, 20)),
                 "perpetrator": True},
            ],
        }
        services.save_plan(user, case, data, expected_version=0, publish=True, comment="Demo")
        plans += 1
    if cases:
        user = cases[0].lead_organisation.users.filter(is_active=True).first()
        if user is not None:
            meeting = services.create_meeting(user, kind="actieoverleg", title="Wekelijks actieoverleg",
                                              scheduled_at=timezone.now() + timedelta(days=2))
            for case in services.suggest_agenda(user, meeting, limit=4):
                services.add_agenda_case(user, meeting, case, "hoog risico of verlopen termijn")
    result = run_sweep(send_mail=False)
    days = backfill_snapshots(60)
    take_waiting_snapshot()
    stdout.write(f"  {plans} veiligheidsplannen, {result.missed} verlopen termijnen, {days} dagstanden wachtlijst")
