"""The scoring principles of issue 4, each with its own test (pure Python, no database)."""

import itertools

import pytest

from veilignet.risk.instrument import (
    ALL_CODES,
    COERCIVE_CONTROL,
    FATAL_FLAGS,
    OTHER_RED_FLAGS,
    load_instrument,
)
from veilignet.risk.scoring import RANK, OverrideError, check_override, clean_answers, score

ALL_NO = {c: False for c in ALL_CODES}


def answers(**yes):
    a = dict(ALL_NO)
    a.update(yes)
    return a


def at_least(level, floor):
    return RANK[level] >= RANK[floor]


@pytest.mark.parametrize("flag", FATAL_FLAGS)
def test_one_fatal_flag_is_never_below_high(flag):
    r = score(answers(**{flag: True}))
    assert at_least(r.level, "high")
    assert r.fatal_floor == "high"
    assert any("fatale" in reason for reason in r.reasons)


@pytest.mark.parametrize("flag", OTHER_RED_FLAGS)
def test_other_red_flag_alone_is_medium_not_high(flag):
    assert score(answers(**{flag: True})).level == "medium"


@pytest.mark.parametrize("pair", list(itertools.combinations(FATAL_FLAGS, 2)))
def test_several_fatal_flags_are_extreme(pair):
    assert score(answers(**{p: True for p in pair})).level == "extreme"


@pytest.mark.parametrize("other", ["separation", "death_threat"])
def test_strangulation_with_separation_or_death_threat_is_extreme(other):
    r = score(answers(strangulation=True, **{other: True}))
    assert r.level == "extreme"
    assert any("Wurging samen met" in reason for reason in r.reasons)


@pytest.mark.parametrize("cc", list(itertools.combinations(COERCIVE_CONTROL, 2))[:20])
def test_separation_with_coercive_control_is_at_least_high_without_violence(cc):
    r = score(answers(separation=True, **{c: True for c in cc}))
    assert r.coercive_control is True
    assert at_least(r.level, "high")
    assert r.level != "extreme"  # no violence, no fatal flag: high, not extreme


def test_coercive_control_needs_two_categories():
    assert score(answers(isolation=True)).coercive_control is False
    assert score(answers(isolation=True, surveillance=True)).coercive_control is True
    assert score(answers(separation=True, isolation=True)).level == "low"


def test_three_cc_categories_suspect_intimate_terror_and_exclude_joint_work():
    r = score(answers(isolation=True, financial_control=True, surveillance=True))
    assert r.violence_type == "intimate_terror_suspected"
    text = " ".join(r.actions).lower()
    assert "geen mediation" in text
    assert "relatietherapie" in text and "systeemtherapie" in text and "gezamenlijke gesprekken" in text
    # nothing recommends them: every mention of mediation is in the one 'no' sentence
    for action in r.actions:
        if "mediation" in action.lower():
            assert action.startswith("Geen mediation")


def test_two_cc_categories_are_not_intimate_terror():
    assert score(answers(isolation=True, financial_control=True)).violence_type != "intimate_terror_suspected"


def test_situational_violence_without_control_offers_no_terror_actions():
    r = score(answers(recent_violence=True))
    assert r.violence_type == "situational"
    assert not any("mediation" in a.lower() for a in r.actions)


def test_unknown_control_answers_do_not_make_violence_situational():
    a = {"recent_violence": True}  # all else unknown
    assert score(a).violence_type == "unclear"


def test_unknown_is_never_read_as_no():
    all_unknown = score({})
    all_no = score(ALL_NO)
    assert all_no.level == "none"
    assert all_unknown.level == "low"  # 'no sign' cannot be concluded while fatal flags are unknown
    assert any("Onbekend telt niet als nee" in r for r in all_unknown.reasons)
    assert any(a.startswith("Vraag alsnog uit") for a in all_unknown.actions)
    assert "wurging" in all_unknown.actions[0]


def test_unknown_fatal_flag_is_named_in_reasons_and_actions():
    a = dict(ALL_NO)
    a["weapons"] = None
    r = score(a)
    assert any("Niet bekend: wapens" in reason for reason in r.reasons)
    assert r.actions[0] == "Vraag alsnog uit: wapens."


def test_reasons_one_per_rule_in_dutch():
    r = score(answers(strangulation=True, separation=True, isolation=True, humiliation=True))
    assert "F1" in r.fired and "F3" in r.fired and "S1" in r.fired and "S2" in r.fired
    assert len(r.reasons) >= len(r.fired)


@pytest.mark.parametrize("level,days", [("extreme", 3), ("high", 7), ("medium", 30), ("low", 60), ("none", 90)])
def test_reassessment_days_by_level(level, days):
    examples = {"extreme": answers(weapons=True, death_threat=True), "high": answers(weapons=True),
                "medium": answers(stalking=True), "low": answers(stressors=True), "none": ALL_NO}
    r = score(examples[level])
    assert r.level == level
    assert r.reassess_within_days == days


def test_reassessment_days_are_configurable():
    r = score(answers(weapons=True), reassess_days={"high": 2})
    assert r.reassess_within_days == 2


def test_cluster_of_three_is_named():
    r = score(answers(separation=True, isolation=True, jealousy_blackmail=True, recent_violence=True))
    assert any("cluster van drie" in reason for reason in r.reasons)
    assert at_least(r.level, "high")


def test_raising_is_allowed_with_reason_only():
    with pytest.raises(OverrideError) as exc:
        check_override("low", "high", reason="")
    assert exc.value.field == "override_reason"
    assert check_override("low", "high", reason="Mevrouw is zeer angstig") == "high"


def test_lowering_needs_reason_and_second_professional():
    with pytest.raises(OverrideError) as exc:
        check_override("high", "medium", reason="")
    assert exc.value.field == "override_reason"
    with pytest.raises(OverrideError) as exc:
        check_override("high", "medium", reason="Pleger is vertrokken naar het buitenland")
    assert exc.value.field == "approver"
    with pytest.raises(OverrideError) as exc:
        check_override("high", "medium", reason="x", author_id=1, approver_id=1)
    assert exc.value.field == "approver"
    assert check_override("high", "medium", reason="x", author_id=1, approver_id=2) == "medium"


def test_lowering_never_below_fatal_floor():
    with pytest.raises(OverrideError) as exc:
        check_override("extreme", "medium", reason="x", floor="high", author_id=1, approver_id=2)
    assert exc.value.field == "final_level"
    assert check_override("extreme", "high", reason="x", floor="high", author_id=1, approver_id=2) == "high"


def test_clean_answers_liberal_input_and_unknown_codes():
    a, unknown, errors = clean_answers({"weapons": "ja", "stalking": "nee", "separation": None,
                                        "isolation": 1, "foo": True, "escalation": "misschien"})
    assert a == {"weapons": True, "stalking": False, "separation": None, "isolation": True}
    assert unknown == ["foo"]
    assert errors and "escalation" in errors[0]


def test_instrument_codes_match_the_scoring_vocabulary():
    inst = load_instrument(1)
    assert set(inst.codes) == set(ALL_CODES)
    assert {i.code for i in inst.items if i.fatal} == set(FATAL_FLAGS)


def test_levels_are_monotonic_in_more_yes_answers():
    """Adding a yes never lowers the level (a property a professional relies on)."""
    import random

    rng = random.Random(4)
    for _ in range(300):
        a = {c: rng.choice([True, False, None]) for c in ALL_CODES}
        base = score(a).level
        c = rng.choice(ALL_CODES)
        a[c] = True
        assert RANK[score(a).level] >= RANK[base]
