import random
from datetime import date
from io import StringIO

import pytest

from veilignet.borg.models import BorgGroup, BorgTrajectory

pytestmark = pytest.mark.django_db


def test_demo_loader_builds_groups_and_trajectories(make_user, make_case):
    from veilignet.cases.services import PersonInput

    make_user("reclassering.medewerker", org="reclassering-utrecht", type_="reclassering", region="utrecht")
    make_user("reclassering.teamleider", org="reclassering-utrecht", type_="reclassering", region="utrecht")
    vt = make_user("vt1")
    for i in range(9):
        make_case(vt, persons=[
            PersonInput(role="slachtoffer", first_name=f"S{i}", last_name=f"Demo{i}", relation="partner"),
            PersonInput(role="pleger", first_name=f"P{i}", last_name=f"Demo{i}", birth_date=date(1980, 1, 1 + i),
                        relation="partner"),
        ])
    from veilignet.borg.demo import load

    out = StringIO()
    load(out, random.Random(1))
    assert BorgGroup.objects.count() == 2
    assert BorgTrajectory.objects.count() == 9, out.getvalue()
    assert BorgTrajectory.objects.filter(status="afgerond").count() == 2
    assert BorgTrajectory.objects.filter(overridden=True).count() == 1
    assert sum("addiction_care" in t.eligibility_advice for t in BorgTrajectory.objects.all()) == 1
    group = BorgGroup.objects.get(framework_kind="verplicht")
    assert group.sessions.filter(status="gehouden").exists()
    load(out, random.Random(1))  # idempotent: a second run adds nothing
    assert BorgTrajectory.objects.count() == 9
