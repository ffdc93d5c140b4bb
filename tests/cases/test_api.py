import pytest
from rest_framework.test import APIClient

from veilignet.access.models import AuditEvent
from veilignet.accounts.services import create_api_token
from veilignet.cases.models import Case, Report

pytestmark = pytest.mark.django_db

REPORT = {
    "ontvangen_op": "2026-11-20T09:30:00+01:00",
    "bron": "burger",
    "categorie": "partnergeweld",
    "omschrijving": "Hij heeft gedreigd haar te vermoorden als ze weggaat.",
    "urgentie": "hoog",
    "personen": [
        {"rol": "slachtoffer", "voornaam": "Fatima", "achternaam": "El Amrani", "geboortedatum": "1991-02-03",
         "geslacht": "v", "bsn": "111222333"},
        {"rol": "pleger", "voornaam": "Karim", "achternaam": "El Amrani", "geboortedatum": "1988-04-05", "geslacht": "m"},
        {"rol": "kind", "voornaam": "Yara", "achternaam": "El Amrani", "geboortedatum": "2019-06-07", "geslacht": "x"},
    ],
    "melder": {"naam": "Buurvrouw", "telefoon": "0612345678", "relatie": "buurvrouw", "identiteit_afschermen": True},
}


def _other_org_client(make_user):
    other = make_user("agent", org="politie-utrecht", type_="politie")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_api_token(other.username)}")
    return client


def test_post_melding_creates_report_and_case(api):
    r = api.post("/api/v1/meldingen", REPORT, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    case = Case.objects.get(pk=body["dossier"])
    assert body["categorie"] == "partnergeweld" and len(body["personen"]) == 3
    assert case.household.members.count() == 3
    assert body["melder"]["identiteit_afschermen"] is True  # the receiving organisation's own worker


def test_idempotency_key_returns_first_result(api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "abc-123"}
    first = api.post("/api/v1/meldingen", REPORT, format="json", **headers)
    again = api.post("/api/v1/meldingen", REPORT, format="json", **headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Report.objects.count() == 1
    changed = dict(REPORT, omschrijving="iets anders")
    conflict = api.post("/api/v1/meldingen", changed, format="json", **headers)
    assert conflict.status_code == 409 and Report.objects.count() == 1


def test_validation_errors_are_per_field_in_dutch_and_save_nothing(api):
    bad = dict(REPORT, omschrijving="", bron="onbekend-org",
               personen=[{"rol": "slachtoffer", "voornaam": "A", "achternaam": "B", "bsn": "123456789"}])
    r = api.post("/api/v1/meldingen", bad, format="json")
    assert r.status_code == 400
    params = r.json()["invalidParams"]
    assert "elfproef" in " ".join(params["personen[0].bsn"])
    assert "Onbekende organisatie" in " ".join(params["bron"])
    assert "verplicht" in " ".join(params["omschrijving"])
    assert Report.objects.count() == 0 and Case.objects.count() == 0


def test_unknown_code_values_are_refused_with_the_allowed_list(api):
    r = api.post("/api/v1/meldingen", dict(REPORT, categorie="burenruzie"), format="json")
    assert r.status_code == 400
    assert "Kies uit" in " ".join(r.json()["invalidParams"]["categorie"])


def test_future_date_refused(api):
    r = api.post("/api/v1/meldingen", dict(REPORT, ontvangen_op="2099-01-01T00:00:00Z"), format="json")
    assert r.status_code == 400 and "ontvangen_op" in r.json()["invalidParams"]


def test_dossiers_list_and_detail(api):
    case_id = api.post("/api/v1/meldingen", REPORT, format="json").json()["dossier"]
    listing = api.get("/api/v1/dossiers").json()
    assert [c["id"] for c in listing["results"]] == [case_id]
    detail = api.get(f"/api/v1/dossiers/{case_id}")
    assert detail.status_code == 200 and detail["ETag"] == '"1"'
    assert {p["voornaam"] for p in detail.json()["personen"]} == {"Fatima", "Karim", "Yara"}
    assert AuditEvent.objects.filter(action="read", object_type="case", object_id=case_id, channel="api").exists()


def test_other_organisation_gets_404_and_sees_no_reporter(api, make_user):
    case_id = api.post("/api/v1/meldingen", REPORT, format="json").json()["dossier"]
    other = _other_org_client(make_user)
    assert other.get(f"/api/v1/dossiers/{case_id}").status_code == 404
    assert other.get("/api/v1/dossiers").json()["count"] == 0
    assert other.get("/api/v1/personen?q=El Amrani").json()["count"] == 0


def test_person_search_by_name_birth_date_and_bsn(api):
    api.post("/api/v1/meldingen", REPORT, format="json")
    assert api.get("/api/v1/personen?q=fatima").json()["count"] == 1
    assert api.get("/api/v1/personen?q=el amr").json()["count"] == 3
    assert api.get("/api/v1/personen?q=amrani").json()["count"] == 3  # the surname's last word
    assert api.get("/api/v1/personen?q=karim amr").json()["count"] == 1
    assert api.get("/api/v1/personen?q=mrani").json()["count"] == 0  # prefixes only
    assert api.get("/api/v1/personen?q=03-02-1991").json()["count"] == 1
    assert api.get("/api/v1/personen?q=111222333").json()["results"][0]["voornaam"] == "Fatima"


def test_missing_or_forged_token_is_401_and_reveals_nothing():
    client = APIClient()
    assert client.get("/api/v1/dossiers").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token forged0000000000000000000000000000000000")
    r = client.get("/api/v1/dossiers")
    assert r.status_code == 401 and "results" not in r.json()


def test_openapi_schema_lists_the_code_lists(client):
    r = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    text = r.content.decode()
    assert "/api/v1/meldingen" in text and "ex_partnergeweld" in text and "slachtoffer" in text


def test_person_search_is_bounded_and_says_so(api, monkeypatch):
    from veilignet.cases import selectors

    api.post("/api/v1/meldingen", REPORT, format="json")  # three El Amrani's
    assert api.get("/api/v1/personen?q=amrani").json()["afgekapt"] is False
    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    body = api.get("/api/v1/personen?q=amrani").json()
    assert body["count"] == 2 and len(body["results"]) == 2 and body["afgekapt"] is True
    assert api.get("/api/v1/personen?q=fatima").json()["afgekapt"] is False


def test_person_search_schema_documents_afgekapt(client):
    r = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert "afgekapt" in r.content.decode()
