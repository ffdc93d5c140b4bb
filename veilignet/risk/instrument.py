"""The risk instrument as versioned data (pure Python, no Django).

Instrument files live in ``veilignet/risk/instrument/v<N>.yaml``. A published version is immutable:
changing a question or a rule makes a new file with a new version. Each assessment stores the version
it was made with (see models.Assessment.instrument).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

INSTRUMENT_DIR = Path(__file__).resolve().parent / "instrument"

FATAL_FLAGS = ("strangulation", "death_threat", "weapons", "pregnancy_violence", "forced_sex", "extreme_fear")
# her fear, the two degrees: a condition or a feared act in what she fears does not make the fear itself hypothetical
FEAR_CODES = frozenset({"extreme_fear", "fear_of_partner"})
OTHER_RED_FLAGS = ("stalking", "suicide_threat", "recent_violence", "care_withholding", "fear_of_partner",
                   "escalation")
RED_FLAGS = FATAL_FLAGS + OTHER_RED_FLAGS
CONTEXT = ("separation",)
COERCIVE_CONTROL = ("isolation", "autonomy_restriction", "gender_role_enforcement", "financial_control",
                    "body_control", "gaslighting", "humiliation", "jealousy_blackmail", "child_alienation",
                    "third_party_abuse", "threat_children_pets", "surveillance")
AGGRAVATING = ("substance_abuse", "stressors", "personality_problems")
ALL_CODES = RED_FLAGS + CONTEXT + COERCIVE_CONTROL + AGGRAVATING
GROUP_OF = {**{c: "red_flag" for c in RED_FLAGS}, **{c: "context" for c in CONTEXT},
            **{c: "coercive_control" for c in COERCIVE_CONTROL}, **{c: "aggravating" for c in AGGRAVATING}}

LEVELS = ("none", "low", "medium", "high", "extreme")
LEVEL_LABELS = {"none": "geen aanwijzing", "low": "laag", "medium": "gemiddeld", "high": "hoog",
                "extreme": "zeer hoog"}
DEFAULT_REASSESS_DAYS = {"extreme": 3, "high": 7, "medium": 30, "low": 60, "none": 90}


class InstrumentError(ValueError):
    pass


@dataclass(frozen=True)
class Item:
    code: str
    group: str
    label: str
    question: str
    help: str
    answer_type: str
    source: str
    fatal: bool = False


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    status: str
    title: str
    items: tuple[Item, ...]
    groups: dict = field(default_factory=dict)
    reassess_days: dict = field(default_factory=lambda: dict(DEFAULT_REASSESS_DAYS))
    raw: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.items)

    def item(self, code: str) -> Item:
        for i in self.items:
            if i.code == code:
                return i
        raise KeyError(code)

    def grouped(self) -> list[tuple[str, str, list[Item]]]:
        out = []
        for group, label in self.groups.items():
            out.append((group, label, [i for i in self.items if i.group == group]))
        return out


def parse_instrument(data: dict) -> Instrument:
    """Validate and build an Instrument from parsed YAML/JSON. Raises InstrumentError (Dutch)."""
    if not isinstance(data, dict):
        raise InstrumentError("Het instrumentbestand is geen object.")
    for key in ("code", "version", "items"):
        if key not in data:
            raise InstrumentError(f"Het instrumentbestand mist '{key}'.")
    items = []
    seen = set()
    for n, raw in enumerate(data["items"], 1):
        missing = [k for k in ("code", "group", "question", "help", "answer_type", "source") if not raw.get(k)]
        if missing:
            raise InstrumentError(f"Item {n} mist: {', '.join(missing)}.")
        if raw["code"] in seen:
            raise InstrumentError(f"Code '{raw['code']}' komt twee keer voor.")
        if raw["code"] not in ALL_CODES:
            raise InstrumentError(f"Onbekende code '{raw['code']}' (niet in de vaste codelijst).")
        seen.add(raw["code"])
        items.append(Item(code=raw["code"], group=raw["group"], label=raw.get("label", raw["code"]),
                          question=raw["question"], help=raw["help"], answer_type=raw["answer_type"],
                          source=str(raw["source"]), fatal=bool(raw.get("fatal", False))))
    missing_codes = [c for c in ALL_CODES if c not in seen]
    if missing_codes:
        raise InstrumentError(f"Het instrument mist codes: {', '.join(missing_codes)}.")
    days = dict(DEFAULT_REASSESS_DAYS)
    days.update(data.get("reassess_days") or {})
    return Instrument(code=data["code"], version=int(data["version"]), status=data.get("status", "draft"),
                      title=data.get("title", ""), items=tuple(items), groups=dict(data.get("groups") or {}),
                      reassess_days=days, raw=data)


def available_versions() -> list[int]:
    out = []
    for path in INSTRUMENT_DIR.glob("v*.yaml"):
        try:
            out.append(int(path.stem[1:]))
        except ValueError:
            continue
    return sorted(out)


@functools.lru_cache(maxsize=16)
def load_instrument(version: int | None = None) -> Instrument:
    """The instrument of a version (default: the newest). Unknown version: InstrumentError."""
    versions = available_versions()
    if version is None:
        version = versions[-1]
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise InstrumentError(f"Ongeldige instrumentversie '{version}'.") from None
    if version not in versions:
        raise InstrumentError(
            f"Instrumentversie {version} bestaat niet (beschikbaar: {', '.join(map(str, versions))})."
        )
    path = INSTRUMENT_DIR / f"v{version}.yaml"
    return parse_instrument(yaml.safe_load(path.read_text(encoding="utf-8")))
