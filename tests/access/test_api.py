"""The API: participants, the audit endpoint, tokens (issue 3 §6)."""

import pytest

from veilignet.access import services
from veilignet.access.models import AuditEvent, Participation

pytestmark = pytest.mark.django_db


def url(case, org=None):
    return f"/api/v1/dossiers/{case.pk}/deelnemers" + (f"/{org}" if org else "")


def test_second_org_sees_case_only_after_being_added(vt, wijkteam, vt_officer, case, api):
    assert api(wijkteam, "get", f"/api/v1/dossiers/{case.pk}").status_code == 404
    assert api(wijkteam, "get", url(case)).status_code == 404
    ids = [row["id"] for row in api(wijkteam, "get", "/api/v1/dossiers").json()["results"]]
    assert str(case.pk) not in ids

    response = api(vt, "post", url(case), {"organisatie": "wijkteam-zeist", "grondslag": "meldcode",
                                            "doel": "Ondersteuning van het gezin"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisatie"] == "wijkteam-zeist" and body["grondslag"] == "meldcode"
    assert "melder" not in body["reikwijdte"] and body["tot"] is None

    detail = api(wijkteam, "get", f"/api/v1/dossiers/{case.pk}")
    assert detail.status_code == 200
    # The privacy officer sees that read, with the username.
    log = api(vt_officer, "get", f"/api/v1/audit?dossier={case.pk}").json()["results"]
    reads = [e for e in log if e["gebruiker"] == "wt1" and e["actie"] == "read" and e["objecttype"] == "case"]
    assert reads and reads[0]["organisatie"] == "wijkteam-zeist" and reads[0]["kanaal"] == "api"
    assert reads[0]["doel"] == "Ondersteuning van het gezin" and reads[0]["sessie"].startswith("token:")

    listed = api(vt, "get", url(case)).json()
    assert [p["organisatie"] for p in listed] == ["vt-utrecht", "wijkteam-zeist"]

    assert api(vt, "delete", url(case, "wijkteam-zeist")).status_code == 204
    assert api(wijkteam, "get", f"/api/v1/dossiers/{case.pk}").status_code == 404
    assert Participation.objects.filter(organisation__code="wijkteam-zeist", ended_at__isnull=False).exists()


@pytest.mark.parametrize("payload,field,fragment", [
    ({"organisatie": "wijkteam-zeist", "grondslag": "nieuwsgierigheid", "doel": "x"}, "grondslag",
     "Onbekende grondslag"),
    ({"organisatie": "wijkteam-zeist", "grondslag": "meldcode", "doel": ""}, "doel", "doel"),
    ({"organisatie": "wijkteam-zeist", "grondslag": "meldcode", "doel": "x", "reikwijdte": ["alles"]},
     "reikwijdte", "Onbekend onderdeel"),
    ({"organisatie": "wijkteam-zeist", "grondslag": "meldcode", "doel": "x", "reikwijdte": ["melder"]},
     "reikwijdte", "Veilig Thuis"),
    ({"organisatie": "onbekend", "grondslag": "meldcode", "doel": "x"}, "organisatie", "Onbekende organisatie"),
])
def test_bad_input_400_dutch(vt, wijkteam, case, api, payload, field, fragment):
    before = (Participation.objects.count(), AuditEvent.objects.filter(object_type="participation").count())
    response = api(vt, "post", url(case), payload)
    assert response.status_code == 400
    assert fragment in str(response.json()["invalidParams"][field])
    assert (Participation.objects.count(), AuditEvent.objects.filter(object_type="participation").count()) == before


def test_closed_case_400(vt, wijkteam, case, api):
    from veilignet.cases.services import close_case

    close_case(vt, case, "Klaar")
    response = api(vt, "post", url(case), {"organisatie": "wijkteam-zeist", "grondslag": "meldcode", "doel": "x"})
    assert response.status_code == 400 and "gesloten" in str(response.json()["invalidParams"]["dossier"])


def test_only_lead_may_add_and_end(vt, wijkteam, police, case, api):
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    response = api(wijkteam, "post", url(case), {"organisatie": "politie-utrecht", "grondslag": "strafrecht",
                                                  "doel": "Onderzoek"})
    assert response.status_code == 403
    assert api(police, "post", url(case), {"organisatie": "politie-utrecht", "grondslag": "strafrecht",
                                            "doel": "x"}).status_code == 404
    assert api(wijkteam, "delete", url(case, "vt-utrecht")).status_code == 403
    assert api(police, "delete", url(case, "wijkteam-zeist")).status_code == 404
    assert not Participation.objects.filter(organisation__code="politie-utrecht").exists()


def test_idempotent_create(vt, wijkteam, case, api):
    payload = {"organisatie": "wijkteam-zeist", "grondslag": "meldcode", "doel": "Hulp"}
    first = api(vt, "post", url(case), payload, HTTP_IDEMPOTENCY_KEY="abc")
    second = api(vt, "post", url(case), payload, HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert Participation.objects.filter(organisation__code="wijkteam-zeist").count() == 1


def test_audit_endpoint_privacy_officer_only(vt, wijkteam, vt_officer, make_user, case, api):
    assert api(vt, "get", f"/api/v1/audit?dossier={case.pk}").status_code == 403
    assert api(wijkteam, "get", f"/api/v1/audit?dossier={case.pk}").status_code == 403
    other_officer = make_user("fg-wt", org="wijkteam-zeist", roles=("privacy_officer",), type_="gemeente")
    assert api(other_officer, "get", f"/api/v1/audit?dossier={case.pk}").status_code == 404
    assert api(vt_officer, "get", "/api/v1/audit?dossier=geen-uuid").status_code == 404
    assert api(vt_officer, "get", "/api/v1/audit").status_code == 400
    ok = api(vt_officer, "get", f"/api/v1/audit?dossier={case.pk}")
    assert ok.status_code == 200
    assert all(e["dossier"] == str(case.pk) for e in ok.json()["results"])
    assert AuditEvent.objects.filter(action="read", object_type="audit", username="fg-vt").exists()
    person = case.household.members.first().person
    by_person = api(vt_officer, "get", f"/api/v1/audit?persoon={person.pk}")
    assert by_person.status_code == 200 and by_person.json()["count"] >= 1


def test_missing_or_forged_token_401(case, client):
    assert client.get(f"/api/v1/dossiers/{case.pk}/deelnemers").status_code == 401
    response = client.get(f"/api/v1/dossiers/{case.pk}/deelnemers", HTTP_AUTHORIZATION="Token vervalst")
    assert response.status_code == 401 and str(case.pk) not in response.content.decode()
    assert client.get(f"/api/v1/audit?dossier={case.pk}", HTTP_AUTHORIZATION="Token x").status_code == 401


def test_enums_in_openapi_schema(vt, client):
    client.force_login(vt)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/dossiers/{case_id}/deelnemers" in schema
    for code in ("wmo_veilig_thuis", "reclasseringstoezicht", "vitaal_belang", "melder", "pleger"):
        assert code in schema
