import pytest

from veilignet.cases.models import Case, Report

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {"received_at": "2026-11-20T10:00", "source": "burger", "category": "partnergeweld", "urgency": "hoog",
            "description": "Hij heeft haar gewurgd.", "p-TOTAL_FORMS": "4", "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "4", "p-MAX_NUM_FORMS": "12",
            "p-0-role": "slachtoffer", "p-0-first_name": "Anna", "p-0-last_name": "Jansen",
            "p-0-birth_date": "1990-01-02", "p-0-gender": "v", "p-0-relation": "partner",
            "p-1-role": "pleger", "p-1-first_name": "Piet", "p-1-last_name": "Jansen", "p-1-gender": "m",
            "p-1-relation": "partner"}
    for i in (2, 3):
        data.update({f"p-{i}-gender": "o", f"p-{i}-relation": "overig"})
    data.update(overrides)
    return data


def test_register_report_through_the_form(client, make_user):
    client.force_login(make_user())
    r = client.post("/dossiers/melding/nieuw/", _form())
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/dossiers/{case.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert "Anna Jansen" in page and "Piet Jansen" in page


def test_form_shows_bsn_error_at_the_field_and_saves_nothing(client, make_user):
    client.force_login(make_user())
    r = client.post("/dossiers/melding/nieuw/", _form(**{"p-0-bsn": "123456789"}))
    assert r.status_code == 200
    assert "elfproef" in r.content.decode()
    assert Report.objects.count() == 0


def test_form_without_victim_is_refused(client, make_user):
    client.force_login(make_user())
    r = client.post("/dossiers/melding/nieuw/", _form(**{"p-0-role": "overig"}))
    assert "ten minste één slachtoffer" in r.content.decode()
    assert Report.objects.count() == 0


def test_worklist_search_and_other_organisation_404(client, make_user, make_case):
    vt = make_user()
    case = make_case(vt)
    client.force_login(vt)
    assert case.number in client.get("/dossiers/?q=de vries").content.decode()
    assert case.number not in client.get("/dossiers/?q=pietersen").content.decode()
    assert case.number in client.get("/dossiers/?q=04-03-1990").content.decode()
    other = make_user("agent", org="politie-utrecht", type_="politie")
    client.force_login(other)
    assert client.get(f"/dossiers/{case.pk}/").status_code == 404
    assert case.number not in client.get("/dossiers/?status=").content.decode()


def test_note_close_and_stale_version(client, make_user, make_case):
    vt = make_user()
    case = make_case(vt)
    client.force_login(vt)
    client.post(f"/dossiers/{case.pk}/notitie/", {"body": "Gesprek gehad met moeder."})
    assert case.notes.count() == 1
    client.post(f"/dossiers/{case.pk}/sluiten/", {"reason": "klaar", "version": case.version + 5})
    case.refresh_from_db()
    assert case.status == "open"  # stale version refused
    client.post(f"/dossiers/{case.pk}/sluiten/", {"reason": "klaar", "version": case.version})
    case.refresh_from_db()
    assert case.status == "gesloten"


def test_login_page_is_dutch_and_requires_login(client):
    r = client.get("/dossiers/")
    assert r.status_code == 302 and "/account/inloggen/" in r["Location"]
    assert "Inloggen bij VeiligNet" in client.get("/account/inloggen/").content.decode()


def test_worklist_search_with_more_than_the_limit_says_so(client, make_user, make_case, monkeypatch):
    from datetime import date

    from veilignet.cases import selectors
    from veilignet.cases.services import PersonInput

    vt = make_user()
    cases = [make_case(vt, persons=[PersonInput(role="slachtoffer", first_name=name, last_name="de Vries",
                                                birth_date=date(1990, 1, day), gender="v")])
             for day, name in enumerate(["Anna", "Bea", "Carla"], start=1)]  # three households named De Vries
    assert len({c.pk for c in cases}) == 3
    client.force_login(vt)
    page = client.get("/dossiers/?q=de vries").content.decode()
    assert "Meer dan" not in page and all(c.number in page for c in cases)
    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    page = client.get("/dossiers/?q=de vries").content.decode()
    assert "Meer dan 2 dossiers gevonden" in page
    assert sum(c.number in page for c in cases) == 2
