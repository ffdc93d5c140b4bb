"""Recompute the precomputed indicator aggregates of the monitoring dashboard.

    manage.py refresh_indicators              # everything (after a bulk load such as generate_national)
    manage.py refresh_indicators --since 2025-01   # from that month on
    manage.py refresh_indicators --dirty      # only what the write-path hooks marked (cron, e.g. every minute)

Exit code 0; 2 on a bad --since.
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from veilignet.monitor import aggregates


def _month(value: str) -> dt.date:
    for fmt in ("%Y-%m", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date().replace(day=1)
        except ValueError:
            continue
    raise CommandError(f"Ongeldige maand voor --since: {value!r} (verwacht JJJJ-MM).", returncode=2)


class Command(BaseCommand):
    help = "Herbereken de indicatoren van het monitoringsdashboard (voorberekende aggregaten)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="vanaf deze maand (JJJJ-MM); standaard alles")
        parser.add_argument("--dirty", action="store_true", help="alleen de als gewijzigd gemarkeerde maanden")

    def handle(self, *args, since=None, dirty=False, **options):
        t0 = time.monotonic()
        if dirty:
            cells = aggregates.ensure_fresh()
            self.stdout.write(f"gewijzigde maanden herberekend: {cells} cellen ({time.monotonic() - t0:.1f}s)")
            return
        start = _month(since) if since else None
        cells = aggregates.refresh_all(start, progress=lambda msg: self.stderr.write(msg))
        self.stdout.write(f"{cells} cellen herberekend ({time.monotonic() - t0:.1f}s)")
