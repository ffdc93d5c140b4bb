"""generate_national → export_research → borg_monitor, end to end."""

import io
import json

import pandas as pd
import pytest
from django.core.management import call_command

from veilignet.access.models import AuditEvent, Participation
from veilignet.accounts.regions import REGION_NAMES
from veilignet.cases.models import Case, Person, Report, ReportPerson
from veilignet.monitor import recidivism, research
from veilignet.monitor.models import BorgRecord, JusticeRecord


@pytest.fixture
def national(db):
    out = io.StringIO()
    call_command("generate_national", years=3, start_year=2021, scale=0.01, seed=3, stdout=out)
    return out.getvalue()


def test_generate_national_fills_the_registry(national):
    assert "2023: 1000/1000 dossiers" in national
    assert Report.objects.count() == 3 * 1300
    assert Case.objects.count() == 3 * 1000
    assert set(Case.objects.values_list("region", flat=True)) <= set(REGION_NAMES)
    assert len(set(Case.objects.values_list("region", flat=True))) == 25
    # every case has exactly one lead participation (its Veilig Thuis)
    assert Participation.objects.filter(is_lead=True).count() == Case.objects.count()
    case = Case.objects.order_by("number").first()
    assert case.number.startswith("VN-2021-") and case.lead_organisation.type == "veilig_thuis"
    assert case.lead_organisation.region == case.region
    # one justice record per perpetrator; folded name keys set for search
    assert JusticeRecord.objects.count() == ReportPerson.objects.filter(role="pleger").values("person").distinct().count()
    p = Person.objects.first()
    assert p.last_name_key == p.last_name.lower().replace("ë", "e") or p.last_name_key
    borg = BorgRecord.objects.count()
    assert borg == 3 * 20
    for rec in BorgRecord.objects.select_related("person__justice_record")[:50]:
        jr = rec.person.justice_record
        assert jr.index_date == rec.start_date and jr.end_of_followup >= rec.start_date
        assert rec.start_date > rec.incident_date
        for d in (jr.dv_recid_date, jr.violent_recid_date, jr.any_recid_date):
            assert d is None or rec.start_date <= d <= jr.end_of_followup


def test_export_is_pseudonymised_and_analysable(national, tmp_path, settings):
    settings.PSEUDONYM_KEY = "key-1"
    call_command("export_research", out=str(tmp_path / "a"), stdout=io.StringIO())
    p = pd.read_csv(tmp_path / "a" / "participants.csv", dtype=str, keep_default_na=False)
    c = pd.read_csv(tmp_path / "a" / "controls.csv", dtype=str, keep_default_na=False)
    assert list(p.columns) == recidivism.PARTICIPANT_COLUMNS
    assert list(c.columns) == recidivism.CONTROL_COLUMNS
    assert len(p) == BorgRecord.objects.count()
    assert len(c) == JusticeRecord.objects.count() - len(p)
    # no direct identifiers: no names, no UUIDs, no case numbers anywhere in the files
    text = (tmp_path / "a" / "participants.csv").read_text() + (tmp_path / "a" / "controls.csv").read_text()
    person = Person.objects.filter(borg_records__isnull=False).first()
    assert str(person.id) not in text and person.id.hex not in text
    assert person.last_name not in text and "VN-20" not in text
    assert research.pseudonym(person.id, "key-1") in set(p["id"])
    # stable with the same key, different with another key
    call_command("export_research", out=str(tmp_path / "b"), stdout=io.StringIO())
    assert (tmp_path / "b" / "participants.csv").read_text() == (tmp_path / "a" / "participants.csv").read_text()
    settings.PSEUDONYM_KEY = "key-2"
    call_command("export_research", out=str(tmp_path / "c"), stdout=io.StringIO())
    p2 = pd.read_csv(tmp_path / "c" / "participants.csv", dtype=str, keep_default_na=False)
    assert not set(p2["id"]) & set(p["id"])
    assert AuditEvent.objects.filter(action="monitor.export_research").count() == 3
    # the round trip: the analysis runs on the export
    call_command("borg_monitor", participants=str(tmp_path / "a" / "participants.csv"),
                 controls=str(tmp_path / "a" / "controls.csv"), out=str(tmp_path / "out"), no_pdf=True,
                 stdout=io.StringIO(), stderr=io.StringIO())
    s = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert s["matching"]["n_participants"] == len(p)
    assert s["matching"]["n_matched"] > 0.8 * len(p)
    assert set(s["recidivism"]) == {"dv", "violent", "any"}
