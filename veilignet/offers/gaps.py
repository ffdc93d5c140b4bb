"""Gaps in the minimum voluntary offer per region and municipality (004 §1.4). Pure logic.

A building block is covered in a region (or municipality) by an active, referable offer that names the
block, is available there (national, or the region listed; for a municipality also: no municipalities
listed, or this one) and is voluntary. The national routes of the seed (`generic`) do not count: the
gap is whether the region has mapped its own local provider with a waiting time. For the block
"lotgenotencontact" the offer must be available without indication.
"""

from veilignet.accounts.regions import REGION_NAMES

LONG_WAIT_DAYS = 28


def _available(offer: dict, region: str, municipality: str | None) -> bool:
    if not (offer.get("national") or region in (offer.get("regions") or [])):
        return False
    if municipality:
        listed = [m.casefold() for m in offer.get("municipalities") or []]
        return not listed or municipality.casefold() in listed
    return True


def _counts(offer: dict) -> bool:
    frameworks = set(offer.get("frameworks") or [offer.get("framework")])
    return (offer.get("active", True) and (offer.get("kind") or "aanbod") == "aanbod" and not offer.get("generic")
            and "vrijwillig" in frameworks)


def block_status(offers: list[dict], block: dict, region: str, municipality: str | None = None) -> dict:
    covering = [o for o in offers if _counts(o) and block["code"] in (o.get("blocks") or [])
                and _available(o, region, municipality)]
    note = ""
    if block.get("requires_no_indication"):
        with_indication = [o for o in covering if o.get("indication_needed")]
        covering = [o for o in covering if not o.get("indication_needed")]
        if with_indication and not covering:
            note = "Alleen aanbod met indicatie; laagdrempelig aanbod zonder indicatie ontbreekt."
    waits = [o["waiting_days"] for o in covering if o.get("waiting_days") is not None]
    min_wait = min(waits) if waits else None
    if not covering:
        status = "ontbreekt"
    elif min_wait is None:
        status = "wachttijd_onbekend"
    elif min_wait > LONG_WAIT_DAYS:
        status = "lange_wachttijd"
    else:
        status = "aanwezig"
    return {"block": block["code"], "block_name": block["name"], "status": status, "min_wait": min_wait,
            "offers": sorted(o["name"] for o in covering), "note": note}


STATUS_LABELS = {"ontbreekt": "ontbreekt", "wachttijd_onbekend": "aanwezig, wachttijd onbekend",
                 "lange_wachttijd": "aanwezig, lange wachttijd", "aanwezig": "aanwezig"}


def region_gaps(offers: list[dict], blocks: list[dict], region: str, municipality: str | None = None) -> dict:
    rows = [block_status(offers, b, region, municipality) for b in blocks]
    return {"region": region, "region_name": REGION_NAMES.get(region, region), "municipality": municipality or "",
            "blocks": rows, "missing": [r["block"] for r in rows if r["status"] == "ontbreekt"]}


def table(offers: list[dict], blocks: list[dict], municipalities: dict[str, list[str]] | None = None) -> list[dict]:
    """One row per region, and one per known municipality within it."""
    municipalities = municipalities or {}
    out = []
    for code in REGION_NAMES:
        out.append(region_gaps(offers, blocks, code))
        for name in sorted(set(municipalities.get(code, [])), key=str.casefold):
            out.append(region_gaps(offers, blocks, code, name))
    return out
