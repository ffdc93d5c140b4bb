"""Reporter protection end to end (issue 3 §2): the protected reporter never reaches another
organisation through a page or the API; the receiving organisation's workers see it, audited."""

import pytest

from veilignet.access import services
from veilignet.access.models import AuditEvent

pytestmark = pytest.mark.django_db

NAME, PHONE = "Geheime Melder", "0611122233"


@pytest.fixture
def reported(vt, wijkteam, police, api):
    payload = {
        "ontvangen_op": "2026-01-05T10:00:00+01:00", "bron": "burger", "categorie": "partnergeweld",
        "omschrijving": "Buurman hoort slaan en schreeuwen.", "urgentie": "hoog",
        "personen": [{"rol": "slachtoffer", "voornaam": "Sara", "achternaam": "Bakker"},
                     {"rol": "pleger", "voornaam": "Tom", "achternaam": "Bakker"}],
        "melder": {"naam": NAME, "telefoon": PHONE, "relatie": "buurman", "identiteit_afschermen": True},
    }
    response = api(vt, "post", "/api/v1/meldingen", payload)
    assert response.status_code == 201, response.content
    assert response.json()["melder"]["identiteit_afschermen"] is True
    from veilignet.cases.models import Report

    report = Report.objects.get(pk=response.json()["id"])
    services.add_participant(vt, report.case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    services.break_glass(police, report.case, "Acuut: melding van geweld met wapen, agenten onderweg")
    return report


def _texts(user, report, client, api):
    case = report.case
    client.force_login(user)
    yield "api dossier", api(user, "get", f"/api/v1/dossiers/{case.pk}").content.decode()
    yield "api melding", api(user, "get", f"/api/v1/meldingen/{report.pk}").content.decode()
    yield "api lijst", api(user, "get", "/api/v1/dossiers").content.decode()
    yield "api deelnemers", api(user, "get", f"/api/v1/dossiers/{case.pk}/deelnemers").content.decode()
    yield "pagina dossier", client.get(f"/dossiers/{case.pk}/").content.decode()
    yield "pagina deelnemers", client.get(f"/toegang/dossier/{case.pk}/deelnemers/").content.decode()
    yield "werklijst", client.get("/dossiers/").content.decode()


def test_other_organisations_never_see_the_reporter(reported, wijkteam, police, client, api):
    for user in (wijkteam, police):
        for where, text in _texts(user, reported, client, api):
            assert NAME not in text and PHONE not in text, f"{user.username}: {where}"
    assert not AuditEvent.objects.filter(action="read_reporter", username__in=["wt1", "pol1"]).exists()


def test_receiving_workers_see_it_and_it_is_audited(reported, vt, make_user, client, api):
    before = AuditEvent.objects.filter(action="read_reporter").count()
    texts = dict(_texts(vt, reported, client, api))
    assert NAME in texts["api melding"] and NAME in texts["api dossier"] and NAME in texts["pagina dossier"]
    assert NAME not in texts["werklijst"] and NAME not in texts["api lijst"]
    assert AuditEvent.objects.filter(action="read_reporter", username="vt1").count() - before == 3
    # A role that does not call reporters back (privacy officer, administrator) does not see it.
    for roles in (("privacy_officer",), ("beheerder",)):
        other = make_user(f"vt-{roles[0]}", org="vt-utrecht", roles=roles)
        for where, text in _texts(other, reported, client, api):
            assert NAME not in text, f"{roles}: {where}"


def test_receiving_org_loses_it_when_participation_ends(reported, vt, make_user, api):
    from veilignet.access.models import Participation
    from veilignet.access.selectors import can_see_reporter

    assert can_see_reporter(vt, reported)
    # Even a Veilig Thuis organisation given the 'melder' scope is not the receiving organisation.
    other_vt = make_user("vt-gooi1", org="vt-gooi", type_="veilig_thuis", region="gooi-en-vechtstreek")
    services.add_participant(vt, reported.case, "vt-gooi", basis="wmo_veilig_thuis", purpose="Overdracht",
                             scope=["basis", "melder"])
    assert not can_see_reporter(other_vt, reported)
    # After a handover the receiving organisation's participation ends (network app): no more reporter.
    from django.utils import timezone

    Participation.objects.filter(case=reported.case, organisation=vt.organisation).update(ended_at=timezone.now())
    assert not can_see_reporter(vt, reported)
    assert api(vt, "get", f"/api/v1/meldingen/{reported.pk}").status_code == 404
