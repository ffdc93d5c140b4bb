"""The offer catalogue as plain data: defaults, the seed file, validation and CSV rows.

Pure Python (no Django) so the CLI, the data migration, the CSV import and the tests share it.
The seed is `data/catalogue.json`: every entry of 004 Bijlage 2, named as written there, plus BORG,
Alcohol & Geweld, Leefstijl 24/7 and I respect (000 footnote 2; 001 §4.2), the support groups of 002,
and the national routes behind the minimum voluntary offer (004 §1.4).
"""

import json
from pathlib import Path

from veilignet.accounts.regions import REGION_NAMES, resolve_region

SEED_PATH = Path(__file__).parent / "data" / "catalogue.json"

CATEGORIES = {
    "laagdrempelig": "Laagdrempelig (systeemgericht) vrijwillig hulpaanbod aan plegers",
    "specialistisch_systeemgericht": "Specialistisch systeemgericht plegeraanbod",
    "ervaringsdeskundigen": "Plegeraanbod in samenwerking met ervaringsdeskundigen",
    "zorg_en_straf": "Interventies (bij afweging) samenloop zorg en straf",
    "effectiviteit": "Interventies (en hulpaanbod) ingedeeld op basis van effectiviteit",
    "overig": "Overige initiatieven plegeraanpak",
}
KINDS = ("aanbod", "hulpmiddel", "maatregel", "werkwijze", "project")
FRAMEWORKS = ("vrijwillig", "bestuurlijk", "civielrechtelijk", "strafrechtelijk", "mixed")
EFFECTIVENESS = {
    "goed_beschreven": "goed beschreven",
    "goed_onderbouwd": "goed onderbouwd",
    "effectief_eerste": "effectief volgens eerste aanwijzingen",
    "effectief_goede": "effectief volgens goede aanwijzingen",
    "effectief_sterke": "effectief volgens sterke aanwijzingen",
    "niet_beoordeeld": "niet beoordeeld",
    "niet_getoetst": "niet getoetst",
    "nvt": "n.v.t.",
}
LVB = ("geschikt", "aangepast", "alleen_lvb", "niet_geschikt")
SEXES = ("m", "v", "x")
VIOLENCE_TYPES = ("intimate_terror_suspected", "situational", "unclear")
RISK_LEVELS = ("none", "low", "medium", "high", "extreme")
BLOCKS = ("lotgenotencontact", "begeleiding_wijkteam_poh", "jeugdwet_wmo", "ggz_huisarts")

# Every field of an offer with its default; the order is the CSV column order.
DEFAULTS: dict = {
    "name": "", "aliases": [], "category": "", "categories": [], "kind": "aanbod", "framework": "vrijwillig",
    "frameworks": [], "provider": "", "national": False, "regions": [], "municipalities": [], "age_min": None,
    "age_max": None, "sexes": [], "violence_types": [], "lvb": "geschikt", "languages": [], "effectiveness": "",
    "own_contribution": "", "indication_needed": False, "waiting_days": None, "contraindications": "",
    "requires": [], "max_risk": "", "excludes_substance": False, "excludes_psychopathology": False,
    "modalities": [], "blocks": [], "ghnt": False, "generic": False, "borg": False, "description": "",
    "source": "", "active": True,
}
LIST_FIELDS = tuple(k for k, v in DEFAULTS.items() if isinstance(v, list))
BOOL_FIELDS = tuple(k for k, v in DEFAULTS.items() if isinstance(v, bool))
INT_FIELDS = ("age_min", "age_max", "waiting_days")
CSV_COLUMNS = tuple(DEFAULTS)
LIST_SEPARATOR = "|"


def with_defaults(entry: dict) -> dict:
    """A complete offer dict: defaults filled in, `categories` always containing `category`."""
    data = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULTS.items()}
    data.update({k: v for k, v in entry.items() if k in DEFAULTS})
    if data["category"] and data["category"] not in data["categories"]:
        data["categories"] = [data["category"], *data["categories"]]
    if data["framework"] != "mixed" and not data["frameworks"]:
        data["frameworks"] = [data["framework"]]
    return data


def load_seed(path: Path = SEED_PATH) -> dict:
    """The seed file: {"blocks": [...], "offers": [complete offer dicts]}."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {"blocks": raw["blocks"], "offers": [with_defaults(o) for o in raw["offers"]]}


def validate(data: dict) -> dict[str, str]:
    """Domain checks of one complete offer dict; returns {field: Dutch message} (empty when valid)."""
    errors: dict[str, str] = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = "Een naam is verplicht."
    if data.get("category") not in CATEGORIES:
        errors["category"] = (f"Onbekende categorie '{data.get('category')}'. Kies uit: "
                              + ", ".join(CATEGORIES) + ".")
    bad_cats = [c for c in data.get("categories") or [] if c not in CATEGORIES and c != data.get("category")]
    if bad_cats:
        errors["categories"] = f"Onbekende categorie(ën): {', '.join(bad_cats)}."
    if data.get("kind") not in KINDS:
        errors["kind"] = f"Onbekende soort '{data.get('kind')}'. Kies uit: {', '.join(KINDS)}."
    if data.get("framework") not in FRAMEWORKS:
        errors["framework"] = f"Onbekend kader '{data.get('framework')}'. Kies uit: {', '.join(FRAMEWORKS)}."
    bad_fw = [f for f in data.get("frameworks") or [] if f not in FRAMEWORKS or f == "mixed"]
    if bad_fw:
        errors["frameworks"] = f"Onbekend kader: {', '.join(bad_fw)}."
    elif data.get("framework") == "mixed" and len(data.get("frameworks") or []) < 2:
        errors["frameworks"] = "Geef bij een gemengd kader ten minste twee kaders (bijv. vrijwillig|strafrechtelijk)."
    bad_regions = [r for r in data.get("regions") or [] if r not in REGION_NAMES]
    if bad_regions:
        errors["regions"] = f"Onbekende Veilig Thuis-regio: {', '.join(bad_regions)}."
    elif data.get("national") and data.get("regions"):
        errors["regions"] = "Landelijk aanbod heeft geen aparte regio's."
    for name in INT_FIELDS:
        value = data.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            errors[name] = "Geef een geheel getal van 0 of meer."
    if (isinstance(data.get("age_min"), int) and isinstance(data.get("age_max"), int)
            and data["age_min"] > data["age_max"]):
        errors["age_max"] = "De maximumleeftijd ligt onder de minimumleeftijd."
    if isinstance(data.get("age_max"), int) and data["age_max"] > 120:
        errors["age_max"] = "Een leeftijd boven 120 jaar is niet aannemelijk."
    bad = [s for s in data.get("sexes") or [] if s not in SEXES]
    if bad:
        errors["sexes"] = f"Onbekend geslacht: {', '.join(bad)} (m, v of x)."
    bad = [s for s in data.get("violence_types") or [] if s not in VIOLENCE_TYPES]
    if bad:
        errors["violence_types"] = f"Onbekend geweldstype: {', '.join(bad)}."
    if data.get("lvb") not in LVB:
        errors["lvb"] = f"Onbekende LVB-waarde '{data.get('lvb')}'. Kies uit: {', '.join(LVB)}."
    if data.get("effectiveness") not in ("", *EFFECTIVENESS):
        errors["effectiveness"] = (f"Onbekende effectiviteit '{data.get('effectiveness')}'. Kies uit: "
                                   + ", ".join(EFFECTIVENESS) + " (of leeg).")
    if data.get("max_risk") not in ("", *RISK_LEVELS):
        errors["max_risk"] = f"Onbekend risiconiveau '{data.get('max_risk')}'."
    bad = [b for b in data.get("blocks") or [] if b not in BLOCKS]
    if bad:
        errors["blocks"] = f"Onbekende bouwsteen: {', '.join(bad)}."
    return errors


# --- CSV ----------------------------------------------------------------------------------------------

_TRUE = {"1", "ja", "j", "true", "waar", "yes", "y", "x"}
_FALSE = {"0", "nee", "n", "false", "onwaar", "no", ""}


def row_to_offer(row: dict) -> tuple[dict, dict[str, str]]:
    """Parse one CSV row (strings) into a complete offer dict; returns (data, errors)."""
    errors: dict[str, str] = {}
    data: dict = {}
    for name, default in DEFAULTS.items():
        raw = (row.get(name) or "").strip()
        if name in LIST_FIELDS:
            items = [part.strip() for part in raw.split(LIST_SEPARATOR) if part.strip()]
            if name == "regions":
                resolved = []
                for item in items:
                    code = resolve_region(item)
                    if code is None:
                        errors["regions"] = f"Onbekende Veilig Thuis-regio '{item}'."
                    else:
                        resolved.append(code)
                items = resolved
            data[name] = items
        elif name in BOOL_FIELDS:
            if raw == "" and default is True:
                data[name] = True
            elif raw.lower() in _TRUE:
                data[name] = True
            elif raw.lower() in _FALSE:
                data[name] = False
            else:
                errors[name] = f"'{raw}' is geen ja/nee."
        elif name in INT_FIELDS:
            if raw == "":
                data[name] = None
            else:
                try:
                    data[name] = int(raw)
                except ValueError:
                    errors[name] = f"'{raw}' is geen geheel getal."
                    data[name] = None
        else:
            data[name] = raw if raw else default
    if row.get("regions", "").strip().lower() in ("landelijk", "nl", "nederland"):
        data["regions"], data["national"] = [], True
        errors.pop("regions", None)
    data = with_defaults(data)
    for key, message in validate(data).items():
        errors.setdefault(key, message)
    return data, errors


def offer_to_row(data: dict) -> dict:
    row = {}
    for name in CSV_COLUMNS:
        value = data.get(name, DEFAULTS[name])
        if name in LIST_FIELDS:
            row[name] = LIST_SEPARATOR.join(str(v) for v in value or [])
        elif name in BOOL_FIELDS:
            row[name] = "ja" if value else "nee"
        elif value is None:
            row[name] = ""
        else:
            row[name] = str(value)
    return row
