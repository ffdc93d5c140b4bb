"""POST /api/v1/meldingen/batch: many reports in one request, per-item answers, Idempotency-Key."""

import copy

import pytest

from veilignet.access.models import AuditEvent
from veilignet.cases.models import Case, Report
from veilignet.network.models import Deadline

from .test_api import REPORT

pytestmark = pytest.mark.django_db


def _items():
    second = copy.deepcopy(REPORT)
    second.update(ontvangen_op="2026-11-20T11:00:00+01:00", omschrijving="School meldt zorgen over Yara.",
                  personen=[REPORT["personen"][2] | {"rol": "slachtoffer"}], melder=None)
    no_victim = copy.deepcopy(REPORT)
    no_victim["personen"] = [REPORT["personen"][1]]
    bad_field = dict(REPORT, categorie="onzin")
    return [REPORT, bad_field, second, no_victim]


def test_batch_registers_valid_items_and_answers_per_item(api):
    r = api.post("/api/v1/meldingen/batch", {"meldingen": _items()}, format="json",
                 HTTP_IDEMPOTENCY_KEY="batch-1")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["aangemaakt"], body["fouten"]) == (2, 2)
    rows = body["resultaten"]
    assert [row["index"] for row in rows] == [0, 1, 2, 3]
    assert [row["status"] for row in rows] == [201, 400, 201, 400]
    assert "categorie" in rows[1]["fouten"]
    assert rows[3]["fouten"] == {"personen": ["Een melding heeft ten minste één slachtoffer."]}
    assert rows[0]["nieuw_dossier"] is True and rows[2]["nieuw_dossier"] is False
    assert rows[0]["dossier"] == rows[2]["dossier"]  # the child is in the household of the first
    assert Report.objects.count() == 2 and Case.objects.count() == 1
    assert Deadline.objects.filter(kind="vt_safety_assessment").count() == 2
    assert AuditEvent.objects.filter(object_type="report", channel="api").count() == 2
    # a retry with the same key answers the same, registers nothing more
    again = api.post("/api/v1/meldingen/batch", {"meldingen": _items()}, format="json",
                     HTTP_IDEMPOTENCY_KEY="batch-1")
    assert again.status_code == 201 and again.json() == body and again.headers["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 2


def test_batch_of_only_invalid_items_is_400_and_empty_or_malformed_is_refused(api):
    r = api.post("/api/v1/meldingen/batch", [dict(REPORT, bron="onbekend")], format="json")
    assert r.status_code == 400 and r.json()["resultaten"][0]["fouten"]["bron"]
    assert api.post("/api/v1/meldingen/batch", {"meldingen": []}, format="json").status_code == 400
    assert api.post("/api/v1/meldingen/batch", {"iets": 1}, format="json").status_code == 400
    assert Report.objects.count() == 0
