"""Load the seed catalogue of the social map (idempotent).

    python manage.py load_offers            # create missing offers and building blocks
    python manage.py load_offers --update   # also overwrite seeded offers with the seed's values
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from veilignet.offers.models import MinimumBlock, Offer, OfferVersion
from veilignet.offers.seeding import seed_catalogue


class Command(BaseCommand):
    help = "Laadt de sociale kaart van plegeraanbod uit de seed (004 Bijlage 2); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="overschrijf bestaand aanbod met de seed")

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = seed_catalogue(Offer, OfferVersion, MinimumBlock, update=options["update"])
        self.stdout.write(f"Aanbod: {counts['created']} nieuw, {counts['updated']} bijgewerkt, "
                          f"{counts['unchanged']} ongewijzigd; totaal {Offer.objects.count()}.")
