"""Loading the seed catalogue (data/catalogue.json) into the database.

Used by the data migration (with historical models) and by `manage.py load_offers`; idempotent:
an offer is found by its name or one of its aliases and only created when missing (`update=True`
overwrites the seeded fields, keeping local waiting times and regions unless the seed sets them).
"""

from .catalogue import DEFAULTS, load_seed


def snapshot(offer) -> dict:
    return {name: getattr(offer, name) for name in DEFAULTS}


def seed_catalogue(Offer, OfferVersion, MinimumBlock, *, update: bool = False, user=None) -> dict:
    seed = load_seed()
    counts = {"blocks": 0, "created": 0, "updated": 0, "unchanged": 0}
    for order, block in enumerate(seed["blocks"]):
        _, created = MinimumBlock.objects.update_or_create(
            code=block["code"],
            defaults={"name": block["name"], "description": block["description"],
                      "requires_no_indication": block["requires_no_indication"], "order": order},
        )
        counts["blocks"] += int(created)
    existing = {}
    for offer in Offer.objects.all():
        existing[offer.name.casefold()] = offer
        for alias in offer.aliases or []:
            existing.setdefault(alias.casefold(), offer)
    for data in seed["offers"]:
        offer = existing.get(data["name"].casefold())
        if offer is None:
            offer = next((existing[a.casefold()] for a in data["aliases"] if a.casefold() in existing), None)
        if offer is None:
            offer = Offer.objects.create(**data, version=1, updated_by=user)
            OfferVersion.objects.create(offer=offer, version=1, action="seed", data=snapshot(offer), changed_by=user)
            counts["created"] += 1
            continue
        if not update:
            counts["unchanged"] += 1
            continue
        changes = {k: [getattr(offer, k), v] for k, v in data.items() if getattr(offer, k) != v}
        if not changes:
            counts["unchanged"] += 1
            continue
        for k, (_, new) in changes.items():
            setattr(offer, k, new)
        offer.version += 1
        offer.updated_by = user
        offer.save()
        OfferVersion.objects.create(offer=offer, version=offer.version, action="seed", data=snapshot(offer),
                                    changes={k: [str(a), str(b)] for k, (a, b) in changes.items()}, changed_by=user)
        counts["updated"] += 1
    return counts
