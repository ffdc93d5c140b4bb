from datetime import date, timedelta

import pytest
from django.utils import timezone

ELIGIBLE = {"age": 37, "risc_level": "gemiddeld", "residence_permit": True, "serious_antisocial_violence": False,
            "serious_substance_problem": False, "acknowledges_violence": "partial", "iq": None,
            "violence_type": "situational", "serious_psychopathology": False, "willing_to_talk": True}


@pytest.fixture
def rc_user(make_user):
    return make_user("rc1", org="rn-utrecht", type_="reclassering", region="utrecht")


@pytest.fixture
def rc_colleague(make_user, rc_user):
    return make_user("rc2", org="rn-utrecht", type_="reclassering", region="utrecht")


@pytest.fixture
def vt_user(make_user):
    return make_user("vt1")


@pytest.fixture
def borg_case(make_case, vt_user, rc_user):
    """A case registered by Veilig Thuis in which the reclassering participates."""
    from veilignet.access.models import LegalBasis
    from veilignet.cases.services import ensure_participation

    case = make_case(vt_user, incident_date=timezone.localdate() - timedelta(days=40))
    ensure_participation(case, rc_user.organisation, basis=LegalBasis.RECLASSERINGSTOEZICHT,
                         purpose="BORG", via="toegevoegd", user=vt_user)
    return case


@pytest.fixture
def perpetrator(borg_case):
    from veilignet.cases.models import Person

    return Person.objects.get(first_name="Mark", memberships__household=borg_case.household)


@pytest.fixture
def make_trajectory(borg_case, perpetrator, rc_user):
    """A trajectory, by default assessed eligible, with a framework and an intake 5 days ago."""
    from veilignet.borg import services

    def make(*, user=None, case=None, person=None, framework="bijzondere_voorwaarde", intake=True,
             variant="groep", inputs=None, supervisor=None, arrest_date=None, incident_date=None):
        user = user or rc_user
        t = services.create_trajectory(user, case or borg_case, person or perpetrator, supervisor=supervisor, incident_date=incident_date,
                                       arrest_date=arrest_date or timezone.localdate() - timedelta(days=30))
        if inputs is not False:
            t = services.assess_eligibility(user, t, inputs or ELIGIBLE)
        if framework:
            t = services.set_framework(user, t, framework)
        if intake:
            t = services.record_intake(user, t, timezone.localdate() - timedelta(days=5), variant)
        return t

    return make


@pytest.fixture
def second_perpetrator(make_case, vt_user, rc_user):
    """Another case (another household) with perpetrator Piet Bakker, reclassering participating."""
    from veilignet.access.models import LegalBasis
    from veilignet.cases.models import Person
    from veilignet.cases.services import PersonInput, ensure_participation

    case = make_case(vt_user, persons=[
        PersonInput(role="slachtoffer", first_name="Sanne", last_name="Bakker", birth_date=date(1992, 1, 2),
                    gender="v", relation="partner"),
        PersonInput(role="pleger", first_name="Piet", last_name="Bakker", birth_date=date(1985, 2, 3),
                    gender="m", relation="partner"),
    ])
    ensure_participation(case, rc_user.organisation, basis=LegalBasis.RECLASSERINGSTOEZICHT,
                         purpose="BORG", via="toegevoegd", user=vt_user)
    return case, Person.objects.get(first_name="Piet", last_name="Bakker")
