"""The borg_eligibility command: JSON lines in, decisions out, bad lines reported and skipped."""

import json

import pytest
from django.core.management import CommandError, call_command

GOOD = {"id": "a", "age": 40, "risc_level": "laag", "residence_permit": True, "serious_antisocial_violence": False,
        "serious_substance_problem": False, "acknowledges_violence": "partial", "iq": None,
        "violence_type": "unclear", "serious_psychopathology": False, "willing_to_talk": True}


def run(tmp_path, lines):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from io import StringIO

    err = StringIO()
    call_command("borg_eligibility", "--in", str(src), "--out", str(out), stderr=err)
    decisions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return decisions, err.getvalue()


def test_decisions_in_input_order(tmp_path):
    bad = dict(GOOD, id="b", risc_level="hoog", serious_substance_problem=True)
    decisions, _ = run(tmp_path, [json.dumps(GOOD), json.dumps(bad)])
    assert decisions == [
        {"id": "a", "eligible": True, "reasons": [], "advice": []},
        {"id": "b", "eligible": False, "reasons": ["risk_too_high", "serious_substance_problem"],
         "advice": ["forensic_care", "addiction_care"]},
    ]


def test_malformed_lines_reported_with_line_number_and_skipped(tmp_path):
    lines = [json.dumps(GOOD), "{niet json", "", "[1, 2]", json.dumps({"age": 30}), json.dumps(dict(GOOD, id=7))]
    decisions, err = run(tmp_path, lines)
    assert [d["id"] for d in decisions] == ["a", 7]
    assert "regel 2" in err and "regel 4" in err and "regel 5" in err
    assert "regel 1" not in err and "regel 6" not in err


def test_wrong_type_is_reported_and_not_eligible(tmp_path):
    decisions, err = run(tmp_path, [json.dumps(dict(GOOD, age="oud"))])
    assert decisions == [{"id": "a", "eligible": False, "reasons": ["age_unknown"], "advice": []}]
    assert "regel 1" in err and "age" in err


def test_nothing_processable_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path, ["kapot", "ook kapot"])


def test_empty_input_is_fine(tmp_path):
    decisions, _ = run(tmp_path, [""])
    assert decisions == []


def test_unicode_ids_survive(tmp_path):
    decisions, _ = run(tmp_path, [json.dumps(dict(GOOD, id="Zoë-1"), ensure_ascii=False)])
    assert decisions[0]["id"] == "Zoë-1"


def test_missing_input_file_is_a_dutch_error(tmp_path):
    with pytest.raises(CommandError, match="invoerbestand"):
        call_command("borg_eligibility", "--in", str(tmp_path / "bestaat-niet.jsonl"), "--out", str(tmp_path / "o"))
