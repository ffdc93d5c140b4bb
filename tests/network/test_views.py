"""Pages, API and the wiring to the risk app."""

from datetime import datetime, timedelta
from io import StringIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from veilignet.cases.models import Case
from veilignet.network import hooks, services
from veilignet.network.models import Deadline, Notification, NotificationPreference, Term, WaitingListSnapshot

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_case, vt_user):
    return make_case(vt_user, received_at=timezone.now() - timedelta(days=10))


def test_case_page_panel_and_actions(client, case, vt_user):
    client.force_login(vt_user)
    page = client.get(f"/dossiers/{case.pk}/").content.decode()
    assert "Termijnen" in page and "Veiligheidsbeoordeling afgerond" in page and "Veiligheidsplan" in page
    assert client.post(f"/netwerk/dossiers/{case.pk}/veiligheidsbeoordeling/").status_code == 302
    assert Deadline.objects.get(case=case, kind="vt_safety_assessment").status == "met"
    d = Deadline.objects.get(case=case, kind="serious_followup")
    url = f"/netwerk/dossiers/{case.pk}/termijnen/{d.pk}/"
    client.post(url, {"action": "waive", "reason": ""})
    d.refresh_from_db()
    assert d.status == "open"  # no reason: refused
    client.post(url, {"action": "waive", "reason": "Contact via politie gelegd."})
    d.refresh_from_db()
    assert d.status == "waived" and d.waive_reason == "Contact via politie gelegd."


def test_outsider_gets_404_on_case_pages(client, case, make_user):
    stranger = make_user("buiten", "politie-elders", type_="politie")
    client.force_login(stranger)
    for url in [f"/netwerk/dossiers/{case.pk}/veiligheidsplan/", f"/netwerk/dossiers/{case.pk}/overdracht/",
                f"/netwerk/dossiers/{case.pk}/maatregel/", f"/netwerk/dossiers/{case.pk}/veiligheidsplan/pdf/"]:
        assert client.get(url).status_code == 404, url
    d = Deadline.objects.filter(case=case).first()
    assert client.post(f"/netwerk/dossiers/{case.pk}/termijnen/{d.pk}/", {"action": "complete"}).status_code == 404


def test_worklists_show_only_own_and_visible(client, case, vt_user, vt_lead, make_user, make_case):
    other = make_user("ander", "vt-amsterdam", region="amsterdam-amstelland")
    make_case(other, received_at=timezone.now() - timedelta(days=10), persons=[
        services_person("slachtoffer", "Eva", "Bakker"), services_person("pleger", "Tom", "Bakker")])
    call_command("deadlines", format="json", stdout=StringIO())
    client.force_login(vt_lead)
    team = client.get("/netwerk/team/").content.decode()
    assert case.number in team and "te laat" in team
    assert "Bakker" not in team and Case.objects.exclude(pk=case.pk).get().number not in team
    client.force_login(vt_user)
    services.schedule_deadline(case, "spreekuur", vt_user.organisation, owner=vt_user, source_ref="x")
    tasks = client.get("/netwerk/").content.decode()
    assert "Spreekuur" in tasks and case.number in tasks


def services_person(role, first, last):
    from veilignet.cases.services import PersonInput

    return PersonInput(role=role, first_name=first, last_name=last)


def test_waiting_list_counts_and_chart_history(client, case, vt_user):
    call_command("deadlines", now=(timezone.now() - timedelta(days=1)).isoformat(), format="json", stdout=StringIO())
    call_command("deadlines", format="json", stdout=StringIO())
    snaps = list(WaitingListSnapshot.objects.filter(region="utrecht").values_list("waiting", "over_term"))
    assert snaps == [(1, 1), (1, 1)]  # two days of history, one report over its 5 working days
    client.force_login(vt_user)
    page = client.get("/netwerk/wachtlijst/").content.decode()
    assert case.number in page and "over de termijn" in page
    svg = client.get("/netwerk/wachtlijst/grafiek.svg?regio=utrecht")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_terms_page_beheerder_only_with_dutch_errors(client, make_user):
    worker = make_user("mw", "vt-utrecht")
    admin = make_user("beheer", "vt-utrecht", roles=("beheerder",))
    client.force_login(worker)
    assert client.post("/netwerk/termijnen/", {"kind": "spreekuur", "amount": "3", "unit": "kalenderdagen",
                                               "warn_hours": "24"}).status_code == 403
    client.force_login(admin)
    bad = client.post("/netwerk/termijnen/", {"kind": "spreekuur", "amount": "-5", "unit": "kalenderdagen",
                                              "warn_hours": "24"})
    assert bad.status_code == 200 and "Een termijn kan niet negatief zijn." in bad.content.decode()
    assert Term.objects.get(kind="spreekuur", region="").amount == 14
    ok = client.post("/netwerk/termijnen/", {"kind": "spreekuur", "region": "utrecht", "amount": "10",
                                             "unit": "kalenderdagen", "warn_hours": "24"})
    assert ok.status_code == 302 and Term.objects.get(kind="spreekuur", region="utrecht").amount == 10


def test_notifications_and_preferences(client, case, vt_user, vt_lead):
    call_command("deadlines", format="json", stdout=StringIO())
    client.force_login(vt_lead)
    note = Notification.objects.filter(recipient=vt_lead).first()
    assert "Berichten (" in client.get("/netwerk/berichten/").content.decode()
    response = client.get(f"/netwerk/berichten/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{case.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(vt_user)
    assert client.get(f"/netwerk/berichten/{note.pk}/").status_code == 404  # not yours
    client.post("/netwerk/voorkeuren/", {"email_mode": "none"})
    assert NotificationPreference.objects.get(user=vt_user).email_mode == "none"


def test_termijnen_api(client, case, vt_user, make_user):
    from veilignet.accounts.models import ApiToken

    _, raw = ApiToken.issue(vt_user)
    response = client.get("/api/v1/termijnen", HTTP_AUTHORIZATION=f"Token {raw}")
    if response.status_code == 301:  # shared router still wants a trailing slash
        response = client.get("/api/v1/termijnen/", HTTP_AUTHORIZATION=f"Token {raw}")
    kinds = {row["soort"] for row in response.json()["results"]}
    assert kinds == {"vt_safety_assessment", "vt_investigation", "serious_followup"}
    stranger = make_user("buiten", "politie-elders", type_="politie")
    _, raw2 = ApiToken.issue(stranger)
    response = client.get("/api/v1/termijnen/?alle=1", HTTP_AUTHORIZATION=f"Token {raw2}")
    assert response.json()["results"] == []
    assert client.get(f"/api/v1/dossiers/{case.pk}/veiligheidsplan",
                      HTTP_AUTHORIZATION=f"Token {raw2}").status_code == 404


def test_finalised_risk_assessment_meets_vt_safety_assessment(case, vt_user, make_user):
    police = make_user("agent", "politie-utrecht", type_="politie")
    old = services.schedule_deadline(case, "reassessment", vt_user.organisation, source_ref="risk:old",
                                     due=timezone.now() + timedelta(days=30))
    finalised = timezone.now()
    draft = SimpleNamespace(pk="a0", case_id=case.pk, organisation_id=vt_user.organisation_id, is_draft=True,
                            finalised_at=None)
    hooks._on_assessment_saved(None, draft)
    assert Deadline.objects.get(case=case, kind="vt_safety_assessment").status == "open"
    by_police = SimpleNamespace(pk="a1", case_id=case.pk, organisation_id=police.organisation_id, is_draft=False,
                                finalised_at=finalised)
    hooks._on_assessment_saved(None, by_police)
    assert Deadline.objects.get(case=case, kind="vt_safety_assessment").status == "open"  # not VT's
    by_vt = SimpleNamespace(pk="a2", case_id=case.pk, organisation_id=vt_user.organisation_id, is_draft=False,
                            finalised_at=finalised)
    hooks._on_assessment_saved(None, by_vt)
    assert Deadline.objects.get(case=case, kind="vt_safety_assessment").status == "met"
    old.refresh_from_db()
    assert old.status == "met"


def test_risk_app_model_is_wired():
    models = hooks.risk_assessment_models()
    if not models:
        pytest.skip("the risk app has no assessment model yet")
    from django.db.models.signals import post_save

    assert any(post_save.has_listeners(m) for m in models)


def test_measure_page(client, case, vt_user):
    client.force_login(vt_user)
    response = client.post(f"/netwerk/dossiers/{case.pk}/maatregel/", {
        "kind": "aanhouding", "starts_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    assert Deadline.objects.filter(case=case, kind="spreekuur").exists()
    future = client.post(f"/netwerk/dossiers/{case.pk}/maatregel/", {
        "kind": "huisverbod", "starts_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")})
    assert "ligt in de toekomst" in future.content.decode()


def test_deadlines_json_due_uses_local_offset(case):
    out = StringIO()
    call_command("deadlines", now="2026-01-01T00:00:00+01:00", format="json", stdout=out)
    import json

    rows = json.loads(out.getvalue())
    assert all(datetime.fromisoformat(r["due"]).tzinfo is not None for r in rows)
    assert all(r["overdue"] is False and r["status"] == "open" for r in rows)
    assert {r["dossier"] for r in rows} == {str(case.pk)}


def test_backfilled_history_matches_the_deadlines(case, vt_user):
    from veilignet.network.selectors import backfill_snapshots

    made = backfill_snapshots(12)
    snaps = list(WaitingListSnapshot.objects.filter(region="utrecht").order_by("day"))
    # the report came in 10 days ago: waiting from then on, over term after 5 working days
    assert made == len(snaps) == 10
    assert all(s.waiting == 1 for s in snaps)
    assert snaps[0].over_term == 0 and snaps[-1].over_term == 1
