"""register_reports (batch) gives the same records as register_report one by one; within-batch
duplicates link to one case; invalid inputs are reported by index and the valid ones registered;
the import_reports command."""

import json
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from veilignet.access.context import Actor, reset_actor, set_actor
from veilignet.access.models import AuditEvent, Participation
from veilignet.cases import services
from veilignet.cases.models import Case, HouseholdMember, Person, Report, Reporter, TimelineEntry
from veilignet.cases.services import PersonInput, ReporterInput
from veilignet.monitor.models import DirtyMonth
from veilignet.network.models import Deadline
from veilignet.risk.models import TextSignal

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """The batch hands text screening to a background task (risk.tasks.screen_reports); here it runs
    at once, inside the batch's transaction, so the records can be compared."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def vt(make_user):
    user = make_user("vt1")
    token = set_actor(Actor(user, "cli"))
    yield user
    reset_actor(token)


def P(role, first, last, born=None, bsn="", gender="o", relation="overig"):
    return PersonInput(role=role, first_name=first, last_name=last, birth_date=born, gender=gender, bsn=bsn,
                       relation=relation)


def _inputs(report_input, make_org):
    make_org("politie-utrecht", "politie", "utrecht", name="Politie Utrecht")
    h = timedelta(hours=1)
    return [
        # 0: a new household, urgent (three terms), reporter kept
        report_input(received_at=NOW - 9 * h),
        # 1: another household, from the police, with a signal-rich text
        report_input(received_at=NOW - 8 * h, source="politie-utrecht", urgency="normaal",
                     description="Hij dreigde haar te vermoorden en sloeg haar. Zij durft niet naar huis.",
                     persons=[P("slachtoffer", "Sara", "El Amrani", date(1993, 1, 2), "123456782", "v", "partner"),
                              P("pleger", "Youssef", "El Amrani", date(1990, 2, 3), gender="m", relation="partner"),
                              P("kind", "Noor", "El Amrani", date(2018, 4, 5), relation="kind")],
                     reporter=None),
        # 2: the household of 0 again, found by BSN and by name + birth date: same case, a child added
        report_input(received_at=NOW - 7 * h, urgency="normaal", description="Opnieuw ruzie gemeld door school.",
                     persons=[P("slachtoffer", "Anna", "de Vries", date(1990, 3, 4), "111222333", "v", "partner"),
                              P("kind", "Tim", "de Vries", date(2015, 6, 7), relation="kind")],
                     reporter=ReporterInput(name="Juf Karin", relation="leerkracht")),
        # 3: the child of 2 only (a person created earlier in the batch): still the same case
        report_input(received_at=NOW - 6 * h, urgency="acuut", description="Tim vertelt dat papa mama sloeg.",
                     persons=[P("slachtoffer", "Tim", "de Vries", date(2015, 6, 7))], reporter=None),
        # 4: a person known only by name, without birth date: never matched, a new case
        report_input(received_at=NOW - 5 * h, urgency="normaal", description="Zorgen over een oudere vrouw.",
                     category="ouderenmishandeling",
                     persons=[P("slachtoffer", "Riet", "Bos"), P("pleger", "Kees", "Bos")], reporter=None),
        # 5: the existing household (see _existing) by BSN: linked to the case that was already there
        report_input(received_at=NOW - 4 * h, urgency="normaal", description="Nieuwe melding, zelfde gezin.",
                     persons=[P("slachtoffer", "Lisa", "Jansen", date(1985, 8, 9), "100000022", "v")], reporter=None),
        # 6: the BSN completes a person known by name and birth date (case 1's perpetrator)
        report_input(received_at=NOW - 3 * h, urgency="normaal", description="Melding over de pleger.",
                     persons=[P("slachtoffer", "Sara", "El Amrani", date(1993, 1, 2)),
                              P("pleger", "Youssef", "El Amrani", date(1990, 2, 3), "100000010", "m")],
                     reporter=None),
        # 7: found by the BSN completed just before
        report_input(received_at=NOW - 2 * h, urgency="normaal", description="Hij belaagt haar.",
                     persons=[P("slachtoffer", "X", "Y", date(1999, 1, 1)), P("pleger", "", "Onbekend", bsn="100000010")],
                     reporter=None),
    ]


def _existing(vt, report_input):
    """A case registered before the batch (another household)."""
    return services.register_report(vt, report_input(
        received_at=NOW - 30 * timedelta(hours=1), urgency="normaal", description="Eerdere melding.",
        persons=[P("slachtoffer", "Lisa", "Jansen", date(1985, 8, 9), "100000022", "v")], reporter=None)).case


def _snapshot():
    """Every record registering reports writes, without ids and clock times."""
    reports = {r.pk: r for r in Report.objects.select_related("case")}
    key = {str(pk): (r.received_at, r.case.number) for pk, r in reports.items()}
    case_no = dict(Case.objects.values_list("pk", "number"))
    person = {p.pk: (p.first_name, p.last_name, p.birth_date, p.bsn, p.gender, p.first_name_key, p.last_name_key,
                     p.surname_key) for p in Person.objects.all()}

    def ref(text):
        return key.get(text.split(":", 1)[1], text) if text.startswith("report:") else text

    audit = []
    for e in AuditEvent.objects.all():
        details = dict(e.details)
        audit.append((e.action, e.object_type, case_no.get(e.case_id), e.purpose, e.username, e.channel,
                      json.dumps(details, sort_keys=True)))
    return {
        "persons": Counter(person.values()),
        "cases": sorted(Case.objects.values_list("number", "status", "phase", "lead_organisation__code", "region",
                                                 "version", "opened_at", "household__label")),
        "members": Counter((case_no[c], person[p], rel) for c, p, rel in HouseholdMember.objects.values_list(
            "household__cases__id", "person_id", "relation")),
        "reports": sorted((r.received_at, r.case.number, r.category, r.description, r.urgency, r.source_citizen,
                           r.source_organisation_id, r.received_by_id, r.created_by_id, r.incident_date,
                           tuple(sorted((person[i.person_id], i.role) for i in r.involved.all())))
                          for r in reports.values()),
        "reporters": sorted((key[str(r.report_id)], r.name, r.phone, r.email, r.relation, r.protect_identity)
                            for r in Reporter.objects.all()),
        "participations": sorted((case_no[p.case_id], p.organisation_id, p.is_lead, p.basis, p.purpose, p.via,
                                  tuple(p.scope), p.added_by_id, p.ended_at) for p in Participation.objects.all()),
        "timeline": Counter((case_no[t.case_id], t.kind, t.title, t.body, t.author_id, t.organisation_id,
                             t.confidential, t.ref_type, t.at if t.kind == "melding" else None,
                             key.get(t.ref_id) if t.ref_type == "cases.report" else None)
                            for t in TimelineEntry.objects.all()),
        "deadlines": sorted((case_no[d.case_id], d.kind, ref(d.source_ref), d.organisation_id, d.start, d.due,
                             d.warn_at, d.status, d.title, d.owner_id) for d in Deadline.objects.all()),
        "signals": sorted((case_no[s.case_id], s.source_type, key[s.source_id], s.code, s.status, s.start, s.end,
                           s.text, s.context, s.organisation_id, s.confidential) for s in TextSignal.objects.all()),
        "audit": Counter(audit),
        "dirty": set(DirtyMonth.objects.values_list("month", "scope")),
    }


def _run_and_rollback(fn):
    with transaction.atomic():
        out = fn()
        snap = _snapshot()
        transaction.set_rollback(True)
    return out, snap


@pytest.mark.parametrize("chunk_size", [500, 3])
def test_batch_gives_the_same_records_as_one_by_one(vt, report_input, make_org, chunk_size):
    inputs = _inputs(report_input, make_org)
    _existing(vt, report_input)

    def one_by_one():
        return [services.register_report(vt, data) for data in inputs]

    def batch():
        return services.register_reports(vt, inputs, chunk_size=chunk_size)

    singles, expected = _run_and_rollback(one_by_one)
    results, got = _run_and_rollback(batch)
    assert [r.index for r in results] == list(range(len(inputs))) and all(r.ok for r in results)
    for name in expected:
        assert got[name] == expected[name], name
    # What the comparison covers is not empty: the cases above did what they say.
    numbers = [r.case.number for r in singles]
    assert numbers[2] == numbers[3] == numbers[0] and numbers[6] == numbers[1] == numbers[7]
    assert numbers[5] != numbers[4] and len(set(numbers)) == 4
    assert [r.new_case for r in results] == [True, True, False, False, True, False, False, False]
    assert len(expected["signals"]) > 0 and len(expected["deadlines"]) >= 2 * len(inputs)
    assert sum(n for a, n in expected["audit"].items() if a[1] == "report") == len(inputs) + 1


def test_two_reports_about_one_household_in_one_batch_share_one_case(vt, report_input):
    first = report_input(received_at=NOW - timedelta(hours=3))
    second = report_input(received_at=NOW - timedelta(hours=2), description="Weer geschreeuw.",
                          persons=[P("slachtoffer", "Anna", "de Vries", date(1990, 3, 4), "111222333", "v"),
                                   P("kind", "Bo", "de Vries", date(2016, 1, 1))])
    results = services.register_reports(vt, [first, second])
    assert [r.new_case for r in results] == [True, False]
    case = results[0].report.case
    assert results[1].report.case_id == case.pk
    assert Case.objects.count() == 1
    case.refresh_from_db()
    assert case.version == 2  # linked once, as register_report bumps it
    assert Person.objects.filter(bsn="111222333").count() == 1
    assert sorted(HouseholdMember.objects.filter(household=case.household)
                  .values_list("person__first_name", flat=True)) == ["Anna", "Bo", "Mark"]
    assert Participation.objects.filter(case=case).count() == 1
    assert Deadline.objects.filter(case=case, kind="vt_safety_assessment").count() == 2  # one per report


def test_an_invalid_input_is_reported_by_index_and_the_others_are_registered(vt, report_input):
    inputs = [
        report_input(received_at=NOW - timedelta(hours=3)),
        report_input(persons=[P("pleger", "Mark", "de Vries")]),  # no victim
        report_input(source="onbekend-org", description="  "),
        report_input(received_at=NOW - timedelta(hours=1), description="Tweede geldige melding.",
                     persons=[P("slachtoffer", "Ineke", "Smit", date(1970, 1, 1), "100000011")]),  # bad BSN
        report_input(received_at=NOW - timedelta(hours=1), description="Geldig.",
                     persons=[P("slachtoffer", "Ineke", "Smit", date(1970, 1, 1))]),
    ]
    results = services.register_reports(vt, inputs, chunk_size=2)
    assert [r.ok for r in results] == [True, False, False, False, True]
    assert results[1].errors == {"personen": ["Een melding heeft ten minste één slachtoffer."]}
    assert set(results[2].errors) == {"bron", "omschrijving"}
    assert "elfproef" in results[3].errors["personen[0].bsn"][0]
    assert Report.objects.count() == 2 and Case.objects.count() == 2
    assert not Person.objects.filter(first_name="Ineke").exclude(bsn="").exists()
    assert AuditEvent.objects.filter(action="create", object_type="report").count() == 2


def test_batch_needs_an_organisation(make_user, report_input):
    from django.core.exceptions import PermissionDenied

    user = make_user("los")
    user.organisation = None
    with pytest.raises(PermissionDenied):
        services.register_reports(user, [report_input()])


def test_single_path_query_count(vt, report_input, django_assert_max_num_queries):
    services.register_report(vt, report_input(received_at=NOW - timedelta(hours=5)))
    data = report_input(received_at=NOW - timedelta(hours=4),
                        persons=[P("slachtoffer", "Eva", "Kok", date(1980, 1, 1), gender="v"),
                                 P("pleger", "Piet", "Kok", gender="m")])
    with django_assert_max_num_queries(26):  # 24 for a new case; the test's savepoint pair on top
        services.register_report(vt, data)


def _line(**kw):
    body = {"ontvangen_op": (NOW - timedelta(hours=2)).isoformat(), "bron": "burger", "categorie": "partnergeweld",
            "omschrijving": "Hij sloeg haar en zij is bang.", "urgentie": "hoog",
            "personen": [{"rol": "slachtoffer", "voornaam": "Anna", "achternaam": "de Vries",
                          "geboortedatum": "1990-03-04", "geslacht": "v", "bsn": "111222333"},
                         {"rol": "pleger", "voornaam": "Mark", "achternaam": "de Vries", "geslacht": "m"}],
            "melder": {"naam": "Buur", "telefoon": "0612345678", "relatie": "buurman", "identiteit_afschermen": True}}
    body.update(kw)
    return json.dumps(body)


def test_import_reports_command(vt, tmp_path, capsys):
    path = tmp_path / "meldingen.jsonl"
    path.write_text("\n".join([
        _line(),
        "{kapot",
        _line(categorie="onzin"),
        _line(personen=[{"rol": "pleger", "voornaam": "Mark", "achternaam": "de Vries"}]),
        "",
        _line(ontvangen_op=(NOW - timedelta(hours=1)).isoformat(), omschrijving="Tweede melding, zelfde gezin."),
        "[1, 2]",
    ]) + "\n", encoding="utf-8")
    call_command("import_reports", "--in", str(path), "--as", "vt1", "--chunk", "1")
    out, err = capsys.readouterr()
    assert "2 meldingen geregistreerd (1 nieuwe dossiers), 4 regels overgeslagen." in out
    assert "regel 2: geen geldige JSON" in err
    assert "regel 3: categorie: Onbekende categorie 'onzin'" in err
    assert "regel 4: personen: Een melding heeft ten minste één slachtoffer." in err
    assert "regel 7: verwacht een JSON-object" in err
    assert "regel 1:" not in err and "regel 6:" not in err
    assert Case.objects.count() == 1 and Report.objects.count() == 2
    report = Report.objects.order_by("received_at").first()
    assert report.reporter.name == "Buur" and report.reporter.protect_identity
    events = AuditEvent.objects.filter(object_type="report")
    assert events.count() == 2 and {e.channel for e in events} == {"cli"}


def test_import_reports_command_refuses_unknown_user_and_exits_1_when_nothing_registered(vt, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "m.jsonl"
    path.write_text("{kapot\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Onbekende medewerker"):
        call_command("import_reports", "--in", str(path), "--as", "niemand")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_reports", "--in", str(path), "--as", "vt1")
    assert exit_.value.code == 1


def test_batch_marks_the_months_of_its_reports_for_the_dashboard(make_user, report_input):
    """bulk_create sends no post_save; the batch sends it, so the monitor marks the report's month
    (a police report starts no terms, so no deadline marks it instead)."""
    from veilignet.monitor import aggregates
    from veilignet.monitor import indicators as ind

    police = make_user("agent", org="politie-utrecht", type_="politie")
    long_ago = NOW - timedelta(days=200)
    DirtyMonth.objects.all().delete()
    services.register_reports(police, [report_input(received_at=long_ago, urgency="normaal")])
    assert not Deadline.objects.exists()
    assert (ind.month_start(timezone.localtime(long_ago).date()), "all") in set(
        DirtyMonth.objects.values_list("month", "scope"))
    assert ind.month_start(timezone.localtime(long_ago).date()) in aggregates.dirty_months()


def test_batch_screening_is_a_background_task_in_the_batch_transaction(vt, report_input, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    results = services.register_reports(vt, [report_input(received_at=NOW - timedelta(hours=2)),
                                             report_input(received_at=NOW - timedelta(hours=1))])
    assert not TextSignal.objects.exists()  # not yet: the worker does it
    stored_task = DBTaskResult.objects.get()  # one task for the chunk, stored with the reports
    assert stored_task.task_path == "veilignet.risk.tasks.screen_reports"
    # what the worker (manage.py db_worker) does with it
    stored_task.task.call(*stored_task.args_kwargs["args"], **stored_task.args_kwargs["kwargs"])
    stored = {s.source_id for s in TextSignal.objects.all()}
    assert stored == {str(r.report.pk) for r in results}
    # the same signals as the single path stores at once
    single = services.register_report(vt, report_input(received_at=NOW - timedelta(minutes=30)))
    codes = Counter((s.code, s.status, s.start) for s in TextSignal.objects.filter(source_id=str(single.pk)))
    assert codes == Counter((s.code, s.status, s.start) for s in TextSignal.objects.filter(
        source_id=str(results[0].report.pk)))


def test_batch_screening_inline_setting(vt, report_input, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    settings.RISK_BATCH_SCREENING = "inline"
    results = services.register_reports(vt, [report_input()])
    assert TextSignal.objects.filter(source_id=str(results[0].report.pk)).exists()
