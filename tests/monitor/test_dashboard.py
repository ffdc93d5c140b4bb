"""Precomputed aggregates kept fresh, the dashboard and BORG monitor pages, access, suppression, CSV."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from veilignet.monitor import aggregates
from veilignet.monitor import indicators as ind
from veilignet.monitor.models import DirtyMonth, IndicatorAggregate

pytestmark = pytest.mark.django_db


def _persons(last_name):
    from veilignet.cases.services import PersonInput

    return [PersonInput(role="slachtoffer", first_name="Eva", last_name=last_name, gender="v", relation="partner"),
            PersonInput(role="pleger", first_name="Tim", last_name=last_name, gender="m", relation="partner")]


def _month_label(day=None):
    day = day or timezone.localdate()
    return f"{day.year}-{day.month:02d}"


@pytest.fixture
def vt_worker(make_user):
    return make_user("vt1", "vt-utrecht", ("medewerker",))


@pytest.fixture
def vt_lead(make_user):
    return make_user("vtlead", "vt-utrecht", ("teamleider",))


@pytest.fixture
def policy(make_user):
    return make_user("beleid", "vt-twente", ("beheerder",), region="twente")


def _cell(indicator, level, area, granularity=ind.MONTH, period=None):
    return IndicatorAggregate.objects.filter(indicator=indicator, level=level, area=area, granularity=granularity,
                                             period=period or _month_label()).first()


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))


def test_new_report_marks_its_month_and_the_next_read_is_current(client, vt_worker, vt_lead, make_case):
    make_case(vt_worker)
    aggregates.refresh_all()
    assert _cell("meldingen", ind.ORGANISATION, "vt-utrecht").n == 1
    assert _cell("meldingen", ind.NATIONAL, "NL", ind.QUARTER, ind.period_of(timezone.localdate(), ind.QUARTER)[0]).n == 1
    assert not aggregates.dirty_months()
    make_case(vt_worker)  # a second report through the service layer
    # the write path only marks the month (cheap); the next read recomputes it at every level
    assert ind.month_start(timezone.localdate()) in aggregates.dirty_months()  # (and its deadlines' months)
    assert _cell("meldingen", ind.ORGANISATION, "vt-utrecht").n == 1
    aggregates.ensure_fresh()
    assert not aggregates.dirty_months()
    assert _cell("meldingen", ind.ORGANISATION, "vt-utrecht").n == 2
    assert _cell("meldingen", ind.NATIONAL, "NL", ind.QUARTER, ind.period_of(timezone.localdate(), ind.QUARTER)[0]).n == 2
    # and equal to a full recomputation
    before = set(IndicatorAggregate.objects.filter(n__gt=0).values_list("indicator", "level", "area", "granularity",
                                                                      "period", "n", "numerator", "denominator"))
    aggregates.refresh_all()
    after = set(IndicatorAggregate.objects.filter(n__gt=0).values_list("indicator", "level", "area", "granularity",
                                                                     "period", "n", "numerator", "denominator"))
    assert before == after
    client.force_login(vt_lead)
    params = {"niveau": "organisatie", "per": "maand", "van": _month_label(), "tot": _month_label()}
    response = client.get(reverse("monitor:index"), params)
    assert response.status_code == 200
    rows = _csv(client.get(reverse("monitor:export"), params))
    meldingen = [r for r in rows if r[0] == "meldingen"][0]
    assert meldingen[5] == "2" and meldingen[9] == "nee"  # own organisation: not suppressed


def test_deadline_turning_late_and_being_met_updates_the_figure(vt_worker, make_case):
    from veilignet.network.models import Deadline
    from veilignet.network.services import complete_deadlines

    case = make_case(vt_worker)
    deadline = Deadline.objects.filter(case=case, kind="vt_safety_assessment").first()
    if deadline is None:  # the network app registers it on a report; create it when it does not
        now = timezone.now()
        deadline = Deadline.objects.create(case=case, kind="vt_safety_assessment", organisation=case.lead_organisation,
                                           start=now, due=now + dt.timedelta(days=5), warn_at=now)
    aggregates.refresh_all()
    aggregates.ensure_fresh()
    due_month = timezone.localtime(deadline.due).date()
    label = _month_label(due_month)
    code = "vt_veiligheidsbeoordeling_op_tijd"
    cell = _cell(code, ind.NATIONAL, "NL", period=label)
    assert cell is None or cell.denominator == 0  # not due yet: not counted
    # by time alone the open term becomes late: the next read applies it
    later = deadline.due + dt.timedelta(minutes=1)
    aggregates.ensure_fresh(now=later)
    cell = _cell(code, ind.NATIONAL, "NL", period=label)
    assert (cell.numerator, cell.denominator) == (0, 1)  # open and past due: late
    aggregates.ensure_fresh(now=later + dt.timedelta(minutes=1))  # applied once, not twice
    assert _cell(code, ind.NATIONAL, "NL", period=label).denominator == 1
    assert not DirtyMonth.objects.exists()
    # met on time through the bulk write path (QuerySet.update + audit record)
    complete_deadlines(case, "vt_safety_assessment", at=deadline.due - dt.timedelta(hours=1))
    assert DirtyMonth.objects.filter(month=due_month.replace(day=1)).exists()
    aggregates.ensure_fresh(now=later)
    cell = _cell(code, ind.NATIONAL, "NL", period=label)
    assert (cell.numerator, cell.denominator, cell.value) == (1, 1, 1.0)


def test_legal_measure_and_referral_indicators(vt_worker, make_case):
    from veilignet.network.models import LegalMeasure

    case = make_case(vt_worker, category="kindermishandeling")
    other = make_case(vt_worker, persons=_persons("Bos"))
    now = timezone.now()
    LegalMeasure.objects.create(case=case, kind="huisverbod", organisation=case.lead_organisation, starts_at=now)
    LegalMeasure.objects.create(case=other, kind="huisverbod", organisation=case.lead_organisation, starts_at=now)
    aggregates.ensure_fresh()
    cell = _cell("huisverbod_kindermishandeling", ind.NATIONAL, "NL")
    assert (cell.numerator, cell.denominator) == (1, 2)


def test_suppression_on_screen_and_in_csv_for_others(client, vt_worker, policy, make_case):
    for i in range(3):
        make_case(vt_worker, persons=_persons(f"Fam{i}"))
    client.force_login(policy)
    params = {"niveau": "regio", "gebied": "utrecht", "per": "maand", "van": _month_label(), "tot": _month_label()}
    response = client.get(reverse("monitor:index"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5" in html
    rows = _csv(client.get(reverse("monitor:export"), params))
    assert rows[0] == ["indicator", "omschrijving", "niveau", "gebied", "periode", "aantal", "teller", "noemer",
                       "waarde", "afgeschermd", "bron"]
    meldingen = [r for r in rows if r[0] == "meldingen"][0]
    assert meldingen[5] == "<5" and meldingen[8] == "<5" and meldingen[9] == "ja"
    assert "3" not in meldingen[5:9]
    # not-registered indicators are listed as such, not invented
    preventief = [r for r in rows if r[0] == "huisverbod_preventief"][0]
    assert preventief[8] == "nog niet geregistreerd"
    # the chart leaves suppressed values out: a chart of only suppressed points says so
    svg = client.get(reverse("monitor:chart", args=["meldingen"]), params)
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content


def test_own_organisation_sees_small_counts(client, vt_worker, vt_lead, make_case):
    for i in range(3):
        make_case(vt_worker, persons=_persons(f"Fam{i}"))
    client.force_login(vt_lead)
    params = {"niveau": "organisatie", "per": "maand", "van": _month_label(), "tot": _month_label()}
    rows = _csv(client.get(reverse("monitor:export"), params))
    assert [r for r in rows if r[0] == "meldingen"][0][5] == "3"


def test_access(client, vt_worker, make_user, make_org):
    client.force_login(vt_worker)  # a plain medewerker
    assert client.get(reverse("monitor:index")).status_code == 403
    assert client.get(reverse("monitor:borg")).status_code == 403
    assert client.get(reverse("monitor:export")).status_code == 403
    client.logout()
    assert client.get(reverse("monitor:index")).status_code == 302  # to the login

    gem = make_user("gem1", "gemeente-zeist", ("medewerker",), type_="gemeente")
    gem.organisation.municipality = "Zeist"
    gem.organisation.save()
    client.force_login(gem)
    response = client.get(reverse("monitor:index"))
    assert response.status_code == 200
    assert response.context["sel"]["niveau"] == "gemeente" and response.context["sel"]["gebied"] == "Zeist"
    # another municipality or the national level: refused at the field
    response = client.get(reverse("monitor:index"), {"niveau": "gemeente", "gebied": "Utrecht"})
    assert response.context["sel"]["gebied"] == "Zeist"  # a gemeente user is pinned to the own municipality
    response = client.get(reverse("monitor:index"), {"niveau": "nl"})
    assert response.status_code == 400
    assert "niveau" in response.context["form"].errors
    assert client.get(reverse("monitor:borg")).status_code == 403


def test_bad_input_gives_dutch_field_errors(client, policy):
    client.force_login(policy)
    response = client.get(reverse("monitor:index"), {"niveau": "regio", "gebied": "atlantis", "van": "maart"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Kies een Veilig Thuis-regio" in errors["gebied"][0]
    assert "JJJJ-MM" in errors["van"][0]
    response = client.get(reverse("monitor:index"), {"van": "2025-06", "tot": "2025-01", "per": "maand"})
    assert "vóór" in response.context["form"].errors["tot"][0]
    assert client.get(reverse("monitor:export"), {"van": "x"}).status_code == 400
    response = client.get(reverse("monitor:index"), {"per": "maand", "van": "2020-01", "tot": "2025-01"})
    assert "hoogstens 36 maanden" in response.context["form"].errors["van"][0]


def _borg(case, org, **kw):
    from veilignet.borg.models import BorgTrajectory

    person = case.household.members.first().person if case.household.members.exists() else None
    if person is None:
        from veilignet.cases.models import Person

        person = Person.objects.create(first_name="P", last_name="Q")
    base = dict(case=case, person=person, organisation=org, region="utrecht", status="afgerond", eligible=True,
                start_date=timezone.localdate() - dt.timedelta(days=30),
                incident_date=timezone.localdate() - dt.timedelta(days=60), sessions_planned=15, sessions_held=15,
                attendance_rate=1.0, goals_total=2, goals_met=2, end_date=timezone.localdate())
    base.update(kw)
    return BorgTrajectory.objects.create(**base)


def test_borg_monitor_page_and_csv(client, vt_worker, make_user, make_case):
    rn_lead = make_user("rnlead", "rn-utrecht", ("teamleider",), type_="reclassering")
    case = make_case(vt_worker)
    org = rn_lead.organisation
    for _ in range(6):
        _borg(case, org)
    for _ in range(2):
        _borg(case, org, eligible=False, criteria_failed=["iq"], overridden=True, status="uitgevallen",
              sessions_held=8, attendance_rate=0.4)
    _borg(case, org, region="twente")
    client.force_login(rn_lead)
    response = client.get(reverse("monitor:borg"))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["n"] == "9"
    # 7 of 9 meet every criterion: the complement (2) is a small cell, so 7 and 78% are hidden too
    assert ctx["reach"]["all"]["numerator"] == "afgeschermd" and ctx["reach"]["all"]["value"] == "afgeschermd"
    assert ctx["reach"]["all"]["denominator"] == "9"
    assert ctx["reach"]["criteria"] == [("IQ 80 of hoger", "<5")]
    assert ctx["reach"]["overridden"]["value"] == "afgeschermd"
    regions = {r["label"]: r for r in ctx["region_rows"]}
    assert regions["Twente"]["n"] == "<5"
    assert regions["Utrecht"]["n"] == "8"
    html = response.content.decode()
    assert case.number not in html and "de Vries" not in html
    # own organisation only: nothing suppressed
    own = client.get(reverse("monitor:borg"), {"eigen": "1"}).context
    assert own["reach"]["criteria"] == [("IQ 80 of hoger", "2")]
    rows = _csv(client.get(reverse("monitor:borg_export")))
    assert rows[0][0] == "indeling"
    twente = [r for r in rows if r[1] == "Twente"][0]
    assert twente[2] == "<5" and twente[3] == "afgeschermd"
    for name in ("criteria", "aanwezigheid", "groepsgrootte", "tijd"):
        svg = client.get(reverse("monitor:borg_chart", args=[name]))
        assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert client.get(reverse("monitor:borg"), {"van": "gisteren"}).status_code == 400


def test_borg_trajectories_feed_the_dashboard(vt_worker, make_user, make_case):
    rn = make_user("rn1", "rn-utrecht", ("medewerker",), type_="reclassering")
    case = make_case(vt_worker)
    _borg(case, rn.organisation, start_date=timezone.localdate(), incident_date=timezone.localdate()
          - dt.timedelta(days=200), status="uitgevallen", end_date=timezone.localdate())
    aggregates.ensure_fresh()
    assert _cell("borg_start_binnen_3_maanden", ind.NATIONAL, "NL").value == 0.0
    assert _cell("borg_uitval", ind.REGION, "utrecht").value == 1.0
    assert _cell("dagen_incident_tot_plegerhulp", ind.ORGANISATION, "rn-utrecht").value == 200
    assert _cell("plegerhulp_gestart", ind.NATIONAL, "NL").value == 1


def test_no_case_data_on_the_dashboard(client, vt_worker, vt_lead, make_case):
    case = make_case(vt_worker)
    client.force_login(vt_lead)
    html = client.get(reverse("monitor:index"), {"niveau": "organisatie", "per": "maand"}).content.decode()
    assert case.number not in html
    assert "de Vries" not in html and "Anna" not in html


def test_refresh_command(vt_worker, make_case):
    make_case(vt_worker)
    out = io.StringIO()
    call_command("refresh_indicators", stdout=out, stderr=io.StringIO())
    assert "cellen" in out.getvalue()
    assert _cell("meldingen", ind.NATIONAL, "NL").n == 1
    call_command("refresh_indicators", "--since", _month_label(), stdout=io.StringIO(), stderr=io.StringIO())
    call_command("refresh_indicators", "--dirty", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("refresh_indicators", "--since", "gisteren")


def test_menu(vt_worker, vt_lead):
    from veilignet.monitor.menu import items

    assert items(vt_worker) == []
    assert [label for label, _ in items(vt_lead)] == ["Monitor", "BORG-monitor"]


def _snapshot():
    return set(IndicatorAggregate.objects.filter(n__gt=0).values_list(
        "indicator", "level", "area", "granularity", "period", "n", "numerator", "denominator"))


def test_deltas_equal_a_full_recompute_after_mixed_writes(vt_worker, make_user, make_org, make_case):
    """Every hooked write path keeps the cells equal to what a full recomputation gives."""
    from veilignet.access.models import Participation
    from veilignet.network.models import Deadline, LegalMeasure
    from veilignet.offers.models import Offer, Referral

    rn = make_user("rn1", "rn-utrecht", ("medewerker",), type_="reclassering")
    ggz = make_org("ggz-utrecht", "ggz")
    gem = make_org("gemeente-utrecht", "gemeente")
    aggregates.refresh_all()
    case = make_case(vt_worker, category="kindermishandeling")
    other = make_case(vt_worker, persons=_persons("Smit"))
    now = timezone.now()
    LegalMeasure.objects.create(case=case, kind="huisverbod", organisation=case.lead_organisation, starts_at=now)
    for org in (gem, ggz):
        Participation.objects.create(case=other, organisation=org, basis="meldcode", purpose="overleg",
                                     scope=["basis"], via="toegevoegd")
    offer = Offer.objects.create(name="Test-aanbod", category="laagdrempelig")
    ref = Referral.objects.create(case=case, offer=offer, organisation=case.lead_organisation,
                                  sent_on=timezone.localdate() - dt.timedelta(days=10))
    ref.status, ref.started_on = "started", timezone.localdate()
    ref.save()
    ref.status, ref.ended_on = "dropped_out", timezone.localdate()
    ref.save()
    traj = _borg(case, rn.organisation, status="gestart", end_date=None)
    traj.status, traj.end_date = "uitgevallen", timezone.localdate()
    traj.save()
    d = Deadline.objects.filter(case=other, kind="vt_investigation").first()
    if d is not None:
        d.due = now - dt.timedelta(days=1)  # moved into the past: now late
        d.save()
    case.region = "twente"  # a case moving region moves all its figures
    case.save()
    aggregates.ensure_fresh()  # the medians (dirty "median" months)
    incremental = _snapshot()
    assert any(row[0] == "consultatie_specialistisch" and row[6] == 1 for row in incremental)
    aggregates.refresh_all()
    assert incremental == _snapshot()
