"""Gaps against the minimum voluntary offer (004 §1.4)."""

import pytest

from veilignet.offers.catalogue import load_seed, with_defaults
from veilignet.offers.gaps import region_gaps, table

SEED = load_seed()
BLOCKS = SEED["blocks"]


def status(result, block):
    return next(b for b in result["blocks"] if b["block"] == block)


def test_seed_utrecht_has_peer_contact_but_misses_local_routes():
    r = region_gaps(SEED["offers"], BLOCKS, "utrecht")
    peer = status(r, "lotgenotencontact")
    assert peer["status"] != "ontbreekt" and "De pleger in ons" in peer["offers"]
    # national generic routes do not count: the region must map its own provider
    assert set(r["missing"]) == {"begeleiding_wijkteam_poh", "jeugdwet_wmo", "ggz_huisarts"}


def test_peer_contact_with_indication_does_not_count():
    offers = [with_defaults({"name": "Groep", "category": "ervaringsdeskundigen", "regions": ["zeeland"],
                             "blocks": ["lotgenotencontact"], "indication_needed": True, "waiting_days": 3})]
    peer = status(region_gaps(offers, BLOCKS, "zeeland"), "lotgenotencontact")
    assert peer["status"] == "ontbreekt" and "indicatie" in peer["note"]


def test_waiting_times_and_municipality():
    offers = [with_defaults({"name": "Wijkteam Goes", "category": "laagdrempelig", "regions": ["zeeland"],
                             "municipalities": ["Goes"], "blocks": ["begeleiding_wijkteam_poh"], "waiting_days": 40}),
              with_defaults({"name": "Wijkteam Goes snel", "category": "laagdrempelig", "regions": ["zeeland"],
                             "municipalities": ["Goes"], "blocks": ["begeleiding_wijkteam_poh"], "waiting_days": 50})]
    goes = status(region_gaps(offers, BLOCKS, "zeeland", "Goes"), "begeleiding_wijkteam_poh")
    assert goes["status"] == "lange_wachttijd" and goes["min_wait"] == 40
    assert status(region_gaps(offers, BLOCKS, "zeeland", "Middelburg"), "begeleiding_wijkteam_poh")["status"] == "ontbreekt"


@pytest.mark.parametrize("changes", [{"active": False}, {"framework": "strafrechtelijk"}, {"kind": "project"}])
def test_inactive_criminal_or_non_referable_offers_do_not_count(changes):
    offers = [with_defaults({"name": "X", "category": "laagdrempelig", "regions": ["zeeland"],
                             "blocks": ["jeugdwet_wmo"], "waiting_days": 1, **changes})]
    assert "jeugdwet_wmo" in region_gaps(offers, BLOCKS, "zeeland")["missing"]


def test_table_has_every_region_and_listed_municipalities():
    rows = table(SEED["offers"], BLOCKS, {"zeeland": ["Goes"]})
    assert len([r for r in rows if not r["municipality"]]) == 25
    assert any(r["municipality"] == "Goes" for r in rows)
