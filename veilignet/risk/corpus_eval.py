"""Precision, recall and leaks of the text signals on a labelled corpus (the format of tests/risk/corpus_heldout_nl.yaml
and risk/training/*.yaml): per entry a text ``t`` and labels ``f`` (sentence_model.parse_labels: "code" is present,
"code:status", a trailing "~" for a label that is defensible either way, not counted). Counted are the present
flags: a true positive is an expected present code found present, a false positive a code found present that is not
expected (nor tolerated), a leak an entry whose guarded mention (negated, hypothetical, other_person) is reported
present (sentence_model.expected_codes). No Django needed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .sentence_model import expected_codes, parse_labels


@dataclass
class Result:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    leaks: list = field(default_factory=list)  # texts of the leaking entries
    # per missed present label what was found instead: "not found" or the statuses the code was found with
    miss_kinds: Counter = field(default_factory=Counter)
    details: list = field(default_factory=list)  # (text, missed codes, false-positive codes, leaked codes, signals)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Result) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.leaks += other.leaks
        self.miss_kinds.update(other.miss_kinds)
        self.details += other.details


def measure(entries, screen) -> Result:
    """The entries through ``screen`` (text -> signals with code and status)."""
    result = Result()
    for entry in entries:
        expected, tolerated, guarded = expected_codes(*parse_labels(entry["f"]))
        signals = screen(entry["t"])
        found = {s.code for s in signals if s.status == "present"}
        missed, wrong, leaked = expected - found, found - tolerated, guarded & found
        result.tp += len(expected & found)
        result.fn += len(missed)
        result.fp += len(wrong)
        if leaked:
            result.leaks.append(entry["t"])
        for code in missed:
            statuses = sorted({s.status for s in signals if s.code == code})
            result.miss_kinds["gevonden als " + "/".join(statuses) if statuses else "niet gevonden"] += 1
        if missed or wrong or leaked:
            result.details.append((entry["t"], sorted(missed), sorted(wrong), sorted(leaked), signals))
    return result


@dataclass(frozen=True)
class _Label:
    """A second annotator's present label in the shape of a detector's flag (code, status, text)."""

    code: str
    status: str
    text: str = "tweede annotatie"


def agreement(gold, other, *, with_doubtful: bool = False) -> Result:
    """A second annotator's labels scored as a detector's flags against the first annotator's (``gold``), entry by
    entry (the same texts in the same order): the codes the second labelled present are the flags found; with
    ``with_doubtful`` also those labelled present with a "~". Precision, recall and leaks as for the detector, so the two
    can be compared: how far a careful reader of the same guide gets on the same texts."""
    gold, other = list(gold), list(other)
    if len(gold) != len(other) or any(g["t"] != o["t"] for g, o in zip(gold, other, strict=True)):
        raise ValueError("De twee annotaties hebben niet dezelfde teksten in dezelfde volgorde.")
    found = {}
    for entry in other:
        expected, tolerated, _ = expected_codes(*parse_labels(entry["f"]))
        found[entry["t"]] = [_Label(code, "present") for code in sorted(tolerated if with_doubtful else expected)]
    return measure(gold, lambda text: found[text])
