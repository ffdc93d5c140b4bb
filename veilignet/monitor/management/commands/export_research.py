"""manage.py export_research --out DIR

Pseudonymised participants.csv and controls.csv in the borg_monitor format (see
veilignet/monitor/research.py for what is left out and how pseudonyms are made). Audited.
"""

from django.core.management.base import BaseCommand

from veilignet.access import audit
from veilignet.monitor import research


class Command(BaseCommand):
    help = "Exporteer gepseudonimiseerde onderzoeksbestanden (deelnemers en controles)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)

    def handle(self, *args, **opts):
        counts = research.export(opts["out"], progress=lambda m: self.stdout.write(m))
        audit.record("monitor.export_research", "monitor.ResearchExport", "", purpose="wetenschappelijk onderzoek",
                     details=counts)
        self.stdout.write("Klaar: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
