"""manage.py rct_seed --trial CODE --purpose TEXT — print the secret seed for the trial statistician (audited)."""

from django.core.management.base import BaseCommand, CommandError

from veilignet.monitor import services
from veilignet.monitor.models import Trial


class Command(BaseCommand):
    help = "Toon de seed van een trial aan de trialstatisticus (wordt gelogd)."

    def add_arguments(self, parser):
        parser.add_argument("--trial", required=True)
        parser.add_argument("--purpose", required=True, help="Waarom de seed nodig is (komt in het auditlog).")

    def handle(self, *args, **opts):
        trial = Trial.objects.filter(code=opts["trial"]).first()
        if trial is None:
            raise CommandError(f"Onbekende trial '{opts['trial']}'.")
        self.stdout.write(services.reveal_seed(trial, purpose=opts["purpose"]))
