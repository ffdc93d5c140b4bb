import pytest


@pytest.fixture(autouse=True)
def _seeded_catalogue(request):
    """The seed comes with `migrate`; transactional (browser) tests elsewhere flush it, so reload if gone."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from veilignet.offers.models import MinimumBlock, Offer, OfferVersion
    from veilignet.offers.seeding import seed_catalogue

    if not Offer.objects.exists():
        seed_catalogue(Offer, OfferVersion, MinimumBlock)
