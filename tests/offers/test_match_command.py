"""`manage.py match_offers`: the JSON-lines format of issue 5 §2."""

import json

import pytest
from django.core.management import call_command


def run(tmp_path, lines, *extra):
    src, out = tmp_path / "cases.jsonl", tmp_path / "matches.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from io import StringIO

    err = StringIO()
    call_command("match_offers", "--in", str(src), "--out", str(out), *extra, stderr=err)
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()], err.getvalue()


CASE = {"id": "k1", "region": "Amsterdam-Amstelland", "age": 38, "sex": "m", "violence_type": "intimate_terror_suspected",
        "risk_level": "high", "framework": "voluntary", "substance_problem": False, "lvb": False,
        "serious_psychopathology": False, "children": True}


@pytest.mark.django_db
def test_output_format(tmp_path):
    rows, _ = run(tmp_path, [json.dumps(CASE)])
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {"id", "offers", "excluded"} and row["id"] == "k1"
    for item in row["offers"]:
        assert set(item) == {"name", "score", "reasons"}
        assert isinstance(item["score"], (int, float)) and isinstance(item["reasons"], list)
    for item in row["excluded"]:
        assert set(item) == {"name", "reason"} and item["reason"]
    scores = [o["score"] for o in row["offers"]]
    assert scores == sorted(scores, reverse=True)
    got = {o["name"] for o in row["offers"]}
    assert not got & {"BORG", "Mediation", "Project Integrale Behandeling en Begeleiding (PIBB)"}


@pytest.mark.django_db
def test_malformed_lines_reported_with_line_number_and_skipped(tmp_path):
    rows, err = run(tmp_path, [json.dumps(CASE), "{not json", "[1, 2]", json.dumps({"region": "Utrecht"}),
                               json.dumps({**CASE, "id": "k2"})])
    assert [r["id"] for r in rows] == ["k1", "k2"]
    assert "regel 2" in err and "regel 3" in err and "regel 4" in err


@pytest.mark.django_db
def test_only_malformed_lines_exit_nonzero(tmp_path):
    with pytest.raises(SystemExit) as exc:
        run(tmp_path, ["nope"])
    assert exc.value.code == 1


@pytest.mark.django_db
def test_database_edits_are_used(tmp_path):
    from veilignet.offers.models import Offer

    Offer.objects.filter(name="Chatfunctie Veilig Thuis").update(active=False)
    rows, _ = run(tmp_path, [json.dumps({**CASE, "violence_type": "situational"})])
    assert "Chatfunctie Veilig Thuis" in {e["name"] for e in rows[0]["excluded"]}


def test_offers_file_without_database(tmp_path):
    from veilignet.offers.catalogue import SEED_PATH

    rows, _ = run(tmp_path, [json.dumps({**CASE, "violence_type": "situational", "risk_level": "low"})],
                  "--offers", str(SEED_PATH), "--advice")
    assert "BORG" in {o["name"] for o in rows[0]["offers"]}
    assert "advice" in rows[0]


@pytest.mark.django_db
def test_empty_database_falls_back_to_seed(tmp_path):
    from veilignet.offers.models import Offer

    Offer.objects.all().delete()
    rows, err = run(tmp_path, [json.dumps(CASE)])
    assert rows[0]["offers"] and "seed" in err
