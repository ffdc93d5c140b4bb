"""Matching a perpetrator's case to the social map: pure logic, no Django.

`match(offers, case)` takes plain offer dicts (catalogue.DEFAULTS keys; extra keys are ignored) and a
case dict as in `manage.py match_offers` (issue 5 §2) and returns the suitable offers, ranked, each with
Dutch reasons, and the excluded ones, each with its reason. Every offer in the catalogue ends up in one
of the two lists. Scores are integers and deterministic (ties broken by name).

Rules and sources:
- region: an offer in other Veilig Thuis regions is excluded; national offers fit everywhere.
- age and sex: outside the target group is excluded (a minor never gets an adults-only offer).
- framework: an offer only in the criminal (or civil / administrative) framework is excluded in a
  voluntary case; in a criminal case the voluntary route is always considered too.
- violence type: intimate terror (suspected) excludes mediation, couple or system therapy and joint
  sessions (004 introduction: with coercive control mediation or system therapy increases the harm);
  BORG is meant for common couple violence (001 §4.2), so BORG is excluded for intimate terror.
- serious substance problem: addiction care first (ranked up); BORG excluded (001 §4.2).
- serious psychopathology: GGZ / forensic care first (ranked up); BORG excluded.
- LVB: offers requiring IQ ≥ 80 (BORG) excluded; LVB-adapted offers ranked up.
- risk level: offers with a maximum level (BORG: laag/gemiddeld) excluded above it.
- effectiveness (Erkenningscommissie level) and a short waiting time rank higher; a long wait ranks
  lower and gets bridging-help advice (004 §1.4: "in het geval van een wachtlijst zorg voor
  overbruggingshulp").
"""

from veilignet.accounts.regions import REGION_NAMES, resolve_region

LONG_WAIT_DAYS = 28

VIOLENCE_TYPES = ("intimate_terror_suspected", "situational", "unclear")
RISK_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3, "extreme": 4}
RISK_LABELS = {"none": "geen aanwijzing", "low": "laag", "medium": "gemiddeld", "high": "hoog", "extreme": "zeer hoog"}
_RISK_ALIASES = {"geen": "none", "laag": "low", "gemiddeld": "medium", "middel": "medium", "hoog": "high",
                 "zeerhoog": "extreme", "zeer_hoog": "extreme", "extreem": "extreme"}
_SEX_ALIASES = {"man": "m", "male": "m", "vrouw": "v", "f": "v", "female": "v", "w": "v"}
_FRAMEWORK_ALIASES = {"vrijwillig": "voluntary", "voluntary": "voluntary", "criminal": "criminal",
                      "strafrechtelijk": "criminal", "strafrecht": "criminal", "justitieel": "criminal"}
_VT_ALIASES = {"intimate_terror": "intimate_terror_suspected", "intieme_terreur": "intimate_terror_suspected",
               "common_couple": "situational", "situationeel": "situational", "onduidelijk": "unclear"}

JOINT_MODALITIES = {"mediation", "relatietherapie", "systeemtherapie", "gezamenlijke_gesprekken"}
EFFECT_POINTS = {"effectief_sterke": 25, "effectief_goede": 20, "effectief_eerste": 15, "goed_onderbouwd": 10,
                 "goed_beschreven": 5}
EFFECT_LABELS = {
    "goed_beschreven": "goed beschreven", "goed_onderbouwd": "goed onderbouwd",
    "effectief_eerste": "effectief volgens eerste aanwijzingen", "effectief_goede": "effectief volgens goede aanwijzingen",
    "effectief_sterke": "effectief volgens sterke aanwijzingen", "niet_beoordeeld": "niet beoordeeld",
    "niet_getoetst": "niet getoetst", "nvt": "n.v.t.",
}
KIND_REASONS = {
    "hulpmiddel": "Hulpmiddel binnen een lopende behandeling, geen zelfstandig aanbod om naar te verwijzen",
    "maatregel": "Bestuurlijke maatregel (burgemeester), geen hulpaanbod om naar te verwijzen",
    "werkwijze": "Werkwijze of overleg voor professionals, geen hulpaanbod om naar te verwijzen",
    "project": "Project of initiatief voor professionals en gemeenten, geen hulpaanbod om naar te verwijzen",
}
REQUIREMENT_TEXT = {
    "pedofiele_gevoelens": "Alleen voor mensen met pedofiele gevoelens of zorgen daarover",
    "vrouwenopvang": "Alleen als het slachtoffer in de vrouwenopvang verblijft",
    "zwangerschap": "Alleen voor (jonge) aanstaande moeders",
    "huisverbod": "Alleen na of tijdens een tijdelijk huisverbod",
    "detentie": "Alleen bij detentie (detentiefasering)",
    "stalking": "Alleen bij stalking",
    "geweld_buiten_relatie": ("Alleen als het geweld ook buiten relaties en onder invloed van alcohol plaatsvindt "
                              "(001 §4.2); bij huiselijk geweld biedt de reclassering BORG (000, voetnoot 2)"),
    "breed_agressieprobleem": ("Alleen bij een breed agressieprobleem; wordt niet aan plegers van huiselijk "
                               "geweld aangeboden (000, voetnoot 2)"),
}
SEX_LABELS = {"m": "mannen", "v": "vrouwen", "x": "personen met geslacht x"}


# --- the case --------------------------------------------------------------------------------------------

def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value > 0
    if isinstance(value, (list, tuple, dict)):
        return len(value) > 0
    if isinstance(value, str):
        return value.strip().lower() in ("true", "ja", "yes", "1", "j", "y")
    return False


def _key(value) -> str:
    return str(value or "").strip().lower().replace("-", "_").replace(" ", "_")


def normalise_case(case: dict) -> tuple[dict, list[str]]:
    """The case with every field in its canonical form, plus Dutch warnings about values not understood."""
    warnings: list[str] = []
    region_raw = case.get("region")
    region = resolve_region(region_raw) if region_raw else None
    if region_raw and region is None:
        warnings.append(f"onbekende regio '{region_raw}': alleen landelijk aanbod komt in aanmerking")
    age = case.get("age")
    if isinstance(age, bool) or not isinstance(age, (int, float)):
        if isinstance(age, str) and age.strip().isdigit():
            age = int(age.strip())
        else:
            if age is not None:
                warnings.append(f"leeftijd '{age}' is geen getal")
            age = None
    sex = _key(case.get("sex"))
    sex = _SEX_ALIASES.get(sex, sex)
    if sex not in ("m", "v", "x"):
        if sex:
            warnings.append(f"onbekend geslacht '{case.get('sex')}'")
        sex = None
    vt = _key(case.get("violence_type"))
    vt = _VT_ALIASES.get(vt, vt)
    if vt not in VIOLENCE_TYPES:
        if vt:
            warnings.append(f"onbekend geweldstype '{case.get('violence_type')}': behandeld als onduidelijk")
        vt = "unclear"
    risk = _key(case.get("risk_level"))
    risk = _RISK_ALIASES.get(risk, risk)
    if risk not in RISK_ORDER:
        if risk:
            warnings.append(f"onbekend risiconiveau '{case.get('risk_level')}'")
        risk = None
    framework = _FRAMEWORK_ALIASES.get(_key(case.get("framework")))
    if framework is None:
        if case.get("framework"):
            warnings.append(f"onbekend kader '{case.get('framework')}': behandeld als vrijwillig")
        framework = "voluntary"
    return {
        "id": case.get("id"), "region": region, "age": age, "sex": sex, "violence_type": vt, "risk_level": risk,
        "framework": framework, "substance_problem": _flag(case.get("substance_problem")),
        "lvb": _flag(case.get("lvb")), "serious_psychopathology": _flag(case.get("serious_psychopathology")),
        "children": _flag(case.get("children")),
    }, warnings


# --- the offers ------------------------------------------------------------------------------------------

_OFFER_DEFAULTS = {
    "name": "", "active": True, "kind": "aanbod", "national": False, "regions": [], "age_min": None,
    "age_max": None, "sexes": [], "violence_types": [], "lvb": "geschikt", "effectiveness": "",
    "indication_needed": False, "waiting_days": None, "requires": [], "max_risk": "", "excludes_substance": False,
    "excludes_psychopathology": False, "modalities": [], "blocks": [], "generic": False, "borg": False,
    "own_contribution": "", "framework": "vrijwillig", "frameworks": [],
}


def _region_names(codes) -> str:
    return ", ".join(REGION_NAMES.get(c, c) for c in sorted(codes))


def prepare(offer: dict) -> dict:
    """Precompute what the rules use (call once per offer when matching many cases)."""
    o = {**_OFFER_DEFAULTS, **{k: v for k, v in offer.items() if v is not None or k in _OFFER_DEFAULTS}}
    frameworks = set(o["frameworks"] or [])
    if not frameworks:
        framework = o["framework"] or "vrijwillig"
        frameworks = {framework} if framework != "mixed" else {"vrijwillig"}
    regions = set(o["regions"] or [])
    return {
        **o,
        "_frameworks": frameworks,
        "_regions": regions,
        "_region_text": _region_names(regions),
        "_modalities": set(o["modalities"] or []),
        "_sexes": set(o["sexes"] or []),
        "_vtypes": set(o["violence_types"] or []),
        "_requires": list(o["requires"] or []),
        "_blocks": set(o["blocks"] or []),
        "_sort": str(o["name"]).casefold(),
    }


def prepare_all(offers) -> list[dict]:
    """Prepared offers sorted by name (then `match(..., prepared=True)` needs no sort of the excluded)."""
    return sorted((prepare(o) for o in offers), key=lambda p: (p["_sort"], p["name"]))


def evaluate(o: dict, c: dict) -> tuple[list[str], int, list[str]]:
    """(exclusion reasons, score, reasons) of one prepared offer for one normalised case."""
    excl: list[str] = []
    reasons: list[str] = []
    score = 50
    if o["active"] is False:
        excl.append("Niet (meer) actief in de sociale kaart")
    kind = o["kind"] or "aanbod"
    if kind != "aanbod":
        excl.append(KIND_REASONS.get(kind, "Geen hulpaanbod om naar te verwijzen"))

    # Region
    if o["national"]:
        reasons.append("Landelijk beschikbaar")
    elif o["_regions"]:
        if c["region"] in o["_regions"]:
            reasons.append(f"Beschikbaar in regio {REGION_NAMES[c['region']]}")
            score += 3
        elif c["region"] is None:
            excl.append(f"Regio van de casus onbekend; dit aanbod is alleen in {o['_region_text']}")
        else:
            excl.append(f"Andere regio: alleen in {o['_region_text']}, de casus valt onder "
                        f"{REGION_NAMES[c['region']]}")
    else:
        reasons.append("Werkgebied niet vastgelegd in de sociale kaart: controleer de beschikbaarheid")
        score -= 10

    # Age
    age, age_min, age_max = c["age"], o["age_min"], o["age_max"]
    if age is not None:
        if age_min is not None and age < age_min:
            excl.append(f"Leeftijd {age}: alleen voor volwassenen (18+)" if age_min >= 18
                        else f"Leeftijd {age}: aanbod is vanaf {age_min} jaar")
        if age_max is not None and age > age_max:
            excl.append(f"Leeftijd {age}: aanbod is tot en met {age_max} jaar")
    elif age_min is not None and age_min >= 18:
        reasons.append("Leeftijd onbekend: alleen voor volwassenen")

    # Sex
    if o["_sexes"] and c["sex"] is not None and c["sex"] not in o["_sexes"]:
        excl.append("Geslacht: alleen voor " + " en ".join(SEX_LABELS[s] for s in sorted(o["_sexes"])))

    # Framework: the voluntary route is always open; criminal-only offers need the criminal framework.
    fws = o["_frameworks"]
    if "vrijwillig" in fws:
        if c["framework"] == "criminal":
            reasons.append("Vrijwillige route: ook naast het strafrechtelijk kader mogelijk")
            if "strafrechtelijk" in fws:
                score += 5
        else:
            reasons.append("Past in het vrijwillig kader")
    elif "strafrechtelijk" in fws:
        if c["framework"] == "criminal":
            reasons.append("Past in het strafrechtelijk kader")
            score += 5
        else:
            excl.append("Kader: alleen in het strafrechtelijk kader, de casus is vrijwillig")
    elif "civielrechtelijk" in fws:
        excl.append("Kader: alleen binnen een civielrechtelijke (kinderbeschermings)maatregel")
    else:
        excl.append("Kader: alleen binnen een bestuurlijke maatregel")

    # Requirements the case must meet
    for req in o["_requires"]:
        if req == "children":
            if c["children"]:
                reasons.append("Voor ouders en gezinnen met kinderen: er zijn kinderen")
                score += 5
            else:
                excl.append("Alleen voor ouders of gezinnen met kinderen; geen kinderen in de casus")
        elif req == "aanhouding":
            if c["framework"] != "criminal":
                excl.append("Alleen na een aanhouding (samenloop met het strafrecht)")
        elif req == "middelenprobleem":
            if not c["substance_problem"]:
                excl.append("Alleen bij een (ernstig) middelenprobleem")
        else:
            excl.append(REQUIREMENT_TEXT.get(req, f"Voorwaarde '{req}'") + " (niet vastgesteld in de casus)")

    # Violence type (004 introduction; 001 §4.2)
    vt = c["violence_type"]
    if vt == "intimate_terror_suspected":
        joint = o["_modalities"] & JOINT_MODALITIES
        if joint:
            excl.append("Vermoeden van intieme terreur: geen mediation, relatie- of systeemtherapie of "
                        "gezamenlijke gesprekken (004 inleiding)")
        if o["borg"]:
            excl.append("Vermoeden van intieme terreur: BORG is bedoeld voor situationeel partnergeweld "
                        "(common couple violence, 001 §4.2)")
        elif o["_vtypes"] and vt not in o["_vtypes"]:
            excl.append("Vermoeden van intieme terreur: plegers met dit profiel zijn uitgesloten")
        if not joint and "systeemgericht" in o["_modalities"]:
            reasons.append("Let op bij vermoeden van intieme terreur: alleen individuele gesprekken, veiligheid eerst")
    else:
        if o["_vtypes"] and vt not in o["_vtypes"]:
            excl.append("Geweldstype past niet bij de doelgroep")
        if vt == "unclear" and o["borg"]:
            reasons.append("Geweldstype nog onduidelijk: BORG alleen als intieme terreur is uitgesloten")
            score -= 10
        if vt == "situational" and o["borg"]:
            reasons.append("Situationeel partnergeweld: de doelgroep van BORG")
            score += 5

    # Risk level
    max_risk, risk = o["max_risk"] or "", c["risk_level"]
    if max_risk:
        if risk is None:
            reasons.append(f"Risiconiveau onbekend: dit aanbod vraagt ten hoogste {RISK_LABELS[max_risk]} risico")
            score -= 5
        elif RISK_ORDER[risk] > RISK_ORDER[max_risk]:
            excl.append(f"Risiconiveau {RISK_LABELS[risk]}: dit aanbod is voor ten hoogste "
                        f"{RISK_LABELS[max_risk]} risico")
    if risk in ("high", "extreme") and not o["indication_needed"] and "verslavingszorg" not in o["_modalities"]:
        reasons.append("Hoog risico: alleen als aanvulling naast het veiligheidsplan en specialistische hulp")
        score -= 5

    # Substance problem, psychopathology, LVB
    mods = o["_modalities"]
    if c["substance_problem"]:
        if o["excludes_substance"]:
            excl.append("Ernstig middelenprobleem: eerst verslavingszorg")
        elif "verslavingszorg" in mods:
            reasons.append("Ernstig middelenprobleem: verslavingszorg eerst")
            score += 30
        else:
            reasons.append("Ernstig middelenprobleem: na of naast verslavingszorg")
            score -= 5
    if c["serious_psychopathology"]:
        if o["excludes_psychopathology"]:
            excl.append("Ernstige psychopathologie: eerst ggz of forensische zorg")
        elif mods & {"ggz", "forensisch"}:
            reasons.append("Ernstige psychopathologie: ggz of forensische zorg eerst")
            score += 30
        else:
            reasons.append("Ernstige psychopathologie: na of naast ggz of forensische zorg")
            score -= 5
    lvb = o["lvb"] or "geschikt"
    if c["lvb"]:
        if lvb == "niet_geschikt":
            excl.append("LVB: dit aanbod vraagt een IQ van 80 of hoger; advies LVB-zorg")
        elif lvb in ("aangepast", "alleen_lvb"):
            reasons.append("Geschikt voor mensen met een licht verstandelijke beperking")
            score += 15
        else:
            reasons.append("LVB: ga na of het aanbod aansluit")
            score -= 5
    elif lvb == "alleen_lvb":
        excl.append("Alleen voor mensen met een (licht) verstandelijke beperking")

    if excl:
        return excl, 0, []

    # Ranking: effectiveness, availability, threshold
    effect = o["effectiveness"] or ""
    if effect in EFFECT_POINTS:
        score += EFFECT_POINTS[effect]
        reasons.append(f"Effectiviteit: {EFFECT_LABELS[effect]} (Erkenningscommissie)")
    elif effect:
        reasons.append(f"Effectiviteit: {EFFECT_LABELS.get(effect, effect)}")
    wait = o["waiting_days"]
    if wait is None:
        reasons.append("Wachttijd onbekend")
        score -= 3
    elif wait == 0:
        reasons.append("Direct beschikbaar (geen wachttijd)")
        score += 10
    elif wait <= 14:
        reasons.append(f"Snel beschikbaar (wachttijd {wait} dagen)")
        score += 5
    elif wait <= LONG_WAIT_DAYS:
        reasons.append(f"Wachttijd {wait} dagen")
    else:
        penalty = 10 if wait <= 56 else 20 if wait <= 90 else 30
        score -= penalty
        reasons.append(f"Lange wachttijd ({wait} dagen): zet overbruggingshulp in, bijv. lotgenotencontact (004 §1.4)")
    if o["indication_needed"]:
        reasons.append("Indicatie of verwijzing nodig")
    else:
        reasons.append("Geen indicatie nodig (laagdrempelig)")
        score += 5
    if "anoniem" in mods:
        reasons.append("Anoniem advies: een eerste stap, geen traject")
        score -= 10
    if "lotgenotencontact" in o["_blocks"]:
        reasons.append("Lotgenotencontact met ervaringsdeskundigen")
    if c["children"] and "gezin" in mods and "children" not in o["_requires"]:
        reasons.append("Kinderen in het gezin: gezinsgerichte aanpak")
        score += 3
    if o["borg"] and c["framework"] == "voluntary":
        reasons.append("BORG in het vrijwillig kader, via Veilig Thuis of het wijkteam (000)")
    if o["generic"]:
        reasons.append("Landelijke route (004 §1.4): leg de lokale aanbieder en wachttijd vast")
    if o["own_contribution"] and o["own_contribution"].strip().lower() != "gratis":
        reasons.append(f"Eigen bijdrage: {o['own_contribution']}")
    return [], score, reasons


def match(offers, case: dict, *, prepared: bool = False) -> dict:
    """Rank the offers for one case. Returns {"id", "offers", "excluded", "advice", "warnings"}.
    With prepared=True `offers` must come from prepare_all() (or be prepared and sorted by name)."""
    c, warnings = normalise_case(case)
    items = offers if prepared else prepare_all(offers)
    suitable, excluded = [], []
    for o in items:
        excl, score, reasons = evaluate(o, c)
        if excl:
            excluded.append({"name": o["name"], "reason": "; ".join(excl)})
        else:
            suitable.append((-score, o["_sort"], o["name"], reasons, o))
    suitable.sort(key=lambda t: (t[0], t[1], t[2]))
    ranked = [{"name": t[2], "score": -t[0], "reasons": t[3]} for t in suitable]
    return {"id": c["id"], "offers": ranked, "excluded": excluded,
            "advice": advice(c, [t[4] for t in suitable]), "warnings": warnings}


def advice(c: dict, ranked_offers: list[dict]) -> list[str]:
    """Dutch advice for the professional: what comes first, and the voluntary route."""
    out = []
    if c["substance_problem"]:
        out.append("Ernstig middelenprobleem: eerst verslavingszorg (addiction_care).")
    if c["serious_psychopathology"]:
        out.append("Ernstige psychopathologie: eerst ggz of forensische zorg.")
    if c["lvb"]:
        out.append("(Vermoeden van) LVB: kies aanbod dat aansluit of LVB-zorg.")
    if c["violence_type"] == "intimate_terror_suspected":
        out.append("Vermoeden van intieme terreur: geen mediation, relatie- of systeemtherapie en geen BORG; "
                   "veiligheid en bescherming eerst.")
    if not any("vrijwillig" in o["_frameworks"] for o in ranked_offers):
        out.append("Geen passend vrijwillig aanbod in de sociale kaart: overweeg vrijwillige begeleiding door "
                   "het wijkteam of de POH van de huisarts (004 §1.4) en meld het ontbrekende aanbod aan de gemeente.")
    top = ranked_offers[:3]
    if top and all((o["waiting_days"] or 0) > LONG_WAIT_DAYS for o in top):
        out.append("Lange wachttijden: zet overbruggingshulp in (004 §1.4).")
    return out


def cli_line(result: dict) -> dict:
    """The output line of match_offers: exactly id, offers, excluded."""
    return {"id": result["id"], "offers": result["offers"], "excluded": result["excluded"]}
