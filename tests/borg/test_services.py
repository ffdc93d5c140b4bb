"""BORG write paths: eligibility storage and override, framework, groups, attendance, goals,
partner involvement, completion, deadlines and the monitor fields."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from veilignet.borg import services
from veilignet.borg.models import Attendance, BorgSession, BorgTrajectory, Goal, SessionStatus, Status

from .conftest import ELIGIBLE

pytestmark = pytest.mark.django_db


def past(days, hour=19):
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days), time(hour, 0)))


def make_group(user, trainers=None, kind="verplicht", name="Groep Utrecht 1"):
    return services.create_group(user, name=name, framework_kind=kind, trainers=trainers or [user])


# --- eligibility -----------------------------------------------------------------------------------

def test_assessment_stores_inputs_reasons_and_advice(make_trajectory, rc_user):
    t = make_trajectory(intake=False, framework=None,
                        inputs=dict(ELIGIBLE, serious_substance_problem=True, age=None))
    t.refresh_from_db()
    assert t.eligible is False
    assert t.eligibility_reasons == ["age_unknown", "serious_substance_problem"]
    assert t.eligibility_advice == ["addiction_care"]
    assert t.criteria_failed == ["serious_substance_problem"]
    assert t.criteria_unknown == ["age_unknown"]
    assert t.eligibility_inputs["serious_substance_problem"] is True
    assert t.eligibility_assessed_by == rc_user
    assert t.case.timeline.filter(kind="borg", title__contains="niet geschikt").exists()


def test_not_eligible_blocks_intake_until_override_with_reason(make_trajectory, rc_user):
    t = make_trajectory(intake=False, inputs=dict(ELIGIBLE, risc_level="hoog"))
    with pytest.raises(ValidationError) as exc:
        services.record_intake(rc_user, t, timezone.localdate())
    assert "eligibility" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.override_eligibility(rc_user, t, "kort")
    t = services.override_eligibility(rc_user, t, "Rechter legt BORG op; risico daalt door toezicht.")
    assert t.overridden and t.override_by == rc_user
    t = services.record_intake(rc_user, t, timezone.localdate())
    assert t.status == Status.INTAKE
    assert BorgTrajectory.objects.filter(overridden=True).count() == 1


def test_override_not_needed_when_eligible(make_trajectory, rc_user):
    t = make_trajectory(intake=False)
    with pytest.raises(ValidationError):
        services.override_eligibility(rc_user, t, "Geen reden nodig, maar toch geprobeerd.")


def test_reassessment_clears_an_override(make_trajectory, rc_user):
    t = make_trajectory(intake=False, inputs=dict(ELIGIBLE, willing_to_talk=False))
    t = services.override_eligibility(rc_user, t, "Motivatie gegroeid sinds het adviesgesprek.")
    t = services.assess_eligibility(rc_user, t, dict(ELIGIBLE, willing_to_talk=False))
    assert t.overridden is False and t.override_reason == ""


def test_wrong_input_types_are_refused_not_stored(make_trajectory, rc_user):
    t = make_trajectory(intake=False, inputs=False)
    with pytest.raises(ValidationError):
        services.assess_eligibility(rc_user, t, dict(ELIGIBLE, age="oud"))
    t.refresh_from_db()
    assert t.eligible is None and t.eligibility_inputs == {}


def test_stale_version_is_refused(make_trajectory, rc_user):
    t = make_trajectory(intake=False, inputs=False)
    stale = t.version
    services.assess_eligibility(rc_user, t, ELIGIBLE, expected_version=stale)
    with pytest.raises(ValidationError) as exc:
        services.assess_eligibility(rc_user, t, ELIGIBLE, expected_version=stale)
    assert "version" in exc.value.message_dict


# --- framework -------------------------------------------------------------------------------------

def test_conditional_dismissal_after_march_2021_refused_with_explanation(make_trajectory, rc_user):
    t = make_trajectory(intake=False, framework=None)
    for when in (date(2021, 3, 1), date(2023, 6, 1), None):
        with pytest.raises(ValidationError) as exc:
            services.set_framework(rc_user, t, "voorwaardelijk_sepot", when)
        message = exc.value.message_dict["framework"][0]
        assert "1 maart 2021" in message and "000" in message
    t.refresh_from_db()
    assert t.framework == ""


def test_conditional_dismissal_before_march_2021_is_historical_record(make_trajectory, rc_user):
    t = make_trajectory(intake=False, framework=None)
    t = services.set_framework(rc_user, t, "voorwaardelijk_sepot", date(2020, 11, 2))
    assert t.framework_kind == "verplicht"


@pytest.mark.parametrize(("framework", "kind"), [
    ("gedragsaanwijzing", "verplicht"), ("bijzondere_voorwaarde", "verplicht"),
    ("schorsing_voorlopige_hechtenis", "verplicht"), ("vrijwillig_lopende_zaak", "vrijwillig"),
    ("vrijwillig_vt_wijkteam", "vrijwillig"),
])
def test_five_frameworks(make_trajectory, rc_user, framework, kind):
    t = make_trajectory(intake=False, framework=framework)
    assert t.framework_kind == kind


def test_unknown_framework_refused(make_trajectory, rc_user):
    t = make_trajectory(intake=False, framework=None)
    with pytest.raises(ValidationError):
        services.set_framework(rc_user, t, "taakstraf")


# --- groups ----------------------------------------------------------------------------------------

def test_voluntary_and_mandatory_never_mixed(make_trajectory, rc_user, second_perpetrator):
    mandatory = make_group(rc_user, kind="verplicht")
    voluntary = make_group(rc_user, kind="vrijwillig", name="Vrijwillig 1")
    t1 = make_trajectory(framework="vrijwillig_vt_wijkteam")
    with pytest.raises(ValidationError) as exc:
        services.add_participant(rc_user, mandatory, t1)
    assert "nooit" in exc.value.message_dict["trajectory"][0]
    t1.refresh_from_db()
    assert t1.group_id is None
    services.add_participant(rc_user, voluntary, t1)
    case2, piet = second_perpetrator
    t2 = make_trajectory(case=case2, person=piet, framework="gedragsaanwijzing")
    with pytest.raises(ValidationError):
        services.add_participant(rc_user, voluntary, t2)
    services.add_participant(rc_user, mandatory, t2)
    # changing the framework of a placed participant to the other kind is refused too
    with pytest.raises(ValidationError):
        services.set_framework(rc_user, t2, "vrijwillig_lopende_zaak")


def test_size_warning_not_refusal(make_trajectory, rc_user):
    group = make_group(rc_user)
    services.plan_group_sessions(rc_user, group, timezone.now() + timedelta(days=3))
    warnings = services.add_participant(rc_user, group, make_trajectory())
    assert any("norm is 8–12" in w for w in warnings)
    assert group.participants.count() == 1


def test_plan_sessions_in_four_clusters(rc_user):
    group = make_group(rc_user)
    sessions = services.plan_group_sessions(rc_user, group, past(0) + timedelta(days=1))
    assert [s.cluster for s in sessions] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert {s.duration_minutes for s in sessions} == {150}
    more = services.plan_group_sessions(rc_user, group, past(0) + timedelta(days=100), count=3)
    assert [s.number for s in more] == [13, 14, 15] and [s.cluster for s in more] == [1, 1, 1]


def test_rolling_intake_joins_next_cluster_and_warns_after_four_weeks(make_trajectory, rc_user):
    group = make_group(rc_user)
    first = timezone.now() + timedelta(days=40)  # cluster 1 begins more than 4 weeks after the intake
    services.plan_group_sessions(rc_user, group, first)
    t = make_trajectory()
    warnings = services.add_participant(rc_user, group, t)
    t.refresh_from_db()
    assert t.joined_cluster == 1
    assert any("vier weken" in w for w in warnings)


def test_rolling_intake_into_a_later_cluster(make_trajectory, rc_user):
    group = make_group(rc_user)
    services.plan_group_sessions(rc_user, group, past(14))  # cluster 1 has started already
    t = make_trajectory()
    warnings = services.add_participant(rc_user, group, t)
    t.refresh_from_db()
    assert t.joined_cluster == 2
    assert not any("vier weken" in w for w in warnings)


def test_trainers_must_be_own_organisation(rc_user, make_user):
    other = make_user("rc-other", org="rn-elders", type_="reclassering", region="twente")
    with pytest.raises(ValidationError):
        make_group(rc_user, trainers=[other])
    with pytest.raises(ValidationError):
        services.create_group(rc_user, name="x", framework_kind="gemengd", trainers=[rc_user])


def test_non_reclassering_cannot_run_borg(vt_user):
    with pytest.raises(PermissionDenied):
        make_group(vt_user)


def test_dual_role_flagged(make_trajectory, rc_user, rc_colleague):
    group = make_group(rc_user, trainers=[rc_colleague])
    t = make_trajectory(supervisor=rc_user)
    services.add_participant(rc_user, group, t)
    t.refresh_from_db()
    assert t.dual_role is False
    services.set_trainers(rc_user, group, [rc_user, rc_colleague])
    t.refresh_from_db()
    assert t.dual_role is True


# --- attendance ------------------------------------------------------------------------------------

def test_attendance_for_nonexistent_session_is_refused(make_trajectory, rc_user):
    group = make_group(rc_user)
    other = make_group(rc_user, name="Andere groep")
    other_session = services.plan_group_sessions(rc_user, other, past(7), count=1)[0]
    t = make_trajectory()
    services.plan_group_sessions(rc_user, group, past(7))
    services.add_participant(rc_user, group, t)
    for bad in (999999, "abc", other_session.pk):
        with pytest.raises(ValidationError) as exc:
            services.record_attendance(rc_user, group, bad, {str(t.pk): "aanwezig"})
        assert "bestaat niet" in exc.value.message_dict["session"][0]
    assert Attendance.objects.count() == 0


def test_attendance_and_rates(make_trajectory, rc_user):
    group = make_group(rc_user)
    t = make_trajectory()
    services.add_participant(rc_user, group, t)
    sessions = services.plan_group_sessions(rc_user, group, past(21), count=4)
    t.joined_on = timezone.localdate() - timedelta(days=21)
    t.save(update_fields=["joined_on"])
    services.record_attendance(rc_user, group, sessions[0].pk, {str(t.pk): ("aanwezig", True)}, homework="Dagboek")
    services.record_attendance(rc_user, group, sessions[1].pk, {str(t.pk): "afgemeld"})
    services.record_attendance(rc_user, group, sessions[2].pk, {str(t.pk): "aanwezig"})
    t.refresh_from_db()
    assert (t.sessions_planned, t.sessions_held, t.sessions_attended) == (4, 3, 2)
    assert t.attendance_rate == pytest.approx(2 / 3, abs=1e-4)
    assert BorgSession.objects.get(pk=sessions[0].pk).homework == "Dagboek"
    assert Attendance.objects.get(session=sessions[0], trajectory=t).homework_done is True
    # correcting an entry replaces it
    services.record_attendance(rc_user, group, sessions[1].pk, {str(t.pk): "aanwezig"})
    t.refresh_from_db()
    assert t.sessions_attended == 3 and t.attendance_rate == 1.0


def test_attendance_refuses_non_member_and_unknown_status(make_trajectory, rc_user, second_perpetrator):
    group = make_group(rc_user)
    session = services.plan_group_sessions(rc_user, group, past(2), count=1)[0]
    t = make_trajectory()
    services.add_participant(rc_user, group, t)
    case2, piet = second_perpetrator
    outsider = make_trajectory(case=case2, person=piet)
    with pytest.raises(ValidationError):
        services.record_attendance(rc_user, group, session.pk, {str(outsider.pk): "aanwezig"})
    with pytest.raises(ValidationError):
        services.record_attendance(rc_user, group, session.pk, {str(t.pk): "misschien"})
    assert Attendance.objects.count() == 0
    assert BorgSession.objects.get(pk=session.pk).status == SessionStatus.PLANNED


def test_future_session_attendance_refused(make_trajectory, rc_user):
    group = make_group(rc_user)
    session = services.plan_group_sessions(rc_user, group, timezone.now() + timedelta(days=2), count=1)[0]
    t = make_trajectory()
    services.add_participant(rc_user, group, t)
    with pytest.raises(ValidationError):
        services.record_attendance(rc_user, group, session.pk, {str(t.pk): "aanwezig"})


def test_individual_variant_sessions(make_trajectory, rc_user):
    t = make_trajectory(variant="individueel")
    created = services.plan_individual_sessions(rc_user, t, past(10))
    kinds = [s.kind for s in created]
    assert kinds.count("individueel_gesprek") == 3 and kinds.count("training_individueel") == 10
    training = [s for s in created if s.kind == "training_individueel"]
    assert {s.duration_minutes for s in training} == {90}
    assert [s.cluster for s in training] == [1, 1, 1, 2, 2, 2, 3, 3, 4, 4]
    assert services.plan_individual_sessions(rc_user, t, past(10)) == []  # idempotent
    services.record_individual_attendance(rc_user, t, created[0].pk, "aanwezig")
    t.refresh_from_db()
    assert (t.sessions_planned, t.sessions_held, t.attendance_rate) == (13, 1, 1.0)
    with pytest.raises(ValidationError):
        services.add_participant(rc_user, make_group(rc_user), t)


# --- goals, partner, completion ---------------------------------------------------------------------

def test_goals_must_be_smart(make_trajectory, rc_user):
    t = make_trajectory()
    with pytest.raises(ValidationError) as exc:
        services.add_goal(rc_user, t, "kort", "", None)
    assert set(exc.value.message_dict) == {"description", "measure", "target_date"}
    assert Goal.objects.count() == 0


def test_partner_never_with_intimate_terror(make_trajectory, rc_user):
    t = make_trajectory(intake=False, inputs=dict(ELIGIBLE, violence_type="intimate_terror_suspected"))
    assert t.intimate_terror_suspected
    with pytest.raises(ValidationError) as exc:
        services.record_partner_involvement(rc_user, t, safety_check_on=timezone.localdate(), safe=True, notes="Veilig",
                                            contact_name="Ans de Wit", contact_organisation="Veilig Thuis")
    assert "intieme terreur" in exc.value.message_dict["safe"][0]
    t = services.record_partner_involvement(rc_user, t, safety_check_on=timezone.localdate(), safe=False, notes="Onveilig")
    assert t.partner_involvement == "niet_veilig"


def test_partner_needs_safety_check_and_independent_contact(make_trajectory, rc_user, rc_colleague):
    t = make_trajectory(supervisor=rc_colleague)
    with pytest.raises(ValidationError) as exc:
        services.record_partner_involvement(rc_user, t, safety_check_on=None, safe=True, notes="",
                                            contact_name="", contact_organisation="")
    assert {"safety_check_on", "notes", "contact_name"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.record_partner_involvement(rc_user, t, safety_check_on=timezone.localdate(), safe=True, notes="ok",
                                            contact_name="rc2", contact_organisation="Reclassering")
    t = services.record_partner_involvement(rc_user, t, safety_check_on=timezone.localdate(), safe=True,
                                            notes="Geen acuut gevaar; partner wil meedoen.",
                                            contact_name="Ans de Wit", contact_organisation="Veilig Thuis Utrecht")
    assert t.partner_involved and t.partner_contact_name == "Ans de Wit"


def test_full_group_trajectory_with_deadline(make_trajectory, rc_user):
    from veilignet.network.models import Deadline

    group = make_group(rc_user)
    t = make_trajectory()
    deadline = Deadline.objects.get(case=t.case, kind="borg_start", source_ref=f"borg:{t.pk}")
    assert deadline.status == "open"
    with pytest.raises(ValidationError):
        services.start_trajectory(rc_user, t, timezone.localdate())  # not in a group yet
    sessions = services.plan_group_sessions(rc_user, group, past(3), count=12)
    services.add_participant(rc_user, group, t, cluster=1)
    t = services.start_trajectory(rc_user, t, timezone.localdate() - timedelta(days=3))
    deadline.refresh_from_db()
    assert deadline.status == "met"
    t.refresh_from_db()
    assert t.days_intake_to_start == 2 and t.intake_start_on_time is True
    assert t.days_arrest_to_start == 27 and t.start_on_time is True
    services.record_attendance(rc_user, group, sessions[0].pk, {str(t.pk): "aanwezig"})
    with pytest.raises(ValidationError) as exc:
        services.complete_trajectory(rc_user, t, timezone.localdate())
    assert "goals" in exc.value.message_dict
    goal = services.add_goal(rc_user, t, "Bij oplopende spanning een time-out nemen", "Zelfrapportage + partner",
                             timezone.localdate() + timedelta(days=60))
    with pytest.raises(ValidationError):
        services.complete_trajectory(rc_user, t, timezone.localdate())
    services.measure_goal(rc_user, goal, "behaald", "Drie keer toegepast")
    t = services.complete_trajectory(rc_user, t, timezone.localdate(), follow_up="Doorverwijzing naar GGZ")
    t.refresh_from_db()
    assert t.status == Status.COMPLETED and t.goals_met == 1 and t.goals_total == 1
    assert t.follow_up == "Doorverwijzing naar GGZ"


def test_late_start_flagged(make_trajectory, rc_user):
    t = make_trajectory(variant="individueel", arrest_date=timezone.localdate() - timedelta(days=200),
                        incident_date=timezone.localdate() - timedelta(days=201))
    t = services.start_trajectory(rc_user, t, timezone.localdate())
    t.refresh_from_db()
    assert t.days_arrest_to_start == 200 and t.start_on_time is False
    assert t.case.timeline.filter(title="BORG-training gestart", body__contains="twee maanden").exists()


def test_dropout_needs_reason(make_trajectory, rc_user):
    t = make_trajectory(variant="individueel")
    services.start_trajectory(rc_user, t, timezone.localdate())
    with pytest.raises(ValidationError):
        services.drop_out(rc_user, t, timezone.localdate(), "  ")
    t = services.drop_out(rc_user, t, timezone.localdate(), "Opnieuw aangehouden")
    assert t.status == Status.DROPPED_OUT and t.dropout_reason == "Opnieuw aangehouden"


def test_not_started_is_cancelled(make_trajectory, rc_user):
    t = make_trajectory()
    t = services.drop_out(rc_user, t, timezone.localdate(), "Verhuisd naar buitenland")
    assert t.status == Status.CANCELLED


def test_person_must_be_in_household(borg_case, rc_user, second_perpetrator):
    _, piet = second_perpetrator
    with pytest.raises(ValidationError):
        services.create_trajectory(rc_user, borg_case, piet)


def test_other_organisation_cannot_touch(make_trajectory, make_user):
    t = make_trajectory(intake=False)
    other = make_user("rc-x", org="rn-twente", type_="reclassering", region="twente")
    with pytest.raises(PermissionDenied):
        services.assess_eligibility(other, t, ELIGIBLE)


def test_per_criterion_rows_for_the_monitor(make_trajectory, rc_user):
    from veilignet.borg.models import CriterionResult

    t = make_trajectory(intake=False, framework=None, inputs=dict(ELIGIBLE, iq=70, willing_to_talk=None))
    rows = {r.criterion: (r.outcome, r.reason) for r in CriterionResult.objects.filter(trajectory=t)}
    assert len(rows) == 10
    assert rows["iq"] == ("failed", "iq_below_80")
    assert rows["willing_to_talk"] == ("unknown", "willing_to_talk_unknown")
    assert rows["age"] == ("met", "")
    services.assess_eligibility(rc_user, t, ELIGIBLE)  # a reassessment replaces the rows
    assert set(CriterionResult.objects.filter(trajectory=t).values_list("outcome", flat=True)) == {"met"}


def test_refresh_command_marks_late_unstarted(make_trajectory, rc_user):
    from io import StringIO

    from django.core.management import call_command

    t = make_trajectory(arrest_date=timezone.localdate() - timedelta(days=100), incident_date=timezone.localdate() - timedelta(days=101))
    BorgTrajectory.objects.filter(pk=t.pk).update(start_on_time=None)
    call_command("borg_refresh_stats", stdout=StringIO())
    t.refresh_from_db()
    assert t.start_on_time is False and t.start_date is None


def test_rolling_intake_counts_only_sessions_from_joining(make_trajectory, rc_user):
    group = make_group(rc_user)
    services.plan_group_sessions(rc_user, group, past(21))  # sessions 1-4 in the past or today
    t = make_trajectory()
    services.add_participant(rc_user, group, t)  # next cluster start: cluster 2 (session 4, in 0 days)
    t.refresh_from_db()
    assert t.joined_cluster == 2
    assert t.sessions_planned == 9  # sessions 4..12, not the three of cluster 1 before joining
