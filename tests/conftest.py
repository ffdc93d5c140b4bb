import os

import pytest

os.environ.setdefault("VEILIGNET_REQUIRE_2FA", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in fixtures are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REQUIRE_2FA = False
    settings.AXES_ENABLED = True


@pytest.fixture
def make_org(db):
    from veilignet.accounts.services import add_organisation

    def make(code="vt-utrecht", type_="veilig_thuis", region="utrecht", name=None):
        return add_organisation(code, name or code.replace("-", " ").title(), type_, region)

    return make


@pytest.fixture
def make_user(db, make_org):
    from veilignet.accounts.models import Organisation
    from veilignet.accounts.services import add_user

    def make(username="vt1", org="vt-utrecht", roles=("medewerker",), type_="veilig_thuis", region="utrecht"):
        if not Organisation.objects.filter(code=org).exists():
            make_org(org, type_, region)
        return add_user(username, org, list(roles), password="geheim-wachtwoord-1")

    return make


@pytest.fixture
def report_input():
    """A valid report input; tests change what they need."""
    from datetime import date, timedelta

    from django.utils import timezone

    from veilignet.cases.services import PersonInput, ReporterInput, ReportInput

    def make(**overrides):
        data = dict(
            received_at=timezone.now() - timedelta(hours=1), source="burger", category="partnergeweld",
            description="Buurvrouw hoort geschreeuw en gebonk; zij is bang dat hij haar iets aandoet.",
            urgency="hoog",
            persons=[
                PersonInput(role="slachtoffer", first_name="Anna", last_name="de Vries", birth_date=date(1990, 3, 4),
                            gender="v", bsn="111222333", relation="partner"),
                PersonInput(role="pleger", first_name="Mark", last_name="de Vries", birth_date=date(1987, 5, 6),
                            gender="m", relation="partner"),
            ],
            reporter=ReporterInput(name="Els Jansen", phone="0612345678", relation="buurvrouw", protect_identity=True),
        )
        data.update(overrides)
        return ReportInput(**data)

    return make


@pytest.fixture
def make_case(report_input):
    """Register a report through the service layer and return its case."""
    from veilignet.cases.services import register_report

    def make(user, **overrides):
        return register_report(user, report_input(**overrides)).case

    return make


def pytest_collection_modifyitems(config, items):
    """Run transactional (browser) tests last: their flush empties the tables that data migrations
    seed (offers catalogue, deadline terms), which the other tests rely on."""

    def is_transactional(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")))

    items.sort(key=is_transactional)  # stable: keeps the order within each group


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Data migrations seed reference data (deadline terms, the offers catalogue). A transactional
    test's flush empties those tables for the tests after it, so put them back when they are gone."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    from veilignet.network.models import Term
    from veilignet.offers.models import MinimumBlock, Offer, OfferVersion
    from veilignet.offers.seeding import seed_catalogue

    if not Term.objects.exists():
        import importlib

        importlib.import_module("veilignet.network.migrations.0002_seed_terms").seed(apps, None)
    if not Offer.objects.exists():
        seed_catalogue(Offer, OfferVersion, MinimumBlock)
