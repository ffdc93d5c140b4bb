"""The prefilters must never hide a match: every string a term pattern can match contains one of its code's
`keys` (terms_nl.yaml, kept by hand) and one of the literals signals.py derives from the expression itself. Strings are generated from each pattern's own syntax tree (every
alternative of every branch is taken at least once, repeats at their minimum and a little above), so
a new pattern without a matching key fails here rather than silently never firing."""

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

from veilignet.risk.signals import DATA, _expand, _required_literals, _terms, prefilter_keys

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
        keys = prefilter_keys(TERMS["keys"].get(key, ()))
        for pattern in patterns:
            yield pytest.param(key, pattern, keys, id=f"{key}:{pattern[:40]}")


@pytest.mark.parametrize(("key", "pattern", "keys"), list(_cases()))
def test_every_match_of_a_pattern_contains_a_key(key, pattern, keys):
    assert keys, f"{key}: no prefilter keys"
    tree = P.parse(_expand(pattern))
    rng = random.Random(4)
    rx = re.compile(_expand(pattern))
    literals = _required_literals(_expand(pattern)) or {""}
    for _ in range(max(200, 8 * _branches(tree))):
        sample = _gen(tree, rng, {})
        if not rx.fullmatch(sample):  # a lookaround refused the generated filler; not a reachable match
            continue
        spaced = " " + sample.lower().translate(str.maketrans("\n", " "))
        assert any(k in spaced for k in keys), f"{key}: {sample!r} matches {pattern!r} but holds none of its keys"
        # the literals derived from the expression (the per-line gate in signals._candidates) hold as well
        assert any(lit in sample.lower() for lit in literals), f"{key}: {sample!r} holds none of {sorted(literals)}"


def test_every_code_with_patterns_has_keys():
    for key in TERMS["codes"]:
        assert TERMS["keys"].get(key), key
    assert set(TERMS["keys"]) <= set(TERMS["codes"])
    compiled, _ = _terms()
    assert all(keys for _, _, keys, _ in compiled)


def test_required_literals_keep_the_prefix_the_parser_moves_out_of_a_branch():
    # "(moet|mag|mocht|moest)" parses as "m" + a branch of tails: the gate must be the words, not "oet", "ag", or "m"
    assert _required_literals(r"(moet|mag|mocht|moest)\s+\w+") == {"moet", "mag", "mocht", "moest"}
    assert _required_literals(r"(kneep|knijpt)\s+\w+") == {"kneep", "knijpt"}
