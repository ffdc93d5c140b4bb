"""A reclassering user runs a BORG group in real Chromium: create a group, plan sessions, add
participants, record attendance (htmx), start, set and measure a SMART goal, complete."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELIGIBLE = {"age": 37, "risc_level": "gemiddeld", "residence_permit": True, "serious_antisocial_violence": False,
            "serious_substance_problem": False, "acknowledges_violence": True, "iq": None,
            "violence_type": "situational", "serious_psychopathology": False, "willing_to_talk": True}


def _trajectory_after_intake(vt, rc, report_input, first, last, framework="gedragsaanwijzing"):
    from veilignet.access.models import LegalBasis
    from veilignet.borg import services
    from veilignet.cases.models import Person
    from veilignet.cases.services import PersonInput, ensure_participation, register_report

    case = register_report(vt, report_input(persons=[
        PersonInput(role="slachtoffer", first_name="Partner", last_name=last, relation="partner"),
        PersonInput(role="pleger", first_name=first, last_name=last, birth_date=date(1984, 4, 4), relation="partner"),
    ])).case
    ensure_participation(case, rc.organisation, basis=LegalBasis.RECLASSERINGSTOEZICHT, purpose="BORG",
                         via="toegevoegd", user=vt)
    person = Person.objects.get(first_name=first, last_name=last)
    t = services.create_trajectory(rc, case, person, arrest_date=timezone.localdate() - timedelta(days=20))
    t = services.assess_eligibility(rc, t, ELIGIBLE)
    t = services.set_framework(rc, t, framework)
    return services.record_intake(rc, t, timezone.localdate() - timedelta(days=6), "groep")


def test_reclassering_runs_a_group(page, live_server, login, make_user, report_input):
    vt = make_user("vt.borg")
    rc = make_user("rc.borg", org="rn-utrecht-b", type_="reclassering", region="utrecht")
    rc.first_name, rc.last_name = "Rita", "Trainer"
    rc.save()
    mark = _trajectory_after_intake(vt, rc, report_input, "Mark", "Visser")
    _trajectory_after_intake(vt, rc, report_input, "Piet", "Smit")
    _trajectory_after_intake(vt, rc, report_input, "Vera", "Wolf", framework="vrijwillig_vt_wijkteam")

    login(page, "rc.borg")
    page.get_by_role("link", name="BORG", exact=True).click()
    page.get_by_role("link", name="Nieuwe groep").click()
    page.get_by_label("Naam van de groep").fill("Dinsdagavond Utrecht")
    page.get_by_label("Kader van de groep").select_option("verplicht")
    page.get_by_label("Rita Trainer").check()
    page.get_by_role("button", name="Groep aanmaken").click()
    page.wait_for_load_state("networkidle")
    assert "Groep Dinsdagavond Utrecht aangemaakt" in page.content()

    first = (timezone.localtime() - timedelta(days=1)).replace(hour=19, minute=0)
    page.get_by_label("Eerste bijeenkomst").fill(first.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Bijeenkomsten plannen").click()
    page.wait_for_load_state("networkidle")
    assert "12 bijeenkomst(en) gepland" in page.content()

    for name in ("Mark Visser", "Piet Smit"):
        option = page.locator("#add_trajectory option", has_text=name).get_attribute("value")
        page.get_by_label("Deelnemer", exact=True).select_option(option)
        page.get_by_label("Instromen in cluster").select_option("1")
        page.get_by_role("button", name="Deelnemer toevoegen").click()
        page.wait_for_load_state("networkidle")
        assert f"{name} is ingestroomd" in page.content()
    assert "norm is 8–12" in page.content()

    # A voluntary participant in this mandatory group: refused, in Dutch, at the field.
    option = page.locator("#add_trajectory option", has_text="Vera Wolf").get_attribute("value")
    page.get_by_label("Deelnemer", exact=True).select_option(option)
    page.get_by_role("button", name="Deelnemer toevoegen").click()
    page.wait_for_load_state("networkidle")
    assert "nooit in één groep" in page.content()

    page.get_by_role("link", name="Aanwezigheid sessie 1").click()
    page.get_by_label("Aanwezigheid Mark Visser").select_option("aanwezig")
    page.get_by_label("Thuisopdracht Mark Visser").select_option("ja")
    page.get_by_label("Aanwezigheid Piet Smit").select_option("afgemeld")
    page.get_by_label("Thuisopdracht voor de volgende keer").fill("Signaleringsplan invullen")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    page.get_by_text("Aanwezigheid van sessie 1 opgeslagen").wait_for()  # swapped in by htmx
    page.get_by_role("link", name="Terug naar de groep").click()
    page.wait_for_load_state("networkidle")
    assert "1 van 1" in page.content()

    page.get_by_role("link", name="Mark Visser").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Startdatum (eerste trainingssessie)").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Training starten").click()
    page.wait_for_load_state("networkidle")
    assert "Training gestart" in page.content()

    page.get_by_label("Doel (specifiek)").fill("Bij oplopende spanning een time-out nemen en later terugkomen")
    page.get_by_label("Hoe wordt het gemeten? (meetbaar)").fill("Logboek en gesprek met partner")
    page.get_by_label("Uiterlijk bereikt op (tijdgebonden)").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Doel toevoegen").click()
    page.wait_for_load_state("networkidle")

    # Completing with an unmeasured goal is refused with a Dutch message.
    page.get_by_role("button", name="Traject afronden").click()
    page.wait_for_load_state("networkidle")
    assert "Meet eerst alle SMART-doelen" in page.content()

    page.get_by_label("Resultaat doel 1").select_option("behaald")
    page.get_by_role("button", name="Meting opslaan").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Vervolg / doorverwijzing").first.fill("Nazorg via wijkteam")
    page.get_by_role("button", name="Traject afronden").click()
    page.wait_for_load_state("networkidle")
    assert "Traject afgerond" in page.content()
    mark.refresh_from_db()
    assert mark.status == "afgerond" and mark.goals_met == 1 and mark.sessions_attended == 1
