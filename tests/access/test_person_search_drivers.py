"""cases.selectors.search_persons has two query shapes: driven by the name index ("naam") or by the
organisation's visible households ("zichtbaar", chosen for a common name). Both must give exactly the
same persons in the same order under the same access rule."""

from datetime import date, timedelta

import pytest

from veilignet.access import services
from veilignet.cases import selectors
from veilignet.cases.services import PersonInput

pytestmark = pytest.mark.django_db


def _jansen_case(user, make_case, i, first="Anna", last="Jansen"):
    persons = [
        PersonInput(role="slachtoffer", first_name=first, last_name=last, birth_date=date(1980, 1, 1) + timedelta(days=i),
                    gender="v", relation="partner"),
        PersonInput(role="pleger", first_name=f"Mark{i}", last_name="Bakker", birth_date=date(1975, 1, 1) + timedelta(days=i),
                    gender="m", relation="partner"),
    ]
    return make_case(user, persons=persons)


def _ids(user, q, driver):
    return list(selectors.search_persons(user, q, driver=driver).values_list("pk", flat=True))


def test_both_drivers_return_the_same_persons_in_the_same_order(vt, police, wijkteam, make_case):
    for i in range(4):  # visible to vt; two with the same name (the person id breaks the tie)
        _jansen_case(vt, make_case, i, first="Anna" if i < 2 else f"Zoe{i}")
    _jansen_case(vt, make_case, 9, last="Jansma")
    hidden = [_jansen_case(wijkteam, make_case, 10 + i) for i in range(3)]  # not visible to vt
    ended = _jansen_case(vt, make_case, 20, first="Eva")
    services.add_participant(vt, ended, "politie-utrecht", basis="meldcode", purpose="Onderzoek")
    services.end_participation(vt, ended, "politie-utrecht", "Afgerond")

    for q in ("jans", "jansen", "anna", "anna jans", "bakk", "01-01-1980", "zzz"):
        by_name, by_visible, auto = _ids(vt, q, "naam"), _ids(vt, q, "zichtbaar"), _ids(vt, q, "")
        assert by_name == by_visible == auto, q
    found = _ids(vt, "jans", "zichtbaar")
    assert len(found) == 6  # four Jansen, one Jansma, Eva Jansen (vt still participates)
    hidden_ids = {m.person_id for case in hidden for m in selectors.persons_of(case)}
    assert not hidden_ids & set(found)
    names = [(p.last_name_key, p.first_name_key, p.pk) for p in selectors.search_persons(vt, "jans", driver="zichtbaar")]
    assert names == sorted(names)
    # An ended participation gives nothing, with either driver.
    assert _ids(police, "jans", "naam") == _ids(police, "jans", "zichtbaar") == []
    # The other organisation sees only its own three.
    assert len(_ids(wijkteam, "jans", "zichtbaar")) == len(_ids(wijkteam, "jans", "naam")) == 3


def test_break_the_glass_keeps_the_name_driver(vt, wijkteam, make_case):
    case = _jansen_case(wijkteam, make_case, 1)
    services.break_glass(vt, case, "Acute dreiging, betrokkene meldt zich op de SEH; gegevens nodig")
    # The participation index is not the whole visible set now: both shapes fall back to the name driver.
    assert _ids(vt, "jans", "zichtbaar") == _ids(vt, "jans", "naam") != []
