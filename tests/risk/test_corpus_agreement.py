"""corpus_eval.agreement: a second annotator scored like the detector, and the second annotation of batches 73-84
(tests/risk/corpus_heldout_nl_annotator2.yaml) aligned with the first."""

from pathlib import Path

import pytest
import yaml

from veilignet.risk.corpus_eval import agreement
from veilignet.risk.sentence_model import parse_labels

HERE = Path(__file__).parent


def test_agreement_counts_like_the_detector():
    gold = [
        {"t": "a", "f": ["stalking", "weapons:negated", "humiliation~"]},
        {"t": "b", "f": ["death_threat"]},
        {"t": "c", "f": []},
    ]
    other = [
        {"t": "a", "f": ["stalking", "weapons", "isolation~"]},  # weapons: a false positive and a leak
        {"t": "b", "f": ["death_threat:hypothetical"]},  # missed
        {"t": "c", "f": ["humiliation~"]},  # doubtful: counted only with the doubtful labels
    ]
    strict = agreement(gold, other)
    assert (strict.tp, strict.fp, strict.fn, len(strict.leaks)) == (1, 1, 1, 1)
    loose = agreement(gold, other, with_doubtful=True)
    assert (loose.tp, loose.fp, loose.fn, len(loose.leaks)) == (1, 3, 1, 1)  # isolation in a and humiliation in c too


def test_agreement_with_itself_is_perfect_and_equals_measure_of_the_labels():
    gold = yaml.safe_load((HERE / "corpus_heldout_nl.yaml").read_text(encoding="utf-8"))["batch77"]
    result = agreement(gold, gold)
    assert result.fp == 0 and result.fn == 0 and not result.leaks and result.tp > 0


def test_agreement_refuses_other_texts():
    with pytest.raises(ValueError, match="niet dezelfde teksten"):
        agreement([{"t": "a", "f": []}], [{"t": "b", "f": []}])


def test_second_annotation_holds_the_same_texts_in_valid_labels():
    first = yaml.safe_load((HERE / "corpus_heldout_nl.yaml").read_text(encoding="utf-8"))
    second = yaml.safe_load((HERE / "corpus_heldout_nl_annotator2.yaml").read_text(encoding="utf-8"))
    assert sorted(second, key=lambda b: int(b[5:])) == [f"batch{n}" for n in range(73, 109)]
    from veilignet.risk.instrument import ALL_CODES
    from veilignet.risk.signals import STATUSES

    for batch, entries in second.items():
        assert [e["t"] for e in entries] == [e["t"] for e in first[batch]]
        for entry in entries:
            required, optional = parse_labels(entry["f"])
            assert all(code in ALL_CODES and status in STATUSES for code, status in required | optional), entry
        assert agreement(first[batch], entries).tp > 0
