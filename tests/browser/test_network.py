"""The network screens in a real browser: the safety plan with its Dutch error, the deadline panel."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_safety_plan_refuses_publishing_without_perpetrator_part_then_publishes(page, live_server, login,
                                                                                make_user, make_case):
    user = make_user("vtplan", "vt-utrecht")
    case = make_case(user, received_at=timezone.now() - timedelta(days=8))
    login(page, "vtplan")
    page.goto(f"{live_server.url}/dossiers/{case.pk}/")
    assert page.get_by_role("heading", name="Termijnen").is_visible()
    assert page.get_by_text("te laat").first.is_visible()  # the 5 working days have passed
    page.get_by_role("link", name="Veiligheidsplan opstellen").click()
    page.get_by_label("Fase 1 — directe veiligheid").fill("Anna verblijft bij haar zus.")
    first = page.locator("fieldset").filter(has_text="Afspraak 1")
    first.get_by_label("Afspraak", exact=True).fill("Dagelijks contact met Anna.")
    first.get_by_label("Eigenaar (organisatie)").select_option("vt-utrecht")
    first.get_by_label("Uiterlijk").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Opslaan en publiceren").click()
    assert page.get_by_text("stoppen van het gedrag van de pleger").first.is_visible()
    page.get_by_label("Het gedrag van de pleger definitief stoppen").fill("Mark naar daderhulp; contactverbod.")
    first = page.locator("fieldset").filter(has_text="Afspraak 1")
    first.get_by_label("Gericht op stoppen van het gedrag van de pleger").check()
    page.get_by_role("button", name="Opslaan en publiceren").click()
    assert page.get_by_text("Versie 1 opgeslagen en gepubliceerd.").is_visible()
    page.goto(f"{live_server.url}/dossiers/{case.pk}/")
    assert page.get_by_text("Afspraak veiligheidsplan: Dagelijks contact met Anna.").is_visible()
