"""BORG eligibility (001 §4.2–4.3, issue 5): table-driven tests of the pure rule."""

import pytest

from veilignet.borg.eligibility import ADVICE_ORDER, REASON_ORDER, decide

BASE = {
    "id": "k1", "age": 37, "risc_level": "gemiddeld", "residence_permit": True,
    "serious_antisocial_violence": False, "serious_substance_problem": False, "acknowledges_violence": True,
    "iq": None, "violence_type": "situational", "serious_psychopathology": False, "willing_to_talk": True,
}


def cand(**changes):
    data = dict(BASE)
    for key, value in changes.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return data


DROP = object()


def test_base_candidate_is_eligible():
    d = decide(BASE)
    assert (d.eligible, d.reasons, d.advice, d.id) == (True, [], [], "k1")


# (changes, expected reasons, expected advice)
SINGLE = [
    ({"age": 17}, ["minor"], []),
    ({"age": 17.9}, ["minor"], []),
    ({"age": 18}, [], []),
    ({"age": 80}, [], []),
    ({"risc_level": "laag"}, [], []),
    ({"risc_level": "hoog"}, ["risk_too_high"], ["forensic_care"]),
    ({"risc_level": "onbekend"}, ["risk_unknown"], []),
    ({"risc_level": None}, ["risk_unknown"], []),
    ({"risc_level": DROP}, ["risk_unknown"], []),
    ({"risc_level": "Laag"}, [], []),
    ({"residence_permit": False}, ["no_residence_permit"], []),
    ({"serious_antisocial_violence": True}, ["serious_antisocial_violence"], ["forensic_care"]),
    ({"serious_substance_problem": True}, ["serious_substance_problem"], ["addiction_care"]),
    ({"acknowledges_violence": "partial"}, [], []),
    ({"acknowledges_violence": False}, ["denies_violence"], []),
    ({"iq": 80}, [], []),
    ({"iq": 79}, ["iq_below_80"], ["lvb_care"]),
    ({"iq": 79.5}, ["iq_below_80"], ["lvb_care"]),
    ({"iq": 120}, [], []),
    ({"iq": DROP}, [], []),
    ({"iq": None, "lvb": True}, ["iq_unknown"], []),
    ({"iq": None, "lvb_suspected": True}, ["iq_unknown"], []),
    ({"iq": 85, "lvb_suspected": True}, [], []),
    ({"iq": 70, "lvb": True}, ["iq_below_80"], ["lvb_care"]),
    ({"iq": None, "lvb": False}, [], []),
    ({"violence_type": "intimate_terror_suspected"}, ["intimate_terror"], ["forensic_care"]),
    ({"violence_type": "unclear"}, [], []),
    ({"violence_type": "situational"}, [], []),
    ({"serious_psychopathology": True}, ["serious_psychopathology"], ["forensic_care", "ggz"]),
    ({"willing_to_talk": False}, ["not_willing"], []),
]


@pytest.mark.parametrize(("changes", "reasons", "advice"), SINGLE, ids=[str(c[0]) for c in SINGLE])
def test_single_criterion(changes, reasons, advice):
    d = decide(cand(**changes))
    assert d.reasons == reasons
    assert d.advice == advice
    assert d.eligible is (not reasons)
    assert d.problems == []


UNKNOWN = [
    ("age", "age_unknown"),
    ("residence_permit", "residence_permit_unknown"),
    ("serious_antisocial_violence", "serious_antisocial_violence_unknown"),
    ("serious_substance_problem", "serious_substance_problem_unknown"),
    ("acknowledges_violence", "acknowledges_violence_unknown"),
    ("violence_type", "violence_type_unknown"),
    ("serious_psychopathology", "serious_psychopathology_unknown"),
    ("willing_to_talk", "willing_to_talk_unknown"),
    ("risc_level", "risk_unknown"),
]


@pytest.mark.parametrize(("field", "reason"), UNKNOWN)
@pytest.mark.parametrize("how", ["null", "missing"])
def test_missing_data_is_never_a_silent_pass(field, reason, how):
    d = decide(cand(**{field: None if how == "null" else DROP}))
    assert d.eligible is False
    assert d.reasons == [reason]
    assert d.advice == []


WRONG_TYPES = [
    ("age", "abc", "age_unknown"),
    ("age", True, "age_unknown"),
    ("age", -3, "age_unknown"),
    ("age", [30], "age_unknown"),
    ("risc_level", "extreem-ish", "risk_unknown"),
    ("risc_level", 2, "risk_unknown"),
    ("residence_permit", "misschien", "residence_permit_unknown"),
    ("residence_permit", 5, "residence_permit_unknown"),
    ("acknowledges_violence", "sometimes", "acknowledges_violence_unknown"),
    ("iq", "hoog", "iq_unknown"),
    ("violence_type", "tornado", "violence_type_unknown"),
    ("violence_type", 3, "violence_type_unknown"),
    ("willing_to_talk", {"x": 1}, "willing_to_talk_unknown"),
]


@pytest.mark.parametrize(("field", "value", "reason"), WRONG_TYPES)
def test_wrong_types_are_reported_and_treated_as_unknown(field, value, reason):
    d = decide(cand(**{field: value}))
    assert d.eligible is False
    assert d.reasons == [reason]
    assert len(d.problems) == 1 and field in d.problems[0]


@pytest.mark.parametrize(("field", "value"), [
    ("age", "34"), ("residence_permit", "ja"), ("willing_to_talk", "true"), ("acknowledges_violence", "deels"),
    ("risc_level", "low"), ("iq", "95"), ("violence_type", "Situational"),
])
def test_liberal_spellings_are_accepted(field, value):
    d = decide(cand(**{field: value}))
    assert d.eligible is True, d.reasons
    assert d.problems == []


def test_all_failing_reasons_are_listed_in_stable_order():
    d = decide(cand(age=16, risc_level="hoog", residence_permit=False, serious_antisocial_violence=True,
                    serious_substance_problem=True, acknowledges_violence=False, iq=70,
                    violence_type="intimate_terror_suspected", serious_psychopathology=True, willing_to_talk=False))
    assert d.reasons == ["minor", "risk_too_high", "no_residence_permit", "serious_antisocial_violence",
                         "serious_substance_problem", "denies_violence", "iq_below_80", "intimate_terror",
                         "serious_psychopathology", "not_willing"]
    assert d.advice == ["forensic_care", "ggz", "addiction_care", "lvb_care"]
    assert d.eligible is False


def test_order_does_not_depend_on_input_key_order():
    a = cand(age=None, willing_to_talk=False, serious_substance_problem=True)
    b = dict(reversed(list(a.items())))
    assert decide(a).reasons == decide(b).reasons == ["age_unknown", "serious_substance_problem", "not_willing"]


def test_reasons_follow_the_declared_order():
    d = decide({"id": 1})
    assert d.reasons == sorted(d.reasons, key=REASON_ORDER.index)
    assert set(d.reasons) == {"age_unknown", "risk_unknown", "residence_permit_unknown",
                              "serious_antisocial_violence_unknown", "serious_substance_problem_unknown",
                              "acknowledges_violence_unknown", "violence_type_unknown",
                              "serious_psychopathology_unknown", "willing_to_talk_unknown"}
    assert d.eligible is False


def test_advice_is_deduplicated_and_ordered():
    d = decide(cand(risc_level="hoog", serious_antisocial_violence=True, serious_psychopathology=True))
    assert d.advice == ["forensic_care", "ggz"]
    assert all(a in ADVICE_ORDER for a in d.advice)


def test_unknown_and_failing_combine():
    d = decide(cand(age=None, serious_substance_problem=True))
    assert d.reasons == ["age_unknown", "serious_substance_problem"]
    assert d.advice == ["addiction_care"]


def test_as_dict_has_exactly_the_output_keys():
    assert list(decide(BASE).as_dict()) == ["id", "eligible", "reasons", "advice"]


def test_every_reason_maps_to_a_criterion():
    from veilignet.borg.eligibility import CRITERIA, REASON_CRITERION, criterion_outcomes

    assert set(REASON_CRITERION) == set(REASON_ORDER)
    assert set(REASON_CRITERION.values()) == set(CRITERIA)
    outcomes = criterion_outcomes(["minor", "iq_unknown"])
    assert outcomes["age"] == ("failed", "minor") and outcomes["iq"] == ("unknown", "iq_unknown")
    assert outcomes["risk"] == ("met", "")
