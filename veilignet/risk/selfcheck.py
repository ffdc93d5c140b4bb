"""The public self-check (zelftest): plain Dutch (B1) questions for victims and bystanders, a result in
words (never a number), and where to go. Pure logic, nothing stored: the answers live only in the
request that carries them."""

from __future__ import annotations

from dataclasses import dataclass

from .scoring import score

# (field, question in B1 Dutch, instrument codes a "ja" stands for)
QUESTIONS = [
    ("keel", "Heeft de (ex-)partner ooit de keel dichtgeknepen, een kussen op het gezicht gedrukt of iemand onder water gehouden?", ("strangulation",)),
    ("dood", "Heeft de (ex-)partner gedreigd om haar, hem of de kinderen dood te maken?", ("death_threat",)),
    ("wapen", "Heeft de (ex-)partner een wapen, zoals een mes of een pistool? Of heeft hij daarmee gedreigd?", ("weapons",)),
    ("seks", "Heeft de (ex-)partner seks afgedwongen?", ("forced_sex",)),
    ("zwanger", "Was er geweld toen zij zwanger was?", ("pregnancy_violence",)),
    ("bang", "Is zij (of bent u) bang dat de (ex-)partner haar of de kinderen iets heel ergs aandoet?", ("extreme_fear",)),
    ("geweld", "Is er de laatste tijd geweld geweest, ook duwen of een klap?", ("recent_violence",)),
    ("erger", "Wordt het geweld erger of gebeurt het vaker?", ("escalation",)),
    ("stalking", "Wordt zij gevolgd, opgewacht of steeds gebeld of geappt terwijl ze dat niet wil?", ("stalking",)),
    ("zelfdoding", "Heeft de (ex)-partner gedreigd zichzelf iets aan te doen?", ("suicide_threat",)),
    ("weg", "Is zij net weggegaan, of wil zij uit elkaar gaan?", ("separation",)),
    ("kring", "Mag zij minder mensen zien dan vroeger, zoals familie of vrienden?", ("isolation",)),
    ("telefoon", "Kijkt de (ex-)partner in haar telefoon, of mag zij niet vrij haar telefoon gebruiken?", ("autonomy_restriction",)),
    ("volgen", "Volgt de (ex-)partner waar zij is, met een app, een tracker of camera's?", ("surveillance",)),
    ("geld", "Bepaalt de (ex-)partner alles over het geld?", ("financial_control",)),
    ("schelden", "Scheldt de (ex-)partner haar uit of maakt hij haar steeds klein?", ("humiliation",)),
    ("jaloers", "Is de (ex-)partner heel jaloers, of dreigt hij met foto's of geheimen?", ("jealousy_blackmail",)),
    ("kinderen", "Dreigt de (ex-)partner de kinderen of huisdieren iets aan te doen?", ("threat_children_pets",)),
    ("drank", "Drinkt de (ex-)partner veel, gebruikt hij drugs of gokt hij?", ("substance_abuse",)),
    ("stress", "Is er veel stress thuis, bijvoorbeeld door geldzorgen of werkloosheid?", ("stressors",)),
]

RED_FLAG_WORDS = {
    "strangulation": "keel dichtknijpen of verstikken", "death_threat": "dreigen met doden",
    "weapons": "wapens", "forced_sex": "seks afdwingen", "pregnancy_violence": "geweld tijdens de zwangerschap",
    "extreme_fear": "heel erge angst", "recent_violence": "geweld", "escalation": "geweld dat erger wordt",
    "stalking": "volgen en lastigvallen (stalking)", "suicide_threat": "dreigen met zelfdoding",
    "separation": "uit elkaar gaan", "isolation": "minder mensen mogen zien",
    "autonomy_restriction": "geen vrijheid, ook niet met de telefoon", "surveillance": "volgen met apps of camera's",
    "financial_control": "controle over geld", "humiliation": "uitschelden en klein maken",
    "jealousy_blackmail": "jaloezie of chantage", "threat_children_pets": "dreigen tegen kinderen of huisdieren",
    "substance_abuse": "drank, drugs of gokken", "stressors": "veel stress",
}

RESULT_TEXT = {
    "extreme": ("Er zijn tekenen van groot gevaar.",
                "Wat u beschrijft, zien hulpverleners als heel gevaarlijk. Het kan levensgevaarlijk zijn. "
                "Wacht niet. Is er nu gevaar? Bel 112. Anders: bel vandaag Veilig Thuis."),
    "high": ("Er zijn tekenen van ernstig gevaar.",
             "Wat u beschrijft, zien hulpverleners als gevaarlijk. Zoek snel hulp. "
             "Bel Veilig Thuis. Is er nu gevaar? Bel 112."),
    "medium": ("Er zijn zorgelijke tekenen.",
               "Wat u beschrijft, is niet normaal en kan erger worden. Praat erover met Veilig Thuis. "
               "Dat mag ook anoniem."),
    "low": ("Er zijn een paar tekenen die aandacht vragen.",
            "Let goed op. Twijfelt u? Praat erover met Veilig Thuis, ook als u het niet zeker weet."),
    "none": ("U noemde geen duidelijke tekenen van gevaar.",
             "Maakt u zich toch zorgen? Uw gevoel telt. Praat erover met Veilig Thuis."),
}


@dataclass
class SelfCheckResult:
    level: str
    title: str
    text: str
    red_flags: list[str]
    coercive_control: bool
    unknown: int


def evaluate(data) -> SelfCheckResult:
    """data: a mapping field -> 'ja' / 'nee' / 'weet_niet'. Missing fields count as 'weet niet'."""
    answers: dict = {}
    unknown = 0
    for field, _question, codes in QUESTIONS:
        value = (data.get(field) or "").strip().lower()
        for code in codes:
            answers[code] = True if value == "ja" else False if value == "nee" else None
        if value not in ("ja", "nee"):
            unknown += 1
    result = score(answers)
    level = result.level
    if level == "low" and not any(v is True for v in answers.values()):
        level = "none"  # the self-check speaks about what was said; unknowns are named separately
    title, text = RESULT_TEXT[level]
    flags = [RED_FLAG_WORDS[c] for c, v in answers.items() if v is True and c in RED_FLAG_WORDS]
    return SelfCheckResult(level=level, title=title, text=text, red_flags=flags,
                           coercive_control=result.coercive_control, unknown=unknown)
