"""The privacy officer's screens: who saw this case / this person, the access log PDF (AVG inzage)."""

import pytest

from veilignet.access import services
from veilignet.access.models import AuditEvent
from veilignet.access.views import access_log_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(vt, wijkteam, case, client, api):
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Ondersteuning gezin")
    api(wijkteam, "get", f"/api/v1/dossiers/{case.pk}")
    client.force_login(vt)
    client.get(f"/dossiers/{case.pk}/")
    client.logout()
    return case


def test_who_saw_this_case_with_filters(seen, vt_officer, client):
    client.force_login(vt_officer)
    page = client.get(f"/toegang/fg/dossier/{seen.pk}/").content.decode()
    assert "wt1" in page and "wijkteam-zeist" in page and "Ondersteuning gezin" in page and "vt1" in page
    filtered = client.get(f"/toegang/fg/dossier/{seen.pk}/", {"organisatie": "wijkteam-zeist"}).content.decode()
    assert "wt1" in filtered and "<td>vt1</td>" not in filtered
    by_action = client.get(f"/toegang/fg/dossier/{seen.pk}/", {"actie": "read_reporter"}).content.decode()
    assert "<td>vt1</td>" in by_action and "<td>wt1</td>" not in by_action
    assert AuditEvent.objects.filter(username="fg-vt", action="read", object_type="audit").exists()


def test_officer_search_finds_case_and_person(seen, vt_officer, client):
    client.force_login(vt_officer)
    page = client.get("/toegang/fg/", {"q": seen.number}).content.decode()
    assert f"/toegang/fg/dossier/{seen.pk}/" in page
    page = client.get("/toegang/fg/", {"q": "111222333"}).content.decode()
    person = seen.household.members.get(person__bsn="111222333").person
    assert f"/toegang/fg/persoon/{person.pk}/" in page


def test_person_log_and_pdf(seen, vt_officer, client):
    person = seen.household.members.get(person__bsn="111222333").person
    client.force_login(vt_officer)
    page = client.get(f"/toegang/fg/persoon/{person.pk}/").content.decode()
    assert "wt1" in page and "vt1" in page
    response = client.get(f"/toegang/fg/persoon/{person.pk}/inzage.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", person_id=person.pk, purpose="AVG inzageverzoek").exists()
    from veilignet.access.selectors import audit_for_person

    _, events = audit_for_person(vt_officer, person.pk)
    rows = dict(access_log_rows(events))
    assert "Wijkteam Zeist" in dict(rows["Ondersteuning gezin"])
    assert "Vt Utrecht" in dict(rows["Behandeling van de melding"])


def test_officer_of_unrelated_org_sees_nothing(seen, make_user, client):
    other = make_user("fg-pol", org="politie-utrecht", roles=("privacy_officer",), type_="politie")
    client.force_login(other)
    assert client.get(f"/toegang/fg/dossier/{seen.pk}/").status_code == 404
    person = seen.household.members.first().person
    assert client.get(f"/toegang/fg/persoon/{person.pk}/").status_code == 404
    assert client.get(f"/toegang/fg/persoon/{person.pk}/inzage.pdf").status_code == 404
    result = client.get("/toegang/fg/", {"q": seen.number}).content.decode()
    assert f"/toegang/fg/dossier/{seen.pk}/" not in result and "Niets gevonden" in result


def test_ended_participation_officer_still_answers_for_past_reads(seen, vt, make_user, client):
    officer = make_user("fg-wt", org="wijkteam-zeist", roles=("privacy_officer",), type_="gemeente")
    services.end_participation(vt, seen, "wijkteam-zeist")
    client.force_login(officer)
    assert client.get(f"/toegang/fg/dossier/{seen.pk}/").status_code == 200
    assert client.get(f"/dossiers/{seen.pk}/").status_code == 404  # but no case data any more
