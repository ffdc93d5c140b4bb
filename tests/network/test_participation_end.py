"""When an organisation's participation in a case ends, its deadlines there no longer apply, and
worklists never show (or count) deadlines of cases the user can no longer see."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from veilignet.access import services as access_services
from veilignet.access.models import AuditEvent, Participation
from veilignet.cases.models import TimelineEntry
from veilignet.cases.services import PersonInput
from veilignet.network import selectors, services
from veilignet.network.models import Deadline, DeadlineStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_case, vt_user):
    return make_case(vt_user, received_at=timezone.now() - timedelta(days=10))


@pytest.fixture
def wijkteam_user(make_user, vt_user, case):
    user = make_user("wt1", "wijkteam-utrecht", roles=("medewerker", "teamleider"), type_="gemeente")
    access_services.add_participant(vt_user, case, "wijkteam-utrecht", basis="meldcode", purpose="Hulp aan het gezin")
    return user


def _deadlines_json(now=None) -> list[dict]:
    out = StringIO()
    call_command("deadlines", format="json", no_mail=True, stdout=out,
                 **({"now": now.isoformat()} if now else {}))
    return json.loads(out.getvalue())


def test_ending_participation_waives_that_organisations_deadlines_once(case, vt_user, wijkteam_user):
    org = wijkteam_user.organisation
    now = timezone.now()
    late = services.schedule_deadline(case, "spreekuur", org, owner=wijkteam_user, source_ref="a",
                                      due=now - timedelta(days=1))
    upcoming = services.schedule_deadline(case, "handover_check", org, source_ref="b", due=now + timedelta(days=3))
    done = services.schedule_deadline(case, "reassessment", org, source_ref="c", due=now + timedelta(days=5))
    services.complete_deadline(done, wijkteam_user)
    _deadlines_json()  # the late one becomes missed
    assert Deadline.objects.get(pk=late.pk).status == DeadlineStatus.MISSED
    vt_live = set(Deadline.objects.filter(case=case, organisation=vt_user.organisation).values_list("pk", "status"))
    assert vt_live

    access_services.end_participation(vt_user, case, "wijkteam-utrecht", "Hulp afgerond")

    for deadline in (late, upcoming):
        deadline.refresh_from_db()
        assert deadline.status == DeadlineStatus.WAIVED
        assert deadline.waive_reason == "Deelname beëindigd"
        assert deadline.closed_by == vt_user and deadline.closed_at is not None
    assert Deadline.objects.get(pk=done.pk).status == DeadlineStatus.MET  # a met deadline stays met
    # the other organisation's deadlines are untouched
    assert set(Deadline.objects.filter(case=case, organisation=vt_user.organisation)
               .values_list("pk", "status")) == vt_live
    entries = TimelineEntry.objects.filter(case=case, kind="termijn", title__contains="vervallen")
    assert entries.count() == 1
    entry = entries.get()
    assert "Wijkteam Utrecht" in entry.title and entry.title.startswith("2 termijnen")
    assert "Deelname beëindigd" in entry.body and "Spreekuur" in entry.body
    assert AuditEvent.objects.filter(object_type="deadline", case_id=case.pk,
                                     details__reason="Deelname beëindigd").count() == 1
    listed = {(row["kind"], row["organisation"]) for row in _deadlines_json()}
    assert ("spreekuur", "wijkteam-utrecht") not in listed and ("handover_check", "wijkteam-utrecht") not in listed

    # Added again and ended again with nothing live: nothing more is recorded.
    access_services.add_participant(vt_user, case, "wijkteam-utrecht", basis="toestemming", purpose="Opnieuw")
    access_services.end_participation(vt_user, case, "wijkteam-utrecht")
    assert TimelineEntry.objects.filter(case=case, kind="termijn", title__contains="vervallen").count() == 1


def test_a_failing_hook_leaves_the_participation_running(case, vt_user, wijkteam_user, monkeypatch):
    services.schedule_deadline(case, "spreekuur", wijkteam_user.organisation, source_ref="a")

    def broken(participation, user):
        raise RuntimeError("kapot")

    monkeypatch.setattr(access_services, "PARTICIPATION_END_HOOKS",
                        access_services.PARTICIPATION_END_HOOKS + [broken])
    with pytest.raises(RuntimeError):
        access_services.end_participation(vt_user, case, "wijkteam-utrecht")
    assert Participation.objects.get(case=case, organisation=wijkteam_user.organisation).ended_at is None
    assert Deadline.objects.get(case=case, kind="spreekuur").status == DeadlineStatus.OPEN


def _total(html: str) -> int:
    return int(re.search(r"(\d+) termijn(?:en)?\.", html).group(1))


def test_worklists_never_show_or_count_deadlines_of_cases_no_longer_visible(client, case, vt_user,
                                                                              wijkteam_user, make_case):
    """Access can also end without the hook (e.g. a participation ended by another path): the lists
    and their totals still only cover cases the user can see now."""
    org = wijkteam_user.organisation
    now = timezone.now()
    other = make_case(vt_user, received_at=now - timedelta(days=3), persons=[
        PersonInput(role="slachtoffer", first_name="Eva", last_name="Bakker"),
        PersonInput(role="pleger", first_name="Tom", last_name="Bakker")])
    assert other.pk != case.pk
    access_services.add_participant(vt_user, other, "wijkteam-utrecht", basis="meldcode", purpose="Hulp")
    for c, ref in ((case, "gone"), (other, "kept")):
        services.schedule_deadline(c, "spreekuur", org, owner=wijkteam_user, source_ref=ref,
                                   due=now - timedelta(hours=2))
    client.force_login(wijkteam_user)
    assert _total(client.get("/netwerk/").content.decode()) == 2
    # Access to `case` ends behind the engine's back: no hook, the deadline stays open.
    Participation.objects.filter(case=case, organisation=org).update(ended_at=now)
    assert Deadline.objects.get(case=case, source_ref="gone").status == DeadlineStatus.OPEN

    for url in ("/netwerk/", "/netwerk/team/", "/netwerk/team/?alle=1"):
        html = client.get(url).content.decode()
        assert _total(html) == 1, url
        assert other.number in html and case.number not in html, url
    waiting = client.get("/netwerk/wachtlijst/?regio=utrecht").content.decode()
    assert "dossiers die u mag zien: 1)" in waiting
    assert other.number in waiting and case.number not in waiting
    stats = selectors.waiting_stats("utrecht", user=wijkteam_user)
    assert (stats["waiting"], stats["visible"]) == (2, 1)  # the figures count the region; rows only visible
    assert stats["bands"] == [("minder dan 1 week", 1), ("1 tot 2 weken", 1), ("2 tot 4 weken", 0),
                              ("4 weken of langer", 0)]  # received 3 and 10 days ago
    assert [d.case_id for d in selectors.waiting_list("utrecht", wijkteam_user)] == [other.pk]
    assert selectors.my_tasks_count(wijkteam_user) == 1
    assert selectors.team_count(wijkteam_user, overdue_only=False) == 1
    assert [d.case_id for d in selectors.my_tasks(wijkteam_user)] == [other.pk]
    assert [d.case_id for d in selectors.team_deadlines(wijkteam_user, overdue_only=False)] == [other.pk]
