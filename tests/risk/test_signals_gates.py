"""The prefilter must never hide a match: every string a term pattern can match passes one of the gates
signals.py derives from the expression itself (a literal of each of the gate's sets). Strings are generated from
each pattern's own syntax tree (every alternative of every branch is taken at least once, repeats at their minimum
and a little above), so a wrong derivation fails here rather than silently never firing."""

import random
import re

try:  # Python 3.11+
    import re._constants as C
    import re._parser as P
except ImportError:  # pragma: no cover
    import sre_constants as C
    import sre_parse as P

import pytest
import yaml

from veilignet.risk.signals import _NO_GATE, DATA, _candidates, _expand, _literal_gates

TERMS = yaml.safe_load((DATA / "terms_nl.yaml").read_text(encoding="utf-8"))
FILL = {C.CATEGORY_WORD: "x", C.CATEGORY_NOT_WORD: " ", C.CATEGORY_SPACE: " ", C.CATEGORY_NOT_SPACE: "x",
        C.CATEGORY_DIGIT: "1", C.CATEGORY_NOT_DIGIT: "x"}


def _branches(tree) -> int:
    n = 0
    for op, av in tree:
        if op is C.BRANCH:
            n += len(av[1]) + sum(_branches(b) for b in av[1])
        elif op is C.SUBPATTERN:
            n += _branches(av[-1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            n += _branches(av[2])
    return n


def _gen(tree, rng, groups) -> str:
    out = []
    for op, av in tree:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("x" if chr(av) != "x" else "y")
        elif op is C.ANY:
            out.append("x")
        elif op is C.IN:
            out.append(_pick_in(av, rng))
        elif op is C.BRANCH:
            out.append(_gen(rng.choice(av[1]), rng, groups))
        elif op is C.SUBPATTERN:
            text = _gen(av[-1], rng, groups)
            if av[0] is not None:
                groups[av[0]] = text
            out.append(text)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi = av[0], av[1]
            hi = lo + 2 if hi is C.MAXREPEAT else min(hi, lo + 2)
            out.append("".join(_gen(av[2], rng, groups) for _ in range(rng.randint(lo, hi))))
        elif op is C.GROUPREF:
            out.append(groups.get(av, ""))
        # AT, ASSERT, ASSERT_NOT: consume nothing
    return "".join(out)


def _pick_in(items, rng) -> str:
    if items and items[0][0] is C.NEGATE:
        return "x"
    choices = []
    for op, av in items:
        if op is C.LITERAL:
            choices.append(chr(av))
        elif op is C.RANGE:
            choices.append(chr(av[0]))
        elif op is C.CATEGORY:
            choices.append(rng.choice(" \n") if av is C.CATEGORY_SPACE else FILL.get(av, "x"))
    return rng.choice(choices) if choices else "x"


def _cases():
    for key, patterns in TERMS["codes"].items():
        for pattern in patterns:
            yield pytest.param(key, pattern, id=f"{key}:{pattern[:40]}")


def _passes(gate, text: str) -> bool:
    return all(any(lit in text for lit in literals) for literals in gate)


@pytest.mark.parametrize(("key", "pattern"), list(_cases()))
def test_every_match_of_a_pattern_passes_a_gate(key, pattern):
    tree = P.parse(_expand(pattern))
    rng = random.Random(4)
    rx = re.compile(_expand(pattern))
    gates = _literal_gates(_expand(pattern))
    assert gates != _NO_GATE, f"{key}: {pattern!r} requires no literal, so it is scanned in every sentence"
    for _ in range(max(200, 8 * _branches(tree))):
        sample = _gen(tree, rng, {})
        if not rx.fullmatch(sample):  # a lookaround refused the generated filler; not a reachable match
            continue
        lower = sample.lower()
        assert any(_passes(g, lower) for g in gates), f"{key}: {sample!r} matches {pattern!r} but passes none of {gates}"


def test_gates_keep_the_prefix_the_parser_moves_out_of_a_branch():
    # "(moet|mag|mocht|moest)" parses as "m" + a branch of tails: the gate must be the words, not "oet", "ag", or "m"
    assert _literal_gates(r"(moet|mag|mocht|moest)\s+\w+") == ((frozenset({"moet", "mag", "mocht", "moest"}),),)
    assert _literal_gates(r"(kneep|knijpt)\s+\w+") == ((frozenset({"kneep", "knijpt"}),),)


def test_a_gate_asks_for_every_part_of_its_alternative():
    # one gate per top-level alternative; in each, the most selective required part first (it opens the gate), then
    # the other required parts, common words last ("met", "een": cheap to check, useless to open with)
    gates = _literal_gates(r"(slaat|sloeg)\s+(\w+\s+)?met\s+een\s+(riem|stok)|dreigt\s+(\w+\s+){0,3}?aangifte")
    assert set(gates) == {(frozenset({"slaat", "sloeg"}), frozenset({"riem", "stok"}), frozenset({"met"}), frozenset({"een"})),
                          (frozenset({"aangifte"}), frozenset({"dreigt"}))}
    # a one-letter fragment is found almost everywhere: not worth a check
    assert _literal_gates(r"wurg\w*\s+x") == ((frozenset({"wurg"}),),)


def test_a_literal_ends_at_white_space():
    # the text is searched for literals word by word (_TokenGates): "slaat haar" would be found in no word
    assert _literal_gates(r"slaat haar\s+(met|zonder)") == (
        (frozenset({"slaat"}), frozenset({"haar"}), frozenset({"met", "zonder"})),)


def test_a_line_is_scanned_only_where_all_of_a_gate_is(monkeypatch):
    from veilignet.risk import signals

    line = next(rx for ci, rx, _ in signals._literal_scanner()[-1]
                if signals._terms()[0][ci][0] == "substance_abuse" and rx.pattern.startswith(r"(?<!\w)(?:(elke|iedere)\s+(avond"))
    assert any(frozenset({"elke", "iedere"}) in g and len(g) > 1 for g in _literal_gates(line.pattern[len(r"(?<!\w)(?:"):-len(r")(?!\w)")]))
    scanned = []
    real = signals._literal_scanner()
    flat = tuple((ci, _Spy(rx, scanned) if rx is line else rx, cross) for ci, rx, cross in real[-1])
    monkeypatch.setattr(signals, "_literal_scanner", lambda: (*real[:-1], flat))
    # "elke dag" without a drink in the sentence: the line's first set is there, its others are not
    _candidates("Elke dag brengt zij de kinderen naar school. Hij zit thuis.")
    assert scanned == []
    _candidates("Elke dag brengt zij de kinderen naar school. Elke avond drinkt hij acht blikjes bier.")
    assert len(scanned) == 1


class _Spy:
    """A compiled line that records where it is searched."""

    def __init__(self, rx, log):
        self.rx, self.log, self.pattern = rx, log, rx.pattern

    def search(self, *args):
        self.log.append(self)
        return self.rx.search(*args)

    def finditer(self, *args):
        return self.rx.finditer(*args)


def _top_level_alternatives(pattern: str) -> list[str]:
    depth, start, out, i = 0, 0, [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a character class may hold brackets and bars of its own
            i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*out, pattern[start:]]


def test_no_term_alternative_ends_in_white_space():
    """Each line is compiled as (?<!\\w)(?:...)(?!\\w): an alternative that ends in white space can only match before
    punctuation, so it would silently find next to nothing ("eten als " before a word)."""
    bad = [(code, alt[-40:]) for code, lines in TERMS["codes"].items() for line in lines
           for alt in _top_level_alternatives(line) if re.search(r"\\s[+*]?\??$", alt)]
    assert not bad, bad
