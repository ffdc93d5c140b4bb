"""Text signals in Dutch: the corpus (tests/risk/corpus_nl.yaml) measured for precision and recall of
`present`, and the hard rule that negated, hypothetical and other-person mentions never come out as
present."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from veilignet.risk.instrument import ALL_CODES
from veilignet.risk.signals import STATUSES, _candidates, present_answers, screen

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus_nl.yaml").read_text(encoding="utf-8"))


def _expected(entry):
    return [tuple(x.split("/")) for x in entry["f"]]


def test_corpus_is_substantial_and_uses_the_vocabulary():
    assert len(CORPUS) >= 200
    codes = Counter()
    for e in CORPUS:
        for code, status in _expected(e):
            assert code in ALL_CODES and status in STATUSES
            codes[code] += 1
    assert set(codes) == set(ALL_CODES)  # every code of the vocabulary has sentences
    statuses = Counter(s for e in CORPUS for _, s in _expected(e))
    for status in STATUSES:
        assert statuses[status] >= 3, status


def test_present_precision_and_recall_at_least_090():
    tp = fp = fn = 0
    for e in CORPUS:
        expected = {c for c, s in _expected(e) if s == "present"}
        found = {s.code for s in screen(e["t"]) if s.status == "present"}
        tp += len(expected & found)
        fp += len(found - expected)
        fn += len(expected - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.9, precision
    assert recall >= 0.9, recall


def test_no_negated_hypothetical_or_other_person_mention_is_present():
    for e in CORPUS:
        guarded = {c for c, s in _expected(e) if s in ("negated", "hypothetical", "other_person")}
        allowed_present = {c for c, s in _expected(e) if s == "present"}
        found = {s.code for s in screen(e["t"]) if s.status == "present"}
        assert not ((guarded - allowed_present) & found), e["t"]


def test_status_accuracy_on_the_corpus():
    right = total = 0
    for e in CORPUS:
        got = {(s.code, s.status) for s in screen(e["t"])}
        for pair in set(_expected(e)):
            total += 1
            right += pair in got
    assert right / total >= 0.9


@pytest.mark.parametrize("text,code,status", [
    ("Er zijn geen wapens in huis.", "weapons", "negated"),
    ("Mocht hij een wapen kopen, dan belt ze 112.", "weapons", "hypothetical"),
    ("Zijn vorige partner werd door hem gewurgd.", "strangulation", "other_person"),
    ("Jaren geleden heeft hij haar gewurgd.", "strangulation", "historical"),
    ("In 2015 heeft hij haar geslagen.", "recent_violence", "historical"),
    ("Hij ontkent dat hij haar sloeg.", "recent_violence", "present"),  # the perpetrator's denial
    ("Mevrouw ontkent dat hij haar sloeg.", "recent_violence", "negated"),
    ("Als je weggaat, maak ik je af, schreef hij.", "death_threat", "present"),  # a conditional threat is a threat
    ("Indien hij haar opnieuw stalkt, wordt een contactverbod gevraagd.", "stalking", "hypothetical"),
])
def test_status_examples(text, code, status):
    assert (code, status) in {(s.code, s.status) for s in screen(text)}


def test_offsets_index_the_input():
    text = "Notitie 12-03.\n\nMevrouw vertelt: hij heeft haar gewurgd!  Er zijn geen wapens; wel een mes."
    signals = screen(text)
    assert signals
    for s in signals:
        assert text[s.start:s.end] == s.text
    assert [s.start for s in signals] == sorted(s.start for s in signals)


def test_offsets_with_accents_and_capitals():
    text = "Één keer heeft HIJ haar GEWURGD; zij wil scheiden en is doodsbang."
    for s in screen(text):
        assert text[s.start:s.end] == s.text
    assert {s.code for s in screen(text)} >= {"strangulation", "separation", "extreme_fear"}


def test_prefilter_changes_no_result():
    for e in CORPUS:
        assert _candidates(e["t"]) == _candidates(e["t"], prefilter=False), e["t"]


def test_empty_and_neutral_texts():
    assert screen("") == []
    assert screen("Huisbezoek afgelegd; de kinderen gaan naar school.") == []


def test_answers_from_signals_negated_is_no_present_is_yes_rest_unknown():
    a = present_answers(screen("Er zijn geen wapens. Hij heeft haar gewurgd. Mocht hij stalken, bel 112."))
    # a strangulation is also (recent) violence
    assert a == {"weapons": False, "strangulation": True, "recent_violence": True}


def test_fast_scopes_match_clinlp_interval_trees():
    """The list-backed scopes give the same qualifiers as clinlp's own IntervalTree implementation."""
    from veilignet.risk.signals import _candidates, _qualify

    for e in CORPUS:
        spans = [(c, s, en) for c, s, en, _ in _candidates(e["t"])]
        if spans:
            assert _qualify(e["t"], spans, fast=True) == _qualify(e["t"], spans, fast=False), e["t"]
