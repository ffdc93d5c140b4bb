import random
import time

from django.core.management.base import BaseCommand

from veilignet.accounts.models import Organisation
from veilignet.cases import demo_data
from veilignet.core.registry import demo_loaders


class Command(BaseCommand):
    help = "Laad demogegevens: organisaties, gebruikers (alle typen en rollen) en enkele honderden huishoudens."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="niets doen als er al demogegevens zijn")

    def handle(self, *args, **o):
        if o["if_empty"] and Organisation.objects.filter(code="vt-utrecht").exists():
            self.stdout.write("Demogegevens zijn er al; overgeslagen.")
            return
        rng = random.Random(o["seed"])
        started = time.monotonic()
        self.stdout.write("Organisaties en gebruikers…")
        orgs = demo_data.create_organisations_and_users(self.stdout)
        self.stdout.write("Huishoudens, meldingen en notities…")
        demo_data.create_households(self.stdout, orgs, o["households"], rng)
        for load in demo_loaders():
            self.stdout.write(f"{load.__module__}…")
            load(self.stdout, rng)
        self.stdout.write(self.style.SUCCESS(f"Klaar in {time.monotonic() - started:.0f} s. "
                                             f"Inloggen met bv. vt.medewerker / {demo_data.DEMO_PASSWORD}"))
