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

import copy
import dataclasses
import datetime
import functools
import itertools
import math
import operator
import re
from pathlib import Path

import yaml

from .instrument import ALL_CODES, FEAR_CODES

DATA = Path(__file__).resolve().parent / "instrument"
STATUSES = ("present", "negated", "hypothetical", "other_person", "historical")
STATUS_LABELS = {"present": "aanwezig", "negated": "ontkend / afwezig", "hypothetical": "hypothetisch",
                 "other_person": "over een ander", "historical": "vroeger"}
_W = r"(?:\s+\S+){0,%d}?"


@dataclasses.dataclass(frozen=True)
class Signal:
    code: str
    status: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"code": self.code, "status": self.status, "start": self.start, "end": self.end, "text": self.text}


# Notes quote the victim in the first person ("hij leest mijn berichten", "hij sloeg me"): every "haar"
# in a pattern also matches mijn / mij / me.
_HAAR = re.compile(r"(?<![\w\\])haar(?!\w)")


def _expand(pattern: str) -> str:
    pattern = re.sub(r"\{W(\d+)\}", lambda m: _W % int(m.group(1)), pattern)
    return _HAAR.sub("(?:haar|mijn|mij|me)", pattern)


@functools.lru_cache(maxsize=1)
def _terms():
    """Per code (in file order): (code, speech, lines); lines = [(compiled line, gates)]. Each line of a code's
    list is compiled on its own and scanned only in sentences that pass one of its gates: a sentence holding a
    literal of each of the gate's sets (``_literal_gates``, derived from the expression itself)."""
    data = yaml.safe_load((DATA / "terms_nl.yaml").read_text(encoding="utf-8"))
    compiled = []
    for key, patterns in data["codes"].items():
        speech = key.endswith("_speech")
        code = key[: -len("_speech")] if speech else key
        if code not in ALL_CODES:
            raise ValueError(f"terms_nl.yaml: onbekende code {key}")
        lines = []
        for p in patterns:
            body = _expand(p)
            # a line without a required literal (none today) is scanned wherever its code is: "" is in every text
            lines.append((re.compile(rf"(?<!\w)(?:{body})(?!\w)"), _literal_gates(body)))
        compiled.append((code, speech, tuple(lines)))
    return compiled, data.get("absorbs") or {}


# literals are found by a trie over each word (``_literal_scanner``, ``_TokenGates``), so their length costs nothing: the longer,
# the more selective (a cap only keeps pathological expressions' sets small)
_LITERAL_PREFIX = 100
_COMMON_WORDS = frozenset(
    "de het een en van in op te dat die niet is hij zij ze haar mijn me mij hem aan met voor naar bij er als of wat "
    "om zijn ook nog wel dan maar geen wordt was heeft had werd mag moet kan zou zal gaat ging wil al uit door over "
    "tot hun nu zo meer hen je jij ik we wij u dit deze dat".split())


@functools.lru_cache(maxsize=1)
def _literal_index() -> dict[str, tuple[tuple[int, int, int], ...]]:
    """Per literal of a gate's first (most selective) set, the (code index, line index, gate index) triples that
    need it."""
    index: dict[str, list[tuple[int, int, int]]] = {}
    for ci, (*_, lines) in enumerate(_terms()[0]):
        for li, (_, gates) in enumerate(lines):
            for gi, gate in enumerate(gates):
                for lit in gate[0]:
                    index.setdefault(lit, []).append((ci, li, gi))
    return {k: tuple(v) for k, v in index.items()}


# a gate checks at most this many sets beyond its first: a few selective ones do nearly all the work (a common
# word or a fragment gates almost nothing)
_MORE_SETS = 3
_NO_GATE = ((frozenset({""}),),)  # "" is in every text: scanned wherever its code is


def _literal_score(cands) -> tuple[float, int]:
    # a word found in almost every sentence gates less than a two-letter fragment
    common = any(c.strip() in _COMMON_WORDS for c in cands)
    return (1.5 if common else min(len(c) for c in cands), -len(cands))


def _literal_gates(pattern: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The gates of a term line: one per alternative of its top-level branch (``A|B|C``, nested groups of
    branches flattened), each a tuple of literal sets, most selective first, such that every match of that
    alternative contains a literal of *each* set. A sentence that passes no gate cannot hold a match.
    ``_NO_GATE`` when some alternative requires no literal. Found in the expression's syntax tree: in a
    sequence, a literal run, a group and a repeat of at least one are required; an inner branch requires one of
    its alternatives' most selective sets."""
    try:  # Python 3.11+
        import re._constants as C
        import re._parser as P
    except ImportError:  # pragma: no cover
        import sre_constants as C
        import sre_parse as P

    def req(tree) -> list[frozenset[str]]:
        out: list[frozenset[str]] = []
        run: list[str] = []
        for op, av in tree:
            # a literal ends at white space: the text is searched for literals word by word (_TokenGates)
            if op is C.LITERAL and not chr(av).isspace():
                run.append(chr(av))
                continue
            prefix = [(C.LITERAL, ord(ch)) for ch in run]
            alts = [req(prefix + list(a)) for a in av[1]] if op is C.BRANCH else None
            if run and not (alts and all(alts)):
                out.append(frozenset({"".join(run)[:_LITERAL_PREFIX]}))
            run = []
            if op is C.SUBPATTERN:
                out.extend(req(av[-1]))
            elif op is C.BRANCH:
                # the parser moves a prefix all alternatives share out of the branch ("m(?:oet|ag)"): the literal
                # run before a branch belongs to every alternative, so the literals are "moet", "mag", not "oet", "ag"
                if all(alts):
                    out.append(frozenset().union(*(max(a, key=_literal_score) for a in alts)))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
                out.extend(req(av[2]))
        if run:
            out.append(frozenset({"".join(run)[:_LITERAL_PREFIX]}))
        return out

    def alternatives(tree) -> list:
        tree = list(tree)
        while len(tree) == 1 and tree[0][0] is C.SUBPATTERN:
            tree = list(tree[0][1][-1])
        k = 0  # a literal run all alternatives share, moved before the branch by the parser
        while k < len(tree) and tree[k][0] is C.LITERAL:
            k += 1
        if k == len(tree) - 1 and tree[k][0] is C.BRANCH:
            return [alt for a in tree[k][1][1] for alt in alternatives(tree[:k] + list(a))]
        return [tree]

    gates = []
    for alt in alternatives(P.parse(pattern)):
        sets = sorted(set(req(alt)), key=lambda c: (_literal_score(c), sorted(c)), reverse=True)
        if not sets:
            return _NO_GATE
        # a further set is worth a check only when it is selective and not implied by the first one (a literal of
        # it inside every literal of the first: "m" beside {"moet", "mag"})
        more = [c for c in sets[1:] if _literal_score(c)[0] >= 1.5
                and not all(any(x in lit for x in c) for lit in sets[0])][:_MORE_SETS]
        gates.append((sets[0], *more))
    return tuple(dict.fromkeys(gates))


@functools.lru_cache(maxsize=1)
def _context_rules_parsed() -> dict:
    return yaml.safe_load((DATA / "context_nl.yaml").read_text(encoding="utf-8"))


_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
           "december"]


def _context_rules() -> dict:
    rules = copy.deepcopy(_context_rules_parsed())
    # "in 2015": years at least two years back are historical; computed, not listed by hand.
    this_year = datetime.date.today().year
    years = [str(y) for y in range(1950, this_year - 1)]
    rules["rules"].append({
        "qualifier": "Temporality.Historical", "direction": "bidirectional", "max_scope": 20,
        "patterns": [[{"LOWER": {"IN": ["in", "sinds", "rond", "tot", "uit", "van"]}, "OP": "?"},
                      {"TEXT": {"IN": years}}]],
    })
    # ... but "sinds 2019", "vanaf 2021" runs up to now: a state that lasts ("woont sinds 2022 apart", "sinds 2023 geen
    # werk", "huidige partner (sinds 2018) vertelt ...")
    rules["rules"].append({
        "qualifier": "Temporality.Historical", "direction": "pseudo",
        "patterns": [[{"LOWER": {"IN": ["sinds", "vanaf"]}}, {"LOWER": {"IN": ["eind", "begin", "medio", "half"]}, "OP": "?"},
                      {"TEXT": {"IN": years}}],
                     # ... also with its month: "sinds maart 2023", "vanaf september 2022"
                     [{"LOWER": {"IN": ["sinds", "vanaf"]}}, {"LOWER": {"IN": _MONTHS}}, {"TEXT": {"IN": years}}]],
    })
    for rule in rules["rules"]:
        # spaCy's token Matcher costs per token and pattern; a token pattern that is only words in a row (word
        # lists, optional words) is the same set of phrases for the much cheaper PhraseMatcher
        patterns = [x for p in rule["patterns"] for x in ((None if isinstance(p, str) else _as_phrases(p)) or [p])]
        # the phrase patterns are matched on LOWER: plain strings in lower case. Chat and quoted speech write
        # "mn"/"zn" for mijn/zijn ("mn vorige vriend", "zn ex"): every phrase with one gets that variant too.
        phrases = [p.lower() if isinstance(p, str) else p for p in patterns]
        variants = [_CHAT_POSSESSIVE.sub(lambda m: _CHAT_FORMS[m.group(0)], p) for p in phrases if isinstance(p, str)]
        # a passive denial listed in the singular ("wordt door mw. ontkend") also takes a plural subject
        # ("wurging en doodsbedreigingen worden door cliënte ontkend")
        variants += [_PASSIVE_PLURAL.sub(lambda m: _PLURAL_FORMS[m.group(0)], p) for p in phrases
                     if isinstance(p, str) and _PASSIVE_PLURAL.match(p)]
        strings = {p for p in phrases if isinstance(p, str)}
        unique = list({(p if isinstance(p, str) else repr(p)): p for p in phrases}.values())
        rule["patterns"] = unique + [v for v in dict.fromkeys(variants) if v not in strings]
    return rules


_PHRASES_AT_MOST = 2000


def _as_phrases(pattern: list):
    """The phrases a spaCy token pattern of plain words matches (LOWER or case-free TEXT, a word or an IN list,
    optionally OP "?"), or None when it asks for anything else or would give too many phrases."""
    choices = []
    for token in pattern:
        op = token.get("OP")
        attrs = set(token) - {"OP"}
        if op not in (None, "?") or len(attrs) != 1 or not attrs <= {"LOWER", "TEXT"}:
            return None
        (attr,) = attrs
        value = token[attr]
        words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
        if not words or (attr == "TEXT" and any(w.lower() != w or w.upper() != w for w in words)):
            return None
        choices.append([w.lower() for w in words] + ([""] if op == "?" else []))
    if math.prod(map(len, choices)) > _PHRASES_AT_MOST:
        return None
    phrases = [" ".join(w for w in combo if w) for combo in itertools.product(*choices)]
    return [p for p in dict.fromkeys(phrases) if p]


_CHAT_FORMS = {"mijn": "mn", "zijn": "zn"}
_PLURAL_FORMS = {"wordt": "worden", "werd": "werden"}
_PASSIVE_PLURAL = re.compile(r"^(wordt|werd)(?=\s+door\s)")
_CHAT_POSSESSIVE = re.compile(r"(?<!\w)(mijn|zijn)(?!\w)")


def _token_words(token: dict):
    """The words a spaCy token pattern of ``_trigger_rx`` accepts: its LOWER word(s); [] (any word) for a token that
    only asks IS_TITLE ("tante Nadia": the regex is a superset); None when the token asks anything else."""
    if set(token) == {"IS_TITLE"}:
        return []
    lower = token.get("LOWER") if set(token) == {"LOWER"} else None
    if isinstance(lower, str):
        return [lower]
    return (lower.get("IN") or None) if isinstance(lower, dict) else None


@functools.lru_cache(maxsize=1)
def _trigger_rx():
    """Any phrase that can open a context scope (preceding, following, bidirectional triggers).
    A sentence without one keeps the default qualifiers (present), so clinlp need not run on it."""
    phrases = set()
    token_patterns = False
    token_rx: list[str] = []
    for rule in _context_rules()["rules"]:
        if rule["direction"] in ("pseudo", "termination"):
            continue
        for p in rule["patterns"]:
            if isinstance(p, str):
                phrases.add(p)
            else:
                # a token pattern of word lists: the same words in a row as a regular expression
                words = [_token_words(t) for t in p]
                if None not in words and any(words):
                    token_rx.append(r"\s+".join("(?:" + "|".join(map(re.escape, w)) + ")" if w else r"\S+" for w in words))
                else:
                    token_patterns = True
    # a trie of the ~3,000 phrases: Python's regex engine would try every alternative of a flat list at each position
    body = _trie({" ".join(p.split()) for p in phrases}, space=r"\s+")
    years = r"|(?:19|20)\d\d" if token_patterns else ""
    years += "".join("|" + t for t in token_rx)
    return re.compile(rf"(?<!\w)(?:{body}){years}(?!\w)|\?")


# A sentence ends at a newline, or at . ! ? followed by white space (or the end) — but not after a
# case-note abbreviation ("mw.", "dhr.", "cl.", "i.v.m.") nor when the next word starts in lower case
# ("dhr. haar"): professionals write "Mw. vertelt dat dhr. haar sloeg" as one sentence. A quoted sentence ends at its
# closing quote when a capital follows ("Hij riep: 'Je bent dood.' De buurman belde"), not before a lower-case word.
_ABBREVIATIONS = ("mw", "mevr", "dhr", "hr", "cl", "dr", "drs", "mr", "bijv", "evt", "ca", "nl", "jl", "zgn", "resp",
                  "tel", "nr", "vlgs", "i.v.m", "o.a", "m.b.t", "t.a.v", "d.w.z", "e.d", "m.n", "z.s.m", "n.a.v")


def _abbreviation_end(abbreviations) -> str:
    """A look-behind per abbreviation: the full stop after it (at the start, after a space or a bracket) ends nothing."""
    return "|".join(rf"(?<=\s{re.escape(a)})|(?<=^{re.escape(a)})|(?<=\({re.escape(a)})" for a in abbreviations)


_ABBR_END = _abbreviation_end(_ABBREVIATIONS + tuple(a.capitalize() for a in _ABBREVIATIONS))
_SENTENCE = re.compile(
    r"(?:[^.!?\n]|[.!?]+(?=[^\s.!?])(?!['\"’]+\s+[A-ZÀ-Þ])|[.!?]+(?=\s+[a-zà-ÿ0-9(\"'])|(?:" + _ABBR_END + r")\.(?=\s))*"
    r"(?:[.!?]+['\"’]+(?=\s+[A-ZÀ-Þ])|[.!?]+|\n|$)"
)


# A text that starts in lower case is written the way people chat ("nee dat niet. wel aan mijn haren gesleept"): there a
# full stop, question or exclamation mark before a lower-case word ends the sentence too (but after an abbreviation),
# where in a professional's note it is taken for an abbreviation of its own ("aang. verklaart").
# (the police's and probation's abbreviations too, which a note typed in lower case may hold: "pl. trof aang. aan")
_LOWER_ABBREVIATIONS = _ABBREVIATIONS + ("pl", "aang", "verd", "bz", "betr", "i.o.m", "vlg", "pt", "wk", "jr", "ong")
_ABBR_END_LOWER = _abbreviation_end(_LOWER_ABBREVIATIONS)
_SENTENCE_LOWER = re.compile(
    r"(?:[^.!?\n]|[.!?]+(?=[^\s.!?])(?!['\"’]+\s)|(?:" + _ABBR_END_LOWER + r")\.(?=\s))*"
    r"(?:[.!?]+['\"’]*(?=\s|$)|[.!?]+|\n|$)"
)
_FIRST_LETTER = re.compile(r"[^\W\d_]")


def typed_as_chat(text: str) -> bool:
    """The text starts in lower case: written the way people chat, not as a professional's note."""
    first = _FIRST_LETTER.search(text)
    return first is not None and first.group().islower()


@functools.lru_cache(maxsize=16)
def sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each non-empty sentence of the text (``_SENTENCE``, or ``_SENTENCE_LOWER`` for a text that
    starts in lower case). Cached: the term scan, the context and the sentence model all split the same note."""
    rx = _SENTENCE_LOWER if typed_as_chat(text) else _SENTENCE
    return tuple(m.span() for m in rx.finditer(text) if m.end() > m.start())


def _sentence_at(bounds, pos: int) -> tuple[int, int] | None:
    """The (start, end) of the sentence of ``bounds`` (sentence_bounds) holding offset pos, or None."""
    return next(((a, b) for a, b in bounds if a <= pos < b), None)


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

        from clinlp.ie.qualifier.qualifier import set_qualifiers

        context._compute_match_scopes = types.MethodType(_fast_compute_match_scopes, context)
        # clinlp gives every entity a default qualifier of each class first (a third of its time); only the
        # qualifiers the rules find are read (_qualifier_names), so the entity starts with none
        context._initialize_ent_qualifiers = lambda entity: set_qualifiers(entity, set())
    return pipeline


def _trie(words, space: str | None = None) -> str:
    """A regular expression matching the longest of ``words`` at a position (a trie: one branch per letter);
    with ``space``, a space in a word matches that expression (``\\s+``: any run of white space)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alts = [(space if ch == " " and space else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _rule_phrases_rx(rules: dict, qualifier: str, directions: tuple, before: str = ""):
    """The string patterns of the context rules of ``qualifier`` with a direction in ``directions`` as one expression
    (a trie of the phrases; a space matches any white space), optionally after ``before``."""
    phrases = {" ".join(p.lower().split()) for rule in rules["rules"]
               if rule["qualifier"] == qualifier and rule["direction"] in directions
               for p in rule["patterns"] if isinstance(p, str)}
    body = _trie(phrases, space=r"\s+")
    return re.compile(rf"(?<!\w){before}(?:{body})(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _literal_scanner():
    """(regex, lines per literal, gates per literal, sets per literal, lines needing no literal, lines).
    ``lines`` is the flat list of (code index, compiled line, cross-sentence) of all codes; the others hold indices
    into it. The regex finds at every position the longest literal starting there (a zero-width look-ahead, so
    overlapping literals are all seen); every other literal starting there is a prefix of it, so for each literal
    ``lines_of`` lists the lines of the gates without further sets whose first set it (or one of its prefixes)
    satisfies, ``gates_of`` the other gates whose first set it satisfies (as (line, further sets)), and
    ``sets_of`` the further sets it satisfies (a bit mask): a few look-ups per literal found instead of a set of the
    text's substrings."""
    compiled = _terms()[0]
    index = _literal_index()
    lines, gates, plain, gid = [], [], {}, {}
    set_ids: dict[frozenset, int] = {}
    for ci, (code, _, code_lines) in enumerate(compiled):
        for li, (rx, line_gates) in enumerate(code_lines):
            for gi, gate in enumerate(line_gates):
                # a cross-sentence line may find its further literals in another sentence: its first set decides
                if len(gate) == 1 or code in _CROSS_SENTENCE:
                    plain[ci, li, gi] = len(lines)
                else:
                    gid[ci, li, gi] = len(gates)
                    # the further sets as a bit mask: a sentence's sets are or-ed into one int, checked with one and
                    gates.append((len(lines), sum(1 << set_ids.setdefault(c, len(set_ids)) for c in set(gate[1:]))))
            lines.append((ci, rx, code in _CROSS_SENTENCE))
    by_literal: dict[str, set[int]] = {}
    for c, i in set_ids.items():
        for lit in c:
            by_literal.setdefault(lit, set()).add(i)
    words = sorted({lit for lit in (*index, *by_literal) if lit})
    lines_of, gates_of, sets_of = {}, {}, {}
    for w in words:
        direct: set = set()
        found: set = set()
        ids: set = set()
        for k in range(1, len(w) + 1):
            for p in index.get(w[:k], ()):
                if p in plain:
                    direct.add(plain[p])
                else:
                    found.add(gid[p])
            ids.update(by_literal.get(w[:k], ()))
        lines_of[w], gates_of[w], sets_of[w] = tuple(sorted(direct)), tuple(gates[u] for u in sorted(found)), sum(1 << i for i in ids)
    everywhere = tuple(sorted(plain[p] for p in index.get("", ())))  # _NO_GATE: a single set, {""}
    rx = re.compile("(?=(" + _trie(words) + "))") if words else None
    return rx, lines_of, gates_of, sets_of, everywhere, tuple(lines)


class _TokenGates:
    """The term lines a sentence's gates open, from its words: a literal holds no white space (``_literal_gates``), so
    the literals in a sentence are those in its words, and each distinct word is scanned for them once - most words of a
    note are seen before. Per word (cached): the lines it opens alone, the further sets it satisfies (a bit mask) and
    the gates it opens only together with other words of the sentence."""

    _MAX_WORDS = 100_000  # the cache is cleared beyond this many words (a bound on memory, not on speed)
    _NONE = (frozenset(), 0, ())

    def __init__(self):
        self.scanner, self.lines_of, self.gates_of, self.sets_of, self.everywhere, _ = _literal_scanner()
        self.words: dict[str, tuple] = {}

    def _word(self, word: str) -> tuple:
        literals = set(self.scanner.findall(word)) if self.scanner is not None else ()
        entry = self._NONE
        if literals:
            lines = set().union(*map(self.lines_of.__getitem__, literals))
            have = functools.reduce(operator.or_, map(self.sets_of.__getitem__, literals), 0)
            others = []
            for g, need in dict.fromkeys(itertools.chain.from_iterable(map(self.gates_of.__getitem__, literals))):
                if have & need == need:
                    lines.add(g)
                elif g not in lines:
                    others.append((g, need))
            entry = (frozenset(lines), have, tuple(others))
        if len(self.words) >= self._MAX_WORDS:
            self.words.clear()
        self.words[word] = entry
        return entry

    def lines(self, lower: str, s0: int, s1: int) -> set[int]:
        """The lines to scan in the sentence lower[s0:s1] (lower-cased): those with a gate whose sets all have a literal
        in it."""
        todo = set(self.everywhere)
        have = 0
        pending = []
        words = self.words
        for word in lower[s0:s1].split():
            opened, sets, others = words.get(word) or self._word(word)
            if opened:
                todo.update(opened)
            have |= sets
            pending += others
        todo.update(g for g, need in pending if have & need == need)
        return todo


@functools.lru_cache(maxsize=1)
def _token_gates() -> _TokenGates:
    return _TokenGates()


def _candidates(text: str, *, prefilter: bool = True):
    """(code, start, end, speech) per term match, overlapping same-code matches merged, absorbed removed."""
    compiled, absorbs = _terms()
    found = []
    lower = text.lower()  # same length as text for Dutch: offsets stay valid
    if len(lower) != len(text):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    matches = []  # (code index, iterator of matches)
    if not prefilter:
        for ci, (*_, lines) in enumerate(compiled):
            for rx, _ in lines:
                matches.append((ci, rx.finditer(lower)))
    else:
        flat = _literal_scanner()[-1]
        gates = _token_gates()
        whole = set()  # lines of a cross-sentence code: scanned once over the whole text
        for s0, s1 in sentence_bounds(text):
            for g in gates.lines(lower, s0, s1):
                ci, rx, cross = flat[g]
                if cross:
                    whole.add(g)
                    continue
                # most scans find nothing: search first, and iterate from the first match only when there is one
                m = rx.search(lower, s0, s1)
                if m is not None:
                    matches.append((ci, rx.finditer(lower, m.start(), s1)))
        for g in whole:
            ci, rx, _ = flat[g]
            matches.append((ci, rx.finditer(lower)))
    for ci, it in matches:
        code, speech = compiled[ci][0], compiled[ci][1]
        for m in it:
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
        # (unless she is named as well: "dat hij de kat doodmaakt en mij erbij")
        merged = [f for f in merged if not (f[0] == "death_threat" and "erbij" not in lower[f[1]:f[2]]
                                            and any(p[1] < f[2] and f[1] < p[2] for p in pets))]
    # violence done to a pet is a danger to the pet, not violence against her ("heeft de hond van mw. tijdens de ruzie
    # een schop gegeven", "de kat van mw. tegen de muur gegooid"); nor is her turning a page, or pushing him away
    # ("verjaardagen slaat ze over", "heeft geprobeerd hem weg te duwen")
    kept = []
    for f in merged:
        if f[0] == "recent_violence":
            b0 = max(f[1] - 70, (_sentence_at(sentence_bounds(text), f[1]) or (0, 0))[0])
            before = lower[b0:f[1]]
            if _PET_BEFORE.search(before):
                if not any(g[0] == "threat_children_pets" and g[1] < f[2] and f[1] - len(before) < g[2] for g in merged):
                    kept.append(["threat_children_pets", f[1], f[2], f[3]])
                continue
            if _PUSHED_AWAY.search(before) or (_SLAAN.fullmatch(lower, f[1], f[2]) and _SKIPPED.match(lower, f[2])):
                continue
        kept.append(f)
    merged = kept
    # a threat to kill her and the children threatens the children too ("roept dat hij haar en de kinderen 'af gaat
    # maken'"); children who only watch do not count ("dreigde haar voor de ogen van de kinderen af te maken")
    for f in [f for f in merged if f[0] == "death_threat"]:
        if (_CHILDREN_THREATENED.search(lower, max(0, f[1] - 30), f[2])
                and not any(g[0] == "threat_children_pets" and g[1] < f[2] and f[1] < g[2] for g in merged)):
            merged.append(["threat_children_pets", f[1], f[2], f[3]])
    merged.sort(key=lambda f: (f[1], f[0]))
    return merged


# Codes whose patterns may join two sentences ("Mw. is zwanger. Hij schopte haar."): always scan the whole text.
_CROSS_SENTENCE = frozenset({"pregnancy_violence"})
_PET = re.compile(r"hond|kat\b|katten|poes|huisdier|konijn|paard")
_CHILD = re.compile(r"kind|zoon|dochter|baby")
_PET_BEFORE = re.compile(
    r"(?<!\w)(de|het|zijn|haar|hun|onze|mijn|d'r)\s+(hond\w*|kat|katten|kater|poes\w*|konijn\w*|cavia\w*|hamster\w*|"
    r"paard\w*|huisdier\w*|puppy|kitten\w*)(\s+van\s+(mw\.?|mevrouw|haar|mij|hem|de\s+\w+|\w+))?"
    r"\s+((?!(haar|hem|mij|me|mw|mevrouw|en|maar|toen|omdat|want|die|dat)(?!\w))\S+\s+){0,5}?$")
_PUSHED_AWAY = re.compile(r"(?<!\w)(hem|dhr\.?|meneer|hij)\s+(\w+\s+)?(weg|van\s+zich\s+af|af)\s+te\s+$")
_SLAAN = re.compile(r"sla|slaat|sloeg|sloegen|slaan")
_SKIPPED = re.compile(r"[^,;:.!?]{0,60}?\sover(?=\s*[,;:.!?]|\s+(omdat|want|en|maar|sinds|uit)\b)")
_KIDS = r"(de|die|onze|zijn|haar|jouw|je|mijn|mn|hun)\s+(kinderen|kids|kind|jongens|meisjes|zoon|dochter|zoontje|dochtertje|tweeling)"
_CHILDREN_THREATENED = re.compile(
    rf"(?<!\w)((haar|jou|je|mij|me|mw\.?|hem|moeder|mama)\s+(en|én)\s+{_KIDS}|{_KIDS}\s+(en|én)\s+(haar|jou|je|mij|me|hem)"
    r"|jullie\s+(allemaal|allebei|alle\s+\w+))(?!\w)")


_INNER_NEGATION = re.compile(r"(?<!\w)(geen|niet|nooit|zonder|ontkent|ontkende|ontkend|ontkennen)(?!\w)", re.IGNORECASE)
# A negation that is part of the signal itself does not negate it: "houdt zich niet aan het contactverbod",
# "laat haar niet met rust", "durft niet naar huis", "zonder haar toestemming".
_NEGATION_IN_SIGNAL = re.compile(
    r"zich\s+niet\s+(meer\s+)?aan|niet\s+(meer\s+)?met\s+rust|niet\s+meer\s+alleen|niet\s+alleen|durf\w*\s+(\w+\s+){0,3}?niet"
    r"|zonder\s+(haar|mijn|zijn)\s+(toestemming|medeweten|instemming)|niet\s+(meer\s+)?(los|weg|naar\s+buiten)"
    r"|geen\s+(keus|keuze|nee)|nee\s+(zegt|zei)|niet\s+(wil|wilde)|niet\s+lang\s+meer|(nooit|niet)\s+meer\s+(terug|zien|levend)"
    r"|overleef\w*\s+(ik|ze|zij)\s+(het|dit)\s+niet|niet\s+levend|niet\s+(zal|zou|ga|gaat)\s+overleven"
    r"|nooit\s+(zal\s+)?laten\s+gaan|nooit\s+iemand\s+anders|zonder\s+(hem|mij)\s+(nergens|niets|niks)"
    r"|niet\s+(bij\s+hem\s+)?terug(komt|keert)|niet\s+(meer\s+)?(\w+\s+){0,3}?(is\s+)?(gegeven|toegediend|opgehaald|verzorgd|verschoond)"
    r"|zie\w*\s+(je|jij|u|ze|zij|hem|haar|\w+)\s+(\w+\s+){0,2}?(nooit|niet)\s+meer",
    re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _pseudo_negation_rx():
    """The pseudo-triggers of Presence.Absent in context_nl.yaml ("nooit meer ziet", "niet met rust", ...) as
    one expression: where clinlp does not read them as a negation, neither do the span and sentence checks."""
    return _rule_phrases_rx(_context_rules_parsed(), "Presence.Absent", ("pseudo",))


@functools.lru_cache(maxsize=1)
def _negation_cue_rx():
    """The triggers of Presence.Absent in context_nl.yaml (preceding, following) as one expression."""
    return _rule_phrases_rx(_context_rules(), "Presence.Absent", ("preceding", "following", "bidirectional"))


# A comma closes the clause of a negation ("Als ze niet luistert, slaat hij haar", "Een eigen rekening heeft ze niet,
# de kinderbijslag komt op zijn rekening") unless it separates the items of a list the negation covers ("geen
# wapens, drugs of alcohol", "niet geslagen, geschopt en gewurgd"): the part after the comma is a word or two, or
# has "of" / "noch" as its second or third word or "en" as its second.
_COMMA = re.compile(r",")
_LIST_ITEM = re.compile(r"^[\s'\"‘]*(\S+(\s+\S+)?[\s'\"’]*$|\S+\s+(of|en|noch|óf)|\S+\s+\S+\s+(of|noch|óf))(?!\w)", re.IGNORECASE)
# (not the full stop of an abbreviation: "stalking, dhr. heeft ..." is no one-word list item)
_SEGMENT_END = re.compile(r"[,;:!?]|" + "".join(rf"(?<!\b{re.escape(a)})" for a in _ABBREVIATIONS) + r"\.", re.IGNORECASE)


def _clause_comma_between(sentence: str, a: int, b: int) -> bool:
    """Offsets into sentence: a comma between a and b that is no list separator."""
    for m in _COMMA.finditer(sentence, a, b):
        end = _SEGMENT_END.search(sentence, m.end())
        if not _LIST_ITEM.match(sentence[m.end():end.start() if end else len(sentence)]):
            return True
    return False


def _negation_reaches(sentence: str, s: int, e: int) -> bool:
    """Offsets into sentence: some negation trigger outside the span s..e (not part of a pseudo-trigger) stands in
    the span's clause, with no clause-closing comma between them and the span. clinlp's scopes run across commas.
    A trigger after the span may follow a comma: "Dat hij haar slaat, ontkent zij"."""
    pseudo = [m.span() for m in _pseudo_negation_rx().finditer(sentence)]
    for m in _negation_cue_rx().finditer(sentence):
        if m.start() >= s and m.end() <= e:
            continue
        if any(a <= m.start() < b for a, b in pseudo):
            continue
        if m.start() >= e and _BARE_NEGATION.fullmatch(m.group(0)) and _FOLLOWING_CUT.search(sentence, e, m.start()):
            continue
        # a topic of its own after a comma takes the negation that follows: "Hij slaat haar, van wurging is geen sprake"
        if m.start() >= e and _NEW_TOPIC_AFTER_COMMA.search(sentence, e, m.start()):
            continue
        # a span that is a time or cause of the clause is not what its negation denies: "heeft sinds de scheiding geen
        # contact meer gezocht"
        if m.start() >= e and _ADVERBIAL_START.match(sentence, s):
            continue
        # a colon that opens a quote ends what the negation before it denies: "Zij wil geen melding: 'Dan wordt het
        # alleen maar erger.'"
        if m.end() <= s and _COLON_QUOTE.search(sentence, m.end(), s):
            continue
        if m.end() > s or not _clause_comma_between(sentence, m.end(), s):
            return True
    return False


_NEW_TOPIC_AFTER_COMMA = re.compile(r",\s*(van|over)\s", re.IGNORECASE)
_COLON_QUOTE = re.compile(r":\s*['\"‘“]")


# A bare niet / nooit after the span that opens a coordinated, contrasted or relative clause is that clause's own:
# "hulp bij de schulden, niet bij de rest", "naar de training en niet met de jongens", "plekken die niet verzorgd worden"
_BARE_NEGATION = re.compile(r"niet|nooit|geen", re.IGNORECASE)
_FOLLOWING_CUT = re.compile(r"[,;:]|(?<!\w)(en|of|maar|die|dat|wat|waar|als|zodat|omdat|wanneer|toen|want)(?!\w)",
                            re.IGNORECASE)


def _negated_inside(text: str, s: int, e: int) -> bool:
    for m in _INNER_NEGATION.finditer(text, s, e):
        # the window runs past the span's end: "zie je ze nooit meer | terug" holds its negation
        window = text[max(s, m.start() - 25):m.end() + 25]
        at = m.start() - max(s, m.start() - 25)
        if not any(x.start() <= at < x.end() for rx in (_NEGATION_IN_SIGNAL, _pseudo_negation_rx()) for x in rx.finditer(window)):
            return True
    return False


# A sentence that asks ("Heeft hij ooit gedreigd u te vermoorden?") or instructs a professional ("Vraag
# altijd naar wapens", "Advies: bij vermoeden van wurging ...") reports nothing: hypothetical throughout.
_OPEN_QUESTION = re.compile(r"\s*(of|óf)\s", re.IGNORECASE)
# ... and a sentence that opens with a doubt: all it says is asked ("Het is de vraag of hij via zijn broer, die jager is,
# aan een geweer kan komen", "Onduidelijk is of ...")
_OPEN_DOUBT = re.compile(r"\s*(het\s+is\s+(nog\s+)?(de\s+vraag|onduidelijk|onbekend|niet\s+bekend|niet\s+duidelijk)"
                         r"|de\s+vraag\s+is|onduidelijk\s+is|onbekend\s+is|niet\s+bekend\s+is)\s+of\s", re.IGNORECASE)
_QUESTION_END = re.compile(r"\?[\s\"'’)]*$")
# (not a call for advice, which tells what happened: "Adviesgesprek verloskundige: zwangere cliënte met blauwe plekken")
_INSTRUCTION = re.compile(
    r"^[\s\-–•*\d.)]*((?!adviesgesprek|adviesvraag|adviesaanvraag|advieslijn|adviestelefoon|advies-\s)advies\w*|tip|aandachtspunt\w*|let\b|vraag\b|vraag\s+\w+\s+na|bespreek|check|controleer|ga\s+na|informeer|overweeg"
    r"|screen|wees\s+alert|denk\s+aan|bij\s+(twijfel|vermoeden|een\s+vermoeden|ieder\s+vermoeden|signalen|aanwijzingen)"
    r"|navragen|uitvragen|vraag\s+door|zorg\s+dat|stel\s+(de\s+)?vraag|herhaal|noteer|maak\s+(een\s+)?(veiligheidsplan|afspraken)"
    r"|in\s+(geval|het\s+geval)\s+van|mocht|indien|stel\s+dat|geadviseerd|aangeraden"
    # a plan discussed or agreed ("Besproken dat moeder, mocht het opnieuw gebeuren, naar de opvang kan")
    r"|besproken\s+(met\s+\S+\s+)?dat|afgesproken\s+(met\s+\S+\s+)?dat"
    # session 13: a list of questions for the next visit ("Vragen of mw. zwanger is, of er ... geweld is gebruikt"), and
    # a plan on what she may report ("Als mw. aangeeft dat dhr. haar volgt, adviseren alles te noteren"; not "als zij zegt
    # dat hij haar heeft geschopt, noemt hij haar een leugenaar", which tells what she says)
    r"|vragen\s+(\w+\s+)?(of|naar)|nagaan"
    # session 15: "Gevraagd moet worden of haar vriend haar ooit tot seks heeft gedwongen"
    r"|(gevraagd|nagevraagd|uitgevraagd)\s+moet\s+(nog\s+)?worden"
    r"|als\s+(mw\.?|mevrouw|zij|ze|cliënte|cl\.?|moeder)\s+(\w+\s+)?(aangeeft|meldt|laat\s+weten)\s+dat)\b",
    re.IGNORECASE)
# historical time expressions that may stand inside a span that joins two phrases ("zwangerschap in 2008 ... geslagen")
_HISTORICAL_INSIDE = re.compile(
    r"(?<!\w)(?<!dan\s)(?<!als\s)(?<!sinds\s)(?<!vanaf\s)(19[5-9]\d|20[0-2]\d|jaren\s+geleden|vroeger|destijds|toentertijd"
    r"|(?:\d{1,2}|[a-zëé]*(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig))\s+jaar\s+geleden)(?!\w)",
    re.IGNORECASE)
# "een jaar geleden", "1 jaar geleden" is last year: not historical, like a year number (at least two years back)
_ONE_YEAR_AGO = re.compile(r"(?:0|1|één|een)\s+jaar\s+geleden", re.IGNORECASE)
# Codes whose patterns span a clause (e.g. pregnancy + violence): a negation inside the span negates it.
_SPANNING = frozenset({"pregnancy_violence", "separation", "escalation", "extreme_fear", "jealousy_blackmail",
                       "humiliation", "weapons", "substance_abuse", "surveillance", "stalking", "threat_children_pets",
                       "recent_violence"})


# Abuse through third parties is by definition done by other people: "zijn moeder bedreigt haar namens hem".
_BY_OTHERS = frozenset({"third_party_abuse"})


# him in police and probation notes ("Verd. ontkent ...", "betr.", "justitiabele"); _OFFICIAL_HIM_WORD for a subject
# whose full stop was stripped
_OFFICIAL_HIM = r"verd\.|betr\.|justitiabele"
_OFFICIAL_HIM_WORD = r"verd|betr|justitiabele"


# In a reclassering/supervision note about him ("cliënt", "betrokkene") "zijn ex" is the victim of the case, not
# someone from an earlier relation - unless the text also names another relation (a current or new partner, a
# previous one, "een ex-partner van hem"): then the ex stays another person.
_SUPERVISED = re.compile(r"(?<!\w)(cliënt|client|betrokkene|cl\.|verdachte|" + _OFFICIAL_HIM + r"|bz\.|dhr\.)(?!\w)", re.IGNORECASE)
_HIS_EX = re.compile(r"(?<!\w)zijn\s+ex(-?(partner|vrouw|vriendin|echtgenote))?(?![\w'-])", re.IGNORECASE)
_OTHER_RELATION = re.compile(
    r"(?<!\w)((huidige|nieuwe|vorige|eerdere|eerste|toenmalige|voormalige|tweede)\s+(\w+\s+)?"
    r"(partner|vriend|vriendin|vrouw|echtgenote|relatie|huwelijk|man)"
    r"|(een|andere|meerdere|twee)\s+ex\w*|ex'en|exen|ex-?(partners|vriendinnen|vrouwen)"
    r"|(zijn|haar)\s+(vrouw|vriendin|partner|echtgenote|verloofde)|eerdere\s+relaties|vorige\s+relaties)(?!\w)",
    re.IGNORECASE)


def _ex_is_the_victim(text: str, sentence: str) -> bool:
    """A note about him under supervision that names "zijn ex" and no other relation (see above)."""
    return (_HIS_EX.search(sentence) is not None and _SUPERVISED.search(text) is not None
            and _OTHER_RELATION.search(text) is None)


# A child reporting about home ("Leerling (13) meldde dat haar stiefvader haar moeder had geslagen", "Dochter van
# mw. vertelt dat haar vader haar moeder kleineert"): the parents are the pair of the case, not other people.
_CHILD_REPORTER = re.compile(
    r"(?<!\w)(leerling|groep\s+\d|getuige\s+\((dochter|zoon)|kind\s+(vertelt|vertelde|zegt|zei)"
    r"|(dochter|zoon)\s+(\(\d+\)\s+)?(van\s+(mw\.?|mevrouw|cliënte|aangeefster|melder|slachtoffer)\s+)?"
    r"(vertelt|vertelde|zegt|zei|meldt|meldde|verklaart|verklaarde|geeft\s+aan|gaf\s+aan)"
    r"|(vertelde|vertelt|zei|zegt)\s+(\w+\s+)?(de\s+)?(juf|meester|mentor|leerkracht))(?!\w)", re.IGNORECASE)
_PARENTS = re.compile(r"(?<!\w)(haar|zijn|mijn|mn|zn)\s+(moeder|mama|vader|papa|stiefvader|stiefmoeder|ouders)(?!\w)", re.IGNORECASE)
_OTHER_PEOPLE = re.compile(r"(?<!\w)(zus\w*|broer\w*|vriendin\w*|buurvrouw|buurman|collega\w*|tante|oom|oma|opa|nicht|neef|ex\w*)(?!\w)",
                           re.IGNORECASE)


# ... also a child named with an age under 18 in a note of a talk with it ("Gesprek met Sara (13)", "Kindgesprek met Ravi
# (12)", "Mo (13) vertelt dat zijn vader zijn moeder ..."): case-sensitive, a name is capitalised
_NAMED_CHILD = re.compile(r"(?<!\w)(?!(Mw|Mevr|Dhr|Cl|Bz|Pt|Betr)\b)[A-ZÀ-Þ][a-zà-ÿ]+\s+\((?:[3-9]|1[0-7])(?:\s*(?:jaar|jr\.?))?\)"
                          r"|(?<!\w)([Kk]indgesprek|[Jj]eugdige|[Kk]indertelefoon)(?!\w)"
                          r"|(?<!\w)(dochter|zoon|meisje|jongen|kind)\s+\(([A-Z]\w+,\s*)?([3-9]|1[0-7])(\s*(jaar|jr\.?))?\)")


# An adult child and the parent it abuses are the pair of an elder-abuse case: "Zoon (43) laat zijn moeder (79) ...",
# "de 45-jarige zoon, die bij zijn moeder inwoont", "verdacht van mishandeling van zijn moeder", "zijn moeder, die bij
# hem inwoont"
_PARENT_CASE = re.compile(
    r"(?<!\w)((zijn|haar)\s+(moeder|vader)\s*(\(\s*[4-9]\d\s*\)|,\s+die\s+(bij\s+(hem|haar)\s+inwoont|hulpbehoevend|dement|bedlegerig)"
    r"|\s+met\s+dementie)"
    r"|(bij|met)\s+(zijn|haar)\s+(moeder|vader|ouders)\s+(inwoont|woont|samenwoont)"
    r"|woont\s+(\w+\s+)?bij\s+(zijn|haar)\s+(moeder|vader|ouders)|bij\s+wie\s+(hij|zij)\s+(\S+\s+){0,5}?inwoont"
    r"|(mishandeling|bedreiging|verwaarlozing|uitbuiting)\s+van\s+(zijn|haar)\s+(\w+\s+)?(moeder|vader)"
    r"|\d\d-jarige\s+(zoon|dochter)|(zoon|dochter)\s+([A-Z]\w+\s+)?\((1[89]|[2-7]\d)\))(?!\w)", re.IGNORECASE)


# A relative who does it to her is the perpetrator of the case, not another person (honour-based and family
# violence): "Haar broer leest haar berichten mee", "Zijn moeder houdt haar in de gaten", "Haar moeder en oom hebben haar
# paspoort in bewaring genomen", "Haar vader bleek haar locatie te volgen". The relative opens the sentence as its
# subject, an active verb follows (not one of telling, seeing or being: "haar zus vertelt", "haar moeder is bang") and
# then she herself (haar, hem, mij, mw.), with no other person, new clause or telling up to the span. Her own relatives:
# his family acting for him is third_party_abuse ("zijn moeder en zussen wachten mw. op").
_RELATIVE_DOES = re.compile(
    r"[\s'\"‘-]*((haar|mijn|mn)\s+)?(oudere\s+|jongere\s+|oudste\s+|eigen\s+)?(broer|broers|vader|moeder|zus|zussen|schoonmoeder"
    r"|schoonvader|schoonzus|zwager|oom|ooms|tante|stiefvader|stiefmoeder|ouders|familie|neef|neven|opa|oma|schoonfamilie)"
    r"(\s+(en|of)\s+((haar|zijn|mijn|de)\s+)?\w+)?\s+(?!(is|was|wordt|werd|zijn|waren|zegt|zei|vertelt|vertelde|meldt|meldde"
    r"|belt|belde|ziet|zag|hoort|hoorde|weet|wist|denkt|dacht|vindt|vond|maakt|mag|mocht|moet|moest|kan|kon|durft|krijgt|kreeg"
    r"|ontdekt|ontdekte|heeft\s+gezien)(?!\w))((?!(dat|die|wat|of|is|was|wordt|werd|zijn|waren|door)\s)\S+\s+){0,3}?"
    # (her, not her mother, a time of hers or who tells it: "haar vader sloeg haar moeder", "haar zus tijdens haar
    # zwangerschap", "haar zus heeft volgens mw. klappen gekregen")
    r"(?<!tijdens\s)(?<!in\s)(?<!op\s)(?<!bij\s)(?<!met\s)(?<!van\s)(?<!voor\s)(?<!na\s)(?<!over\s)(?<!volgens\s)(?<!aldus\s)"
    r"(haar|hem|mij|me|mw\.?|cl\.?|mevrouw|cliënte)(?!\w)"
    r"(?!\s+(moeder|mama|vader|papa|man|vriend|vriendin|ex|partner|zus|zusje|broer|broertje|kind|kinderen|dochter|zoon|"
    r"zwager|schoonzus|nicht|neef|oma|opa|tante|oom|familie|eigen|nieuwe)(?!\w))",
    re.IGNORECASE)
_TOLD_OR_NEW_CLAUSE = re.compile(r"(?<!\w)(dat|die|toevertrouwd|verteld|gezegd|gemeld)(?!\w)", re.IGNORECASE)


# where a clause with its own subject may open: the sentence start, after "dat" of what is told ("Studente vertelt dat
# haar vader haar controleert"), a colon, or "en" or a comma between clauses ("haar broer moet haar ophalen en vader neemt
# 's avonds haar telefoon door")
_SUBJECT_CLAUSE_START = re.compile(r"(?<!\w)(dat|en)\s+|[:,]\s*", re.IGNORECASE)


def _clause_starts(sentence: str, e: int) -> list[int]:
    """Where a clause may open before e: the start and each _SUBJECT_CLAUSE_START, "en" only after a clause of three or
    more words ("haar broer moet haar ophalen en vader ..."; not "Zijn moeder en zussen wachten mw. op")."""
    starts = [0]
    for m in _SUBJECT_CLAUSE_START.finditer(sentence, 0, e):
        if m.group(1) and m.group(1).lower() == "en":
            before = _CLAUSE_END.split(sentence[:m.start()])[-1]
            if len(before.split()) < 3:
                continue
        starts.append(m.end())
    return starts


def _relative_does_it(sentence: str, e: int) -> bool:
    """Offsets into sentence: a clause that opens with a relative who does it to her, up to the span's end e."""
    for start in _clause_starts(sentence, e):
        m = _RELATIVE_DOES.match(sentence, start)
        if (m is not None and m.end() <= e and _OTHER_PEOPLE.search(sentence, m.end(), e) is None
                and _TOLD_OR_NEW_CLAUSE.search(sentence, m.end(), e) is None):
            return True
    return False


def _parents_of_a_child_reporter(text: str, sentence: str) -> bool:
    return (_PARENTS.search(sentence) is not None and _OTHER_PEOPLE.search(sentence) is None
            and (_CHILD_REPORTER.search(text) is not None or _NAMED_CHILD.search(text) is not None
                 or _PARENT_CASE.search(text) is not None))


# A woman's female partner ("heeft een relatie met mw. B.", "haar vriendin (31)", "haar vrouw"): in such a note "haar
# vriendin" is the perpetrator, not a friend and so another person - as long as no other relative or friend is named.
_SAME_SEX_COUPLE = re.compile(
    r"(?<!\w)(relatie\s+met\s+(mw\.?|mevr\.?|mevrouw|een\s+vrouw)(?!\w)|(haar|mijn|mn)\s+(vriendin|partner|echtgenote)\s+\(\d\d\)"
    r"|(samen|samenwoont|samenwoonde|getrouwd|relatie)\s+met\s+haar\s+(vriendin|partner)|haar\s+(ex-?)?(vrouw|echtgenote)(?!\w)"
    r"|lesbisch\w*|vrouwelijke\s+partner|twee\s+vrouwen)", re.IGNORECASE)


def _her_partner_is_a_woman(text: str, sentence: str) -> bool:
    return ({m.group().lower() for m in _OTHER_PEOPLE.finditer(sentence)} == {"vriendin"}
            and (_SAME_SEX_COUPLE.search(text) is not None or _MY_GIRLFRIEND_DOES_IT.search(sentence) is not None))


# In her own words "mijn vriendin" who does something to "me" is her partner (session 15): "Mijn vriendin sluit me op in de
# slaapkamer", "mn vriendin slaat me als ze gedronken heeft" - not "mijn vriendin wordt door haar man geslagen"
_MY_GIRLFRIEND_DOES_IT = re.compile(
    r"^(?!.*(?<!\w)(haar|zijn)\s+(man|vriend|partner|echtgenoot|vader|ex)(?!\w)).*?(?<!\w)(mijn|mn)\s+vriendin\s+"
    r"(?!(wordt|werd|is|was|vertelt|vertelde|zegt|zei|appt|appte|belt|belde|laat|liet|heeft\s+me\s+verteld)\s)(\S+\s+){0,3}?(me|mij)(?!\w)",
    re.IGNORECASE)


# The reporter is her relative or friend ("Anonieme melding door zus van mw.", "adviesgesprek met de zus van mw.",
# "Melder, de moeder van cliënte, ..."): in the reporter's words the victim is "haar zus", "haar dochter" - not another
# person, as long as the sentence names no other relative or friend.
_REPORTER_IS = re.compile(
    r"(?<!\w)(zus|zuster|broer|moeder|vader|vriendin|dochter|zoon)\s+van\s+(mw\.?|mevr\.?|mevrouw|cliënte|cl\.|de\s+cliënte|"
    r"het\s+slachtoffer|aangeefster)(?!\w)", re.IGNORECASE)
_REPORTER_WORDS = re.compile(r"(?<!\w)(melding|melder|meldster|belt|beller|adviesgesprek|adviesvraag|contact\s+op|maakt\s+zich\s+zorgen)(?!\w)",
                             re.IGNORECASE)
_VICTIM_AS_THE_REPORTER_SAYS = {"zus": "zus", "zuster": "zus", "broer": "zus", "moeder": "dochter", "vader": "dochter",
                                "vriendin": "vriendin", "dochter": "moeder", "zoon": "moeder"}


def _reporters_relative_is_her(text: str, sentence: str) -> bool:
    m = _REPORTER_IS.search(text)
    if m is None or _REPORTER_WORDS.search(text, max(0, m.start() - 80), m.end() + 80) is None:
        return False
    victim = _VICTIM_AS_THE_REPORTER_SAYS[m.group(1).lower()]
    words = {w.group().lower() for w in _OTHER_PEOPLE.finditer(sentence)}
    return re.search(rf"(?<!\w)(haar|zijn)\s+{victim}(?!\w)", sentence, re.IGNORECASE) is not None and words <= {victim}


# A relative put first as the object, she the subject after the verb ("Haar moeder in Polen heeft ze al maanden niet
# mogen bellen", "Haar vriendinnen mag zij niet meer zien"): the contact kept from her, her isolation, not another person's.
_RELATIVE_FIRST_AS_OBJECT = re.compile(
    r"[\s'\"‘-]*(haar|mijn|mn)\s+(\w+\s+)?(familie|ouders|moeder|vader|zus|zussen|zusje|broer|broers|broertje|vriendinnen|vriendin"
    r"|vrienden|oma|opa|tante|oom|kinderen|dochter|zoon)(\s+[^\s,;:]+){0,3}?\s+(mag|mocht|heeft|had|kan|kon|durft|durfde|ziet|zag"
    r"|spreekt|sprak|belt|belde|zal|zou|mogen|moet)\s+(ze|zij|mw\.?|mevrouw|cliënte|cl\.|ik)(?!\w)", re.IGNORECASE)


def _relative_kept_from_her(sentence: str, code: str) -> bool:
    return code == "isolation" and any(_RELATIVE_FIRST_AS_OBJECT.match(sentence, start) is not None
                                       for start in _clause_starts(sentence, len(sentence)))


# Abuse through others is telling them things about her: what he told them is false or denied by nature ("heeft de
# mentor gebeld om te vertellen dat moeder 'psychisch in de war' is", "aan school gemeld dat moeder drinkt; moeder ontkent
# dit"). A condition or denial inside what he told does not make his telling hypothetical or negated - unless a negation,
# question or doubt stands before the telling itself ("heeft nooit gemeld dat", "gevraagd of hij heeft gebeld").
_TOLD_OTHERS = re.compile(r"(?<!\w)(gebeld|gemeld|verteld|gezegd|geappt|gemaild|rondverteld|verspreid|aangegeven|geschreven"
                          r"|gestuurd|rondgebazuind|opgebeld|ingelicht|beschuldigd)(?!\w)", re.IGNORECASE)
_BEFORE_TELLING = re.compile(r"(?<!\w)(niet|nooit|geen|ontkent|ontkende|of|vraag\w*|gevraagd|mogelijk|misschien|indien|mocht|als"
                             r"|wanneer|dreigt|dreigde|gedreigd)(?!\w)|\?", re.IGNORECASE)


def _told_others(sentence: str, s: int, e: int) -> bool:
    """Offsets into sentence: the span holds his telling others, with nothing before it in the sentence that negates,
    asks or doubts it."""
    told = _TOLD_OTHERS.search(sentence, s, e)
    return told is not None and _BEFORE_TELLING.search(sentence, 0, told.start()) is None


def told_others_status(status: str, code: str, sentence: str, s: int, e: int) -> str:
    """The status of a flag (offsets into sentence), present where it is his telling others (_told_others): for the
    term lists (screen_rules) and the sentence model's candidates alike."""
    if status in ("hypothetical", "negated") and code == "third_party_abuse" and _told_others(sentence, s, e):
        return "present"
    return status


def _only_his_words_negate(sentence: str, s: int, code: str) -> bool:
    """Every negation cue of the sentence stands in what he says ("hij vertelt de kinderen dat mama niet meer van ze
    houdt") or is a prohibition (sentence_model's _HIS_SAYING, for the codes of what he says)."""
    from .sentence_model import _SAID_CODES, _his_words_from, _only_his_negations

    if code not in _SAID_CODES:
        return False
    return _only_his_negations(sentence, *_his_words_from(sentence, code))


# a doubt, question or plan of the note's writer is no part of his threat
_WRITERS_DOUBT = re.compile(r"(?<!\w)(misschien|mogelijk|wellicht|eventueel|eventuele|vraag\w*|gevraagd|risico|kans|vrees\w*"
                            r"|verwacht\w*|indien|mocht|mochten|stel|bespreek\w*|besproken|plan|advies|geadviseerd|of)(?!\w)|\?",
                            re.IGNORECASE)


# A condition on his finding out conditions what he will do, not what he finds out (session 15): "als hij ontdekt dat zij in
# de opvang zit", "zodra hij hoort dat ik de scheiding heb aangevraagd" - she is in the shelter, she did file. Only for
# separation, her own act; a threat or blow in the main clause stays conditional.
_FACTIVE_CONDITION = re.compile(
    r"(?<!\w)(als|zodra|wanneer|mocht|indien)\s+(\S+\s+){1,3}?(hoort|ontdekt|erachter\s+komt|achter\s+komt|merkt|ziet|weet|leest"
    r"|te\s+weten\s+komt|doorheeft|doorkrijgt)\s+(\S+\s+){0,2}?dat(?!\w)", re.IGNORECASE)
_COMPLEMENT_END = re.compile(r"[,;:'\"’”]|\s(dan|en\s+dan)\s|$")


def factive_condition(sentence: str, s: int, e: int, code: str) -> tuple[int, int] | None:
    """Offsets into sentence: the span (start, end) of "als hij hoort dat" when the separation at s..e is what he would find
    out (it lies in that dat-clause), else None."""
    if code != "separation":
        return None
    for m in _FACTIVE_CONDITION.finditer(sentence, 0, s):
        if e <= _COMPLEMENT_END.search(sentence, m.end()).start():
            return m.span()
    return None


def _made_threat_condition(sentence: str, code: str) -> bool:
    """Every condition of the sentence stands in a threat he made (sentence_model._threat_made_before: "hij zegt dat hij
    de kat wat aandoet als ...", "riep dat hij haar 'zou afmaken' als zij de politie belde"), and the writer voices no
    doubt, question or plan."""
    from .sentence_model import _THREAT_CODES, _threat_made_before, real_conditions

    if code not in _THREAT_CODES or _WRITERS_DOUBT.search(sentence):
        return False
    # (not an "als" that is no condition: "zegt dingen als 'als zij de kinderen meeneemt, schiet ik ...'")
    conditions = [m.start() for m in real_conditions(sentence)]
    return bool(conditions) and all(_threat_made_before(sentence, at, code) for at in conditions)


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


# Dutch puts the negation at the end of a clause whose object or act is topicalised: "Slaan doet hij niet",
# "Geslagen wordt er niet", "Klappen zijn er volgens mw. niet", "Alcohol en drugs gebruikt hij niet". The span
# opens its clause (at most two words before it) and the clause closes with niet / nooit (+ meer, a participle).
# (a quoted sentence after a full stop opens one: "noemt haar waardeloos. 'Slaan doet hij niet, ...'")
# (... and so does a full stop after a word of five letters or more, no abbreviation, in a note written without capitals:
# "stuurt hij mijn fotos naar school. geslagen heeft hij me nog nooit")
_CLAUSE_BREAK = re.compile(r"[;:]|\s[-–]\s|[.!?]\s+(?=['\"‘’])|(?<=[a-zà-ÿ]{5})[.!?]\s+(?=[a-zà-ÿ])")
_CLAUSE_END = re.compile(r"[,;:]|\s[-–]\s")
_TOPICAL_NEGATION_END = re.compile(
    r"^[^;:]{0,100}?(?<!\w)(niet|nooit|geen\s+sprake|geen\s+rol|geen\s+aanwijzing(en)?|niets(?=\s+(gezien|gemerkt|gemeld|bekend|gebleken)))((\s+(of\s+)?(meer|geweest|gedaan|gebeurd|voorgekomen"
    # "Van slaan heeft ze nooit iets gezien of gehoord"
    r"|iets(?=\s+(gezien|gemerkt|gehoord|gemeld|meegemaakt))"
    r"|zijn|is|was|waren|zien\s+doen|gebleken|bekend"
    r"|gezien|gemerkt|gebruikt|gehoord|meegemaakt|gekomen|aangetroffen|gevonden|aan\s+de\s+orde"
    # "komt niet voor"; a particle of speech or chat after it ("Een wapen heeft hij niet hoor")
    r"|voor|hoor|hè|joh|eigenlijk|gelukkig|trouwens|eerlijk\s+gezegd"
    # any participle ("heeft hij niet geuit", "niet beschreven") or where ("zijn er niet in huis", "niet in de woning")
    r"|ge\w{2,}(d|t|en)|(?!ontkend)(be|ver|ont|her|er)\w{2,}(d|t)|beschreven|bevonden|(in|op|bij)\s+(huis|de\s+woning|het\s+huis|de\s+auto|zijn\s+bezit)"
    # whose it is not, or by whose account ("speelt geen rol bij hem", "nooit aan de orde geweest volgens pt.")
    r"|bij\s+(hem|haar|dhr\.?|meneer|mevrouw|mw\.?|beiden|hen|vader|moeder)|volgens\s+(hem|haar|mw\.?|mevrouw|pt\.?|cl\.?|cliënte)))){0,3}"
    r"[\s.!\"'’)]*$", re.IGNORECASE)
# Words that may stand before the topicalised span: at most two ("Van wurging", "Het slaan"); a noun phrase that
# ends in a preposition ("Concrete signalen van geweld", "Een expliciete dreiging met zelfdoding"); a list of
# topics ("Van schulden, werkloosheid of andere spanningen"); a fronted dat-clause ("Dat hij haar kleineert, ...")
_TOPIC_NP_BEFORE = re.compile(
    r"^[\s\-–•*'\"‘]*(?!(hij|zij|ze|ik|je|jij|u|er|dhr|mw|meneer|mevrouw)\b)[\w-]+(\s+[\w-]+){0,2}\s+(van|voor|met|op|tot|naar|over|aan|om)"
    r"(\s+(een|de|het))?\s*$",
    re.IGNORECASE)
_TOPIC_LIST_BEFORE = re.compile(
    r"^[\s\-–•*'\"‘]*((van|over|naar|aan)\s+)?([\w-]+(\s+[\w-]+)?\s*(,|\s+of|\s+en)\s+)+((andere|overige|ander|ook)\s+)?$",
    re.IGNORECASE)
_TOPIC_DAT_CLAUSE = re.compile(r"^[\s'\"‘]*dat\s+(hij|zij|ze|dhr\.?|meneer|vader|betrokkene)(\s+(haar|hem|mij|me|de\s+kinderen|de|het|een))?\s*$",
                               re.IGNORECASE)
# (session 17) ... also after "maar": "Hij scheldt, maar slaan doet hij niet"
_TOPIC_AFTER_COMMA = re.compile(r"\s*(maar\s+)?(van|over)(\s+(het|de|een))?\s*$|\s*maar\s*$", re.IGNORECASE)
_ADVERBIAL_START = re.compile(r"(sinds|na|nadat|tijdens|toen|door|omdat|vanwege|sindsdien)(?!\w)", re.IGNORECASE)
# a second clause with its own subject: its negation is its own ("Mw. heeft wonden en haar pillen zijn niet gegeven")
# or a subordinate clause ("scheldt haar uit als de was niet gedaan is", "ziet dingen die er niet zijn")
_NEW_CLAUSE = re.compile(r"(?<!\w)((en|want|omdat|terwijl|toen)\s+(hij|zij|ze|er|haar|zijn|de|het|mw\.?|dhr\.?|mevrouw|meneer)"
                         r"|als|wanneer|zodat|zodra|nadat|waardoor|(dat|die)\s+(het|hij|zij|ze|er)|die\s+(niet|nooit|geen))(?!\w)"
                         # after a comma, a subject of its own: "'Het wordt steeds erger, ik herken hem niet meer'"
                         r"|,\s*(ik|hij|zij|ze|we|wij|je|jij)\s", re.IGNORECASE)
# the topic denied after it, passive or active: "Seksueel geweld wordt door mw. desgevraagd ontkend", "Geweld tegen
# de dochter wordt door beide ouders ontkend", "Geweld tijdens de zwangerschap heeft mw. ontkend", "Lichamelijk geweld
# ontkent pt. uitdrukkelijk". Not when he is the one denying (his account does not cancel hers), unless it is about
# himself (_SELF_CODES: "Suïcidale gedachten worden door betrokkene ontkend"); not "niet ontkend" (admitted).
_TOPICAL_DENIAL_END = re.compile(
    r"^[^;:]{0,100}?(?<!\w)(?:(?:wordt|worden|werd|werden|heeft|hebben|had|hadden)(?!\w)(?P<by>[^;:]{0,60}?)(?<!\w)ontkend"
    # (active: the denier follows the verb, "Ex ontkent via zijn advocaat" has the topic as its subject)
    r"|(?:ontkent|ontkende|ontkennen|ontkenden)(?P<who>\s+(zij|ze|mw\.?|mevrouw|pt\.?|cl\.?|cliënte|aangeefster|slachtoffer|"
    r"moeder|beiden|beide\s+\w+|(de\s+)?ouders|hij|dhr\.?|meneer|betrokkene|bz\.?|verdachte|" + _OFFICIAL_HIM + r"|cliënt)(\s+[\w.'’-]+){0,2}?)"
    # the note's short form, the denier after it or none: "Wapens in huis ontkend", "Wapenbezit ontkend door mw."
    r"|(?<!niet\s)(?<!nooit\s)(?<!\w)ontkend(?P<post>(\s+[\w.'’-]+){0,3}?))"
    r"[\s.!\"'’)]*$", re.IGNORECASE)
_DENIER_HIMSELF = re.compile(r"(?<!\w)(hij|hem|dhr|meneer|betrokkene|bz|verdachte|" + _OFFICIAL_HIM_WORD + r"|pleger|cliënt|client|partner|"
                             r"echtgenoot|man|vader|ex|zoon|niet|nooit|geen)(?!\w)", re.IGNORECASE)


def _topical_denial(rest: str, self_code: bool) -> bool:
    m = _TOPICAL_DENIAL_END.search(rest)
    if m is None:
        return False
    by = next((g for g in (m.group("by"), m.group("who"), m.group("post")) if g is not None), "")
    return self_code or _DENIER_HIMSELF.search(by) is None


_CONTRAST = re.compile(r"(?<!\w)(maar|wel|alleen|wél)(?!\w)", re.IGNORECASE)
_SAID_BY = re.compile(r",\s*(zo\s+)?(aldus|volgens|zegt|zei|verklaart|verklaarde|meldt|meldde|vertelt|vertelde)\s+[^,;:]{1,40}?"
                      r"(,|(?=[\s.!\"'’)]*$))", re.IGNORECASE)


def _topicalised_negation(sentence: str, s: int, e: int, code: str = "") -> bool:
    """Offsets into sentence: the span opens a clause that ends in a negation ("Slaan doet hij niet.")."""
    # (one character past the span's start: a break's look-ahead may need its first letter)
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, s + 1) if m.end() <= s]
    c0 = starts[-1] if starts else 0
    # a fronted time or cause ("Sinds de breuk heeft hij haar niet meer benaderd") is no topic of the negation
    if _ADVERBIAL_START.match(sentence, s):
        return False
    before = sentence[c0:s]
    # a topic after a comma, with its preposition: "De ademtesten waren negatief, van alcoholgebruik is niets gebleken"
    comma = before.rfind(",")
    if comma >= 0 and _TOPIC_AFTER_COMMA.match(before, comma + 1):
        before = before[comma + 1:]
    if _ADVERBIAL_START.match(before.strip(" \t\n'\"‘")):
        return False
    if len(before.split()) > 2 and not (_TOPIC_NP_BEFORE.match(before) or _TOPIC_LIST_BEFORE.match(before)
                                        or _TOPIC_DAT_CLAUSE.match(before)):
        return False
    # the clause ends at a comma ("Geslagen wordt zij niet, zegt ze") or, for a list of topics ("Van schulden,
    # werkloosheid of spanningen is niets gebleken"), at a semicolon or colon
    for end_rx, most in ((_CLAUSE_END, 12), (_CLAUSE_BREAK, 14)):
        brk = end_rx.search(sentence, e)
        rest = sentence[e:brk.start() if brk else len(sentence)]
        # past a comma only across the items of a list, not into a clause of its own ("Dhr. gokt veel, hoeveel weet mw.
        # niet", "Ze moet een hoofddoek dragen, ook al wil ze dat zelf niet"); a fronted dat-clause is the topic of
        # the clause after its comma ("Dat hij haar insuline achterhoudt, klopt volgens mw. niet")
        # (who says so is no clause and no part of the negation's end: ", zo verklaart zij,", ", aldus de wijkagent")
        said = _SAID_BY.sub(" ", rest)
        if (end_rx is _CLAUSE_BREAK and not _TOPIC_DAT_CLAUSE.match(before)
                and _clause_comma_between(said, 0, len(said))):
            continue
        # (words, not the commas of a list standing alone)
        if (sum(1 for w in rest.split() if any(c.isalnum() for c in w)) <= most and not _CONTRAST.search(rest)
                and not _NEW_CLAUSE.search(rest) and (_TOPICAL_NEGATION_END.search(said)
                                                       or _topical_denial(said, code in _SELF_CODES))):
            return True
    return False


# A topic that was asked about, and the answer: "Naar wapens gevraagd: hij heeft er nooit een gehad", "Naar wurging is
# expliciet gevraagd; dat is volgens mw. nooit gebeurd", "Over seksueel geweld heeft cl. niets verteld", "Over geweld
# zegt mw.: 'hij heeft nooit geslagen'". The topic opens the sentence; a negative answer within a few words negates
# it, an answer that says nothing is known leaves it open (hypothetical).
_ASKED_TOPIC = re.compile(r"^[\s\-–•*]*(naar|over|gevraagd\s+naar|wat\s+betreft|ten\s+aanzien\s+van|t\.a\.v\.|m\.b\.t\.)\s",
                          re.IGNORECASE)
_ASKED = re.compile(r"(?<!\w)(gevraagd|navraag|uitgevraagd|nagevraagd|doorgevraagd)(?!\w)[\s,:;]*", re.IGNORECASE)
_NOTHING_KNOWN = re.compile(
    r"^[\s,:;'\"‘]*(\S+\s+){0,5}?(niets|niks|weinig)\s+(\S+\s+)?(verteld|vertellen|gezegd|zeggen|kwijt|gemeld|melden|bekend|weten)"
    r"|^[\s,:;'\"‘]*(\S+\s+){0,3}?(onbekend|onduidelijk|niet\s+bekend|weet\s+\S+\s+niet|niet\s+uitgevraagd)(?!\w)"
    # an answer she evades leaves it open (session 15): "Gevraagd naar wurging zegt ze 'daar wil ik het niet over hebben'"
    r"|^[\s,:;'\"‘]*(\S+\s+){0,6}?(wil|wilde)\s+(ik|ze|zij|mw\.?|mevrouw|hij|dhr\.?)\s+(het\s+|er\s+|daar\s+)*(niet|niets|niks)\s+"
    r"(over\s+(hebben|praten|kwijt)|(over\s+)?(zeggen|kwijt|vertellen))"
    r"|^[\s,:;'\"‘]*(\S+\s+){0,4}?(geeft\s+(ze|zij|mw\.?|hij)\s+geen\s+antwoord|haalt\s+(ze|zij|mw\.?|hij)\s+(haar\s+|zijn\s+)?schouders\s+op"
    r"|zwijgt|blijft\s+(ze|zij|mw\.?|hij)\s+stil)", re.IGNORECASE)
_NEGATIVE_ANSWER = re.compile(r"^[\s,:;'\"‘]*(\S+\s+){0,5}?['\"‘]?(geen|niet|nooit|nee|niets|niks|ontkent|ontkende)(?!\w)",
                              re.IGNORECASE)


def _answer_status(rest: str) -> str | None:
    """The status an answer gives its topic: "hypothetical" when it says nothing is known, "negated" when it says no
    (not inside a pseudo-negation, not after a contrast), else None."""
    if _CONTRAST.search(rest[:60]):
        return None
    if _NOTHING_KNOWN.search(rest):
        return "hypothetical"
    neg = _NEGATIVE_ANSWER.search(rest)
    if neg is not None and not any(x.start() <= neg.start(2) < x.end() for x in _pseudo_negation_rx().finditer(rest)):
        return "negated"
    return None


def _asked_topic(sentence: str, s: int, e: int) -> str | None:
    """Offsets into sentence: "negated" or "hypothetical" for a span that is the topic asked about (see above)."""
    m = _ASKED_TOPIC.match(sentence)
    if m is None or len(sentence[m.end():s].split()) > 3:
        return None
    if "gevraagd" in m.group(1).lower():
        rest_at = e  # "Gevraagd naar wapens, zegt mw. dat hij er geen heeft"
    else:
        asked = _ASKED.search(sentence, e)
        # "Naar X gevraagd: ..." needs the question word right after the topic; "Over X ..." has none
        if m.group(1).lower() == "naar" and (asked is None or len(sentence[e:asked.start()].split()) > 4):
            return None
        rest_at = asked.end() if asked is not None and len(sentence[e:asked.start()].split()) <= 4 else e
    rest = sentence[rest_at:]
    # "Over X ..." is answered in its own clause (a colon may introduce the answer); "Naar X gevraagd; ..." after it
    cut = rest.find(";", 1)
    if cut > 0 and rest[:cut].strip() and m.group(1).lower() != "naar":
        rest = rest[:cut]
    return _answer_status(rest)


# A form field and its answer: "Eerder geweld: geen.", "Wapens: nee", "Middelengebruik: onbekend."
_FIELD_ANSWER = re.compile(
    r"^\s*(\S+\s+){0,2}?:\s*(?P<a>geen|nee|niet|nooit|n\.?v\.?t\.?|ontkend|onbekend|niet\s+bekend|niet\s+uitgevraagd)"
    r"(\s+\S+){0,2}?\s*([.;]|$)", re.IGNORECASE)


# ... or a short answer after the field name at the start of the sentence: "Geweld: 'hij heeft me nooit aangeraakt.'"
# (the field name is the span, at most two words, with at most one word before it: "Fysiek geweld: ...")
_FIELD_NAME = re.compile(r"^[\s\-–•*]*(\S+\s+)?$")
_FIELD_COLON = re.compile(r"^\s*:", re.IGNORECASE)


def _field_answer(sentence: str, s: int, e: int) -> str | None:
    m = _FIELD_ANSWER.match(sentence[e:])
    if m is not None:
        return "hypothetical" if "bekend" in m.group("a").lower() or "uitgevraagd" in m.group("a").lower() else "negated"
    colon = _FIELD_COLON.match(sentence[e:])
    if colon is None or not _FIELD_NAME.match(sentence[:s]) or len(sentence[s:e].split()) > 2:
        return None
    rest = sentence[e + colon.end():]
    return _answer_status(rest)


# A span that names an earlier partner as the one who did it ("zwangerschap is zij door een eerdere partner
# geschopt"): clinlp qualifies a span only from triggers outside it. Only the passive agent ("door ..."): a span
# may name his ex as the victim ("tegenover de woning van zijn ex") or an earlier marriage as background.
@functools.lru_cache(maxsize=1)
def _previous_relation_rx():
    return _rule_phrases_rx(_context_rules_parsed(), "Relation.Previous", ("bidirectional",), before=r"door\s+")


# ... or her earlier partner as the subject right after the verb that opens the span ("sloeg haar vorige vriend haar
# toen ze zwanger was"). Not "zijn ex": after the verb that is mostly the object, the victim of the case.
_HER_PREVIOUS_AS_SUBJECT = re.compile(r"\w+\s+(haar|mijn|mn)\s+(vorige|eerdere|eerste|toenmalige|voormalige)\s+"
                                      r"(vriend|partner|man|echtgenoot)(?!\w)", re.IGNORECASE)
# ... or inside the span, she was with another man then: "tijdens haar eerste zwangerschap, toen nog met een andere
# partner, in haar buik geschopt" (the same phrase as context_nl.yaml's, which clinlp applies around the span)
_THEN_WITH_ANOTHER = re.compile(r"(?<!\w)(toen|destijds|indertijd)\s+(nog\s+)?(met|bij)\s+(een|haar)\s+(andere|vorige|eerdere|"
                                r"toenmalige)\s+(partner|man|vriend|echtgenoot|relatie)(?!\w)", re.IGNORECASE)


# the gap between two items of a list: a comma or "of" / "en" / "noch", a repeated preposition and an article or
# possessive at most ("vraagt naar wurging, naar gedwongen seks"); after "of" / "noch" an item may be a short act
# ("geen signalen dat hij haar bespiedt of haar telefoon controleert"); the item before may carry a short exception
# ("geen vuurwapens, messen buiten het keukengerei of munitie"); the first part of an elided compound ends in a hyphen
# ("geen aanwijzingen voor alcohol- of drugsgebruik": clinlp's scope may end before the second part); an object before
# the second item's article ("nooit bij de keel heeft gepakt of haar de adem heeft benomen")
_LIST_GAP = re.compile(r"(\s+(buiten|behalve|uitgezonderd|anders\s+dan)\s+([^\s,;:.]+\s+){0,2}?[^\s,;:.]+)?-?\s*(,\s*((en/of|en|of|noch)\s+)?|\s(en/of|en|(?P<either>of|noch))\s+)((naar|over|op|van|met)\s+)?"
                       r"((haar|hem|hen|mij|me)\s+(?=(een|de|het|zijn|hun)\s))?((een|de|het|haar|zijn|hun)\s+)?", re.IGNORECASE)


# the separation of an adult child who lives with the parent of the case ("Zoon woont sinds zijn eigen scheiding bij
# haar in", "dochter, die sinds haar scheiding bij hem inwoont"): someone else's break-up
_CHILDS_OWN_SEPARATION = re.compile(
    r"(?<!\w)(zoon|dochter|kleinzoon|kleindochter)(?!\w)[^;]{0,60}?(sinds|na|vanwege|door)\s+(zijn|haar|diens)\s+(eigen\s+)?$",
    re.IGNORECASE)
_QUOTED = re.compile(r"(?<!\w)['‘\"“][^'’\"”]{2,240}['’\"”](?!\w)")
# from a word of threat or fear up to the span, in the same clause (no punctuation or quote between)
_UP_TO_THE_SPAN = r"[^,;:.!?'\"‘’“”]{0,80}$"
_THREATENED_BEFORE = re.compile(r"(?<!\w)(dreigt|dreigde|dreigden|gedreigd|dreigen|dreigend|bedreigde|bedreigt|"
                                r"(riep|roept|zei|zegt|schreeuwde|schreeuwt|appte|appt|gezegd|geroepen|geschreeuwd)\s+"
                                r"(\S+\s+){0,3}?dat\s+(hij|ze|zij))(?!\w)" + _UP_TO_THE_SPAN, re.IGNORECASE)
# ... or that she fears: "bang dat hij haar gaat slaan als hij hoort dat zij zwanger is", "vreest dat hij haar zal wurgen"
# (also her own words and his role named: "bang dat ie dan echt gaat slaan", "bang dat haar man weer gaat drinken")
_FEARED_BEFORE = re.compile(r"(?<!\w)(bang|angstig|vrees|vreest|vreesde|vrezen|ongerust|bezorgd)\s+(\S+\s+){0,2}?dat\s+"
                            r"(hij|ie|ze|zij|dhr\.|meneer|vader|papa|(haar|zijn|mijn|mn)\s+(man|partner|vriend|vriendin|ex|"
                            r"echtgenoot|echtgenote|vrouw))(?!\w)"
                            + _UP_TO_THE_SPAN, re.IGNORECASE)
# (not the reported past: "zij zei dat hij haar zou hebben geslagen")
# (also the passive: "bang dat zij daar zou worden uitgehuwelijkt")
_THREATENED_FORM = re.compile(r"(?<!\w)(te\s+(\w+\s+)?\w+n|(zou|zouden|gaat|ging|zal)\s+((?!(hebben|zijn|heeft|had)(?!\w))[\w']+\s+){0,4}?\w+n"
                              r"|(zou|zouden|zal|zullen)\s+((?!(hebben|zijn|heeft|had)(?!\w))[\w']+\s+){0,3}?worden\s+\w+)$",
                              re.IGNORECASE)
_HER_OWN_CHOICE = re.compile(r"(?<!\w)(ze|zij|ik|mw\.|mevrouw|cliënte)\s+(bepaalt|bepaal|beslist|beslis)\s+zelf(?!\w)",
                             re.IGNORECASE)
_DECREASE = re.compile(r"(?<!\w)(?<!niet\s)(afgenomen|afneemt|afnam|minder\s+(geworden|wordt|werd|vaak|heftig|erg)|verminderd"
                       r"|vermindert|verminderde)(?!\w)", re.IGNORECASE)
_BREAK = re.compile(r"[;:]|,\s*(maar|want|terwijl)\s", re.IGNORECASE)


def _clause_end(sentence: str, e: int) -> int:
    m = _BREAK.search(sentence, e)
    return m.start() if m else len(sentence)


_ONLY_BEFORE = re.compile(r"(?<!\w)alleen\s+(een\s+|de\s+|wat\s+|zijn\s+|twee\s+)?$", re.IGNORECASE)
# (an ordinary household knife or tool; not "alleen een mes dat hij altijd bij zich draagt")
_HOUSEHOLD_TOOL = re.compile(r"(keuken|brood|zak|tafel|aardappel|schil|groente)mes(sen|je|jes)?|keukengerei|gereedschap",
                             re.IGNORECASE)
_WEAPON_TO_GET = re.compile(r"\s+(gaat|gaan|zal|zou|wil|wilde)\s+(\w+\s+)?(kopen|aanschaffen|regelen|halen)(?!\w)", re.IGNORECASE)
_NOT_EVEN_ONE = re.compile(r"(?<!\w)niet\s+eens\s+(een|één|1)\s+(echt\w*\s+)?$", re.IGNORECASE)
_DENIED_BEFORE = re.compile(r"(?<!\w)(geen|nee|niet|nooit)(?!\w)", re.IGNORECASE)
# his passive denial of what is about himself: "drugsgebruik door hem ontkend", "middelengebruik wordt door dhr. ontkend"
_SELF_PASSIVE_DENIAL = re.compile(r"[\s,]*(wordt|werd|is)?\s*(door\s+(hem|dhr\.?|meneer|betrokkene|cliënt|verdachte|" + _OFFICIAL_HIM + r"))\s+"
                                  r"(\w+\s+)?ontkend(?!\w)", re.IGNORECASE)


# his own denial after the topic, about himself: "middelengebruik ontkent hij", "Drugs ontkent betrokkene"
_SELF_DENIAL_AFTER = re.compile(r"[\s,]*(ontkent|ontkende)\s+(hij|dhr\.?|meneer|betrokkene|cliënt|client|cl\.|verdachte|" + _OFFICIAL_HIM + r")(?!\w)",
                                re.IGNORECASE)
# an indirect question that opens a clause after ; or : ("...; of hij wapens heeft, is onbekend")
_CLAUSE_QUESTION = re.compile(r"[;:]\s*(of|óf)\s", re.IGNORECASE)
# someone else's story introduced by the reporter: "Mw. vertelt over haar buurvrouw: 'die wordt ...'"
_ABOUT_SOMEONE_ELSE = re.compile(
    r"(?<!\w)(vertelt|vertelde|zegt|zei|praat|sprak|spreekt|schrijft|schreef|gaat\s+het)\s+over\s+(haar|zijn|mijn|een|de)\s+"
    r"(\w+\s+)?(buurvrouw|buurman|zus|zusje|broer|moeder|vader|vriendin|vriend|collega|nicht|tante|oom|dochter|zoon|"
    r"schoonzus|kennis|buren|vriendinnen)\s*:", re.IGNORECASE)

# an earlier relation as the topic the sentence opens with ("Over haar eerdere relatie, met de vader van haar oudste zoon,
# vertelt aangev. dat die haar geregeld verkrachtte", "In haar vorige huwelijk werd zij ..."): up to a clause break or
# a word that brings the note back to now
_EARLIER_RELATION_TOPIC = re.compile(
    r"^[\s\-–•*'\"‘]*(over|uit|in|tijdens|binnen)\s+(haar|zijn|mijn|mn|een)\s+(eerdere|vorige|eerste|toenmalige|voormalige)\s+"
    r"(relatie|huwelijk)(?!\w)((?!(nu|inmiddels|huidige|nieuwe|tegenwoordig|sindsdien)(?!\w))[^;:])*$", re.IGNORECASE)


# A denial that points back: "Nagevraagd of hij haar ooit heeft gewurgd; mw. ontkent dit stellig", "... geweld
# is geweest; dat ontkent zij", "Er is uitgezocht of er schulden zijn; dat blijkt niet het geval". It negates what
# stands before it in its sentence, and in the sentence before when it opens its own (also what was asked: the
# answer to "gevraagd of ..." is no). A denial by him is not one (his account does not cancel hers); about himself
# it is (_SELF_CODES, in screen_rules).
_ANAPHORIC_DENIAL = re.compile(
    r"(?<!\w)(?:(?P<subj1>\S+\.?)\s+)?(?:ontkent|ontkende|ontkennen)\s+(?:\w+\s+)?(?:dit|dat|het|beide|alles)(?!\w)"
    r"|(?<!\w)(?:dit|dat)\s+(?:ontkent|ontkende|ontkennen)\s+(?P<subj2>\S+)"
    r"|(?<!\w)(?:dit|dat|het|wat)\s+(?P<by1>(?:\S+\s+){0,3}?)(?:wordt|werd)\s+(?P<by2>(?:\S+\s+){0,4}?)ontkend"
    r"|(?<!\w)(?:dit|dat|het|wat)\s+(?:blijkt|bleek|is|was)\s+niet\s+(?:het\s+geval|zo|gebeurd)(?!\w)",
    re.IGNORECASE)
_PERPETRATOR = re.compile(r"^(hij|dhr\.?|meneer|betrokkene|verdachte|" + _OFFICIAL_HIM_WORD + r"|vader|partner|pleger|cliënt|client|echtgenoot|ex)$",
                          re.IGNORECASE)
# codes about himself: his own denial of suicidal thoughts or drug use is the best account there is
_SELF_CODES = frozenset({"suicide_threat", "substance_abuse"})
_SELF_DENIAL = re.compile(r"(?<!\w)(hij|dhr\.?|meneer|betrokkene|cliënt|client|cl\.|verdachte|" + _OFFICIAL_HIM + r")\s+(\w+\s+)?(ontkent|ontkende)(?!\w)",
                          re.IGNORECASE)


_BUT = re.compile(r"(?<!\w)maar(?!\w)", re.IGNORECASE)
_DENIAL_CONFIRMED = re.compile(
    r"(?<!\w)((mw\.|mevrouw|zij|ze|cliënte|aangeefster|slachtoffer)\s+(\w+\s+){0,2}?(bevestigt|bevestigde|beaamt|beaamde)\s+"
    r"(dit(?!\w)|zijn\s+(lezing|verhaal|verklaring)|dat\s+hij\s+(\S+\s+){0,3}?['\"‘]?(nooit|niet|geen|altijd\s+lief))"
    r"|(mw\.|mevrouw|zij|ze|cliënte|aangeefster)\s+(heeft|had)\s+(daar|hier|dat)\s+(ook\s+)?(nooit|niets|niks)\s+(iets\s+)?over"
    r"\s+(verklaard|gezegd|verteld))", re.IGNORECASE)


def _self_denial_before(sentence: str, s: int) -> bool:
    """His denial before s in the sentence, not cut off by "maar" ("Dhr. ontkent dat hij mw. slaat, maar de dochter
    vertelt dat het vaker gebeurt als hij weer heeft gezopen": the drinking is hers to tell)."""
    denials = list(_SELF_DENIAL.finditer(sentence, 0, s))
    return bool(denials) and _BUT.search(sentence, denials[-1].end(), s) is None


def _self_denial_after(sentence: str, e: int) -> bool:
    """His denial right after the span ending at e: "drugs ontkent hij", "... wordt door hem ontkend"."""
    return _SELF_DENIAL_AFTER.match(sentence, e) is not None or _SELF_PASSIVE_DENIAL.match(sentence, e) is not None


def denied_by_him(sentence: str, s: int, e: int, code: str) -> bool:
    """Offsets into sentence: what is his own (_SELF_CODES: suicidal thoughts, drink, drugs) and he denies it, before or
    after the span ("Dhr. ontkent dat hij drinkt"). screen_rules asks the two sides at their own steps; the sentence
    model's candidates ask both at once."""
    return code in _SELF_CODES and (_self_denial_before(sentence, s) or _self_denial_after(sentence, e))


_DENIAL_HINT = re.compile(r"ontken|niet\s+(het\s+geval|zo|gebeurd)", re.IGNORECASE)


def _denial_at(sentence: str):
    """The start of the first denial by someone other than him in the sentence that points back, or None."""
    for m in _ANAPHORIC_DENIAL.finditer(sentence):
        subj = (m.group("subj1") or m.group("subj2") or "").strip(".,;:'\"")
        if subj and _PERPETRATOR.match(subj):
            continue
        # his passive denial: "dit wordt door hem ontkend", "wat door dhr. werd ontkend" (as for a topic, _topical_denial)
        if (m.group("by2") is not None
                and _DENIER_HIMSELF.search(m.group("by1") + " " + m.group("by2")) is not None):
            continue
        return m.start()
    return None


def _negate_pointed_back(text: str, out: list, sentences: list[tuple[int, int]]) -> list:
    """Apply _ANAPHORIC_DENIAL to the present and hypothetical signals of ``out`` (see above)."""
    cut = []  # (from, to): signals ending in (from, to] are negated
    for k, (s0, s1) in enumerate(sentences):
        at = _denial_at(text[s0:s1])
        if at is None:
            continue
        cut.append((s0, s0 + at))
        if k and len(text[s0:s0 + at].split()) <= 4:
            cut.append((sentences[k - 1][0], s0))
    if not cut:
        return out
    # (her denial of what he told others about her is no denial of his telling: _told_others)
    return [Signal(code=x.code, status="negated", start=x.start, end=x.end, text=x.text)
            if x.status in ("present", "hypothetical") and any(a < x.end <= b for a, b in cut)
            and not (x.code == "third_party_abuse" and x.status == "present") else x for x in out]


def _violence_word_decides(out: list) -> list:
    """A span that joins a pregnancy and a blow ("30 weken zwanger ... Geslagen heeft hij haar niet") ends in the violence
    word, which is also a signal of its own: when that word is negated or hypothetical, so is the span (and the violence
    it implies)."""
    words = [x for x in out if x.code == "recent_violence" and x.status in ("negated", "hypothetical")]
    decided = {}  # (start, end) of a pregnancy span -> the status of the violence word at its end or its start
    for x in out:
        if x.code == "pregnancy_violence" and x.status == "present":
            word = next((w for w in words if w.end == x.end), None) or next(
                (w for w in words if w.start == x.start and w.end < x.end), None)
            if word is not None:
                decided[(x.start, x.end)] = word.status
    return [dataclasses.replace(x, status=decided[(x.start, x.end)])
            if (x.start, x.end) in decided and x.status == "present" and x.code in ("pregnancy_violence", "recent_violence")
            else x for x in out]



# She is pregnant now, said anywhere in the note ("Controle 28 wk.", "mw. 28 jr, 22 wk zwanger", "Moeder, nu 4 maanden
# zwanger, ..."), and the note reports recent violence against her in another sentence: that is violence in pregnancy
# too (the term lines join the two only within a short span). Not another woman's pregnancy ("zijn nieuwe vriendin is
# zwanger"), a past one ("toen ze 20 weken zwanger was"), a wish ("wil zwanger worden"), nor violence before it.
_PREGNANT_NOW = re.compile(
    r"(?<!\w)(?:(?:is|ben)\s+(?:(?:nu|inmiddels|ruim|bijna|al|pas|opnieuw|weer|\d{1,2}|een|twee|drie|vier|vijf|zes"
    r"|zeven|acht|negen|weken|maanden|wk)\s+){0,3}zwanger(?!\w)|(?:nu|inmiddels)\s+(?:\w+\s+){0,2}?zwanger(?!\w)"
    r"|zwanger\s+van\s+(?:\d{1,2}|een|twee|drie|vier|vijf|zes|zeven|acht|negen)\s+(?:weken|maanden)(?!\w)"
    r"|(?:\d{1,2}|twee|drie|vier|vijf|zes|zeven|acht|negen)\s*(?:wk|weken|maanden)\s+(?:zwanger|ad)(?!\w)"
    r"|zwangere(?!\s+(?:zus|zuster|vriendin|dochter|schoonzus|schoondochter|collega|buurvrouw|nicht|vrouwen|ex\w*)(?!\w))"
    r"|(?:\w*controle|consult|echo)\s+(?:bij\s+)?\d{1,2}\s*(?:wk|weken)(?!\w))"
    r"(?!\s+(?:was|waren|werd|geweest|worden|raken|te\s+worden|wil|wilde|wou)(?!\w))", re.IGNORECASE)
_NOT_HER_PREGNANCY = re.compile(
    r"(?<!\w)(?:niet|geen|nooit|toen|destijds|vroeger|vorige|eerdere|zus|zuster|vriendin|dochter|schoonzus|schoondochter"
    r"|collega|buurvrouw|nicht|ex\w*|andere\s+vrouw|minnares|als|of|mocht)(?!\w)[^.;!?]{0,30}$", re.IGNORECASE)
_BEFORE_PREGNANCY = re.compile(
    r"(?<!\w)(?:v[oó]{1,2}r\s+(?:de|haar)\s+zwangerschap|voordat\s+(?:ze|zij|ik|mw\.?)\s+zwanger|(?:toen|voor)\s+(?:ze|zij|ik"
    r"|mw\.?)\s+nog\s+niet\s+zwanger)", re.IGNORECASE)
_A_CHILD_HIT = re.compile(r"(?<!\w)(?:zoon|zoontje|dochter|dochtertje|kind|kinderen|jongste|oudste|baby)(?!\w)",
                          re.IGNORECASE)


def _pregnant_and_hit(text: str, out: list) -> list:
    """pregnancy_violence present at each recent_violence present when the note says she is pregnant now (see
    _PREGNANT_NOW), unless the note already has pregnancy_violence in any status or dates the violence before the
    pregnancy; not for violence in a sentence about a child."""
    if any(x.code == "pregnancy_violence" for x in out) or _BEFORE_PREGNANCY.search(text):
        return out
    hits = [x for x in out if x.code == "recent_violence" and x.status == "present"]
    if not hits:
        return out
    bounds = sentence_bounds(text)
    pregnant = False
    for m in _PREGNANT_NOW.finditer(text):
        s0 = (_sentence_at(bounds, m.start()) or (0, 0))[0]
        if not _NOT_HER_PREGNANCY.search(text, max(s0, m.start() - 40), m.start()):
            pregnant = True
            break
    if not pregnant:
        return out
    added = []
    for x in hits:
        a, b = _sentence_at(bounds, x.start) or (x.start, x.end)
        if not _A_CHILD_HIT.search(text, a, b):
            added.append(Signal(code="pregnancy_violence", status="present", start=x.start, end=x.end, text=x.text))
    return sorted(out + added, key=lambda x: (x.start, x.code)) if added else out


# Escalation compares now with before ("vroeger duwde hij alleen, nu slaat hij"): its own "vroeger" is no history.
_COMPARES_WITH_BEFORE = frozenset({"escalation"})
# Codes of a lasting trait, dated by a diagnosis or report ("pro-Justitiarapport (2024): antisociale ...")
_LASTING = frozenset({"personality_problems"})
_PAST_WORDS = re.compile(
    r"(?<!\w)(vroeger|destijds|toentertijd|indertijd|jaren\s+geleden|jaar\s+geleden|lang\s+geleden|in\s+het\s+verleden"
    r"|in\s+(zijn|haar)\s+jeugd|als\s+(kind|tiener)|niet\s+meer|nu\s+niet|toen\s+(hij|zij|ze))(?!\w)", re.IGNORECASE)


# A time of its own right after it makes a mention recent, whatever year came before (session 15): "van verbale
# bedreigingen in 2023 naar een mishandeling in januari en een wurging in maart van dit jaar" - clinlp's historical scope
# runs on from "in 2023". Only within the clause and with no year or word of the past in between.
_RECENT_MARK = re.compile(r"(?<!\w)(van\s+dit\s+jaar|dit\s+jaar|vorige\s+(week|maand)|afgelopen\s+(week|maand|weekend|nacht)"
                          r"|gisteren|gisteravond|vannacht|onlangs|kortgeleden|deze\s+(week|maand))(?!\w)", re.IGNORECASE)
_CLAUSE_STOP = re.compile(r"[,;:!?]|\.(\s|$)")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
# ... and in the same phrase: "een wurging in maart van dit jaar", not "In 2015 sloeg hij haar en vorige week dreigde hij"
_NEW_CLAUSE_IN_GAP = re.compile(r"(?<!\w)(hij|zij|ze|dhr|mw|mevrouw|meneer|ik|wij|we|maar|terwijl|toen|want|omdat|waarna|daarna|nu"
                                r"|en(?!\s+(een|de|het)\s))(?!\w)", re.IGNORECASE)


def _recent_after(text: str, e: int) -> bool:
    stop = _CLAUSE_STOP.search(text, e)
    window = text[e:stop.start() if stop else len(text)]
    m = _RECENT_MARK.search(window)
    if m is None or len(window[:m.start()].split()) > 8:
        return False
    gap = window[:m.start()]
    return not (_YEAR.search(gap) or _PAST_WORDS.search(gap) or _NEW_CLAUSE_IN_GAP.search(gap))


# A strangulation, and violence during pregnancy, is violence: present or historical, it also counts as that.
_IMPLIES = {"strangulation": "recent_violence", "pregnancy_violence": "recent_violence"}


def _is_past_year_or_phrase(span: str) -> bool:
    this_year = datetime.date.today().year
    for m in _HISTORICAL_INSIDE.finditer(span):
        token = m.group(1)
        if _ONE_YEAR_AGO.fullmatch(token):
            continue
        if not token.isdigit() or int(token) < this_year - 1:
            return True
    return False


# His question, quoted as what he sent or shouted, is what he did, not a question of the note: "stuurde haar zestig
# berichten met 'met wie ben je?'", "appte: 'mooi jurkje, voor wie was dat?'", "ondervraagt haar: 'Met wie lig jij in
# bed?'", "wordt dan boos: 'Waarvoor heb ik jou dan laten overkomen?'". Its question mark is read as a full stop (same
# length: offsets stay); a professional's quoted question ("vraag gesteld: 'Bent u bang?'") keeps it.
_HIS_QUESTION = re.compile(
    r"(?<!\w)(appte|appt|stuurde|stuurt|schreef|schrijft|sms'te|smste|schreeuwde|schreeuwt|riep|roept|brulde|ondervraagt"
    r"|ondervroeg|berichten\s+(met|als)|opmerkingen|(hij|dhr\.?|vader|papa|ex|partner|bz\.?|verdachte)\s+(\S+\s+){0,8}?"
    r"(vroeg|vraagt|zei|zegt)|(wordt|werd)\s+(dan\s+|daarna\s+|weer\s+)?(boos|kwaad|woedend|razend))(?!\w)"
    r"[^'\"‘“?.;]{0,60}?['\"‘“][^'\"’”?]{1,160}\?", re.IGNORECASE)


def _his_questions_told(sentence: str) -> str:
    if "?" not in sentence:
        return sentence
    for m in _HIS_QUESTION.finditer(sentence):
        sentence = sentence[:m.end() - 1] + "." + sentence[m.end():]
    return sentence


# What he says she does is no finding about him: drink, drugs or neglect told of her ("vertelt de school dat moeder
# drinkt en de kinderen verwaarloost", "beschuldigt haar van drugsgebruik en verwaarlozing", "meldingen bij VT over
# moeder (drugsgebruik, verwaarlozing)", "noemt haar 'een zuiplap'") is her alleged conduct, another person than the
# perpetrator whose substance abuse or care withholding the codes mean (often a false accusation: third_party_abuse).
# Of care withholding only her neglect ("verwaarloost"): "meldt dat mw. doorligwonden heeft" is what it does to her;
# the telling verb keeps out "bevestigt dat mw. een alcoholprobleem heeft" (a woman who abuses him).
_HER_ALLEGED = re.compile(
    r"(?<!\w)((zegt|zei|zeggen|gezegd|vertelt|vertelde|verteld|beweert|beweerde|beweren|roept|riep|schrijft|schreef"
    r"|geschreven|zet|zette|gezet|appt|appte|gemaild|mailt|mailde|verspreidt|verspreidde|rondvertelt|rondvertelde|verhalen|verhaal"
    r"|mededeling|bewijs|tip|melding|klacht|aangifte)(?!\w)[^.;!?]{0,80}?(?<!\w)"
    r"dat\s+(zij|ze|moeder|mama|mw\.?|mevrouw|cliënte|cl\.|ik|zijn\s+ex(-?(vrouw|vriendin|partner))?)\s+"
    r"((?!(hij|hem|als|wanneer|omdat|toen|terwijl|want|maar|nadat|zodra|dhr|meneer|partner|vader|papa|zoon|man)(?!\w))"
    r"[^\s,;:]+\s+){0,7}"
    r"|beschuldig\w*\s+((haar|moeder|mw\.?|mevrouw|mij|me|cliënte)\s+)?([^\s;:]+\s+){0,4}?van\s+([^\s;:]+\s+){0,4}"
    r"|(melding\w*|klachten|tips?)\s+([^\s;:]+\s+){0,6}?over\s+(moeder|mw\.?|mevrouw|haar|cliënte)?\s*\(?([^\s;:]+\s+){0,3}"
    r"|(noemt|noemde|genoemd|uitmaakt|uitmaakte|uitgemaakt|uitscheldt)\s+(\S+\s+){0,3})[\x27\"‘(]?$", re.IGNORECASE)


# She locks herself in ("had zich in de badkamer opgesloten", "dat ik me met de kinderen opsluit"): a refuge, no
# restriction of her freedom by him.
_LOCKS_HERSELF_IN = re.compile(r"(?<!\w)(zich|zichzelf|ik\s+me|ik\s+mij|ik\s+mezelf)\s+([^\s,;:.]+\s+){0,6}$", re.IGNORECASE)
_LOCKED_IN = re.compile(r"opgesloten|opsluit|opsluiten", re.IGNORECASE)


def _locked_herself_in(text: str, sig, s0: int) -> bool:
    return (sig.code == "autonomy_restriction" and sig.status == "present" and _LOCKED_IN.fullmatch(sig.text) is not None
            and _LOCKS_HERSELF_IN.search(text, max(s0, sig.start - 80), sig.start) is not None)


def _alleged(sig) -> bool:
    return sig.status == "present" and (sig.code == "substance_abuse" or (
        sig.code == "care_withholding" and sig.text.lower().startswith("verwaarlo")))


def _her_alleged_conduct(text: str, out: list) -> list:
    """Present substance abuse / neglect told as her conduct (_HER_ALLEGED) becomes other_person; locking herself in
    (_LOCKS_HERSELF_IN) is no autonomy restriction (negated)."""
    if not any(_alleged(sig) or (sig.code == "autonomy_restriction" and sig.status == "present") for sig in out):
        return out
    bounds = sentence_bounds(text)
    result = []
    for sig in out:
        if _alleged(sig) or sig.code == "autonomy_restriction":
            s0 = (_sentence_at(bounds, sig.start) or (0, 0))[0]
            if _alleged(sig) and _HER_ALLEGED.search(text, max(s0, sig.start - 160), sig.start):
                sig = dataclasses.replace(sig, status="other_person")
            elif _locked_herself_in(text, sig, s0):
                sig = dataclasses.replace(sig, status="negated")
        result.append(sig)
    return result


# an injury the professional finds explained by an accident ("Letselpatroon past bij het beschreven valmechanisme",
# "hematoom ... past volgens de huisarts bij een val"): the injury words of that note are no violence, unless an act
# of violence is reported present beside them; "past niet / matig bij" keeps them
_INJURY_WORDS = re.compile(r"(letsel\w*|hematoo?m\w*|schaafwond\w*|kneuzing\w*|blauwe\s+plek\w*|bloeduitstorting\w*|snee|"
                           r"sneeën|snijwond\w*|verwonding\w*|buil|builen|striemen|fractuur|breuk\w*|wond\w*)", re.IGNORECASE)
_INJURY_FIT_DENIED = re.compile(r"\s+(\S+\s+){0,2}?(past|passen|paste|pasten)\s+(\S+\s+){0,2}?(niet|matig|slecht|nauwelijks|"
                                 r"onvoldoende)\s+bij(?!\w)", re.IGNORECASE)
_INJURY_FITS_ACCIDENT = re.compile(
    r"\b(past|passen|paste|pasten|passend)\s+((?!niet\b|matig\b|slecht\b|nauwelijks\b|onvoldoende\b|minder\b|maar\b)\S+\s+){0,4}?"
    r"bij\s+(een\s+|de\s+|het\s+)?((beschreven|genoemde|opgegeven)\s+)?(val\b|valpartij|valmechanisme|ongeval\w*|ongeluk\w*|"
    r"fietsongeluk\w*|fietsval|sportblessure\w*|sportongeval\w*|val\s+(met|van|op|uit|tijdens)\b)", re.IGNORECASE)


# ... or that the note tells as an accident in its own words: a fall told as a fact, outside her account ("Mw. H. (83) is
# vannacht in de badkamer gevallen"; not "zegt gevallen te zijn" nor "Volgens mw. is ze van de trap gevallen", the classic
# cover story), or a sport or the child's age in any sentence ("blauwe plekken na het sparren", "past bij leeftijd")
_FALL_TOLD = re.compile(
    r"(?<!\w)((is|was|zijn|waren)\s+(\S+\s+){0,5}?(gevallen|gestruikeld|uitgegleden)|(viel|vielen|struikelde)\s+(\S+\s+){0,5}?"
    r"(met\s+de\s+fiets|van\s+de\s+trap|over\s+een|tegen\s+de\s+rand|in\s+de\s+(badkamer|douche|tuin)))(?!\w)", re.IGNORECASE)
_SPORT_OR_AGE = re.compile(
    r"(?<!\w)((opgelopen|gekregen)\s+(bij|tijdens)\s+(het\s+|de\s+|een\s+)?(sport\w*|volleybal|voetbal|hockey|handbal|kickboks\w*"
    r"|boks\w*|judo|sparren|training|trainen|wedstrijd|gym)|na\s+het\s+(sparren|sporten|trainen|voetballen)|past\s+bij\s+(de\s+)?leeftijd)"
    r"(?!\w)", re.IGNORECASE)
_HER_ACCOUNT = re.compile(r"(?<!\w)(zegt|zei|zeggen|vertelt|vertelde|verklaart|verklaarde|volgens|geeft\s+aan|gaf\s+aan|naar\s+eigen\s+zeggen"
                          r"|beweert|beweerde|stelt|stelde)(?!\w)", re.IGNORECASE)


def _falls(text: str, rx=_FALL_TOLD):
    """Per fall the note tells (rx): its sentence's bounds and whether it stands in her account (_HER_ACCOUNT)."""
    bounds = sentence_bounds(text)
    for m in rx.finditer(text):
        s0, s1 = _sentence_at(bounds, m.start()) or (0, len(text))
        yield s0, s1, _HER_ACCOUNT.search(text, s0, m.start()) is not None


def _accident_told(text: str) -> bool:
    return bool(_SPORT_OR_AGE.search(text)) or any(not account for _, _, account in _falls(text))


# Two households in one note (session 14): a reporter tells of another household's troubles and says that her own is
# fine ("Met J. zelf gaat het goed, haar eigen man is 'een schat'", "bij ons thuis is het rustig", "In mw.'s eigen huis is
# het rustig", "Richting mw. zijn geen bedreigingen bekend"); _other_household says which flags are that household's.
_OWN_HOME_FINE = re.compile(
    r"(?<!\w)((met|bij)\s+(\S+\s+){0,2}?zelf\s+gaat\s+het\s+(goed|prima)"
    r"|het\s+gaat\s+(goed|prima)\s+met\s+(haar|hem|mw\.|dhr\.)\s+(zelf\s+)?en\s+(haar|zijn)\s+(partner|man|vrouw|vriend)"
    r"|(bij|in)\s+(ons|hen|haar|zijn|hun|mw\.(\s+zelf|'s)|dhr\.(\s+zelf|'s))\s+(eigen\s+)?(thuis|huis|gezin|relatie|woning)\s+(\S+\s+){0,2}?(is|was)\s+"
    r"(het\s+)?(rustig|goed|veilig|prima)"
    r"|(haar|zijn|mijn)\s+eigen\s+(man|vrouw|partner|vriend)\s+(is|was)\s+['\"‘]?(een\s+schat|lief|rustig|een\s+softie|heel\s+lief)"
    r"|(in|bij)\s+(haar|zijn|mijn|hun|ons)\s+eigen\s+(relatie|huwelijk|gezin|thuissituatie)\s+speelt\s+(dit|dat|het|zoiets)\s+niet"
    r"|(nieuwe|huidige)\s+(partner|vriend|vriendin|man)\s+met\s+wie\s+het\s+(goed|prima)\s+gaat"
    r"|(richting|tegen|naar)\s+(mw\.|mevrouw|haar|cliënte|cl\.)\s+(zijn|is|waren|was)\s+geen\s+(bedreigingen|dreigingen|incidenten))",
    re.IGNORECASE)
_OTHER_HOUSEHOLD = re.compile(
    r"(?<!\w)(buurvrouw|buurman|buren|bovenbuurman|bovenbuurvrouw|benedenbuurman|benedenbuurvrouw|overbuurvrouw|overbuurman"
    r"|medecursist\w*|collega\w*|zus|zusje|zuster|schoonzus|schoonzoon|zwager|nr\.\s*\d+|nummer\s+\d+|gezin\s+(op|aan|van|hiernaast)"
    r"|(de|die)\s+(man|vrouw)\s+van\s+(haar|zijn|de|het|nr\.|nummer|hiernaast))(?!\w)", re.IGNORECASE)
_CLIENT_NAMED = re.compile(r"(?<!\w)(mw\.|mevrouw|cl\.|cliënte|zelf|eigen)(?!\w)", re.IGNORECASE)


def _other_household(text: str, out: list) -> list:
    """Present flags of another household the note tells of, beside the client's own that it calls fine, are
    other_person: where the nearest person named before the flag in its sentence is of the other household, or where its
    sentence names only the other household, or names nobody while a sentence next to it names the other household."""
    if not any(sig.status == "present" for sig in out) or _OWN_HOME_FINE.search(text) is None:
        return out
    bounds = sentence_bounds(text)
    names = [_OTHER_HOUSEHOLD.search(text, a, b) is not None for a, b in bounds]
    fine = [_OWN_HOME_FINE.search(text, a, b) is not None for a, b in bounds]

    def theirs(i: int, at: int) -> bool:
        a, b = bounds[i]
        if fine[i]:
            return False
        before = [(m.start(), True) for m in _OTHER_HOUSEHOLD.finditer(text, a, at)]
        before += [(m.start(), False) for m in _CLIENT_NAMED.finditer(text, a, at)]
        if before:
            return max(before)[1]
        if _CLIENT_NAMED.search(text, a, b) is not None:
            return False
        return names[i] or (i > 0 and names[i - 1]) or (i + 1 < len(bounds) and names[i + 1])

    changed = []
    for sig in out:
        span = _sentence_at(bounds, sig.start) if sig.status == "present" else None
        if span is not None and theirs(bounds.index(span), sig.start):
            sig = dataclasses.replace(sig, status="other_person")
        changed.append(sig)
    return changed


# A fall, in her account too, that the note finds fits the injury also explains it ("Moeder verklaart dat Sem van de
# glijbaan is gevallen, wat past bij het letsel"); a fall only in her account, unweighed, does not (cover_story)
_FITS_THE_INJURY = re.compile(r"(?<!\w)(wat|dat|hetgeen|die)\s+(\S+\s+)?(past|passen|paste)\s+bij\s+(het|de|dit|deze)\s+"
                              r"(letsel|verwonding\w*|blauwe\s+plek\w*|hematoo?m\w*|plek\w*)", re.IGNORECASE)
_FALLEN_SHE_SAYS = re.compile(r"(?<!\w)gevallen\s+te\s+zijn(?!\w)", re.IGNORECASE)
_WEIGHED = re.compile(r"(?<!\w)(past|passen|paste|pasten|passend)(?!\w)", re.IGNORECASE)


def cover_story(text: str) -> bool:
    """The note tells a fall only as her account ("Volgens mw. is ze van de trap gevallen", "zegt gevallen te zijn"): the
    classic cover story, which leaves an injury the note reports an injury - unless the note weighs it in the same
    sentence ("Moeder verklaart dat hij van de glijbaan is gevallen, wat past bij het letsel")."""
    return any(account and not _WEIGHED.search(text, s0, s1) for s0, s1, account in _falls(text)) or any(
        not _WEIGHED.search(text, s0, s1) for s0, s1, _ in _falls(text, _FALLEN_SHE_SAYS))


# Her own words in a chat (a text that starts in lower case): a blow told with her as its object - "hij schopt en slaat
# mij", "2 keer heeft hij me nu geslagen" - is her account of violence. The sentence model, which learnt mostly from
# professionals' notes, dropped both (session 18, batch 99). In a professional's note it stays the model's call: on
# batches 1-102 the two such sentences it dropped there quote another woman's story ("Bij haar eigen ex-man was dat
# anders: 'hij sloeg me'").
_HIT_ME = re.compile(
    r"(?<!\w)(?:(?:me|mij)\s+(?:\w+\s+){0,3}?(?:geslagen|geschopt|geduwd|gestompt|getrapt|gewurgd|mishandeld)"
    r"|(?:slaat|schopt|duwt|stompt|trapt|sloeg|schopte|duwde|stompte|trapte)(?:\s+en\s+\w+)?\s+(?:me|mij))(?!\w)",
    re.IGNORECASE)


def hit_me_in_chat(text: str, sig) -> bool:
    """The flag stands in a sentence of a chat message that tells a blow to the writer herself (_HIT_ME)."""
    if not typed_as_chat(text):
        return False
    span = _sentence_at(sentence_bounds(text), sig.start)
    return span is not None and _HIT_ME.search(text, *span) is not None


def _injury_explained(text: str, out: list) -> list:
    """Present violence told only by injury words becomes negated where the note finds the injury fits an accident."""
    violence = [sig for sig in out if sig.code == "recent_violence" and sig.status == "present"]
    if not violence or any(not _INJURY_WORDS.fullmatch(sig.text) for sig in violence):
        return out
    if _INJURY_FITS_ACCIDENT.search(text) is None and not _accident_told(text) and not (
            _FITS_THE_INJURY.search(text) and _FALL_TOLD.search(text)):
        return out
    return [dataclasses.replace(sig, status="negated") if sig in violence else sig for sig in out]


# Chat spellings, read as the words they stand for ("ik ben nie bang", "k ben zo bang dat ie me wat aandoet", "hij leest
# mn berichten"): the term lists, the context rules and the sentence model know the written words. Only forms that are
# no other Dutch word, in lower case (a capital "K." or "Da" is an initial or a name); "t/m" is no "het".
_CHAT_WORDS = {"nie": "niet", "ni": "niet", "mn": "mijn", "m'n": "mijn", "M'n": "Mijn", "zn": "zijn", "z'n": "zijn",
               "Z'n": "Zijn", "k": "ik", "'k": "ik", "'K": "Ik", "ie": "hij", "da": "dat", "t": "het", "'t": "het",
               "gwn": "gewoon", "ff": "even", "mss": "misschien", "wss": "waarschijnlijk", "idd": "inderdaad"}
_CHAT_WORD = re.compile(r"(?<![\w'/])(" + "|".join(sorted(map(re.escape, _CHAT_WORDS), key=len, reverse=True))
                        + r")(?![\w'/])")


def standard_spelling(text: str) -> tuple[str, list[int], list[int]] | None:
    """The text with its chat spellings written out (_CHAT_WORDS), and per character of that text the offset in the
    original where it starts and (one further) where it ends; None when there is nothing to write out."""
    if _CHAT_WORD.search(text) is None:
        return None
    out, starts, ends = [], [], [0]
    pos = 0
    for m in _CHAT_WORD.finditer(text):
        a, b = m.span()
        out.append(text[pos:a])
        starts.extend(range(pos, a))
        ends.extend(range(pos + 1, a + 1))
        word = _CHAT_WORDS[m.group(1)]
        out.append(word)
        starts.extend([a] * len(word))
        ends.extend([b] * len(word))
        pos = b
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(out), starts, ends


# A question answered yes is told ("Heeft hij u ooit gewurgd? Ja.", "ben ik bang voor hem? ja. soms"): its question mark
# is read as a full stop (same length). Not a form's "ja/nee" or "ja of nee".
_ANSWERED_YES = re.compile(r"\?(?=['\"’”]?\s*(?:ja|jazeker|jawel|klopt)(?![\w/])(?!\s+of\s+nee))", re.IGNORECASE)


def _in_standard_spelling(screen_fn):
    """``screen_fn`` run over the text in standard spelling, with its questions answered yes told (_ANSWERED_YES), its
    signals' offsets and text taken back to the original."""

    @functools.wraps(screen_fn)
    def read(text: str) -> list[Signal]:
        text = text or ""
        told = _ANSWERED_YES.sub(".", text) if "?" in text else text
        written = standard_spelling(told)
        if written is None:
            if told is text:
                return screen_fn(text)
            return [dataclasses.replace(sig, text=text[sig.start:sig.end]) for sig in screen_fn(told)]
        standard, starts, ends = written
        out = []
        for sig in screen_fn(standard):
            start = starts[sig.start] if sig.start < len(starts) else len(text)
            out.append(dataclasses.replace(sig, start=start, end=ends[sig.end], text=text[start:ends[sig.end]]))
        return out

    return read


@_in_standard_spelling
def screen(text: str) -> list[Signal]:
    """All signals in a text, in reading order: the rules (screen_rules) plus what the sentence model adds
    in sentences where the rules found that code in no status (sentence_model.py; RISK_SIGNAL_MODEL). Chat spellings
    are read as the words they stand for (standard_spelling)."""
    from .sentence_model import extra_signals

    return _one_fear(extra_signals(text, _screen_rules(text)))


def _one_fear(out: list) -> list:
    """Fear for her life is the fear of the note: with extreme_fear present, fear_of_partner is not also present (the
    writers' guide: one of them, not both). On batches 1-96, where both were found present, fear_of_partner was labelled
    in 8 notes and not in 53."""
    if not any(sig.code == "extreme_fear" and sig.status == "present" for sig in out):
        return out
    return [sig for sig in out if not (sig.code == "fear_of_partner" and sig.status == "present")]


@_in_standard_spelling
def screen_rules(text: str) -> list[Signal]:
    """The signals the term lists and context rules find, in reading order (chat spellings read as in screen)."""
    return _screen_rules(text)


def _screen_rules(text: str) -> list[Signal]:
    """screen_rules on a text in standard spelling."""
    text = text or ""
    cands = _candidates(text)
    if not cands:
        return []
    out = []
    trigger = _trigger_rx()
    pos = 0
    n = len(cands)
    for s0, s1 in sentence_bounds(text):
        here = []
        while pos < n and cands[pos][1] < s1:
            here.append(cands[pos])
            pos += 1
        if not here:
            continue
        sentence = _his_questions_told(text[s0:s1])
        if trigger.search(sentence.lower()) is None:
            quals = [set()] * len(here)
        else:
            quals = _qualify(sentence, [(c, s - s0, min(e, s1) - s0) for c, s, e, _ in here])
        asking = _QUESTION_END.search(sentence) is not None or _INSTRUCTION.search(sentence) is not None
        question_at = sentence.find("?")  # a quoted question inside a sentence ("vraag gesteld: 'Bent u ...?'")
        ex_victim = None
        listed = None  # (end, status) of the sentence's last term match
        for (code, s, e, speech), q in zip(here, quals, strict=True):
            if "Relation.Previous" in q:
                if ex_victim is None:
                    ex_victim = _ex_is_the_victim(text, sentence)
                if ex_victim:
                    q = q - {"Relation.Previous"}
            if "Experiencer.Other" in q and (_parents_of_a_child_reporter(text, sentence)
                                             or _relative_does_it(sentence, e - s0)
                                             or _her_partner_is_a_woman(text, sentence)
                                             or _relative_kept_from_her(sentence, code)
                                             or _reporters_relative_is_her(text, sentence)):
                q = q - {"Experiencer.Other"}
            if "Presence.Absent" in q and (not _negation_reaches(sentence, s - s0, min(e, s1) - s0)
                                           or _only_his_words_negate(sentence, s - s0, code)):
                q = q - {"Presence.Absent"}
            status = _status(q, speech, code)
            if status == "hypothetical" and _made_threat_condition(sentence, code):
                status = _status(q - {"Presence.Uncertain"}, speech, code)
            # ... and a condition on his finding out conditions none of what he finds out (factive_condition): without
            # it, the condition is gone; every other reading of q stands
            if status == "hypothetical" and (factive := factive_condition(sentence, s - s0, min(e, s1) - s0, code)):
                masked = sentence[:factive[0]] + " " * (factive[1] - factive[0]) + sentence[factive[1]:]
                if "Presence.Uncertain" not in _qualify(masked, [(code, s - s0, min(e, s1) - s0)])[0]:
                    status = _status(q - {"Presence.Uncertain"}, speech, code)
            if status == "present" and code in _SPANNING and _negated_inside(text, s, e):
                status = "negated"
            # an injury that "past niet bij" the account given: the negation is the fit's, the injury stands
            if (status == "negated" and code == "recent_violence" and _INJURY_WORDS.fullmatch(text, s, e)
                    and _INJURY_FIT_DENIED.match(text, e)):
                status = "present"
            # a time expression inside the span ("Mw. was vroeger erg bang voor hem", "dreigde vijftien jaar
            # geleden haar te vermoorden") makes any code historical; clinlp only looks around the span
            if (status == "present" and not speech and code not in _COMPARES_WITH_BEFORE
                    and _HISTORICAL_INSIDE.search(text, s, e) and _is_past_year_or_phrase(text[s:e])):
                status = "historical"
            # a diagnosis with its date is still his ("in 2020 werd een persoonlijkheidsstoornis vastgesteld"): only
            # a word that puts it in the past makes it history ("vroeger was hij impulsief")
            if status == "historical" and code in _LASTING and not _PAST_WORDS.search(sentence):
                status = "present"
            if status == "historical" and not speech and _recent_after(text, e):
                status = "present"
            if status == "present" and not speech and question_at >= 0 and s - s0 < question_at:
                status = "hypothetical"
            if asking and not speech and status == "present":
                status = "hypothetical"
            # an indirect question that opens the sentence: "Of hij haar ooit heeft verkracht, moet nog worden uitgevraagd"
            if status == "present" and not speech and _OPEN_QUESTION.match(sentence) and "," in sentence[s - s0:]:
                status = "hypothetical"
            if status == "present" and not speech and _OPEN_DOUBT.match(sentence):
                status = "hypothetical"
            if status == "present" and not speech:
                status = _asked_topic(sentence, s - s0, e - s0) or _field_answer(sentence, s - s0, e - s0) or status
            if status == "present" and code in _SELF_CODES and _self_denial_after(sentence, e - s0):
                status = "negated"
            # his denial that she confirms or that the note finds nothing against: "Dhr. ontkent dat hij de kinderen ooit
            # heeft bedreigd; mw. bevestigt dat hij 'altijd lief is'", "...; mw. heeft daar ook nooit iets over verklaard"
            if (status == "present" and not speech and _self_denial_before(sentence, s - s0)
                    and _DENIAL_CONFIRMED.search(sentence, e - s0)):
                status = "negated"
            # she decides herself, the span opening with the verb: "Zij bepaalt zelf wat ze eet" (the trigger of
            # context_nl.yaml overlaps the span there)
            if (status == "present" and " zelf" in text[s:e] and
                    _HER_OWN_CHOICE.search(sentence, max(0, s - s0 - 16), e - s0)):
                status = "negated"
            # a decrease is no escalation: "het slaan is de laatste tijd juist minder geworden", "dat het geweld is
            # afgenomen sinds hij medicatie gebruikt"
            if status == "present" and code == "escalation" and _DECREASE.search(
                    sentence, max(0, s - s0 - 30), _clause_end(sentence, e - s0)):
                status = "negated"
            # a weapon denied, then "only" an ordinary thing: "hij heeft geen wapens, alleen keukenmessen", "Gevraagd
            # naar wapens: 'nee, alleen een zakmes voor de tuin'"
            if (status == "present" and code == "weapons" and _HOUSEHOLD_TOOL.fullmatch(text[s:e])
                    and _ONLY_BEFORE.search(sentence, 0, s - s0)
                    and _DENIED_BEFORE.search(sentence, 0, s - s0)):
                status = "negated"
            # a weapon he says he will get is none yet: "hij zegt dat ie een pistool gaat kopen als ik niet ophou"
            if status == "present" and code == "weapons" and _WEAPON_TO_GET.match(sentence, e - s0):
                status = "hypothetical"
            # not even one: "ik heb niet eens een zakmes" (bare "niet eens" is a pseudo-trigger in context_nl.yaml:
            # "ze mag niet eens alleen weg")
            if status == "present" and code == "weapons" and _NOT_EVEN_ONE.search(sentence, 0, s - s0):
                status = "negated"
            # an insult in the words he said or wrote is said, whatever condition they hold ("appte: 'als jij gaat ziet
            # heel je familie wat voor hoer je bent'")
            if status == "hypothetical" and code == "humiliation" and any(
                    m.start() < s - s0 and e - s0 < m.end() for m in _QUOTED.finditer(sentence)):
                status = "present"
            # violence he threatens is not (yet) done: "dreigde haar te wurgen", "dreigde dat hij haar zou slaan"
            # ... and violence she fears is not done either, nor a threat: "bang dat hij haar zal vermoorden" is her fear
            if (status == "present" and not speech and code in ("recent_violence", "strangulation", "death_threat")
                    and ((code != "death_threat" and _THREATENED_BEFORE.search(sentence, 0, s - s0))
                         or _FEARED_BEFORE.search(sentence, 0, s - s0))
                    and _THREATENED_FORM.search(sentence, 0, e - s0)):
                status = "hypothetical"
            # ... nor is anything else she fears he will do ("bang dat hij de kinderen bij school gaat opwachten")
            elif (status == "present" and not speech and code not in FEAR_CODES and _FEARED_BEFORE.search(sentence, 0, s - s0)
                  and _THREATENED_FORM.search(sentence, 0, e - s0)):
                status = "hypothetical"
            status = told_others_status(status, code, sentence, s - s0, e - s0)
            if status == "present" and code == "separation" and _CHILDS_OWN_SEPARATION.search(sentence, 0, s - s0):
                status = "other_person"
            if status == "present" and not speech:
                oq = [m for m in _CLAUSE_QUESTION.finditer(sentence, 0, s - s0)]
                if oq and "," in sentence[s - s0:] and not _CLAUSE_BREAK.search(sentence, oq[-1].end(), s - s0):
                    status = "hypothetical"
            if status in ("present", "historical") and (_previous_relation_rx().search(text, s, e)
                                                         or _HER_PREVIOUS_AS_SUBJECT.match(text, s, e)
                                                         or _THEN_WITH_ANOTHER.search(text, s, e)
                                                         or _ABOUT_SOMEONE_ELSE.search(sentence, 0, s - s0)
                                                         or _EARLIER_RELATION_TOPIC.match(sentence[:s - s0])):
                status = "other_person"
            if status == "present" and not speech and (
                    _topicalised_negation(sentence, s - s0, e - s0, code)
                    or (code in _SELF_CODES and _self_denial_before(sentence, s - s0))):
                status = "negated"
            # a list of short items continues its first item's negation or condition: "vraagt of zij ooit is geduwd,
            # geslagen of geschopt", "geen vuurwapens, messen of munitie" (clinlp's scope stops at the comma or a few
            # words on); not a list of acts ("schreeuwt als ze niet eet, trekt haar ruw aan haar arm")
            gap = _LIST_GAP.fullmatch(text, listed[0], s) if listed is not None else None
            if (status == "present" and not speech and gap is not None and listed[1] in ("negated", "hypothetical")
                    and len(text[s:e].split()) <= (4 if gap.group("either") else 2)):
                status = listed[1]
            if not speech:
                listed = (e, status)
            out.append(Signal(code=code, status=status, start=s, end=e, text=text[s:e]))
            if code in _IMPLIES and status in ("present", "historical"):
                out.append(Signal(code=_IMPLIES[code], status=status, start=s, end=e, text=text[s:e]))
        if pos >= n:
            break
    if _DENIAL_HINT.search(text):
        out = _negate_pointed_back(text, out, list(sentence_bounds(text)))
    if any(sig.code in _IMPLIES for sig in out):
        out = _violence_word_decides(out)
        seen, unique = set(), []
        for sig in sorted(out, key=lambda x: (x.start, x.code)):
            key = (sig.code, sig.status, sig.start, sig.end)
            if key not in seen:
                seen.add(key)
                unique.append(sig)
        out = unique
    lower = text.lower()
    if "zwanger" in lower or "wk" in lower:
        out = _pregnant_and_hit(text, out)
    out = _injury_explained(text, out)
    out = _other_household(text, out)
    return _one_fear(_her_alleged_conduct(text, out))


def _qualify(sentence: str, spans, *, fast: bool = True) -> list[set[str]]:
    """clinlp's Context Algorithm on one sentence: the qualifier names per (code, start, end) span."""
    from spacy.tokens import Span

    pipeline = nlp(fast)
    doc = pipeline.make_doc(sentence)
    # the text is one sentence already (our splitter knows "cl.", "mw.", "dhr."): mark it so, without the
    # sentencizer, which would split after the abbreviation's full stop
    # a sentence's leading white space is a token of its own: the first word is the sentence start
    # (the trigger [{LOWER: of, IS_SENT_START: true}] for "Of hij een wapen heeft, weet cl. niet")
    first = next((i for i, token in enumerate(doc) if not token.is_space), 0)
    for i, token in enumerate(doc):
        token.is_sent_start = i == first
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
    """The qualifiers the rules found ("Presence.Absent", ...); the defaults (present, patient, current) are left
    out, as the fast pipeline never makes them."""
    return {f"{q.name}.{q.value}" for q in (ent._.qualifiers or set()) if not q.is_default}


def present_answers(signals) -> dict:
    """Answers for scoring from text signals: True for each code found present; False for a code only
    found negated ("er zijn geen wapens"); everything else stays unknown (never read as no)."""
    answers = {s.code: False for s in signals if s.status == "negated"}
    answers.update({s.code: True for s in signals if s.status == "present"})
    return answers
