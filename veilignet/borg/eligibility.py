"""BORG eligibility: the selection criteria as pure, testable logic (no Django).

Sources: `001 §4.2` (Factsheet BORG: "Voor wie is deze training?"), `001 §4.3` (WODC: selection
criteria — laag of gemiddeld recidiverisico, verblijfsvergunning, geen ernstig antisociaal geweld,
geen ernstig alcohol- of drugsprobleem, het partnergeweld (deels) bekennen, IQ 80 of hoger),
`000` (the improved BORG applies testable criteria strictly) and SYSTEM.md §5.

Rules (issue 5):
- Every criterion is checked; *all* failing reasons are listed, in the fixed order of `REASON_ORDER`.
- Missing (absent or null) required data never passes: it gives `<criterion>_unknown`
  ("nog niet te beoordelen"), so `eligible` is false until the data is there.
- A value of the wrong type or an unknown code is treated as unknown as well (and reported in
  `Decision.problems`, which the CLI writes to stderr) — never a silent pass.
- `violence_type` "unclear" is a known value: it is not intimate terror, so it passes (BORG is for
  common couple violence and light antisocial violence; only suspected intimate terror excludes).
- IQ: only required where LVB is suspected (`lvb` or `lvb_suspected` true); a measured IQ below 80
  excludes regardless.

Advice codes (where to instead / first), from the factsheet (001 §4.2): serious psychopathology →
forensische zorg or GGZ (both listed: the choice is the adviser's); serious addiction →
verslavingszorg; IQ below 80 → LVB care. Exclusions that signal a heavier, offence-related need —
high recidivism risk, serious antisocial violence, suspected intimate terror — advise forensische
zorg (specialised perpetrator treatment; 001 §4.4, SYSTEM.md §5). `minor`, no residence permit,
denial and unwillingness carry no advice code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Reason codes in their fixed output order. Each criterion's `_unknown` code sits at its place.
REASON_ORDER: tuple[str, ...] = (
    "age_unknown", "minor",
    "risk_unknown", "risk_too_high",
    "residence_permit_unknown", "no_residence_permit",
    "serious_antisocial_violence_unknown", "serious_antisocial_violence",
    "serious_substance_problem_unknown", "serious_substance_problem",
    "acknowledges_violence_unknown", "denies_violence",
    "iq_unknown", "iq_below_80",
    "violence_type_unknown", "intimate_terror",
    "serious_psychopathology_unknown", "serious_psychopathology",
    "willing_to_talk_unknown", "not_willing",
)
_REASON_RANK = {code: i for i, code in enumerate(REASON_ORDER)}

ADVICE_ORDER: tuple[str, ...] = ("forensic_care", "ggz", "addiction_care", "lvb_care")
_ADVICE_RANK = {code: i for i, code in enumerate(ADVICE_ORDER)}

# The criteria that fail (as opposed to unknown) — the monitor counts these.
FAIL_REASONS = ("minor", "risk_too_high", "no_residence_permit", "serious_antisocial_violence",
                "serious_substance_problem", "denies_violence", "iq_below_80", "intimate_terror",
                "serious_psychopathology", "not_willing")

# The ten criteria and which reason codes belong to each (for per-criterion monitor figures).
CRITERIA: tuple[str, ...] = ("age", "risk", "residence_permit", "serious_antisocial_violence",
                             "serious_substance_problem", "acknowledges_violence", "iq", "violence_type",
                             "serious_psychopathology", "willing_to_talk")
REASON_CRITERION: dict[str, str] = {
    "minor": "age", "age_unknown": "age", "risk_too_high": "risk", "risk_unknown": "risk",
    "no_residence_permit": "residence_permit", "residence_permit_unknown": "residence_permit",
    "serious_antisocial_violence": "serious_antisocial_violence",
    "serious_antisocial_violence_unknown": "serious_antisocial_violence",
    "serious_substance_problem": "serious_substance_problem",
    "serious_substance_problem_unknown": "serious_substance_problem",
    "denies_violence": "acknowledges_violence", "acknowledges_violence_unknown": "acknowledges_violence",
    "iq_below_80": "iq", "iq_unknown": "iq", "intimate_terror": "violence_type",
    "violence_type_unknown": "violence_type", "serious_psychopathology": "serious_psychopathology",
    "serious_psychopathology_unknown": "serious_psychopathology", "not_willing": "willing_to_talk",
    "willing_to_talk_unknown": "willing_to_talk",
}

ADVICE_FOR_REASON: dict[str, tuple[str, ...]] = {
    "risk_too_high": ("forensic_care",),
    "serious_antisocial_violence": ("forensic_care",),
    "serious_substance_problem": ("addiction_care",),
    "iq_below_80": ("lvb_care",),
    "intimate_terror": ("forensic_care",),
    "serious_psychopathology": ("forensic_care", "ggz"),
}

# Dutch texts for the UI and the stored assessment.
REASON_LABELS: dict[str, str] = {
    "minor": "Minderjarig: BORG is voor volwassenen (18 jaar of ouder).",
    "age_unknown": "Leeftijd onbekend.",
    "risk_too_high": "Recidiverisico hoog (RISc/QuickScan): BORG is voor laag of gemiddeld risico.",
    "risk_unknown": "Recidiverisico (RISc/QuickScan) onbekend of niet vastgesteld.",
    "no_residence_permit": "Geen verblijfsvergunning.",
    "residence_permit_unknown": "Verblijfsvergunning onbekend.",
    "serious_antisocial_violence": "Ernstig antisociaal geweld.",
    "serious_antisocial_violence_unknown": "Onbekend of er sprake is van ernstig antisociaal geweld.",
    "serious_substance_problem": "Ernstig alcohol- of drugsprobleem: eerst verslavingszorg.",
    "serious_substance_problem_unknown": "Onbekend of er een ernstig alcohol- of drugsprobleem is.",
    "denies_violence": "Erkent het geweld niet (ook niet gedeeltelijk).",
    "acknowledges_violence_unknown": "Onbekend of het geweld (deels) wordt erkend.",
    "iq_below_80": "IQ lager dan 80.",
    "iq_unknown": "LVB vermoed, maar IQ niet gemeten.",
    "intimate_terror": "Vermoeden van intieme terreur: BORG is bedoeld voor situationeel partnergeweld.",
    "violence_type_unknown": "Type geweld onbekend.",
    "serious_psychopathology": "Ernstige psychopathologie: behandeling bij forensische zorg of GGZ.",
    "serious_psychopathology_unknown": "Onbekend of er sprake is van ernstige psychopathologie.",
    "not_willing": "Niet bereid over de situatie te praten.",
    "willing_to_talk_unknown": "Onbekend of de deelnemer bereid is te praten.",
}
ADVICE_LABELS: dict[str, str] = {
    "forensic_care": "Forensische zorg",
    "ggz": "GGZ (geestelijke gezondheidszorg)",
    "addiction_care": "Verslavingszorg",
    "lvb_care": "Zorg voor mensen met een licht verstandelijke beperking (LVB)",
}

_TRUE = {"true", "ja", "yes", "j", "y", "1", "waar"}
_FALSE = {"false", "nee", "no", "n", "0", "onwaar"}
_PARTIAL = {"partial", "partly", "partially", "gedeeltelijk", "deels", "deelse", "gedeeltelijke"}
_RISK = {
    "laag": "laag", "low": "laag", "l": "laag",
    "gemiddeld": "gemiddeld", "medium": "gemiddeld", "moderate": "gemiddeld", "matig": "gemiddeld",
    "midden": "gemiddeld", "middel": "gemiddeld",
    "hoog": "hoog", "high": "hoog", "zeer hoog": "hoog", "very high": "hoog", "extreme": "hoog",
    "onbekend": "onbekend", "unknown": "onbekend", "": "onbekend",
}
_INTIMATE_TERROR = {"intimate_terror_suspected", "intimate_terror", "intiem_terreur", "intieme_terreur",
                    "coercive_control"}
_OTHER_VIOLENCE = {"situational", "unclear", "common_couple_violence", "common_couple", "situational_couple_violence",
                   "situationeel", "onduidelijk", "licht_antisociaal", "light_antisocial", "none", "geen"}

BOOLEAN_CRITERIA = ("residence_permit", "serious_antisocial_violence", "serious_substance_problem",
                    "serious_psychopathology", "willing_to_talk")


@dataclass
class Decision:
    id: object
    eligible: bool
    reasons: list[str]
    advice: list[str]
    problems: list[str] = field(default_factory=list)  # wrong types / unknown codes (Dutch)

    def as_dict(self) -> dict:
        return {"id": self.id, "eligible": self.eligible, "reasons": self.reasons, "advice": self.advice}


_MISSING = object()


def _bool(value):
    """True/False, None for missing, _MISSING-free; raises ValueError on a wrong type."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        if key in ("", "onbekend", "unknown", "null", "none"):
            return None
    raise ValueError


def _number(value):
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        number = float(value.strip().replace(",", "."))
    elif isinstance(value, str):
        return None
    else:
        raise ValueError
    if math.isnan(number) or math.isinf(number):
        raise ValueError
    return number


def decide(candidate: dict) -> Decision:
    """Apply the BORG selection criteria to one candidate (a dict as in the CLI input)."""
    get = candidate.get
    reasons: list[str] = []
    problems: list[str] = []

    def bad(name, value, expected):
        problems.append(f"veld '{name}' heeft een ongeldige waarde {value!r} (verwacht: {expected}); "
                        "behandeld als onbekend")

    # Adult (18 or older).
    raw = get("age")
    try:
        age = _number(raw)
        if age is not None and not (0 <= age <= 130):
            raise ValueError
    except ValueError:
        bad("age", raw, "een leeftijd in jaren")
        age = None
    if age is None:
        reasons.append("age_unknown")
    elif age < 18:
        reasons.append("minor")

    # Recidivism risk laag or gemiddeld (RISc / QuickScan).
    raw = get("risc_level", get("risk_level"))
    risk = None
    if raw is None:
        risk = "onbekend"
    elif isinstance(raw, str):
        risk = _RISK.get(raw.strip().lower())
    if risk is None:
        bad("risc_level", raw, "laag, gemiddeld, hoog of onbekend")
        risk = "onbekend"
    if risk == "onbekend":
        reasons.append("risk_unknown")
    elif risk == "hoog":
        reasons.append("risk_too_high")

    # Booleans: yes/no criteria.
    values = {}
    for name in BOOLEAN_CRITERIA:
        raw = get(name)
        try:
            values[name] = _bool(raw)
        except ValueError:
            bad(name, raw, "true of false")
            values[name] = None
    if values["residence_permit"] is None:
        reasons.append("residence_permit_unknown")
    elif not values["residence_permit"]:
        reasons.append("no_residence_permit")
    for name in ("serious_antisocial_violence", "serious_substance_problem"):
        if values[name] is None:
            reasons.append(f"{name}_unknown")
        elif values[name]:
            reasons.append(name)

    # Acknowledges the violence fully or partly.
    raw = get("acknowledges_violence")
    ack = None
    if isinstance(raw, str) and raw.strip().lower() in _PARTIAL:
        ack = "partial"
    else:
        try:
            ack = _bool(raw)
        except ValueError:
            bad("acknowledges_violence", raw, 'true, false of "partial"')
            ack = None
    if ack is None:
        reasons.append("acknowledges_violence_unknown")
    elif ack is False:
        reasons.append("denies_violence")

    # IQ 80 or higher where measured or where LVB is suspected.
    raw = get("iq")
    try:
        iq = _number(raw)
        if iq is not None and not (0 < iq < 250):
            raise ValueError
    except ValueError:
        bad("iq", raw, "een getal of null")
        iq = None
        if raw is not None:
            reasons.append("iq_unknown")
    lvb = False
    for name in ("lvb", "lvb_suspected"):
        try:
            lvb = lvb or bool(_bool(get(name)))
        except ValueError:
            bad(name, get(name), "true of false")
    if iq is not None:
        if iq < 80:
            reasons.append("iq_below_80")
    elif lvb and "iq_unknown" not in reasons:
        reasons.append("iq_unknown")

    # Violence type not intimate terror.
    raw = get("violence_type")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        reasons.append("violence_type_unknown")
    elif isinstance(raw, str):
        key = raw.strip().lower().replace("-", "_").replace(" ", "_")
        if key in _INTIMATE_TERROR:
            reasons.append("intimate_terror")
        elif key not in _OTHER_VIOLENCE:
            bad("violence_type", raw, "intimate_terror_suspected, situational of unclear")
            reasons.append("violence_type_unknown")
    else:
        bad("violence_type", raw, "intimate_terror_suspected, situational of unclear")
        reasons.append("violence_type_unknown")

    # No serious psychopathology; willing to talk.
    if values["serious_psychopathology"] is None:
        reasons.append("serious_psychopathology_unknown")
    elif values["serious_psychopathology"]:
        reasons.append("serious_psychopathology")
    if values["willing_to_talk"] is None:
        reasons.append("willing_to_talk_unknown")
    elif not values["willing_to_talk"]:
        reasons.append("not_willing")

    reasons.sort(key=_REASON_RANK.__getitem__)
    advice = sorted({a for r in reasons for a in ADVICE_FOR_REASON.get(r, ())}, key=_ADVICE_RANK.__getitem__)
    return Decision(id=get("id"), eligible=not reasons, reasons=reasons, advice=advice, problems=problems)


def criterion_outcomes(reasons) -> dict[str, tuple[str, str]]:
    """Per criterion: (outcome, reason) with outcome "met", "failed" or "unknown"."""
    outcomes = {c: ("met", "") for c in CRITERIA}
    for reason in reasons:
        outcomes[REASON_CRITERION[reason]] = ("unknown" if reason.endswith("_unknown") else "failed", reason)
    return outcomes


def failed_criteria(reasons) -> list[str]:
    return [r for r in reasons if r in FAIL_REASONS]


def unknown_criteria(reasons) -> list[str]:
    return [r for r in reasons if r.endswith("_unknown")]


def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, code)


def advice_label(code: str) -> str:
    return ADVICE_LABELS.get(code, code)
