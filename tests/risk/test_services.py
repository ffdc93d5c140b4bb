"""Assessments in a case: case fields, timeline, audit, deadlines, overrides, signals and access."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veilignet.risk.instrument import ALL_CODES

pytestmark = pytest.mark.django_db


def full(**yes):
    a = {c: False for c in ALL_CODES}
    a.update(yes)
    return a


@pytest.fixture
def vt(make_user):
    return make_user("vt1", org="vt-utrecht", roles=("medewerker",))


@pytest.fixture
def vt2(make_user):
    return make_user("vt2", org="vt-utrecht", roles=("teamleider",))


@pytest.fixture
def case(vt, make_case):
    return make_case(vt)


def test_final_assessment_updates_case_timeline_and_audit(vt, case):
    from veilignet.access.models import AuditEvent
    from veilignet.cases.models import Case, TimelineEntry
    from veilignet.risk.services import save_assessment

    a = save_assessment(vt, case, full(weapons=True), draft=False)
    case.refresh_from_db()
    assert a.computed_level == a.final_level == "high"
    assert case.risk_level == "high"
    assert case.reassessment_due == timezone.localdate() + timedelta(days=7)
    assert a.instrument.version == 1 and a.answers["weapons"] is True
    assert TimelineEntry.objects.filter(case=case, kind="risicotaxatie", ref_id=str(a.pk)).exists()
    assert AuditEvent.objects.filter(object_type="risk_assessment", object_id=str(a.pk), action="create").exists()
    assert Case.objects.get(pk=case.pk).risk_level == "high"


def test_half_filled_final_is_refused_but_draft_is_kept(vt, case):
    from veilignet.risk.models import Assessment
    from veilignet.risk.services import save_assessment

    with pytest.raises(ValidationError) as exc:
        save_assessment(vt, case, {"weapons": True}, draft=False)
    assert "niet beantwoord" in str(exc.value.message_dict["answers"])
    assert not Assessment.objects.exists()
    draft = save_assessment(vt, case, {"weapons": True}, draft=True)
    case.refresh_from_db()
    assert draft.is_draft and case.risk_level == ""  # a draft does not change the case
    final = save_assessment(vt, case, full(weapons=True), draft=False, assessment=draft)
    assert final.pk == draft.pk and not final.is_draft


def test_unknown_answers_count_as_answered(vt, case):
    from veilignet.risk.services import save_assessment

    a = save_assessment(vt, case, {c: None for c in ALL_CODES}, draft=False)
    assert a.final_level == "low"


def test_unknown_code_is_refused(vt, case):
    from veilignet.risk.services import save_assessment

    with pytest.raises(ValidationError, match="Onbekende code"):
        save_assessment(vt, case, {**full(), "wapens": True}, draft=False)


def test_high_creates_followup_and_reassessment_deadlines(vt, case):
    from veilignet.network.models import Deadline
    from veilignet.risk.services import save_assessment

    a = save_assessment(vt, case, full(weapons=True, death_threat=True), draft=False)
    kinds = set(Deadline.objects.filter(case=case).values_list("kind", flat=True))
    assert {"reassessment", "risk_followup"} <= kinds
    re = Deadline.objects.get(case=case, kind="reassessment", source_ref=f"risk:{a.pk}")
    assert timezone.localtime(re.due).date() == timezone.localdate() + timedelta(days=3)


def test_low_creates_only_reassessment(vt, case):
    from veilignet.network.models import Deadline
    from veilignet.risk.services import save_assessment

    save_assessment(vt, case, full(stressors=True), draft=False)
    kinds = list(Deadline.objects.filter(case=case, kind__in=["reassessment", "risk_followup"])
                 .values_list("kind", flat=True))
    assert kinds == ["reassessment"]


def test_raise_needs_reason_and_keeps_both_levels(vt, case):
    from veilignet.risk.services import save_assessment

    with pytest.raises(ValidationError) as exc:
        save_assessment(vt, case, full(stressors=True), draft=False, final_level="high")
    assert "override_reason" in exc.value.message_dict
    a = save_assessment(vt, case, full(stressors=True), draft=False, final_level="high",
                        override_reason="Zij is zeer angstig; signalen van de school.")
    case.refresh_from_db()
    assert (a.computed_level, a.final_level, a.override_status) == ("low", "high", "raised")
    assert case.risk_level == "high"


def test_lowering_waits_for_a_second_professional(vt, vt2, case):
    from veilignet.risk.services import approve_override, save_assessment

    answers = full(separation=True, isolation=True, surveillance=True)  # high without a fatal flag
    a = save_assessment(vt, case, answers, draft=False, final_level="medium", override_reason="Pleger gedetineerd")
    case.refresh_from_db()
    assert a.override_status == "pending" and a.final_level == "high" and case.risk_level == "high"
    with pytest.raises(ValidationError, match="ander"):
        approve_override(vt, a)
    a = approve_override(vt2, a)
    case.refresh_from_db()
    assert a.final_level == "medium" and a.computed_level == "high" and a.approver == vt2
    assert case.risk_level == "medium"


def test_lowering_below_fatal_floor_is_refused(vt, case):
    from veilignet.risk.services import save_assessment

    with pytest.raises(ValidationError) as exc:
        save_assessment(vt, case, full(strangulation=True), draft=False, final_level="low", override_reason="x")
    assert "final_level" in exc.value.message_dict


def test_lowering_without_reason_is_refused(vt, case):
    from veilignet.risk.services import save_assessment

    with pytest.raises(ValidationError) as exc:
        save_assessment(vt, case, full(weapons=True, death_threat=True), draft=False, final_level="high")
    assert "override_reason" in exc.value.message_dict


def test_rejected_lowering_keeps_computed(vt, vt2, case):
    from veilignet.risk.services import approve_override, save_assessment

    a = save_assessment(vt, case, full(stalking=True), draft=False, final_level="low", override_reason="x")
    a = approve_override(vt2, a, approve=False)
    case.refresh_from_db()
    assert a.override_status == "rejected" and case.risk_level == "medium"


def test_report_and_note_hooks_store_signals(vt, make_user, make_case, report_input):
    from veilignet.cases.services import add_note
    from veilignet.risk.models import TextSignal

    case = make_case(vt, description="Buurvrouw meldt dat hij haar gisteren heeft gewurgd. Er zijn geen wapens.")
    signals = {(s.code, s.status, s.source_type) for s in TextSignal.objects.filter(case=case)}
    assert ("strangulation", "present", "report") in signals
    assert ("weapons", "negated", "report") in signals
    note = add_note(vt, case, "Mevrouw vertelt dat hij haar telefoon controleert.")
    s = TextSignal.objects.get(source_type="note", source_id=str(note.pk))
    assert (s.code, s.status) == ("surveillance", "present")  # phone checking is surveillance (convention)
    assert note.body[s.start:s.end] == s.text


def test_signal_known_in_two_organisations_is_shown_together(vt, make_user, case):
    from veilignet.access.models import LegalBasis, ParticipationVia
    from veilignet.cases.services import add_note, ensure_participation
    from veilignet.risk.selectors import grouped_signals

    ha = make_user("ha1", org="huisarts-x", type_="huisarts")
    ensure_participation(case, ha.organisation, basis=LegalBasis.MELDCODE, purpose="zorg",
                         via=ParticipationVia.MANUAL)
    add_note(vt, case, "Mevrouw zegt dat hij haar overal volgt met een tracker.")
    add_note(ha, case, "Patiënte vertelt over een tracker op haar auto.")
    groups = {g["code"]: g for g in grouped_signals(vt, case)}
    assert groups["surveillance"]["multi_org"] is True
    assert groups["surveillance"]["organisations"] == sorted([vt.organisation.name, ha.organisation.name])


def test_confidential_note_signals_stay_with_their_organisation(vt, make_user, case):
    from veilignet.access.models import LegalBasis, ParticipationVia
    from veilignet.cases.services import add_note, ensure_participation
    from veilignet.risk.selectors import signals_for

    ha = make_user("ha1", org="huisarts-x", type_="huisarts")
    ensure_participation(case, ha.organisation, basis=LegalBasis.MELDCODE, purpose="zorg",
                         via=ParticipationVia.MANUAL)
    add_note(ha, case, "Hij heeft haar verkracht.", confidential=True)
    assert signals_for(ha, case).filter(code="forced_sex").exists()
    assert not signals_for(vt, case).filter(code="forced_sex").exists()


def test_confirmed_signals_become_suggestions(vt, case):
    from veilignet.cases.services import add_note
    from veilignet.risk.models import TextSignal
    from veilignet.risk.selectors import confirmed_codes
    from veilignet.risk.services import review_signal

    add_note(vt, case, "Hij geeft haar geen geld. Hij scheldt haar uit.")
    money = TextSignal.objects.get(case=case, code="financial_control")
    words = TextSignal.objects.get(case=case, code="humiliation")
    assert confirmed_codes(vt, case) == {}
    review_signal(vt, money, "confirmed")
    review_signal(vt, words, "rejected")
    assert confirmed_codes(vt, case) == {"financial_control": [money.pk]}


def test_no_risk_scope_no_assessments(vt, make_user, case):
    from veilignet.access.models import LegalBasis, ParticipationVia, Scope
    from veilignet.cases.models import Case
    from veilignet.cases.services import ensure_participation
    from veilignet.risk.selectors import assessments_for
    from veilignet.risk.services import save_assessment

    save_assessment(vt, case, full(weapons=True), draft=False)
    other = make_user("gem1", org="gemeente-x", type_="gemeente")
    ensure_participation(case, other.organisation, basis=LegalBasis.MELDCODE, purpose="hulp",
                         via=ParticipationVia.MANUAL, scope=[Scope.BASIS, Scope.NOTITIES])
    assert not assessments_for(other, case).exists()
    with pytest.raises(Case.DoesNotExist):
        save_assessment(other, case, full(), draft=False)
    outsider = make_user("pol1", org="politie-x", type_="politie")
    assert not assessments_for(outsider, case).exists()


def test_repeated_incidents_three_in_twelve_months(vt, make_case, report_input):
    from veilignet.cases.services import register_report
    from veilignet.risk.selectors import repeated_incidents

    now = timezone.now()
    case = make_case(vt, received_at=now - timedelta(days=300))
    assert repeated_incidents(case) == (False, 1)
    register_report(vt, report_input(received_at=now - timedelta(days=100)))
    assert repeated_incidents(case) == (False, 2)
    register_report(vt, report_input(received_at=now - timedelta(days=2)))
    assert repeated_incidents(case) == (True, 3)
    assert repeated_incidents(case, now=now + timedelta(days=100)) == (False, 2)


def test_monckton_smith_stages():
    from veilignet.risk.selectors import monckton_smith

    stages = {s["number"]: s for s in monckton_smith({"isolation": True, "separation": True}, {"weapons"})}
    assert stages[3]["indicated"] and stages[4]["indicated"] and stages[7]["indicated"]
    assert not stages[6]["indicated"] and not stages[2]["indicated"]


def test_screening_failure_never_blocks_a_note(vt, case, monkeypatch):
    from veilignet.cases.models import Note
    from veilignet.cases.services import add_note

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("veilignet.risk.services.screen", broken)
    note = add_note(vt, case, "Hij heeft haar gewurgd.")
    assert Note.objects.filter(pk=note.pk).exists()
