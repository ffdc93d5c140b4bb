"""Safety plan versions, meeting decisions, handover, legal measures."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from veilignet.access.models import Participation, ParticipationVia
from veilignet.cases.models import Case, TimelineEntry
from veilignet.cases.selectors import persons_of
from veilignet.network import services
from veilignet.network.models import (
    AgendaItem,
    Deadline,
    Handover,
    MeetingDecision,
    Notification,
    SafetyPlanVersion,
)

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_case, vt_user):
    return make_case(vt_user)


def _plan(due=None, perpetrator=True, stop="Daderhulp via reclassering; contactverbod.", org="vt-utrecht", **extra):
    due = due or (timezone.localdate() + timedelta(days=10))
    return {
        "direct_safety": "Anna en de kinderen verblijven bij haar zus.", "stable_safety": "", "recovery": "",
        "stop_behaviour": stop,
        "agreements": [
            {"phase": "directe_veiligheid", "text": "Dagelijks contact met Anna.", "organisation": org,
             "due": due, "perpetrator": False},
            {"phase": "directe_veiligheid", "text": "Mark aanmelden bij daderhulp.", "organisation": org,
             "due": due, "perpetrator": perpetrator, "referral_ref": "ref-123"},
        ], **extra,
    }


class TestSafetyPlan:
    def test_each_save_is_a_new_immutable_version_and_agreements_become_deadlines(self, case, vt_user):
        v1 = services.save_plan(vt_user, case, _plan(), expected_version=0, publish=True)
        assert v1.number == 1 and v1.published
        deadlines = Deadline.objects.filter(case=case, kind="plan_agreement")
        assert deadlines.count() == 2
        data = _plan()
        data["agreements"] = [{**a, "key": k} for a, k in zip(
            data["agreements"], [x["key"] for x in v1.content["agreements"]])]
        data["agreements"][0]["text"] = "Twee keer per dag contact met Anna."
        v2 = services.save_plan(vt_user, case, data, expected_version=1, publish=True)
        assert v2.number == 2
        v1.refresh_from_db()
        assert v1.content["agreements"][0]["text"] == "Dagelijks contact met Anna."  # unchanged
        assert deadlines.count() == 2  # same agreements, same deadlines
        assert SafetyPlanVersion.objects.filter(plan__case=case).count() == 2
        assert TimelineEntry.objects.filter(case=case, kind="veiligheidsplan").count() == 2

    def test_stale_version_is_refused(self, case, vt_user):
        services.save_plan(vt_user, case, _plan(), expected_version=0)
        with pytest.raises(ValidationError) as exc:
            services.save_plan(vt_user, case, _plan(), expected_version=0)
        assert "door iemand anders gewijzigd" in " ".join(exc.value.messages)
        assert SafetyPlanVersion.objects.filter(plan__case=case).count() == 1

    @pytest.mark.parametrize("stop,perpetrator", [("", True), ("Daderhulp.", False)])
    def test_publishing_without_a_part_on_stopping_the_perpetrator_is_refused(self, case, vt_user, stop,
                                                                                perpetrator):
        with pytest.raises(ValidationError) as exc:
            services.save_plan(vt_user, case, _plan(stop=stop, perpetrator=perpetrator), expected_version=0,
                               publish=True)
        assert "stoppen van het gedrag van de pleger" in " ".join(exc.value.messages)
        assert not Deadline.objects.filter(case=case, kind="plan_agreement").exists()
        # a concept without it may be saved
        assert services.save_plan(vt_user, case, _plan(stop=stop, perpetrator=perpetrator),
                                  expected_version=0).published is False

    def test_removed_agreement_waives_its_deadline(self, case, vt_user):
        v1 = services.save_plan(vt_user, case, _plan(), expected_version=0)
        keep = v1.content["agreements"][1]
        data = _plan()
        data["agreements"] = [{**data["agreements"][1], "key": keep["key"]}]
        services.save_plan(vt_user, case, data, expected_version=1)
        statuses = dict(Deadline.objects.filter(case=case, kind="plan_agreement").values_list("title", "status"))
        assert sorted(statuses.values()) == ["open", "waived"]

    def test_agreement_needs_a_participating_owner_and_a_date(self, case, vt_user, make_org):
        make_org("politie-x", "politie")
        data = _plan(org="politie-x")
        data["agreements"][0]["due"] = None
        with pytest.raises(ValidationError) as exc:
            services.save_plan(vt_user, case, data, expected_version=0)
        errors = exc.value.message_dict
        assert "neemt niet deel" in errors["agreements[0].organisation"][0]
        assert "datum" in errors["agreements[0].due"][0]
        assert not SafetyPlanVersion.objects.exists()

    def test_outsider_cannot_touch_the_plan(self, case, make_user):
        stranger = make_user("buiten", "politie-elders", type_="politie")
        with pytest.raises(PermissionDenied):
            services.save_plan(stranger, case, _plan(), expected_version=0)

    def test_plan_pages_and_pdf(self, client, case, vt_user):
        services.save_plan(vt_user, case, _plan(), expected_version=0, publish=True)
        client.force_login(vt_user)
        page = client.get(f"/netwerk/dossiers/{case.pk}/veiligheidsplan/")
        assert page.status_code == 200 and "Mark aanmelden bij daderhulp." in page.content.decode()
        pdf = client.get(f"/netwerk/dossiers/{case.pk}/veiligheidsplan/pdf/")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    def test_plan_form_post_shows_dutch_error_at_field(self, client, case, vt_user):
        client.force_login(vt_user)
        form = {"version": "0", "stop_behaviour": "", "publish": "1", "a-TOTAL_FORMS": "1", "a-INITIAL_FORMS": "0",
                "a-0-phase": "directe_veiligheid", "a-0-text": "Contact", "a-0-organisation": "vt-utrecht",
                "a-0-due": (timezone.localdate() + timedelta(days=3)).isoformat()}
        response = client.post(f"/netwerk/dossiers/{case.pk}/veiligheidsplan/", form)
        assert response.status_code == 200
        assert "stoppen van het gedrag van de pleger" in response.content.decode()
        assert not SafetyPlanVersion.objects.exists()
        form.update({"stop_behaviour": "Daderhulp", "a-0-perpetrator": "on"})
        response = client.post(f"/netwerk/dossiers/{case.pk}/veiligheidsplan/", form)
        assert response.status_code == 302
        assert SafetyPlanVersion.objects.get().published

    def test_plan_api(self, client, case, vt_user):
        from veilignet.accounts.models import ApiToken

        _, raw = ApiToken.issue(vt_user)
        auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
        url = f"/api/v1/dossiers/{case.pk}/veiligheidsplan"
        assert client.get(url, **auth).json()["versie"] == 0
        body = {"versie": 0, "publiceren": True, "stoppen_gedrag_pleger": "Daderhulp",
                "afspraken": [{"fase": "herstel", "afspraak": "Traject", "organisatie": "vt-utrecht",
                               "uiterlijk": (timezone.localdate() + timedelta(days=5)).isoformat(), "pleger": True}]}
        created = client.post(url, body, content_type="application/json", **auth)
        assert created.status_code == 201, created.content
        assert created.json()["inhoud"]["afspraken"][0]["afspraak"] == "Traject"
        again = client.post(url, body, content_type="application/json", **auth)
        assert again.status_code == 409


class TestMeetings:
    def test_decision_becomes_deadline_with_owner_and_timeline(self, case, vt_user, make_user):
        agent = make_user("agent", "politie-utrecht", type_="politie")
        meeting = services.create_meeting(vt_user, kind="actieoverleg", attendee_orgs=["politie-utrecht"],
                                          scheduled_at=timezone.now() + timedelta(days=1))
        item = services.add_agenda_case(vt_user, meeting, case, "hoog risico")
        services.record_shared_information(vt_user, item, "Politie: eerdere aangifte in 2025.")
        due = timezone.localdate() + timedelta(days=4)
        decision = services.add_decision(vt_user, item, text="Pleger uitnodigen voor spreekuur",
                                         organisation="politie-utrecht", owner="agent", due=due)
        d = decision.deadline
        assert (d.kind, d.organisation.code, d.owner, timezone.localtime(d.due).date()) == (
            "meeting_decision", "politie-utrecht", agent, due)
        # the owner organisation participates so it can see the case; the owner is notified
        assert Participation.objects.filter(case=case, organisation=agent.organisation, ended_at=None).exists()
        assert Notification.objects.filter(recipient=agent, deadline=d).exists()
        kinds = list(TimelineEntry.objects.filter(case=case, kind="overleg").values_list("title", flat=True))
        assert len(kinds) == 3 and any("Besluit" in k for k in kinds)

    def test_decision_without_owner_is_refused(self, case, vt_user):
        meeting = services.create_meeting(vt_user, kind="mda_plus", scheduled_at=timezone.now())
        item = services.add_agenda_case(vt_user, meeting, case)
        with pytest.raises(ValidationError) as exc:
            services.add_decision(vt_user, item, text="Iemand moet iets doen", organisation="")
        assert "zonder eigenaar" in exc.value.message_dict["organisation"][0]
        with pytest.raises(ValidationError) as exc:
            services.add_decision(vt_user, item, text="Iets", organisation="bestaat-niet")
        assert "Onbekende organisatie" in exc.value.message_dict["organisation"][0]
        assert not MeetingDecision.objects.exists()
        assert not Deadline.objects.filter(kind="meeting_decision").exists()

    def test_agenda_suggests_high_risk_cases(self, case, vt_user):
        Case.objects.filter(pk=case.pk).update(risk_level="extreme")
        meeting = services.create_meeting(vt_user, kind="samen_op_in_acuut", scheduled_at=timezone.now())
        assert list(services.suggest_agenda(vt_user, meeting)) == [case]
        services.add_agenda_case(vt_user, meeting, case)
        assert list(services.suggest_agenda(vt_user, meeting)) == []

    def test_meeting_pages(self, client, case, vt_user):
        client.force_login(vt_user)
        response = client.post("/netwerk/overleggen/", {"kind": "zsm_spreekuur", "scheduled_at": "2026-12-01T10:00",
                                                         "attendee_orgs": ""})
        assert response.status_code == 302
        meeting_url = response["Location"]
        assert client.post(meeting_url, {"case_id": str(case.pk), "reason": "test"}).status_code == 302
        item_url = f"{meeting_url}dossiers/{case.pk}/"
        page = client.post(item_url, {"text": "Besluit zonder eigenaar", "organisation": "", "decision": "1"})
        assert page.status_code == 200 and "zonder eigenaar" in page.content.decode()
        assert AgendaItem.objects.count() == 1 and not MeetingDecision.objects.exists()


class TestHandover:
    def _pictures(self, case):
        return {str(m.person_id): f"Veiligheidsbeeld van {m.person.first_name}" for m in persons_of(case)}

    def test_warm_handover_changes_lead_and_is_recorded(self, case, vt_user, make_user):
        wijk = make_user("wijk-tl", "wijkteam-utrecht", roles=("teamleider",), type_="gemeente")
        services.handover_case(vt_user, case, to_organisation="wijkteam-utrecht",
                               safety_pictures=self._pictures(case), new_concerns="Bel Veilig Thuis direct.",
                               escalation="Teamleider wijkteam schaalt op naar Veilig Thuis.", meeting_held=True)
        case.refresh_from_db()
        assert case.lead_organisation.code == "wijkteam-utrecht"
        part = Participation.objects.get(case=case, organisation=wijk.organisation, ended_at=None)
        assert part.via == ParticipationVia.HANDOVER and part.is_lead
        assert not Participation.objects.get(case=case, organisation=vt_user.organisation).is_lead
        assert TimelineEntry.objects.filter(case=case, kind="overdracht").exists()
        from veilignet.access.models import AuditEvent

        assert AuditEvent.objects.filter(object_type="handover", case_id=case.pk).exists()
        assert Deadline.objects.filter(case=case, kind="handover_check", organisation=wijk.organisation).exists()
        assert Notification.objects.filter(recipient=wijk).exists()

    def test_unknown_target_and_missing_checklist_are_refused(self, case, vt_user):
        with pytest.raises(ValidationError) as exc:
            services.handover_case(vt_user, case, to_organisation="wijkteam-nergens", safety_pictures={},
                                   new_concerns="", escalation="")
        errors = exc.value.message_dict
        assert "Onbekende organisatie 'wijkteam-nergens'" in errors["to_organisation"][0]
        assert "nieuwe zorgen" in errors["new_concerns"][0]
        assert sum(1 for k in errors if k.startswith("safety_")) == 2  # victim and perpetrator
        case.refresh_from_db()
        assert case.lead_organisation.code == "vt-utrecht" and not Handover.objects.exists()

    def test_perpetrator_safety_picture_is_required(self, case, vt_user, make_org):
        make_org("wijkteam-utrecht", "gemeente")
        pictures = self._pictures(case)
        perpetrator = next(m for m in persons_of(case) if m.person.first_name == "Mark")
        pictures[str(perpetrator.person_id)] = " "
        with pytest.raises(ValidationError) as exc:
            services.handover_case(vt_user, case, to_organisation="wijkteam-utrecht", safety_pictures=pictures,
                                   new_concerns="x", escalation="y")
        assert "Mark de Vries" in " ".join(exc.value.messages)

    def test_handover_page_shows_dutch_error(self, client, case, vt_user):
        client.force_login(vt_user)
        response = client.post(f"/netwerk/dossiers/{case.pk}/overdracht/", {
            "version": case.version, "to_organisation": "onbekend-team", "new_concerns": "x", "escalation": "y"})
        assert response.status_code == 200
        assert "Onbekende organisatie" in response.content.decode()


class TestMeasures:
    def test_arrest_starts_spreekuur_in_14_days(self, case, vt_user):
        start = datetime(2026, 10, 1, 22, 0, tzinfo=AMS)
        services.record_measure(vt_user, case, "aanhouding", start)
        d = Deadline.objects.get(case=case, kind="spreekuur")
        assert d.due == datetime(2026, 10, 15, 22, 0, tzinfo=AMS) and d.organisation == vt_user.organisation

    def test_huisverbod_extendable_to_28_days_in_all(self, case, vt_user):
        start = datetime(2026, 10, 1, 12, 0, tzinfo=AMS)
        m = services.record_measure(vt_user, case, "huisverbod", start)
        assert m.ends_at == datetime(2026, 10, 11, 12, 0, tzinfo=AMS)
        services.extend_measure(vt_user, m, start + timedelta(days=28))
        assert Deadline.objects.get(case=case, kind="huisverbod_end").due == start + timedelta(days=28)
        with pytest.raises(ValidationError, match="28 dagen"):
            services.extend_measure(vt_user, m, start + timedelta(days=29))

    def test_gedragsaanwijzing_90_days(self, case, vt_user):
        start = datetime(2026, 10, 1, 12, 0, tzinfo=AMS)
        services.record_measure(vt_user, case, "gedragsaanwijzing", start)
        assert Deadline.objects.get(case=case, kind="gedragsaanwijzing_end").due.date() == date(2026, 12, 30)
