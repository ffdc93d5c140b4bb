"""Maintaining the social map: edits with history and version check, CSV import/export without partial imports."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from veilignet.access.models import AuditEvent
from veilignet.offers import services
from veilignet.offers.models import Offer, OfferVersion
from veilignet.offers.seeding import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintainer(make_user):
    return make_user("gem1", org="gemeente-utrecht", roles=("beheerder",), type_="gemeente", region="utrecht")


def test_who_may_maintain(make_user, maintainer):
    assert services.can_maintain(maintainer)
    assert services.can_maintain(make_user("vt-tl", org="vt-utrecht", roles=("teamleider",)))
    assert not services.can_maintain(make_user("vt-mw", org="vt-utrecht", roles=("medewerker",)))
    assert not services.can_maintain(make_user("recl", org="recl", roles=("beheerder",), type_="reclassering"))
    amsterdam_only = Offer.objects.get(name="Time-Out Woning Amsterdam")
    assert not services.can_edit_offer(maintainer, amsterdam_only)
    assert services.can_edit_offer(maintainer, Offer.objects.get(name="BORG"))  # national


def test_edit_records_history_and_audit(maintainer):
    offer = Offer.objects.get(name="De pleger in ons")
    data = {**snapshot(offer), "waiting_days": 21}
    saved = services.save_offer(maintainer, offer, data, expected_version=1)
    assert saved.version == 2 and saved.waiting_days == 21 and saved.waiting_updated_on is not None
    latest = OfferVersion.objects.filter(offer=offer).order_by("-version").first()
    assert latest.version == 2 and latest.changes["waiting_days"] == [None, 21]
    assert latest.changed_by == maintainer and latest.data["waiting_days"] == 21
    assert AuditEvent.objects.filter(action="update", object_type="offer", object_id=str(offer.pk)).exists()


def test_stale_version_rejected(maintainer):
    offer = Offer.objects.get(name="De pleger in ons")
    services.save_offer(maintainer, offer, {**snapshot(offer), "waiting_days": 5}, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.save_offer(maintainer, offer, {**snapshot(offer), "waiting_days": 9}, expected_version=1)
    assert "version" in exc.value.message_dict
    assert Offer.objects.get(pk=offer.pk).waiting_days == 5


def test_invalid_edit_saves_nothing(maintainer):
    offer = Offer.objects.get(name="De pleger in ons")
    with pytest.raises(ValidationError) as exc:
        services.save_offer(maintainer, offer, {**snapshot(offer), "category": "onzin", "age_min": 30, "age_max": 20})
    assert set(exc.value.message_dict) >= {"category", "age_max"}
    assert Offer.objects.get(pk=offer.pk).version == 1


def test_other_region_may_not_edit(maintainer):
    offer = Offer.objects.get(name="Time-Out Woning Amsterdam")
    with pytest.raises(PermissionDenied):
        services.save_offer(maintainer, offer, {**snapshot(offer), "waiting_days": 3})


def test_duplicate_name_rejected(maintainer):
    with pytest.raises(ValidationError) as exc:
        services.save_offer(maintainer, None, {"name": "mediation", "category": "overig", "national": True})
    assert "name" in exc.value.message_dict


HEADER = "name;category;regions;waiting_days;framework"


def test_csv_roundtrip_export_import_unchanged(maintainer):
    text = services.export_csv(Offer.objects.filter(national=True))
    counts = services.import_csv(maintainer, text)
    assert counts["created"] == 0 and counts["updated"] == 0
    assert counts["unchanged"] == Offer.objects.filter(national=True).count()


def test_csv_import_creates_and_updates(maintainer):
    before = Offer.objects.count()
    text = "\n".join([HEADER, "Wijkteam Utrecht Oost plegerspreekuur;laagdrempelig;Utrecht;7;vrijwillig",
                      "De pleger in ons;laagdrempelig;utrecht|gelderland-midden|noord-en-oost-gelderland;14;vrijwillig"])
    counts = services.import_csv(maintainer, text)
    assert counts == {"created": 1, "updated": 1, "unchanged": 0}
    assert Offer.objects.count() == before + 1
    new = Offer.objects.get(name="Wijkteam Utrecht Oost plegerspreekuur")
    assert new.regions == ["utrecht"] and new.waiting_days == 7
    updated = Offer.objects.get(name="De pleger in ons")
    assert updated.waiting_days == 14 and updated.provider == "Moviera"  # absent columns kept
    assert updated.history.first().action == "import"


@pytest.mark.parametrize("bad_row, field", [
    ("Nieuw aanbod;onbekende_categorie;Utrecht;7;vrijwillig", "category"),
    ("Nieuw aanbod;laagdrempelig;Atlantis;7;vrijwillig", "regions"),
])
def test_unknown_category_or_region_fails_whole_import(maintainer, bad_row, field):
    before = {o.pk: o.version for o in Offer.objects.all()}
    text = "\n".join([HEADER, "De pleger in ons;laagdrempelig;utrecht;3;vrijwillig",
                      "Goed aanbod;laagdrempelig;Utrecht;7;vrijwillig", bad_row])
    with pytest.raises(services.CsvImportError) as exc:
        services.import_csv(maintainer, text)
    assert exc.value.rows[0][0] == 4 and exc.value.rows[0][1] == field
    assert "Regel 4" in exc.value.messages[0]
    assert {o.pk: o.version for o in Offer.objects.all()} == before
    assert not Offer.objects.filter(name="Goed aanbod").exists()


def test_csv_reports_every_bad_row(maintainer):
    text = "\n".join([HEADER, "A;xx;Utrecht;7;vrijwillig", "B;laagdrempelig;Utrecht;zeven;vrijwillig",
                      "C;laagdrempelig;Utrecht;1;vrijwillig", "C;laagdrempelig;Utrecht;1;vrijwillig"])
    with pytest.raises(services.CsvImportError) as exc:
        services.import_csv(maintainer, text)
    lines = {(line, field) for line, field, _ in exc.value.rows}
    assert lines == {(2, "category"), (3, "waiting_days"), (5, "name")}


def test_csv_unknown_column_rejected(maintainer):
    with pytest.raises(services.CsvImportError):
        services.import_csv(maintainer, "name;category;kleur\nX;laagdrempelig;rood")


def test_csv_import_needs_maintainer(make_user):
    user = make_user("mw", roles=("medewerker",))
    with pytest.raises(PermissionDenied):
        services.import_csv(user, HEADER + "\nX;laagdrempelig;Utrecht;1;vrijwillig")
