"""The deadline engine: terms, the report hook, the sweep (exactly once), escalation, e-mail."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from veilignet.cases.models import Case
from veilignet.network import engine, services
from veilignet.network.models import Deadline, DeadlineStatus, Notification, NotificationReason, Term

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def run(now: str) -> list[dict]:
    out = StringIO()
    call_command("deadlines", now=now, format="json", stdout=out)
    return json.loads(out.getvalue())


def test_vt_report_through_api_starts_terms_and_misses_are_reported_once(api_post_report, vt_user, vt_lead):
    # Thursday 1 October 2026, 10:00; urgency hoog → also serious_followup
    answer = api_post_report(vt_user, "2026-10-01T10:00:00+02:00", urgency="hoog")
    case_id = answer["dossier"]
    deadlines = {d.kind: d for d in Deadline.objects.filter(case_id=case_id)}
    assert set(deadlines) == {"vt_safety_assessment", "vt_investigation", "serious_followup"}
    assert deadlines["vt_safety_assessment"].due == datetime(2026, 10, 8, 10, 0, tzinfo=AMS)  # 5 werkdagen
    assert deadlines["serious_followup"].due == datetime(2026, 10, 8, 10, 0, tzinfo=AMS)  # 7 dagen
    assert deadlines["vt_investigation"].due == datetime(2026, 12, 10, 10, 0, tzinfo=AMS)  # 10 weken

    first = run("2026-10-09T12:00:00+02:00")
    second = run("2026-10-09T12:00:00+02:00")
    assert first == second
    assert len(first) == 3  # every live deadline once
    by_kind = {row["kind"]: row for row in first}
    assert by_kind["vt_safety_assessment"] == {
        "dossier": case_id, "kind": "vt_safety_assessment", "due": "2026-10-08T10:00:00+02:00",
        "status": "missed", "overdue": True, "organisation": "vt-utrecht",
    }
    assert by_kind["serious_followup"]["status"] == "missed"
    assert by_kind["vt_investigation"]["status"] == "open" and by_kind["vt_investigation"]["overdue"] is False
    assert by_kind["vt_investigation"]["due"] == "2026-12-10T10:00:00+01:00"
    # exactly one escalation per missed term, to the team lead, despite two runs
    overdue = Notification.objects.filter(recipient=vt_lead, reason=NotificationReason.OVERDUE)
    assert sorted(overdue.values_list("deadline__kind", flat=True)) == ["serious_followup", "vt_safety_assessment"]
    assert len(mail.outbox) == 2  # one direct e-mail per notification, not per run


def test_output_before_due_is_open_and_not_overdue(api_post_report, vt_user):
    api_post_report(vt_user, "2026-10-01T10:00:00+02:00")
    rows = run("2026-10-02T12:00:00+02:00")
    assert {r["kind"] for r in rows} == {"vt_safety_assessment", "vt_investigation"}  # normaal: no followup
    assert all(r["status"] == "open" and r["overdue"] is False for r in rows)


def test_met_and_waived_deadlines_are_not_listed(api_post_report, vt_user):
    case = Case.objects.get(pk=api_post_report(vt_user, "2026-10-01T10:00:00+02:00", urgency="acuut")["dossier"])
    assert services.on_safety_assessment_done(case, user=vt_user) == 1
    services.waive_deadline(Deadline.objects.get(case=case, kind="serious_followup"), vt_user,
                            "Contact is al gelegd door de politie.")
    rows = run("2026-12-20T12:00:00+01:00")
    assert [r["kind"] for r in rows] == ["vt_investigation"]
    assert rows[0]["status"] == "missed" and rows[0]["overdue"] is True


def test_only_veilig_thuis_gets_vt_terms(api_post_report, make_user):
    police = make_user("agent", "politie-utrecht", roles=("medewerker",), type_="politie")
    case_id = api_post_report(police, "2026-10-01T10:00:00+02:00", urgency="hoog")["dossier"]
    assert list(Deadline.objects.filter(case_id=case_id).values_list("kind", "organisation__code")) == [
        ("serious_followup", "politie-utrecht")]


def test_missed_deadline_done_late_becomes_met(api_post_report, vt_user):
    case_id = api_post_report(vt_user, "2026-10-01T10:00:00+02:00")["dossier"]
    run("2026-10-09T12:00:00+02:00")
    case = Case.objects.get(pk=case_id)
    assert services.complete_deadlines(case, "vt_safety_assessment") == 1
    d = Deadline.objects.get(case=case, kind="vt_safety_assessment")
    assert d.status == DeadlineStatus.MET and d.missed_at is not None


def test_schedule_deadline_is_idempotent(make_case, vt_user):
    case = make_case(vt_user)
    a = services.schedule_deadline(case, "spreekuur", vt_user.organisation, source_ref="arrest:1")
    b = services.schedule_deadline(case, "spreekuur", vt_user.organisation, source_ref="arrest:1")
    c = services.schedule_deadline(case, "spreekuur", vt_user.organisation, source_ref="arrest:2")
    assert a.pk == b.pk != c.pk
    assert Deadline.objects.filter(case=case, kind="spreekuur").count() == 2


def test_term_per_region_and_risk_level(make_case, vt_user):
    case = make_case(vt_user)
    start = datetime(2026, 10, 1, 10, 0, tzinfo=AMS)
    Case.objects.filter(pk=case.pk).update(risk_level="extreme")
    case.refresh_from_db()
    d = services.schedule_deadline(case, "risk_followup", vt_user.organisation, start=start, source_ref="a")
    assert d.due == datetime(2026, 10, 2, 10, 0, tzinfo=AMS)  # 1 working day for extreme
    services.set_term(vt_user, kind="risk_followup", region="utrecht", risk_level="extreme", amount=2,
                      unit="kalenderdagen")
    d2 = services.schedule_deadline(case, "risk_followup", vt_user.organisation, start=start, source_ref="b")
    assert d2.due == datetime(2026, 10, 3, 10, 0, tzinfo=AMS)  # the regional override wins


def test_explicit_due_is_kept(make_case, vt_user):
    case = make_case(vt_user)
    due = datetime(2027, 1, 15, 9, 0, tzinfo=AMS)
    d = services.schedule_deadline(case, "reassessment", vt_user.organisation, due=due, source_ref="r1")
    assert d.due == due


@pytest.mark.parametrize("amount,unit,message", [
    (-3, "kalenderdagen", "negatief"),
    (0, "werkdagen", "0"),
    (600, "weken", "niet zinvol"),
    ("vijf", "kalenderdagen", "geheel getal"),
    (5, "maanden", "eenheid"),
])
def test_absurd_terms_are_refused_in_dutch(vt_user, amount, unit, message):
    before = list(Term.objects.values_list("kind", "amount"))
    with pytest.raises(ValidationError) as exc:
        services.set_term(vt_user, kind="vt_safety_assessment", amount=amount, unit=unit)
    assert message in " ".join(exc.value.messages)
    assert list(Term.objects.values_list("kind", "amount")) == before


@pytest.mark.parametrize("amount,unit,warn_hours,field,message", [
    (10**9, "kalenderdagen", 24, "amount", "meer dan 3650 dagen"),
    (3651, "kalenderdagen", 24, "amount", "niet zinvol"),
    (2700, "werkdagen", 24, "amount", "niet zinvol"),  # ~3,780 calendar days
    (5, "werkdagen", -1, "warn_hours", "van 0 tot 1440 uur"),
    (5, "werkdagen", 10**6, "warn_hours", "van 0 tot 1440 uur"),
    (5, "werkdagen", "morgen", "warn_hours", "geheel getal"),
])
def test_absurd_term_lengths_and_warnings_are_refused_in_dutch_per_field(vt_user, amount, unit, warn_hours,
                                                                         field, message):
    before = list(Term.objects.values_list("kind", "region", "amount", "unit", "warn_hours"))
    with pytest.raises(ValidationError) as exc:
        services.set_term(vt_user, kind="spreekuur", region="utrecht", amount=amount, unit=unit,
                          warn_hours=warn_hours)
    assert message in " ".join(exc.value.message_dict[field])
    assert list(Term.objects.values_list("kind", "region", "amount", "unit", "warn_hours")) == before


def test_a_valid_term_at_the_limit_is_accepted(vt_user):
    term = services.set_term(vt_user, kind="spreekuur", region="utrecht", amount=3650, unit="kalenderdagen")
    assert (term.amount, term.unit, term.region) == (3650, "kalenderdagen", "utrecht")


def test_default_terms_are_seeded():
    term = Term.objects.get(kind="vt_safety_assessment", region="", risk_level="")
    assert (term.amount, term.unit) == (5, "werkdagen")
    assert Term.objects.get(kind="gedragsaanwijzing_end", region="", risk_level="").amount == 90


def test_escalation_on_high_risk_case_reaches_director_and_lead_org(make_case, make_user):
    director = make_user("regisseur", "vt-utrecht", roles=("casusregisseur",))
    make_user("vt-tl", "vt-utrecht", roles=("teamleider",))
    wijk = make_user("wijk1", "wijkteam-utrecht", roles=("medewerker",), type_="gemeente")
    wijk_tl = make_user("wijk-tl", "wijkteam-utrecht", roles=("teamleider",), type_="gemeente")
    outsider_tl = make_user("ander-tl", "politie-utrecht", roles=("teamleider",), type_="politie")
    case = make_case(director, received_at=datetime(2026, 10, 1, 10, 0, tzinfo=AMS), urgency="normaal")
    Case.objects.filter(pk=case.pk).update(risk_level="high", case_director=director)
    d = services.schedule_deadline(case, "plan_agreement", wijk.organisation, owner=wijk,
                                   due=datetime(2026, 10, 5, 12, 0, tzinfo=AMS), source_ref="x")
    run("2026-10-06T12:00:00+02:00")
    got = {n.recipient.username: n.reason for n in Notification.objects.filter(deadline=d)}
    assert got == {"wijk-tl": "overdue", "regisseur": "overdue_high_risk", "vt-tl": "overdue_high_risk"}
    assert outsider_tl.pk not in Notification.objects.values_list("recipient", flat=True)
    assert wijk_tl.username in got


def test_overdue_on_normal_case_only_team_lead(make_case, make_user):
    director = make_user("regisseur", "vt-utrecht", roles=("casusregisseur",))
    lead_tl = make_user("vt-tl", "vt-utrecht", roles=("teamleider",))
    case = make_case(director, received_at=datetime(2026, 10, 1, 10, 0, tzinfo=AMS), urgency="normaal")
    Case.objects.filter(pk=case.pk).update(risk_level="medium", case_director=director)
    run("2026-10-09T12:00:00+02:00")
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {lead_tl.username}


def test_due_soon_goes_to_owner_once(make_case, make_user):
    owner = make_user("eigenaar", "vt-utrecht")
    case = make_case(owner, received_at=datetime(2026, 10, 1, 10, 0, tzinfo=AMS), urgency="normaal")
    d = services.schedule_deadline(case, "spreekuur", owner.organisation, owner=owner,
                                   due=datetime(2026, 10, 15, 10, 0, tzinfo=AMS), source_ref="a")
    run("2026-10-13T09:00:00+02:00")  # before the 48 h warning window
    assert not Notification.objects.filter(deadline=d).exists()
    run("2026-10-14T09:00:00+02:00")
    run("2026-10-14T10:00:00+02:00")
    soon = Notification.objects.filter(deadline=d)
    assert list(soon.values_list("recipient__username", "reason")) == [("eigenaar", "due_soon")]


def test_deadline_already_overdue_gets_no_late_warning(make_case, make_user):
    owner = make_user("eigenaar", "vt-utrecht")
    make_user("vt-tl", "vt-utrecht", roles=("teamleider",))
    case = make_case(owner, received_at=datetime(2026, 10, 1, 10, 0, tzinfo=AMS), urgency="normaal")
    d = services.schedule_deadline(case, "spreekuur", owner.organisation, owner=owner,
                                   due=datetime(2026, 10, 15, 10, 0, tzinfo=AMS), source_ref="a")
    run("2026-10-20T09:00:00+02:00")
    run("2026-10-21T09:00:00+02:00")
    assert list(Notification.objects.filter(deadline=d).values_list("recipient__username", "reason")) == [
        ("vt-tl", "overdue")]


def test_crash_in_the_middle_of_a_batch_loses_and_duplicates_nothing(api_post_report, vt_user, vt_lead,
                                                                     monkeypatch):
    api_post_report(vt_user, "2026-10-01T10:00:00+02:00", urgency="hoog")
    real_insert = engine._insert_notifications

    def crash_after_insert(rows):
        real_insert(rows)  # the notifications are written ...
        raise RuntimeError("stroomstoring")  # ... and then the process dies before the commit

    monkeypatch.setattr(engine, "_insert_notifications", crash_after_insert)
    with pytest.raises(RuntimeError):
        engine.run_sweep(datetime(2026, 10, 9, 12, 0, tzinfo=AMS))
    monkeypatch.undo()
    # the run is one transaction: the missed status and the escalation rolled back together
    assert Notification.objects.count() == 0
    assert not Deadline.objects.filter(overdue_notified_at__isnull=False).exists()
    engine.run_sweep(datetime(2026, 10, 9, 12, 0, tzinfo=AMS))
    engine.run_sweep(datetime(2026, 10, 9, 13, 0, tzinfo=AMS))
    assert Notification.objects.filter(recipient=vt_lead).count() == 2


def test_closed_case_deadlines_are_waived_by_the_sweep(make_case, vt_user):
    from veilignet.cases.services import close_case

    case = make_case(vt_user, received_at=datetime(2026, 10, 1, 10, 0, tzinfo=AMS))
    close_case(vt_user, case, "Geen zorgen meer.")
    assert run("2026-10-09T12:00:00+02:00") == []
    assert set(Deadline.objects.filter(case=case).values_list("status", flat=True)) == {"waived"}


def test_text_format_and_bad_now(api_post_report, vt_user):
    from django.core.management.base import CommandError

    api_post_report(vt_user, "2026-10-01T10:00:00+02:00")
    out = StringIO()
    call_command("deadlines", now="2026-10-09T12:00:00+02:00", format="text", stdout=out)
    text = out.getvalue()
    assert "vt_safety_assessment" in text and "TE LAAT" in text and "2 termijnen niet afgerond" in text
    with pytest.raises(CommandError, match="Ongeldig tijdstip"):
        call_command("deadlines", now="gisteren", format="json", stdout=StringIO())


def test_email_contains_link_only_never_case_content(api_post_report, vt_user, vt_lead):
    case_id = api_post_report(vt_user, "2026-10-01T10:00:00+02:00")["dossier"]
    run("2026-10-09T12:00:00+02:00")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    case = Case.objects.get(pk=case_id)
    text = message.subject + message.body
    assert case.number not in text and "de Vries" not in text and "geschreeuw" not in text
    assert "/netwerk/berichten/" in text
    assert message.to == ["lead@vt.example"]


def test_daily_digest_once(api_post_report, vt_user, vt_lead):
    from veilignet.network.models import NotificationPreference

    NotificationPreference.objects.create(user=vt_lead, email_mode="digest")
    api_post_report(vt_user, "2026-10-01T10:00:00+02:00", urgency="hoog")
    run("2026-10-09T12:00:00+02:00")
    assert mail.outbox == []
    call_command("notification_digest", stdout=StringIO())
    call_command("notification_digest", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert "2 nieuwe berichten" in mail.outbox[0].body
