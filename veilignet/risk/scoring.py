"""Scoring you can explain (pure Python, no Django).

``score(answers)`` turns yes / no / unknown answers (``True`` / ``False`` / ``None``; a missing code is
unknown) into a level, a violence type, the coercive-control flag, reasons (one Dutch sentence per rule
that fired), recommended actions and the re-assessment term. Unknown is never read as no.

The rules (anchored in DASH, VioGén and the Danger Assessment, and in 001 §4.4, §2.9, §3):

Floors (each raises the level to at least the given value; the highest floor wins)

  F1  one fatal red flag (strangulation, death_threat, weapons, pregnancy_violence, forced_sex,
      extreme_fear) ........................................................... high
  F2  two or more fatal red flags ............................................. extreme
  F3  strangulation together with separation or a death threat ................ extreme
  S1  separation (announced, near or recent) + coercive control (>= 2 cc categories),
      with or without physical violence ....................................... high
  S2  DASH "cluster of three": separation + coercive control + physical or sexual violence
      (recent_violence, forced_sex or strangulation) .......................... high (reason named)
  S3  separation + stalking ................................................... high
  S4  separation + threat of suicide (homicide-suicide risk) .................. high
  S5  separation + fatal red flag + coercive control .......................... extreme
  R1  three or more other red flags ........................................... high
  R2  escalation together with recent violence ................................ high
  R3  one or two other red flags .............................................. medium
  C1  intimate terror suspected (>= 3 cc categories) .......................... medium;
      with any red flag ....................................................... high
  C2  coercive control pattern (2 cc categories) .............................. medium
  C3  one coercive-control category ........................................... low
  A1  aggravating factor(s) alone ............................................. low
  A2  two or more aggravating factors with a red flag or coercive control, level still
      medium: raised one step ................................................. high
  X1  separation alone ........................................................ low
  U1  no sign at all, but one or more fatal red flags unknown: "geen aanwijzing" cannot be
      concluded ............................................................... low

Violence type
  intimate_terror_suspected  three or more coercive-control categories (001 §4.4, 004 intro)
  situational                violence present, at most one cc category, and at least half of the cc
                             categories answered (known), so the absence of control is known
  unclear                    everything else

Actions always follow the level; with intimate terror suspected they say explicitly: no mediation,
no couple, relationship or system therapy, no joint sessions (004 intro, 001 §4.4).

Re-assessment: 3 / 7 / 30 / 60 / 90 days for extreme / high / medium / low / none (configurable by
passing ``reassess_days``; Django: setting ``RISK_REASSESS_DAYS``).

Overrides (``check_override``): raising is always allowed with a reason; lowering needs a reason and
the approval of a second professional, and never goes below the floor a fatal red flag sets (high).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .instrument import (
    AGGRAVATING,
    ALL_CODES,
    COERCIVE_CONTROL,
    DEFAULT_REASSESS_DAYS,
    FATAL_FLAGS,
    LEVEL_LABELS,
    LEVELS,
    OTHER_RED_FLAGS,
)

RANK = {level: n for n, level in enumerate(LEVELS)}
_ALL = frozenset(ALL_CODES)

LABELS = {
    "strangulation": "wurging, verstikking of verdrinking",
    "death_threat": "doodsbedreiging",
    "weapons": "wapens",
    "pregnancy_violence": "geweld tijdens zwangerschap",
    "forced_sex": "gedwongen seks",
    "extreme_fear": "extreme angst van het slachtoffer voor haar leven of dat van de kinderen",
    "stalking": "stalking",
    "suicide_threat": "dreigen met zelfdoding",
    "recent_violence": "recent geweld",
    "care_withholding": "onthouden van zorg",
    "fear_of_partner": "angst voor de partner",
    "escalation": "toenemend geweld",
    "separation": "scheiding (aangekondigd, nabij of recent)",
    "isolation": "isolatie",
    "autonomy_restriction": "beperken van vrijheid",
    "gender_role_enforcement": "afdwingen van rolpatronen",
    "financial_control": "financiële controle",
    "body_control": "controle over lichaam en gezondheid",
    "gaslighting": "gaslighting",
    "humiliation": "vernedering",
    "jealousy_blackmail": "jaloezie en chantage",
    "child_alienation": "kinderen tegen haar opzetten",
    "third_party_abuse": "derden tegen haar inzetten",
    "threat_children_pets": "dreigen tegen kinderen of huisdieren",
    "surveillance": "surveillance",
    "substance_abuse": "middelengebruik",
    "stressors": "stress",
    "personality_problems": "persoonlijkheidsproblematiek",
}

_YES = {"ja", "yes", "true", "1", "j", "y"}
_NO = {"nee", "no", "false", "0", "n"}
_UNKNOWN = {"onbekend", "unknown", "null", "none", "", "?", "weet niet"}


class AnswerError(ValueError):
    pass


def normalise_answer(value):
    """True / False / None from liberal input (bools, 'ja'/'nee'/'onbekend', 1/0). Raises AnswerError."""
    if value is None or value is True or value is False:
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise AnswerError(f"ongeldig antwoord {value!r}")
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _YES:
            return True
        if v in _NO:
            return False
        if v in _UNKNOWN:
            return None
    raise AnswerError(f"ongeldig antwoord {value!r} (gebruik true, false of null)")


def clean_answers(raw: dict) -> tuple[dict, list[str], list[str]]:
    """(answers, unknown_codes, errors): known codes with normalised values; unknown codes listed."""
    answers, unknown, errors = {}, [], []
    for code, value in (raw or {}).items():
        if code not in _ALL:
            unknown.append(str(code))
            continue
        try:
            answers[code] = normalise_answer(value)
        except AnswerError as exc:
            errors.append(f"{code}: {exc}")
    return answers, unknown, errors


@dataclass
class Result:
    level: str
    violence_type: str
    coercive_control: bool
    reasons: list[str]
    actions: list[str]
    reassess_within_days: int
    fatal_floor: str = "none"
    cc_categories: list[str] = field(default_factory=list)
    unknown_fatal: list[str] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    def as_dict(self) -> dict:
        return {"level": self.level, "violence_type": self.violence_type,
                "coercive_control": self.coercive_control, "reasons": list(self.reasons),
                "actions": list(self.actions), "reassess_within_days": self.reassess_within_days}


def _names(codes) -> str:
    names = [LABELS[c] for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


ACTIONS = {
    "extreme": [
        "Direct (vandaag) handelen: acuut gevaar bespreken met politie en Veilig Thuis (Samen op in acuut).",
        "Overweeg een tijdelijk huisverbod, contact- of locatieverbod en direct beschermende maatregelen.",
        "Maak vandaag met het slachtoffer een veiligheidsplan; bespreek een veilige opvangplek.",
        "Informeer de ketenpartners die moeten handelen en leg vast wie wat doet.",
    ],
    "high": [
        "Bespreek de casus binnen een week in het Actieoverleg of MDA++ (Veiligheid Voorop).",
        "Maak een veiligheidsplan met het slachtoffer, inclusief een plan om het geweld van de pleger te stoppen.",
        "Betrek de politie en overweeg beschermende maatregelen.",
    ],
    "medium": [
        "Maak een veiligheidsplan en spreek concrete veiligheidsafspraken af.",
        "Bied hulp aan slachtoffer en pleger en volg de situatie actief.",
    ],
    "low": [
        "Bespreek de zorgen met het slachtoffer en bied passende hulp aan.",
        "Blijf alert op rode vlaggen en vraag bij elk contact opnieuw naar veiligheid.",
    ],
    "none": [
        "Geen aanwijzing voor direct gevaar gevonden; leg vast wat er gevraagd is en blijf alert.",
    ],
}
ACTION_NO_JOINT = ("Geen mediation, geen partner- of relatietherapie, geen systeemtherapie en geen "
                   "gezamenlijke gesprekken: bij dwingende controle vergroten die de schade (004 inleiding, "
                   "001 §4.4).")
ACTION_PERPETRATOR_CC = ("Plegeraanpak gericht op dwingende controle (geen BORG: die is bedoeld voor "
                         "situationeel geweld).")
ACTION_CHILDREN = "Betrek de kinderen in het veiligheidsplan; overweeg een melding bij of overleg met de Raad voor de Kinderbescherming."
ACTION_SITUATIONAL = "Plegeraanpak voor situationeel geweld (bijvoorbeeld BORG) kan passend zijn, na toetsing van de criteria."


def score(answers: dict, *, reassess_days: dict | None = None, unknown_floor: bool = True) -> Result:
    """Score answers {code: True|False|None}. Codes outside the vocabulary are ignored (see clean_answers).

    ``unknown_floor=False`` (text screening) drops rule U1: a note that mentions nothing is scored
    'none', while the reasons still say which fatal flags are unknown.
    """
    get = answers.get
    yes = {c for c, v in answers.items() if v is True and c in _ALL}
    fatal = [c for c in FATAL_FLAGS if c in yes]
    other = [c for c in OTHER_RED_FLAGS if c in yes]
    cc = [c for c in COERCIVE_CONTROL if c in yes]
    aggr = [c for c in AGGRAVATING if c in yes]
    separation = "separation" in yes
    n_cc = len(cc)
    coercive = n_cc >= 2
    terror = n_cc >= 3
    unknown_fatal = [c for c in FATAL_FLAGS if get(c) is None]
    physical = [c for c in ("recent_violence", "forced_sex", "strangulation") if c in yes]

    level = 0
    reasons: list[str] = []
    fired: list[str] = []

    def floor(rule: str, lvl: str, text: str):
        nonlocal level
        level = max(level, RANK[lvl])
        fired.append(rule)
        reasons.append(text)

    for c in fatal:
        floor("F1", "high", f"Rode vlag van het fatale type: {LABELS[c]}. Dit geeft minimaal niveau hoog.")
    if len(fatal) >= 2:
        floor("F2", "extreme", f"Meerdere fatale rode vlaggen samen ({_names(fatal)}): niveau zeer hoog.")
    if "strangulation" in yes and (separation or "death_threat" in yes):
        other_part = "scheiding" if separation else "doodsbedreiging"
        if separation and "death_threat" in yes:
            other_part = "scheiding en doodsbedreiging"
        floor("F3", "extreme", f"Wurging samen met {other_part}: sterk verhoogd risico op partnerdoding, niveau zeer hoog.")
    if separation and coercive:
        floor("S1", "high", "Scheiding (aangekondigd, nabij of recent) samen met dwingende controle "
              f"({_names(cc)}): het gevaarlijkste moment, minimaal niveau hoog, ook zonder fysiek geweld.")
        if physical:
            floor("S2", "high", "Het 'cluster van drie' (DASH): scheiding, dwingende controle en fysiek of "
                  f"seksueel geweld ({_names(physical)}).")
        if fatal:
            floor("S5", "extreme", "Scheiding, dwingende controle en een fatale rode vlag samen: niveau zeer hoog.")
    if separation and "stalking" in yes:
        floor("S3", "high", "Stalking rond een scheiding: minimaal niveau hoog.")
    if separation and "suicide_threat" in yes:
        floor("S4", "high", "Dreigen met zelfdoding bij een scheiding (risico op doding gevolgd door zelfdoding): "
              "minimaal niveau hoog.")
    if len(other) >= 3:
        floor("R1", "high", f"Drie of meer rode vlaggen ({_names(other)}): minimaal niveau hoog.")
    if "escalation" in yes and "recent_violence" in yes:
        floor("R2", "high", "Het geweld neemt toe en is recent: minimaal niveau hoog.")
    if 1 <= len(other) < 3:
        floor("R3", "medium", f"Rode vlag{'gen' if len(other) > 1 else ''}: {_names(other)}. Minimaal niveau gemiddeld.")
    if terror:
        floor("C1", "medium", f"Drie of meer kenmerken van dwingende controle ({_names(cc)}): vermoeden van "
              "intieme terreur.")
        if fatal or other:
            floor("C1", "high", "Intieme terreur samen met een rode vlag: minimaal niveau hoog.")
    elif coercive:
        floor("C2", "medium", f"Patroon van dwingende controle ({_names(cc)}): minimaal niveau gemiddeld.")
    elif n_cc == 1:
        floor("C3", "low", f"Een kenmerk van dwingende controle: {_names(cc)}.")
    if aggr:
        floor("A1", "low", f"Verzwarende factor{'en' if len(aggr) > 1 else ''}: {_names(aggr)}.")
        if len(aggr) >= 2 and (fatal or other or coercive) and level == RANK["medium"]:
            floor("A2", "high", "Twee of meer verzwarende factoren samen met rode vlaggen of dwingende "
                  "controle: één niveau hoger (hoog).")
    if separation and not any(r in fired for r in ("F3", "S1", "S3", "S4")):
        floor("X1", "low", "Scheiding (aangekondigd, nabij of recent): het gevaarlijkste moment; blijf alert.")
    if unknown_fatal:
        reasons.append(
            f"Niet bekend: {_names(unknown_fatal)}. Onbekend telt niet als nee; vraag dit alsnog uit."
        )
        if level == 0 and unknown_floor:
            floor("U1", "low", "Er zijn geen aanwijzingen gevonden, maar fatale rode vlaggen zijn nog onbekend: "
                  "'geen aanwijzing' kan niet worden vastgesteld.")
    unknown_other = [c for c in OTHER_RED_FLAGS + ("separation",) if get(c) is None]
    if unknown_other and len(unknown_other) < len(OTHER_RED_FLAGS) + 1:
        reasons.append(f"Ook nog onbekend: {_names(unknown_other)}.")
    elif unknown_other:
        reasons.append("De overige rode vlaggen en de scheiding zijn nog niet uitgevraagd.")
    if level == 0:
        reasons.append("Geen rode vlaggen, dwingende controle of verzwarende factoren gemeld.")

    level_name = LEVELS[level]
    actions = list(ACTIONS[level_name])
    if unknown_fatal:
        actions.insert(0, f"Vraag alsnog uit: {_names(unknown_fatal)}.")
    if terror:
        actions.append(ACTION_NO_JOINT)
        actions.append(ACTION_PERPETRATOR_CC)
    violent = bool(physical or fatal or "escalation" in yes)
    known_cc = sum(1 for c in COERCIVE_CONTROL if get(c) is not None)
    if terror:
        violence_type = "intimate_terror_suspected"
    elif violent and n_cc <= 1 and known_cc * 2 >= len(COERCIVE_CONTROL):
        violence_type = "situational"
        if level <= RANK["medium"] and not fatal:
            actions.append(ACTION_SITUATIONAL)
    else:
        violence_type = "unclear"
    if "threat_children_pets" in yes:
        actions.append(ACTION_CHILDREN)
    days = reassess_days or DEFAULT_REASSESS_DAYS
    return Result(
        level=level_name, violence_type=violence_type, coercive_control=coercive, reasons=reasons,
        actions=actions, reassess_within_days=int(days.get(level_name, DEFAULT_REASSESS_DAYS[level_name])),
        fatal_floor="high" if fatal else "none", cc_categories=cc, unknown_fatal=unknown_fatal, fired=fired,
    )


def fatal_floor(answers: dict) -> str:
    return "high" if any(answers.get(c) is True for c in FATAL_FLAGS) else "none"


class OverrideError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


def check_override(computed: str, final: str, *, reason: str = "", floor: str = "none",
                   author_id=None, approver_id=None) -> str:
    """Validate a professional's final level against the computed one; return the final level.

    Raising: a reason is required. Lowering: a reason and a second professional's approval
    (approver different from the author), and never below ``floor`` (high when a fatal flag is present).
    """
    if final not in RANK:
        raise OverrideError("final_level", f"Onbekend niveau '{final}'.")
    if final == computed:
        return final
    reason = (reason or "").strip()
    if not reason:
        raise OverrideError("override_reason", "Geef een reden voor het afwijkende niveau.")
    if RANK[final] > RANK[computed]:
        return final
    if RANK[final] < RANK[floor]:
        raise OverrideError("final_level", f"Verlagen onder '{LEVEL_LABELS[floor]}' kan niet: er is een fatale "
                            "rode vlag.")
    if approver_id is None:
        raise OverrideError("approver", "Verlagen van het niveau vraagt de goedkeuring van een tweede professional.")
    if author_id is not None and approver_id == author_id:
        raise OverrideError("approver", "De tweede professional moet een ander zijn dan de opsteller.")
    return final
