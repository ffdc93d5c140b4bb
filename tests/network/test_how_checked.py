"""Issue 6, "How it will be checked", end to end: reports with past dates posted through the API, then
`manage.py deadlines --now ... --format json` twice: every missed term reported exactly once, and
escalation reaches the right people (also on a later run)."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from veilignet.cases.models import Case
from veilignet.network.models import Notification, NotificationReason

pytestmark = pytest.mark.django_db


def deadlines_json(now: str) -> list[dict]:
    out = StringIO()
    call_command("deadlines", now=now, format="json", stdout=out)
    return json.loads(out.getvalue())


def escalations() -> Counter:
    return Counter(Notification.objects.filter(reason__in=[NotificationReason.OVERDUE,
                                                           NotificationReason.OVERDUE_HIGH_RISK])
                   .values_list("recipient__username", "deadline__kind", "deadline__case_id", "reason"))


def test_past_reports_through_the_api_then_deadlines_twice(api_post_report, make_user):
    vt = make_user("vt1", "vt-utrecht", roles=("medewerker",))
    make_user("vt-tl", "vt-utrecht", roles=("teamleider",))
    vt_director = make_user("vt-regie", "vt-utrecht", roles=("casusregisseur",))
    police = make_user("agent", "politie-utrecht", roles=("medewerker",), type_="politie")
    police_lead = make_user("politie-tl", "politie-utrecht", roles=("teamleider",), type_="politie")

    # A: Veilig Thuis, urgency hoog, Thursday 1 October 2026 → safety assessment 8 Oct, follow-up 8 Oct,
    #    investigation 10 Dec. B: police, acuut, Monday 5 October → follow-up 12 Oct (owner: police).
    a = api_post_report(vt, "2026-10-01T10:00:00+02:00", urgency="hoog", last_name="de Vries")["dossier"]
    b = api_post_report(police, "2026-10-05T09:00:00+02:00", urgency="acuut", last_name="Jansen")["dossier"]
    # B turns out high risk, with Veilig Thuis as lead organisation and a case director there.
    Case.objects.filter(pk=b).update(risk_level="high", lead_organisation=vt.organisation, case_director=vt_director)

    first = deadlines_json("2026-10-20T12:00:00+02:00")
    second = deadlines_json("2026-10-20T12:00:00+02:00")
    assert first == second
    keys = [(row["dossier"], row["kind"]) for row in first]
    assert len(keys) == len(set(keys)) == 4  # each live deadline exactly once
    missed = sorted((row["dossier"], row["kind"], row["organisation"]) for row in first if row["overdue"])
    assert missed == sorted([(a, "vt_safety_assessment", "vt-utrecht"), (a, "serious_followup", "vt-utrecht"),
                             (b, "serious_followup", "politie-utrecht")])
    assert all(row["status"] == "missed" for row in first if row["overdue"])
    (open_row,) = [row for row in first if not row["overdue"]]
    assert (open_row["dossier"], open_row["kind"], open_row["status"]) == (a, "vt_investigation", "open")
    assert open_row["due"] == "2026-12-10T10:00:00+01:00"

    # Escalation: normal risk → the owner organisation's team lead; high risk → also the case director
    # and the lead organisation's team lead. Exactly once each, after two runs.
    high = NotificationReason.OVERDUE_HIGH_RISK
    expected = Counter({
        ("vt-tl", "vt_safety_assessment", Case.objects.get(pk=a).pk, NotificationReason.OVERDUE): 1,
        ("vt-tl", "serious_followup", Case.objects.get(pk=a).pk, NotificationReason.OVERDUE): 1,
        ("politie-tl", "serious_followup", Case.objects.get(pk=b).pk, NotificationReason.OVERDUE): 1,
        ("vt-regie", "serious_followup", Case.objects.get(pk=b).pk, high): 1,
        ("vt-tl", "serious_followup", Case.objects.get(pk=b).pk, high): 1,
    })
    assert escalations() == expected
    assert not Notification.objects.filter(recipient__in=[vt, police]).filter(
        reason__in=[NotificationReason.OVERDUE, high]).exists()  # workers are not escalated to
    assert police_lead.notifications.count() == 1

    # Later: the investigation term is missed too; it is escalated once, the others not again.
    later = deadlines_json("2026-12-20T12:00:00+01:00")
    assert deadlines_json("2026-12-20T12:00:00+01:00") == later
    assert [(row["dossier"], row["kind"], row["status"]) for row in later if row["kind"] == "vt_investigation"] == [
        (a, "vt_investigation", "missed")]
    assert all(row["overdue"] for row in later) and len(later) == 4
    expected[("vt-tl", "vt_investigation", Case.objects.get(pk=a).pk, NotificationReason.OVERDUE)] = 1
    assert escalations() == expected
