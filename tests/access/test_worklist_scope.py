"""The scoped worklist from the participation index (access migration 0003, cases.selectors.worklist_rows)
shows exactly what visible_cases() allows, in the same order; the trigger-kept copies follow the case."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from veilignet.access import services
from veilignet.access.models import Participation
from veilignet.access.selectors import visible_case_index
from veilignet.cases import selectors
from veilignet.cases.models import Case
from veilignet.cases.services import PersonInput, close_case, reopen_case

pytestmark = pytest.mark.django_db

REASON = "Melding van acuut geweld, agenten ter plaatse, dreiging met mes"


def _cases(vt, make_case, n):
    cases = []
    for i in range(n):
        persons = [PersonInput(role="slachtoffer", first_name=f"Anna{i}", last_name=f"Bakker{i}",
                               birth_date=date(1980, 1, 1) + timedelta(days=i), gender="v", relation="partner")]
        cases.append(make_case(vt, persons=persons))
    # Distinct opening dates, not in creation order.
    for i, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=(i * 7) % 5, hours=i))
    return cases


def _page_numbers(user, **filters):
    rows = selectors.worklist_rows(user, **filters)
    return rows.count(), [case.number for case in rows[0:50]]


def _plain_numbers(user, **filters):
    cases = selectors.worklist(user, **filters)
    return cases.count(), [case.number for case in cases[:50]]


def test_copies_follow_the_case(vt, case):
    part = Participation.objects.get(case=case, organisation=vt.organisation)
    assert (part.case_status, part.case_opened_at) == ("open", case.opened_at)
    close_case(vt, case, "Veiligheid hersteld")
    assert Participation.objects.get(pk=part.pk).case_status == "gesloten"
    # Saving a stale instance (case_status still "open" in memory) cannot put a wrong copy back.
    part.end_reason = "test"
    part.save()
    assert Participation.objects.get(pk=part.pk).case_status == "gesloten"
    reopen_case(vt, Case.objects.get(pk=case.pk), "Nieuwe melding")
    new_opened = timezone.now() - timedelta(days=3)
    Case.objects.filter(pk=case.pk).update(opened_at=new_opened)
    part = Participation.objects.get(pk=part.pk)
    assert (part.case_status, part.case_opened_at) == ("open", new_opened)


def test_index_worklist_equals_visible_cases(vt, police, wijkteam, make_case):
    cases = _cases(vt, make_case, 7)
    close_case(vt, cases[1], "Afgerond")
    close_case(vt, cases[4], "Afgerond")
    services.add_participant(vt, cases[2], "wijkteam-zeist", basis="meldcode", purpose="Hulp aan het gezin")
    services.add_participant(vt, cases[3], "wijkteam-zeist", basis="meldcode", purpose="Hulp aan het gezin")
    services.end_participation(vt, cases[3], "wijkteam-zeist", "Hulp afgerond")
    for user in (vt, wijkteam, police):
        for status in ("open", "gesloten", ""):
            assert _page_numbers(user, status=status) == _plain_numbers(user, status=status), (user, status)
    count, numbers = _page_numbers(wijkteam, status="")
    assert (count, numbers) == (1, [cases[2].number])  # the ended participation gives nothing
    assert _page_numbers(vt, status="open")[0] == 5 and _page_numbers(vt, status="gesloten")[0] == 2
    assert _page_numbers(police, status="")[0] == 0


def test_break_glass_falls_back_to_visible_cases(vt, police, make_case):
    cases = _cases(vt, make_case, 2)
    assert visible_case_index(police) is not None
    services.break_glass(police, cases[0], REASON)
    assert visible_case_index(police) is None
    assert _page_numbers(police, status="") == (1, [cases[0].number])


def test_search_rows_equal_worklist(vt, wijkteam, make_case):
    cases = _cases(vt, make_case, 5)
    close_case(vt, cases[0], "Afgerond")
    services.add_participant(vt, cases[1], "wijkteam-zeist", basis="meldcode", purpose="Hulp aan het gezin")
    for user in (vt, wijkteam):
        for q in ("bakker", "anna2 bakker", "bakker3", "01-01-1980", "pietersen"):
            assert _page_numbers(user, q=q, status="") == _plain_numbers(user, q=q, status=""), (user, q)
    assert _page_numbers(vt, q="bakker", status="")[0] == 5
    assert _page_numbers(vt, q="anna2 bakker", status="") == (1, [cases[2].number])
    assert _page_numbers(wijkteam, q="bakker", status="") == (1, [cases[1].number])
    rows = selectors.worklist_rows(vt, q="bakker", status="")
    assert [c.number for c in rows[2:4]] == _plain_numbers(vt, q="bakker", status="")[1][2:4]
