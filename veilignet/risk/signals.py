"""Signals in Dutch free text: the vocabulary's codes found in report descriptions and notes, each with
its status (present, negated, hypothetical, other_person, historical) and its character span.

How it works (no Django, no model download):
  1. Term lists per code (``instrument/terms_nl.yaml``, regular expressions we maintain) find candidate
     spans in the text. Overlapping matches of one code are merged; some codes absorb others
     (``bang dat hij haar vermoordt`` is extreme fear, not a death threat).
  2. clinlp (``spacy.blank("clinlp")`` with its tokenizer and ``clinlp_sentencizer``) splits the text,
     the spans become entities, and clinlp's rule-based Context Algorithm
     (``clinlp_context_algorithm``) with our Dutch rules (``instrument/context_nl.yaml``) qualifies each:
     Presence.Absent -> negated, Presence.Uncertain -> hypothetical, Experiencer.Other ->
     other_person, Temporality.Historical -> historical; otherwise present.
  3. A perpetrator's denial ("hij ontkent dat hij haar sloeg") is *not* a negation: the account of the
     victim or reporter stands, and the professional must see it (pseudo-triggers in the rules).
  4. Direct-speech threats ("als je weggaat, maak ik je af") stay present although conditional: the
     threat itself was made.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .instrument import ALL_CODES

DATA = Path(__file__).resolve().parent / "instrument"
STATUSES = ("present", "negated", "hypothetical", "other_person", "historical")
STATUS_LABELS = {"present": "aanwezig", "negated": "ontkend / afwezig", "hypothetical": "hypothetisch",
                 "other_person": "over een ander", "historical": "vroeger"}
_W = r"(?:\s+\S+){0,%d}?"


@dataclass(frozen=True)
class Signal:
    code: str
    status: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"code": self.code, "status": self.status, "start": self.start, "end": self.end, "text": self.text}


def _expand(pattern: str) -> str:
    return re.sub(r"\{W(\d+)\}", lambda m: _W % int(m.group(1)), pattern)


@functools.lru_cache(maxsize=1)
def _terms():
    data = yaml.safe_load((DATA / "terms_nl.yaml").read_text(encoding="utf-8"))
    compiled = []
    keys = data.get("keys") or {}
    for key, patterns in data["codes"].items():
        speech = key.endswith("_speech")
        code = key[: -len("_speech")] if speech else key
        if code not in ALL_CODES:
            raise ValueError(f"terms_nl.yaml: onbekende code {key}")
        body = "|".join(f"(?:{_expand(p)})" for p in patterns)
        code_keys = tuple(k.lower() for k in keys.get(key, ()))
        compiled.append((code, speech, re.compile(rf"(?<!\w)(?:{body})(?!\w)"), code_keys))
    return compiled, data.get("absorbs") or {}


def _context_rules() -> dict:
    rules = yaml.safe_load((DATA / "context_nl.yaml").read_text(encoding="utf-8"))
    # "in 2015": years at least two years back are historical; computed, not listed by hand.
    this_year = datetime.date.today().year
    years = [str(y) for y in range(1950, this_year - 1)]
    rules["rules"].append({
        "qualifier": "Temporality.Historical", "direction": "bidirectional", "max_scope": 10,
        "patterns": [[{"LOWER": {"IN": ["in", "sinds", "rond", "tot", "uit", "van"]}, "OP": "?"},
                      {"TEXT": {"IN": years}}]],
    })
    # the spaCy phrase patterns are matched on LOWER; turn plain strings into lower case.
    for rule in rules["rules"]:
        rule["patterns"] = [p.lower() if isinstance(p, str) else p for p in rule["patterns"]]
    return rules


@functools.lru_cache(maxsize=1)
def _trigger_rx():
    """Any phrase that can open a context scope (preceding, following, bidirectional triggers).
    A sentence without one keeps the default qualifiers (present), so clinlp need not run on it."""
    phrases = set()
    token_patterns = False
    for rule in _context_rules()["rules"]:
        if rule["direction"] in ("pseudo", "termination"):
            continue
        for p in rule["patterns"]:
            if isinstance(p, str):
                phrases.add(p)
            else:
                token_patterns = True
    alts = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True)
    body = "|".join(alts)
    years = r"|(?:19|20)\d\d" if token_patterns else ""
    return re.compile(rf"(?<!\w)(?:{body}){years}(?!\w)|\?")


# A sentence ends at a newline, or at . ! ? followed by white space (or the end) — but not after a
# case-note abbreviation ("mw.", "dhr.", "cl.", "i.v.m.") nor when the next word starts in lower case
# ("dhr. haar"): professionals write "Mw. vertelt dat dhr. haar sloeg" as one sentence.
_ABBREVIATIONS = ("mw", "mevr", "dhr", "hr", "cl", "dr", "drs", "mr", "bijv", "evt", "ca", "nl", "jl", "zgn", "resp",
                  "tel", "nr", "vlgs", "i.v.m", "o.a", "m.b.t", "t.a.v", "d.w.z", "e.d", "m.n", "z.s.m", "n.a.v")
_ABBR_END = "|".join(rf"(?<=\s{re.escape(a)})|(?<=^{re.escape(a)})|(?<=\({re.escape(a)})"
                     for a in _ABBREVIATIONS + tuple(a.capitalize() for a in _ABBREVIATIONS))
_SENTENCE = re.compile(
    r"(?:[^.!?\n]|[.!?]+(?=[^\s.!?])|[.!?]+(?=\s+[a-zà-ÿ0-9(\"'])|(?:" + _ABBR_END + r")\.(?=\s))*(?:[.!?]+|\n|$)"
)


class _Scopes:
    """A list-backed stand-in for the IntervalTree clinlp keeps trigger scopes in. A sentence has a
    handful of triggers, so a list is faster than building sorted trees per qualifier; the interface
    used by clinlp's ContextAlgorithm (overlap, remove, remove_overlap, slice assignment, iteration)
    behaves the same (tests/risk/test_signals.py compares both on the corpus)."""

    __slots__ = ("items",)

    def __init__(self, items=None):
        self.items = list(items or [])

    def __setitem__(self, key, data):
        from intervaltree import Interval

        self.items.append(Interval(key.start, key.stop, data))

    def overlap(self, begin, end):
        return [iv for iv in self.items if iv.begin < end and iv.end > begin]

    def remove(self, interval):
        self.items.remove(interval)

    def remove_overlap(self, begin, end):
        self.items = [iv for iv in self.items if not (iv.begin < end and iv.end > begin)]

    def __iter__(self):
        return iter(self.items)


def _fast_compute_match_scopes(self, matched_patterns):
    """clinlp's ContextAlgorithm._compute_match_scopes with _Scopes instead of IntervalTree."""
    from clinlp.ie.qualifier.context_algorithm import ContextRuleDirection as D
    from intervaltree import Interval

    out = _Scopes()
    for qm in self._group_matched_patterns(matched_patterns).values():
        triggers = _Scopes()
        for match in qm[D.PRECEDING] + qm[D.FOLLOWING] + qm[D.BIDIRECTIONAL]:
            triggers[match.start:match.end] = match
        for match in qm[D.PSEUDO]:
            triggers.remove_overlap(match.start, match.end)
        scopes = _Scopes(Interval(i.data.scope[0], i.data.scope[1], i.data) for i in triggers)
        out.items.extend(self._limit_scopes_from_terminations(scopes, qm[D.TERMINATION]).items)
    return out


@functools.lru_cache(maxsize=2)
def nlp(fast: bool = True):
    """The clinlp pipeline: tokenizer, sentencizer and the Context Algorithm with our Dutch rules."""
    import clinlp  # noqa: F401  (registers the "clinlp" language and components)
    import spacy

    pipeline = spacy.blank("clinlp")
    # spaCy's rule-based sentencizer (fast, punctuation based) splits the sentences clinlp's
    # Context Algorithm works in.
    pipeline.add_pipe("sentencizer")
    context = pipeline.add_pipe("clinlp_context_algorithm",
                                config={"rules": _context_rules(), "phrase_matcher_attr": "LOWER"})
    if fast:
        import types

        context._compute_match_scopes = types.MethodType(_fast_compute_match_scopes, context)
    return pipeline


def _candidates(text: str, *, prefilter: bool = True):
    """(code, start, end, speech) per term match, overlapping same-code matches merged, absorbed removed."""
    compiled, absorbs = _terms()
    found = []
    lower = text.lower()  # same length as text for Dutch: offsets stay valid
    if len(lower) != len(text):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    spaced = " " + lower  # keys may start with a space: a word start
    sentences = None
    for code, speech, rx, keys in compiled:
        if prefilter and keys:
            for k in keys:
                if k in spaced:
                    break
            else:
                continue
        if not prefilter or code in _CROSS_SENTENCE or not keys:
            matches = rx.finditer(lower)
        else:
            # scan only the sentences that hold a key: the patterns' cost grows with the text scanned
            if sentences is None:
                sentences = [m.span() for m in _SENTENCE.finditer(text) if m.end() > m.start()]
                starts = [s0 for s0, _ in sentences]
            hit = set()
            for k in keys:
                i = spaced.find(k)
                while i >= 0:  # spaced[i] is lower[i - 1]: index i lies inside the key's sentence
                    hit.add(bisect.bisect_right(starts, i) - 1)
                    i = spaced.find(k, i + 1)
            matches = [m for j in sorted(hit) for m in rx.finditer(lower, *sentences[max(j, 0)])]
        for m in matches:
            s, e = m.span()
            # trim whitespace the pattern may have eaten
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                found.append([code, s, e, speech])
    found.sort(key=lambda f: (f[0], f[1], -f[2]))
    merged = []
    for f in found:
        if merged and merged[-1][0] == f[0] and f[1] < merged[-1][2]:
            last = merged[-1]
            last[2] = max(last[2], f[2])
            last[3] = last[3] or f[3]
        else:
            merged.append(f)
    if absorbs:
        keep = []
        for f in merged:
            absorbed = any(
                g[0] != f[0] and f[0] in absorbs.get(g[0], ()) and g[1] < f[2] and f[1] < g[2]
                for g in merged
            )
            if not absorbed:
                keep.append(f)
        merged = keep
    # a threat to kill a pet is a threat against a pet, not a death threat against a person
    pets = [f for f in merged if f[0] == "threat_children_pets" and _PET.search(lower, f[1], f[2])
            and not _CHILD.search(lower, f[1], f[2])]
    if pets:
        merged = [f for f in merged if not (f[0] == "death_threat" and any(p[1] < f[2] and f[1] < p[2] for p in pets))]
    merged.sort(key=lambda f: (f[1], f[0]))
    return merged


# Codes whose patterns may join two sentences ("Mw. is zwanger. Hij schopte haar."): always scan the whole text.
_CROSS_SENTENCE = frozenset({"pregnancy_violence"})
_PET = re.compile(r"hond|kat\b|katten|poes|huisdier|konijn|paard")
_CHILD = re.compile(r"kind|zoon|dochter|baby")


_INNER_NEGATION = re.compile(r"(?<!\w)(geen|niet|nooit|zonder)(?!\w)", re.IGNORECASE)
# Codes whose patterns span a clause (e.g. pregnancy + violence): a negation inside the span negates it.
_SPANNING = frozenset({"pregnancy_violence", "separation", "escalation", "extreme_fear", "jealousy_blackmail",
                       "humiliation", "weapons", "substance_abuse", "surveillance", "stalking"})


# Abuse through third parties is by definition done by other people: "zijn moeder bedreigt haar namens hem".
_BY_OTHERS = frozenset({"third_party_abuse"})


def _status(qualifiers: set[str], speech: bool, code: str = "") -> str:
    if speech:
        # a direct-speech threat was made, whatever condition or "niet" it contains
        return "other_person" if ("Experiencer.Other" in qualifiers or "Relation.Previous" in qualifiers) else "present"
    if "Presence.Absent" in qualifiers:
        return "negated"
    if "Presence.Uncertain" in qualifiers and not speech:
        return "hypothetical"
    if ("Experiencer.Other" in qualifiers and code not in _BY_OTHERS) or "Relation.Previous" in qualifiers:
        return "other_person"
    if "Temporality.Historical" in qualifiers:
        return "historical"
    return "present"


def screen(text: str) -> list[Signal]:
    """All signals in a text, in reading order."""
    text = text or ""
    cands = _candidates(text)
    if not cands:
        return []
    out = []
    trigger = _trigger_rx()
    pos = 0
    n = len(cands)
    for m in _SENTENCE.finditer(text):
        s0, s1 = m.span()
        if s1 == s0:
            if s1 >= len(text):
                break
            continue
        here = []
        while pos < n and cands[pos][1] < s1:
            here.append(cands[pos])
            pos += 1
        if not here:
            continue
        sentence = text[s0:s1]
        if trigger.search(sentence.lower()) is None:
            quals = [set()] * len(here)
        else:
            quals = _qualify(sentence, [(c, s - s0, min(e, s1) - s0) for c, s, e, _ in here])
        for (code, s, e, speech), q in zip(here, quals, strict=True):
            status = _status(q, speech, code)
            if status == "present" and code in _SPANNING and _INNER_NEGATION.search(text, s, e):
                status = "negated"
            out.append(Signal(code=code, status=status, start=s, end=e, text=text[s:e]))
        if pos >= n:
            break
    return out


def _qualify(sentence: str, spans, *, fast: bool = True) -> list[set[str]]:
    """clinlp's Context Algorithm on one sentence: the qualifier names per (code, start, end) span."""
    from spacy.tokens import Span

    pipeline = nlp(fast)
    doc = pipeline.make_doc(sentence)
    doc = pipeline.get_pipe("sentencizer")(doc)
    ents, index = [], []
    for i, (code, s, e) in enumerate(spans):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        ents.append(Span(doc, span.start, span.end, label=code))
        index.append(i)
    result = [set() for _ in spans]
    if not ents:
        return result
    doc.spans["ents"] = ents
    doc = pipeline.get_pipe("clinlp_context_algorithm")(doc)
    for i, ent in zip(index, doc.spans["ents"], strict=True):
        result[i] = _qualifier_names(ent)
    return result


def _qualifier_names(ent) -> set[str]:
    return {f"{q.name}.{q.value}" for q in (ent._.qualifiers or set())}


def present_answers(signals) -> dict:
    """Answers for scoring from text signals: True for each code found present; False for a code only
    found negated ("er zijn geen wapens"); everything else stays unknown (never read as no)."""
    answers = {s.code: False for s in signals if s.status == "negated"}
    answers.update({s.code: True for s in signals if s.status == "present"})
    return answers
