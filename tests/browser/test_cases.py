"""Log in, register a report, find it on the worklist, open the case — in real Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_report_and_find_it(page, live_server, login, make_user):
    make_user("vt.browser")
    login(page, "vt.browser")
    assert page.get_by_role("heading", name="Werklijst").is_visible() or "Werklijst" in page.content()

    page.get_by_role("link", name="Melding registreren").click()
    page.get_by_label("Categorie").select_option("partnergeweld")
    page.get_by_label("Urgentie").select_option("hoog")
    page.get_by_label("Omschrijving").fill("Zij vertelt dat hij haar keel dichtkneep en dreigde haar te vermoorden.")
    row0 = page.locator("fieldset.person-row").nth(0)
    row0.get_by_label("Rol").select_option("slachtoffer")
    row0.get_by_label("Voornaam").fill("Sanne")
    row0.get_by_label("Achternaam").fill("Koster")
    row0.get_by_label("Geboortedatum").fill("1992-05-17")
    row0.get_by_label("BSN").fill("111222333")
    row1 = page.locator("fieldset.person-row").nth(1)
    row1.get_by_label("Rol").select_option("pleger")
    row1.get_by_label("Voornaam").fill("Bas")
    row1.get_by_label("Achternaam").fill("Koster")
    page.get_by_label("Identiteit van de melder afschermen voor de betrokkenen").check()
    page.get_by_role("button", name="Melding registreren").click()
    page.wait_for_load_state("networkidle")
    assert "Melding geregistreerd in dossier" in page.content()
    number = page.locator("h1").inner_text().split()[1]

    page.get_by_role("link", name="Werklijst").click()
    page.get_by_label("Zoeken (naam, geboortedatum, BSN of dossiernummer)").fill("Koster")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=number).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith(f"Dossier {number}")
    assert "Sanne Koster" in page.content() and "Bas Koster" in page.content()


def test_bad_bsn_is_shown_at_the_field(page, live_server, login, make_user):
    make_user("vt.browser2")
    login(page, "vt.browser2")
    page.goto(f"{live_server.url}/dossiers/melding/nieuw/")
    page.get_by_label("Omschrijving").fill("Test")
    row0 = page.locator("fieldset.person-row").nth(0)
    row0.get_by_label("Rol").select_option("slachtoffer")
    row0.get_by_label("Achternaam").fill("Test")
    row0.get_by_label("BSN").fill("123456789")
    page.get_by_role("button", name="Melding registreren").click()
    page.wait_for_load_state("networkidle")
    assert "elfproef" in row0.inner_text()
