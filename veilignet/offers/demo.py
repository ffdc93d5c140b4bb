"""Demo data: a few referrals on demo cases that have a perpetrator (after the base data)."""

from datetime import timedelta

from django.utils import timezone

from veilignet.access.models import Participation, Scope
from veilignet.cases.models import Case, CaseStatus

from . import matching, selectors, services
from .models import Offer, ReferralStatus


def load(stdout, rng) -> None:
    prepared = matching.prepare_all(services.offer_dicts(Offer.objects.filter(active=True)))
    cases = list(Case.objects.filter(status=CaseStatus.OPEN).order_by("opened_at")[:40])
    made = 0
    for case in cases:
        if made >= 8 or case.offer_referrals.exists():
            continue
        persons = selectors.perpetrators(case)
        participation = Participation.objects.filter(case=case, ended_at__isnull=True).select_related(
            "organisation").first()
        if not persons or participation is None or Scope.PLEGER not in (participation.scope or []):
            continue
        user = participation.organisation.users.filter(is_active=True).first()
        if user is None:
            continue
        result = matching.match(prepared, selectors.case_profile(case, persons[0]), prepared=True)
        if not result["offers"]:
            continue
        pick = result["offers"][rng.randrange(min(3, len(result["offers"])))]
        offer = Offer.objects.get(name=pick["name"])
        sent = timezone.localdate() - timedelta(days=rng.randint(20, 60))
        incident = services.latest_incident_date(case) or sent - timedelta(days=rng.randint(3, 30))
        referral = services.create_referral(user, case, offer, person=persons[0], incident_date=min(incident, sent),
                                            sent_on=sent, note="Demo: verwijzing vanuit de sociale kaart.")
        steps = [(ReferralStatus.ACCEPTED, {}),
                 (ReferralStatus.WAITING, {"bridging_help": "Lotgenotengroep Agressie, en daarna? tijdens het wachten"}),
                 (ReferralStatus.STARTED, {})][: rng.randint(0, 3)]
        day = sent
        for status, extra in steps:
            day = min(day + timedelta(days=rng.randint(2, 10)), timezone.localdate())
            referral = services.change_referral_status(user, referral, status, expected_version=referral.version,
                                                       on_date=day, **extra)
        made += 1
    stdout.write(f"Sociale kaart: {Offer.objects.count()} aanbod, {made} demoverwijzingen.\n")
