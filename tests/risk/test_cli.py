"""The batch commands: assess_risk, screen_text (JSON lines) and validate_instrument (CSV)."""

import csv
import json
import random
from io import StringIO

import pytest
from django.core.management import call_command

from veilignet.risk.instrument import ALL_CODES


def run(cmd, tmp_path, lines, **kw):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    err = StringIO()
    call_command(cmd, "--in", str(src), "--out", str(dst), stderr=err, **kw)
    return [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()], err.getvalue()


def test_assess_risk_output_format(tmp_path):
    rows, err = run("assess_risk", tmp_path, [
        json.dumps({"id": "v1", "answers": {"strangulation": True, "separation": True}}),
        json.dumps({"id": 2, "answers": {c: False for c in ALL_CODES}}),
    ])
    assert [r["id"] for r in rows] == ["v1", 2]
    for r in rows:
        assert set(r) == {"id", "level", "violence_type", "coercive_control", "reasons", "actions",
                          "reassess_within_days"}
    assert rows[0]["level"] == "extreme" and rows[0]["reassess_within_days"] == 3
    assert rows[1]["level"] == "none" and rows[1]["reassess_within_days"] == 90
    assert "2 verwerkt, 0 overgeslagen" in err


def test_assess_risk_bad_lines_are_reported_and_skipped(tmp_path):
    rows, err = run("assess_risk", tmp_path, [
        json.dumps({"id": "a", "answers": {"weapons": True}}),
        "{niet goed",
        json.dumps({"answers": {}}),
        json.dumps({"id": "b", "answers": "ja"}),
        json.dumps({"id": "c", "answers": {"weapons": "misschien"}}),
        json.dumps({"id": "d", "answers": {"wapens": True, "stalking": True}}),
        json.dumps({"id": "e", "answers": {}, "version": 7}),
        "[1, 2]",
    ])
    assert [r["id"] for r in rows] == ["a", "d"]
    assert "regel 2:" in err and "geen geldige JSON" in err
    assert "regel 3:" in err and "regel 4:" in err and "regel 5:" in err
    assert "regel 6: id d: onbekende code(s) genegeerd: wapens" in err
    assert "regel 7:" in err and "Instrumentversie 7 bestaat niet" in err
    assert "regel 8:" in err
    assert "unknown_codes" not in rows[1]  # the output keys are exactly the documented ones
    assert rows[1]["level"] == "medium"


def test_assess_risk_stdin_stdout(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO(json.dumps({"id": 1, "answers": {"weapons": True}}) + "\n"))
    out = StringIO()
    monkeypatch.setattr("sys.stdout", out)
    call_command("assess_risk", "--in", "-", "--out", "-", stderr=StringIO())
    assert json.loads(out.getvalue())["level"] == "high"


def test_screen_text_output_format(tmp_path):
    text = "Hij heeft haar gewurgd en zij wil scheiden. Er zijn geen wapens. Zijn vorige partner werd bedreigd met de dood."
    rows, err = run("screen_text", tmp_path, [json.dumps({"id": "n1", "text": text}), "oeps",
                                              json.dumps({"id": "n2"})])
    assert len(rows) == 1
    r = rows[0]
    assert set(r) == {"id", "flags", "level", "violence_type", "coercive_control", "reasons"}
    flags = {(f["code"], f["status"]) for f in r["flags"]}
    assert {("strangulation", "present"), ("separation", "present"), ("weapons", "negated"),
            ("death_threat", "other_person")} <= flags
    for f in r["flags"]:
        assert text[f["start"]:f["end"]] == f["text"]
    assert r["level"] == "extreme"  # strangulation + separation
    assert "regel 2:" in err and "regel 3:" in err


def test_screen_text_level_counts_only_present(tmp_path):
    rows, _ = run("screen_text", tmp_path, [json.dumps({"id": 1, "text": "Mocht hij een wapen kopen, bel 112. "
                                                                           "Er is geen sprake van wurging."})])
    assert rows[0]["level"] == "none"
    assert {f["status"] for f in rows[0]["flags"]} == {"hypothetical", "negated"}


def _dataset(tmp_path, n=600, seed=3):
    """Assessments whose outcome risk rises with the level: a known relationship (AUC well above 0.5)."""
    rng = random.Random(seed)
    levels = ["none", "low", "medium", "high", "extreme"]
    risk = {"none": 0.05, "low": 0.12, "medium": 0.25, "high": 0.5, "extreme": 0.75}
    a_path, o_path = tmp_path / "a.csv", tmp_path / "o.csv"
    with open(a_path, "w", newline="") as fa, open(o_path, "w", newline="") as fo:
        wa = csv.writer(fa)
        wo = csv.writer(fo)
        wa.writerow(["assessment_id", "assessed_at", "level", "gender", "region", "age"])
        wo.writerow(["assessment_id", "outcome", "event_date"])
        for i in range(n):
            level = rng.choice(levels)
            wa.writerow([f"a{i}", "2025-01-15", level, rng.choice("vm"), rng.choice(["utrecht", "amsterdam"]),
                         rng.randint(18, 70)])
            wo.writerow([f"a{i}", 1 if rng.random() < risk[level] else 0, "2025-03-01"])
        wa.writerow(["bad1", "2025-01-15", "enorm", "v", "utrecht", 30])
        wo.writerow(["a1", "misschien", ""])
        wo.writerow(["onbekend-id", "1", ""])
    return a_path, o_path


def test_validate_instrument_on_known_relationship(tmp_path):
    a, o = _dataset(tmp_path)
    out = tmp_path / "rapport"
    err = StringIO()
    call_command("validate_instrument", "--assessments", str(a), "--outcomes", str(o), "--out", str(out),
                 "--bootstrap", "200", stdout=StringIO(), stderr=err)
    report = json.loads((out / "report.json").read_text())
    overall = report["overall"]
    assert overall["auc"] > 0.7
    assert overall["auc_ci"][0] < overall["auc"] < overall["auc_ci"][1]
    observed = [c["observed"] for c in overall["calibration"]]
    assert observed == sorted(observed)  # higher level, more outcomes
    assert 0 < overall["sensitivity_high"] < 1 and 0 < overall["specificity_high"] < 1
    assert set(report["subgroups"]) == {"gender", "region", "age_band"}
    assert set(report["subgroups"]["gender"]) == {"v", "m"}
    for name in ("report.html", "roc.png", "calibration.png", "subgroups.png"):
        assert (out / name).stat().st_size > 500
    assert "Kalibratie per niveau" in (out / "report.html").read_text()
    assert "regel" in err.getvalue() and "enorm" in err.getvalue() and "misschien" in err.getvalue()
    assert "onbekend-id" in err.getvalue()


def test_validate_instrument_is_seeded(tmp_path):
    a, o = _dataset(tmp_path, n=300)
    results = []
    for k in range(2):
        out = tmp_path / f"r{k}"
        call_command("validate_instrument", "--assessments", str(a), "--outcomes", str(o), "--out", str(out),
                     "--bootstrap", "100", stdout=StringIO(), stderr=StringIO())
        results.append(json.loads((out / "report.json").read_text())["overall"]["auc_ci"])
    assert results[0] == results[1]


def test_validate_instrument_months_window(tmp_path):
    from veilignet.risk.validation import load

    a_path, o_path = tmp_path / "a.csv", tmp_path / "o.csv"
    a_path.write_text("assessment_id,assessed_at,level,gender,region,age\nx,2025-01-01,high,v,utrecht,30\n"
                      "y,2025-01-01,low,v,utrecht,30\n")
    o_path.write_text("assessment_id,outcome,event_date\nx,1,2025-02-01\ny,1,2026-01-01\n")
    rows = {r.assessment_id: r.outcome for r in load(str(a_path), str(o_path), months=6).rows}
    assert rows == {"x": 1, "y": 0}


def test_validate_instrument_missing_columns(tmp_path):
    from django.core.management.base import CommandError

    a_path, o_path = tmp_path / "a.csv", tmp_path / "o.csv"
    a_path.write_text("id,niveau\n1,high\n")
    o_path.write_text("assessment_id,outcome\n1,1\n")
    with pytest.raises(CommandError, match="verplicht"):
        call_command("validate_instrument", "--assessments", str(a_path), "--outcomes", str(o_path),
                     "--out", str(tmp_path / "x"))


def _evaluate(tmp_path, corpus: str, *args):
    path = tmp_path / "corpus.yaml"
    path.write_text(corpus, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("evaluate_signals", "--corpus", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


CORPUS = """
a:
- t: "Hij heeft haar vorige week bij de keel gegrepen."
  f: [strangulation, recent_violence]
- t: "Er zijn geen wapens in huis."
  f: [weapons:negated]
b:
- t: "De afspraak is verzet naar dinsdag."
  f: [weapons]
- t: "Mocht hij een wapen kopen, dan belt zij de politie."
  f: [weapons:hypothetical]
- t: "Kapot"
  f: [onzin_code]
"""


def test_evaluate_signals_counts_per_batch_and_in_total(tmp_path):
    out, err = _evaluate(tmp_path, CORPUS, "--show", "misses")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.split() and line.split()[0] in ("a", "b", "totaal")}
    # batch a: both present codes found, the negated weapon is no leak; batch b: the listed weapon is missed
    assert rows["a"][1:] == ["2", "1.000", "1.000", "2", "0", "0", "0"]
    assert rows["b"][4:] == ["0", "0", "1", "0"]
    assert rows["totaal"][4:] == ["2", "0", "1", "0"]
    assert "De afspraak is verzet naar dinsdag." in out and "niet gevonden 1" in out
    # the entry with an unknown code is named and skipped, not counted
    assert "b #3: onbekende code 'onzin_code'; overgeslagen." in err


def test_evaluate_signals_bad_input_is_a_clear_dutch_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("evaluate_signals", "--corpus", str(tmp_path / "weg.yaml"))
    with pytest.raises(CommandError, match="Onbekende batch"):
        _evaluate(tmp_path, CORPUS, "--batch", "c")
    with pytest.raises(CommandError, match="geen geldige YAML"):
        _evaluate(tmp_path, "a: [\n")


def test_evaluate_signals_scores_a_second_annotator(tmp_path):
    second = tmp_path / "second.yaml"
    second.write_text("""
a:
- t: "Hij heeft haar vorige week bij de keel gegrepen."
  f: [strangulation, recent_violence~]
- t: "Er zijn geen wapens in huis."
  f: [weapons]
""", encoding="utf-8")
    out, _ = _evaluate(tmp_path, CORPUS, "--batch", "a", "--annotator", str(second))
    row = next(line.split() for line in out.splitlines() if line.startswith("a "))
    # strangulation agreed, recent_violence only doubtful (missed), the denied weapons read as present (a leak)
    assert row[4:] == ["1", "1", "1", "1"]
    out, _ = _evaluate(tmp_path, CORPUS, "--batch", "a", "--annotator", str(second), "--with-doubtful")
    assert next(line.split() for line in out.splitlines() if line.startswith("a "))[4:] == ["2", "1", "0", "1"]
    # the entries can be shown as for the detector: what the second reader labelled present
    out, _ = _evaluate(tmp_path, CORPUS, "--batch", "a", "--annotator", str(second), "--show", "leaks")
    assert "lek ['weapons']" in out and "weapons:present 'tweede annotatie'" in out


def test_evaluate_signals_second_annotator_of_other_texts_is_refused(tmp_path):
    from django.core.management.base import CommandError

    second = tmp_path / "second.yaml"
    second.write_text('a:\n- t: "Iets anders."\n  f: []\n', encoding="utf-8")
    with pytest.raises(CommandError, match="niet dezelfde teksten"):
        _evaluate(tmp_path, CORPUS, "--batch", "a", "--annotator", str(second))
    with pytest.raises(CommandError, match="gaan niet samen"):
        _evaluate(tmp_path, CORPUS, "--batch", "a", "--annotator", str(second), "--rules")
