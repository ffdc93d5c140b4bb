"""The seeded catalogue: complete, named as in 004 Bijlage 2, present after migrate, loader idempotent."""

import pytest
from django.core.management import call_command

from veilignet.offers.catalogue import CATEGORIES, load_seed, validate
from veilignet.offers.models import MinimumBlock, Offer, OfferVersion

BIJLAGE_2 = [
    "Chatfunctie Veilig Thuis", "Vergroten kennis en kunde plegeraanpak lokale veld via PlatformPIP",
    "Ervaringswijs Moviera", "De pleger in ons", "Stop it now! De Waag", "Agressie, en daarna?",
    "Time-Out Woning Amsterdam", "Open de voordeur", "Agressie regulatie training MEE", "GRIP App De Waag",
    "Take a Break Moviera", "Blijvend Veilig – Een blijvend veilige basis creëren",
    "Veilig Verder Teams regio Haaglanden", "Project Integrale Behandeling en Begeleiding (PIBB)",
    "Carrouselgroep Eindhoven", "Mannentegenagressie", "Inzet ervaringsdeskundige voormalig plegers De Cirkel is rond",
    "Maak kennis met onze onmisbare ervaringsdeskundigen Hart van Brabant", "Oranje huis aanpak",
    "Maatje achter de Voordeur", "De Cirkel is Rond West-Brabant", "Benutten Actieoverleg plegers in vrijwillig traject",
    "Inschakelen reclassering voorfase huisverbod door gemeente", "Spreekuur huiselijk geweld Reclassering en Veilig Thuis",
    "Vervolghulp na Huisverbod Plegeraanpak-Flevoland-Outreachend-en-Betrokken",
    "Reclassering en Veilig Thuis trekken samen op bij detentiefasering", "VoorZorg", "Stopgesprek politie",
    "Tijdelijk huisverbod", "Gebiedsverbod/wijkverbod", "Meldplicht", "Crisismaatregel", "Families First",
    "Signs of Safety", "Niet meer door het lint", "Multidimensionele familietherapie (MDFT)",
    "Multisysteem therapie (MST)", "Multifocus", "Agressieregulatie op Maat Ambulant",
    "Agressieregulatie op Maat Residentieel", "Mediation", "De Aanpak", "Eigen kracht conferentie",
    "Geweldloos verzet in gezinnen", "Caring Dads", "Project Rotterdam-Rijnmond",
]
EXTRA = ["BORG", "Alcohol & Geweld", "Leefstijl 24/7", "I respect", "de Pion"]
SUPPORT_GROUP_ALIASES = ["Mannen tegen agressie", "Agressie en daarna", "Cirkel is rond"]

SEED = load_seed()["offers"]


def test_seed_has_every_bijlage_2_entry_and_the_extras():
    names = {o["name"] for o in SEED}
    missing = [n for n in BIJLAGE_2 + EXTRA if n not in names]
    assert not missing
    aliases = {a for o in SEED for a in o["aliases"]}
    assert set(SUPPORT_GROUP_ALIASES) <= aliases


def test_seed_entries_are_valid_and_cover_the_six_categories():
    for o in SEED:
        assert validate(o) == {}, o["name"]
        assert o["source"]
    assert {o["category"] for o in SEED} == set(CATEGORIES)


def test_effectiveness_recorded_where_stated():
    by = {o["name"]: o["effectiveness"] for o in SEED}
    assert by["Maatje achter de Voordeur"] == "goed_beschreven"
    assert by["Oranje huis aanpak"] == "goed_onderbouwd"
    assert by["VoorZorg"] == "effectief_goede"
    assert by["Families First"] == "effectief_eerste"
    assert by["Multisysteem therapie (MST)"] == "effectief_sterke"
    assert by["Stopgesprek politie"] == "niet_getoetst"
    assert by["Mediation"] == "niet_beoordeeld"
    assert by["Tijdelijk huisverbod"] == "nvt"


def test_every_minimum_block_has_a_generic_route_or_peer_offer():
    blocks = {b for o in SEED for b in o["blocks"]}
    assert blocks == {"lotgenotencontact", "begeleiding_wijkteam_poh", "jeugdwet_wmo", "ggz_huisarts"}


@pytest.mark.django_db
def test_catalogue_is_there_after_migrate():
    assert Offer.objects.count() == len(SEED)
    assert MinimumBlock.objects.count() == 4
    assert OfferVersion.objects.filter(action="seed").count() == len(SEED)
    assert Offer.objects.get(name="BORG").borg


@pytest.mark.django_db
def test_load_offers_is_idempotent_and_recreates_missing():
    Offer.objects.filter(name="Mediation").delete()
    call_command("load_offers")
    call_command("load_offers")
    assert Offer.objects.count() == len(SEED)
    assert Offer.objects.filter(name="Mediation").count() == 1


@pytest.mark.django_db
def test_load_offers_keeps_local_edits_unless_update():
    Offer.objects.filter(name="Mediation").update(waiting_days=12)
    call_command("load_offers")
    assert Offer.objects.get(name="Mediation").waiting_days == 12
    call_command("load_offers", "--update")
    offer = Offer.objects.get(name="Mediation")
    assert offer.waiting_days is None and offer.version == 2
