"""The Veilig Thuis regions.

Veilig Thuis works in the 25 veiligheidsregio's (one Veilig Thuis organisation per region; in
Midden- en West-Brabant two organisations share the region, hence "25-26 organisations" in the
sources, SYSTEM.md §2). Codes are stable slugs; names are as the regions call themselves.
"""

REGIONS: list[tuple[str, str]] = [
    ("groningen", "Groningen"),
    ("fryslan", "Fryslân"),
    ("drenthe", "Drenthe"),
    ("ijsselland", "IJsselland"),
    ("twente", "Twente"),
    ("noord-en-oost-gelderland", "Noord- en Oost-Gelderland"),
    ("gelderland-midden", "Gelderland-Midden"),
    ("gelderland-zuid", "Gelderland-Zuid"),
    ("utrecht", "Utrecht"),
    ("noord-holland-noord", "Noord-Holland Noord"),
    ("zaanstreek-waterland", "Zaanstreek-Waterland"),
    ("kennemerland", "Kennemerland"),
    ("amsterdam-amstelland", "Amsterdam-Amstelland"),
    ("gooi-en-vechtstreek", "Gooi en Vechtstreek"),
    ("haaglanden", "Haaglanden"),
    ("hollands-midden", "Hollands Midden"),
    ("rotterdam-rijnmond", "Rotterdam-Rijnmond"),
    ("zuid-holland-zuid", "Zuid-Holland Zuid"),
    ("zeeland", "Zeeland"),
    ("midden-en-west-brabant", "Midden- en West-Brabant"),
    ("brabant-noord", "Brabant-Noord"),
    ("brabant-zuidoost", "Brabant-Zuidoost"),
    ("limburg-noord", "Limburg-Noord"),
    ("zuid-limburg", "Zuid-Limburg"),
    ("flevoland", "Flevoland"),
]

REGION_NAMES = dict(REGIONS)


def _key(text: str) -> str:
    """Fold case, accents, spaces and hyphens so 'Fryslan', 'fryslân' and 'FRYSLAN' all match."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in folded if ch.isalnum())


_LOOKUP = {}
for _code, _name in REGIONS:
    _LOOKUP[_key(_code)] = _code
    _LOOKUP[_key(_name)] = _code


def resolve_region(value: str | None) -> str | None:
    """The region code for a code or name (case- and accent-insensitive), or None when unknown."""
    if not value:
        return None
    return _LOOKUP.get(_key(value))
