"""Matching rules (issue 5 §2) on the seeded catalogue, without the database."""

import pytest

from veilignet.offers.catalogue import load_seed, with_defaults
from veilignet.offers.matching import match, normalise_case

SEED = load_seed()["offers"]
BY_NAME = {o["name"]: o for o in SEED}


def case(**kw):
    base = {"id": "c1", "region": "Utrecht", "age": 35, "sex": "m", "violence_type": "situational",
            "risk_level": "medium", "framework": "voluntary", "substance_problem": False, "lvb": False,
            "serious_psychopathology": False, "children": True}
    base.update(kw)
    return base


def names(result):
    return [o["name"] for o in result["offers"]]


def excluded(result):
    return {e["name"]: e["reason"] for e in result["excluded"]}


def offer(name="Test", **kw):
    return with_defaults({"name": name, "category": "laagdrempelig", "national": True, **kw})


def test_every_offer_is_either_suitable_or_excluded_once():
    r = match(SEED, case())
    assert sorted(names(r) + list(excluded(r))) == sorted(BY_NAME)


@pytest.mark.parametrize("vt", ["situational", "unclear"])
def test_borg_offered_for_situational_or_unclear_adult_voluntary(vt):
    r = match(SEED, case(violence_type=vt))
    assert "BORG" in names(r)


def test_intimate_terror_never_gets_mediation_couple_system_therapy_or_borg():
    r = match(SEED, case(violence_type="intimate_terror_suspected", framework="criminal", risk_level="low"))
    got = names(r)
    for forbidden in ["BORG", "Mediation", "Multifocus", "De Aanpak", "Take a Break Moviera",
                      "Multidimensionele familietherapie (MDFT)", "Multisysteem therapie (MST)",
                      "Eigen kracht conferentie", "Veilig Verder Teams regio Haaglanden",
                      "Project Integrale Behandeling en Begeleiding (PIBB)"]:
        assert forbidden not in got
    for name in got:
        lowered = name.lower()
        assert "mediation" not in lowered and "therapie" not in lowered and "borg" not in lowered
    reasons = excluded(r)
    assert "intieme terreur" in reasons["Mediation"]
    assert "intieme terreur" in reasons["BORG"]
    # the voluntary route stays open
    assert "Vrijwillige begeleiding door het lokale (wijk)team of de POH van de huisarts" in got


def test_intimate_terror_excludes_joint_offers_in_every_region():
    for region in ["Amsterdam-Amstelland", "Haaglanden", "Flevoland", "Midden- en West-Brabant"]:
        r = match(SEED, case(region=region, violence_type="intimate_terror_suspected"))
        for name in names(r):
            modalities = set(BY_NAME[name]["modalities"])
            assert not modalities & {"mediation", "relatietherapie", "systeemtherapie", "gezamenlijke_gesprekken"}


def test_minor_gets_no_adult_only_offer():
    r = match(SEED, case(age=15, region="Zuid-Limburg"))
    for name in names(r):
        assert (BY_NAME[name]["age_min"] or 0) <= 15
    assert "BORG" in excluded(r) and "18+" in excluded(r)["BORG"]
    assert "Multisysteem therapie (MST)" in names(r)


def test_age_above_maximum_excluded():
    r = match(SEED, case(age=30))
    assert "Multisysteem therapie (MST)" in excluded(r)
    assert "tot en met 18" in excluded(r)["Multisysteem therapie (MST)"]


def test_criminal_only_offer_never_for_voluntary_framework():
    criminal_only = [o["name"] for o in SEED if o["frameworks"] == ["strafrechtelijk"]]
    assert "Leefstijl 24/7" in criminal_only
    for sub in (False, True):
        r = match(SEED, case(framework="voluntary", substance_problem=sub))
        for name in criminal_only:
            assert name not in names(r)
    r = match(SEED, case(framework="voluntary", substance_problem=True))
    assert "strafrechtelijk" in excluded(r)["Leefstijl 24/7"]


def test_criminal_framework_keeps_voluntary_route():
    r = match(SEED, case(framework="criminal", substance_problem=True))
    assert "Leefstijl 24/7" in names(r)
    voluntary = [n for n in names(r) if "vrijwillig" in BY_NAME[n]["frameworks"]]
    assert voluntary


def test_substance_problem_puts_addiction_care_first_and_excludes_borg():
    r = match(SEED, case(substance_problem=True))
    assert names(r)[0] == "Verslavingszorg via verwijzing huisarts"
    assert "verslavingszorg" in excluded(r)["BORG"]
    without = match(SEED, case(substance_problem=False))
    assert "Verslavingszorg via verwijzing huisarts" not in names(without)


def test_serious_psychopathology_ranks_ggz_up_and_excludes_borg():
    r = match(SEED, case(serious_psychopathology=True))
    top = names(r)[:2]
    assert set(top) <= {"Basis- en specialistische ggz via verwijzing huisarts",
                        "Forensische ambulante zorg (forensische polikliniek)"}
    assert "ggz" in excluded(r)["BORG"]


def test_lvb_excludes_borg_and_ranks_lvb_offers_up():
    r = match(SEED, case(region="Zuid-Limburg", lvb=True))
    assert "IQ" in excluded(r)["BORG"]
    assert names(r)[0] == "Agressie regulatie training MEE"
    r2 = match(SEED, case(region="Zuid-Limburg", lvb=False))
    assert "verstandelijke beperking" in excluded(r2)["Agressie regulatie training MEE"]


@pytest.mark.parametrize("risk", ["high", "extreme"])
def test_high_risk_excludes_borg(risk):
    r = match(SEED, case(risk_level=risk))
    assert "Risiconiveau" in excluded(r)["BORG"]


def test_offer_in_other_region_excluded_national_fits_everywhere():
    r = match(SEED, case(region="Groningen"))
    assert "Andere regio" in excluded(r)["Time-Out Woning Amsterdam"]
    assert "Chatfunctie Veilig Thuis" in names(r)
    r2 = match(SEED, case(region="Amsterdam-Amstelland"))
    assert "Time-Out Woning Amsterdam" in names(r2)


def test_region_by_name_code_and_spelling():
    for spelling in ["Amsterdam-Amstelland", "amsterdam-amstelland", "AMSTERDAM AMSTELLAND"]:
        assert "Time-Out Woning Amsterdam" in names(match(SEED, case(region=spelling)))


def test_unknown_region_only_national_offers_and_a_warning():
    r = match(SEED, case(region="Atlantis"))
    assert r["warnings"]
    assert "Time-Out Woning Amsterdam" in excluded(r)


def test_sex_restriction():
    r = match(SEED, case(sex="v"))
    assert "mannen" in excluded(r)["Caring Dads"]
    assert "Caring Dads" in names(match(SEED, case(sex="m")))


def test_children_required():
    assert "kinderen" in excluded(match(SEED, case(children=False)))["Caring Dads"]


def test_measures_and_methods_are_not_referable():
    r = match(SEED, case())
    for name in ["Tijdelijk huisverbod", "Meldplicht", "Benutten Actieoverleg plegers in vrijwillig traject",
                 "GRIP App De Waag"]:
        assert name in excluded(r)


def test_reclassering_interventions_not_for_domestic_violence():
    r = match(SEED, case(framework="criminal"))
    assert "000, voetnoot 2" in excluded(r)["I respect"]
    assert "Alcohol & Geweld" in excluded(r)


def test_effectiveness_ranks_higher():
    offers = [offer("A", effectiveness="niet_beoordeeld", waiting_days=10),
              offer("B", effectiveness="effectief_sterke", waiting_days=10),
              offer("C", effectiveness="goed_beschreven", waiting_days=10)]
    assert names(match(offers, case())) == ["B", "C", "A"]


def test_long_wait_ranks_lower_with_bridging_advice():
    offers = [offer("Snel", waiting_days=0), offer("Traag", waiting_days=90)]
    r = match(offers, case())
    assert names(r) == ["Snel", "Traag"]
    assert any("overbruggingshulp" in reason for reason in r["offers"][1]["reasons"])


def test_voluntary_route_advice_when_nothing_voluntary_fits():
    offers = [offer("Straf", framework="strafrechtelijk")]
    r = match(offers, case(framework="criminal"))
    assert any("vrijwillige begeleiding" in a for a in r["advice"])


def test_scores_are_deterministic_and_ties_sorted_by_name():
    offers = [offer("b"), offer("a"), offer("C")]
    r1, r2 = match(offers, case()), match(list(reversed(offers)), case())
    assert r1["offers"] == r2["offers"]
    assert names(r1) == ["a", "b", "C"]


def test_reasons_are_dutch_and_present():
    for item in match(SEED, case())["offers"]:
        assert item["reasons"] and all(isinstance(x, str) and x for x in item["reasons"])
        assert isinstance(item["score"], int)


def test_normalise_case_accepts_aliases_and_flags_unknowns():
    c, warnings = normalise_case({"id": 1, "sex": "Man", "risk_level": "hoog", "framework": "strafrechtelijk",
                                  "violence_type": "bogus", "age": "40"})
    assert (c["sex"], c["risk_level"], c["framework"], c["violence_type"], c["age"]) == \
        ("m", "high", "criminal", "unclear", 40)
    assert warnings
