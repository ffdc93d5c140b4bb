from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veilignet.access.models import AuditEvent, Participation
from veilignet.cases import services
from veilignet.cases.models import Case, Person, Report, Reporter, TimelineEntry
from veilignet.cases.services import PersonInput

pytestmark = pytest.mark.django_db


def test_report_creates_case_led_by_receiving_organisation(make_user, report_input):
    user = make_user()
    report = services.register_report(user, report_input())
    case = report.case
    assert case.lead_organisation == user.organisation
    assert case.region == "utrecht"
    assert case.number.startswith(f"VN-{report.received_at.year}-")
    assert case.household.members.count() == 2
    lead = Participation.objects.get(case=case)
    assert lead.is_lead and lead.basis == "wmo_veilig_thuis" and "melder" in lead.scope
    assert TimelineEntry.objects.filter(case=case, kind="melding").count() == 1
    assert Reporter.objects.get(report=report).protect_identity is True
    assert AuditEvent.objects.filter(action="create", object_type="report", object_id=str(report.pk)).exists()


def test_second_report_on_same_household_links_to_open_case_by_bsn(make_user, report_input):
    user = make_user()
    first = services.register_report(user, report_input())
    # Same victim by BSN, different spelling of the name: still the same person and case.
    second = services.register_report(user, report_input(persons=[
        PersonInput(role="slachtoffer", first_name="Anna", last_name="Vries, de", bsn="111222333")]))
    assert second.case_id == first.case_id
    assert Person.objects.filter(bsn="111222333").count() == 1
    assert Case.objects.count() == 1


def test_duplicate_detection_by_name_and_birth_date(make_user, report_input):
    user = make_user()
    first = services.register_report(user, report_input())
    again = services.register_report(user, report_input(persons=[
        PersonInput(role="slachtoffer", first_name="anna", last_name="DE VRIES", birth_date=date(1990, 3, 4))]))
    assert again.case_id == first.case_id


def test_closed_case_is_not_reused(make_user, report_input):
    user = make_user()
    first = services.register_report(user, report_input())
    services.close_case(user, first.case, "Hulp afgerond", expected_version=first.case.version)
    again = services.register_report(user, report_input())
    assert again.case_id != first.case_id


def test_report_by_another_organisation_adds_it_as_participant(make_user, report_input):
    vt = make_user()
    police = make_user("agent", org="politie-utrecht", type_="politie")
    first = services.register_report(vt, report_input())
    second = services.register_report(police, report_input(source="politie-utrecht"))
    assert second.case_id == first.case_id
    p = Participation.objects.get(case=first.case, organisation=police.organisation)
    assert p.basis == "strafrecht" and not p.is_lead and p.via == "melding"
    assert "melder" not in p.scope


@pytest.mark.parametrize(
    "overrides, field, phrase",
    [
        ({"description": "   "}, "omschrijving", "omschrijving is verplicht"),
        ({"received_at": timezone.now() + timedelta(days=2)}, "ontvangen_op", "in de toekomst"),
        ({"source": "bestaat-niet"}, "bron", "Onbekende organisatie"),
        ({"persons": [PersonInput(role="pleger", first_name="Mark", last_name="X")]}, "personen", "slachtoffer"),
        ({"persons": []}, "personen", "slachtoffer"),
        ({"persons": [PersonInput(role="slachtoffer", first_name="A", last_name="B", bsn="123456789")]},
         "personen[0].bsn", "elfproef"),
        ({"persons": [PersonInput(role="slachtoffer", first_name="A", last_name="B",
                                  birth_date=timezone.localdate() + timedelta(days=1))]}, "personen[0].geboortedatum",
         "in de toekomst"),
    ],
)
def test_bad_input_gives_dutch_field_error_and_saves_nothing(make_user, report_input, overrides, field, phrase):
    user = make_user()
    with pytest.raises(ValidationError) as exc:
        services.register_report(user, report_input(**overrides))
    assert field in exc.value.message_dict
    assert phrase in " ".join(exc.value.message_dict[field])
    assert Report.objects.count() == 0 and Case.objects.count() == 0 and Person.objects.count() == 0


def test_failure_midway_rolls_back_everything(make_user, report_input, monkeypatch):
    user = make_user()

    def boom(*a, **k):
        raise RuntimeError("storing")

    monkeypatch.setattr(services, "add_timeline_entry", boom)
    with pytest.raises(RuntimeError):
        services.register_report(user, report_input())
    assert Case.objects.count() == 0 and Report.objects.count() == 0 and Person.objects.count() == 0


def test_version_check_refuses_stale_update(make_user, make_case):
    user = make_user()
    case = make_case(user)
    stale = case.version
    services.update_case(user, case, expected_version=stale, phase="stabiele_veiligheid")
    with pytest.raises(ValidationError) as exc:
        services.update_case(user, case, expected_version=stale, phase="herstel")
    assert "intussen" in " ".join(exc.value.messages)
    case.refresh_from_db()
    assert case.phase == "stabiele_veiligheid"


def test_close_needs_reason_and_reopen_works(make_user, make_case):
    user = make_user()
    case = make_case(user)
    with pytest.raises(ValidationError):
        services.close_case(user, case, "  ", expected_version=case.version)
    case = services.close_case(user, case, "Veiligheid hersteld", expected_version=case.version)
    assert case.status == "gesloten" and case.closed_at
    case = services.reopen_case(user, case, "Nieuwe zorgen", expected_version=case.version)
    assert case.status == "open" and case.closed_at is None
    assert list(case.timeline.filter(kind="status").values_list("title", flat=True)) == [
        "Dossier heropend", "Dossier gesloten"]


def test_case_director_must_belong_to_a_participant(make_user, make_case):
    user = make_user()
    outsider = make_user("x", org="politie-x", type_="politie")
    case = make_case(user)
    with pytest.raises(ValidationError):
        services.update_case(user, case, expected_version=case.version, case_director=outsider)
    case = services.update_case(user, case, expected_version=case.version, case_director=user)
    assert case.case_director == user


def test_confidential_note_hidden_from_other_organisations_timeline(make_user, make_case):
    from veilignet.cases.selectors import timeline_for
    from veilignet.cases.services import ensure_participation

    vt = make_user()
    wijk = make_user("w", org="wijkteam-u", type_="gemeente")
    case = make_case(vt)
    ensure_participation(case, wijk.organisation, basis="meldcode", purpose="hulp", via="toegevoegd", user=vt)
    services.add_note(vt, case, "Alleen voor VT", confidential=True)
    services.add_note(vt, case, "Voor iedereen")
    assert [e.body for e in timeline_for(wijk, case) if e.kind == "notitie"] == ["Voor iedereen"]
    assert len([e for e in timeline_for(vt, case) if e.kind == "notitie"]) == 2


def test_timeline_follows_the_participation_scope(make_user, make_case):
    from veilignet.cases.selectors import timeline_for
    from veilignet.cases.services import add_timeline_entry, ensure_participation

    vt = make_user()
    police = make_user("agent", org="politie-u", type_="politie")
    case = make_case(vt)
    ensure_participation(case, police.organisation, basis="strafrecht", purpose="opsporing", via="toegevoegd",
                         user=vt, scope=["basis"])
    add_timeline_entry(case, "risicotaxatie", "Risicotaxatie: hoog", user=vt)
    add_timeline_entry(case, "veiligheidsplan", "Plan gepubliceerd", user=vt)
    services.add_note(vt, case, "Gesprek")
    kinds_police = {e.kind for e in timeline_for(police, case)}
    assert "melding" in kinds_police
    assert not kinds_police & {"risicotaxatie", "veiligheidsplan", "notitie"}
    assert {"risicotaxatie", "veiligheidsplan", "notitie"} <= {e.kind for e in timeline_for(vt, case)}
