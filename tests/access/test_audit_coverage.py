"""Every read of a case, person or reporter identity is audited, on pages and in the API
(issue 3 §4). Who, which organisation, when, what, purpose, session or token."""

import pytest

from veilignet.access.models import AuditEvent

pytestmark = pytest.mark.django_db


def events(**filters):
    return AuditEvent.objects.filter(**filters)


def test_case_page_audits_case_persons_and_reporter(vt, case, client):
    client.force_login(vt)
    start = AuditEvent.objects.count()
    assert client.get(f"/dossiers/{case.pk}/").status_code == 200
    new = AuditEvent.objects.filter(id__gt=AuditEvent.objects.order_by("id")[start - 1].id if start else 0)
    kinds = {(e.action, e.object_type) for e in new}
    assert {("read", "case"), ("read", "person"), ("read_reporter", "reporter")} <= kinds
    persons = {e.person_id for e in new.filter(object_type="person")}
    assert persons == set(case.household.members.values_list("person_id", flat=True))
    assert all(e.username == "vt1" and e.channel == "web" and e.session_ref for e in new)


def test_api_reads_audited_with_token(vt, case, api):
    api(vt, "get", f"/api/v1/dossiers/{case.pk}")
    read = events(action="read", object_type="case", case_id=case.pk).latest("id")
    assert read.channel == "api" and read.session_ref.startswith("token:") and read.purpose
    api(vt, "get", f"/api/v1/meldingen/{case.reports.get().pk}")
    assert events(action="read", object_type="report", case_id=case.pk).exists()
    assert events(action="read_reporter", case_id=case.pk, channel="api").count() >= 2
    api(vt, "get", "/api/v1/personen?q=111222333")
    assert events(action="read", object_type="person", channel="api").exists()


def test_api_case_detail_audits_person_reads(vt, case, api):
    api(vt, "get", f"/api/v1/dossiers/{case.pk}")
    assert events(action="read", object_type="person", case_id=case.pk, channel="api").exists()


def test_worklist_page_is_audited(vt, case, client):
    client.force_login(vt)
    client.get("/dossiers/")
    assert events(object_type="case", action__in=["list", "search"], channel="web").exists()


def test_denied_reads_leave_no_read_entry(wijkteam, case, client, api):
    client.force_login(wijkteam)
    assert client.get(f"/dossiers/{case.pk}/").status_code == 404
    assert api(wijkteam, "get", f"/api/v1/dossiers/{case.pk}").status_code == 404
    assert not events(username="wt1", action="read", case_id=case.pk).exists()


def test_writes_audited(vt, wijkteam, case, client):
    from veilignet.access import services
    from veilignet.cases.services import add_note, close_case

    add_note(vt, case, "Gesprek gevoerd")
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    close_case(vt, case, "Afgerond")
    got = set(events(case_id=case.pk).values_list("action", "object_type"))
    assert {("create", "report"), ("create", "note"), ("create", "participation"), ("update", "case")} <= got
