"""Recompute the monitor figures of BORG trajectories (services.refresh_stats).

    python manage.py borg_refresh_stats [--all]

The figures are updated on every write; this nightly job also moves "not started yet" trajectories
to late (start_on_time / intake_start_on_time False) once their target date has passed. Without
--all only active trajectories (screening, intake, started) are refreshed.
"""

from django.core.management.base import BaseCommand

from veilignet.borg.models import ACTIVE_STATUSES, BorgTrajectory
from veilignet.borg.services import refresh_stats


class Command(BaseCommand):
    help = "BORG-monitorcijfers van trajecten opnieuw berekenen."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="ook afgesloten trajecten")

    def handle(self, *args, **options):
        qs = BorgTrajectory.objects.select_related("group").order_by("pk")
        if not options["all"]:
            qs = qs.filter(status__in=ACTIVE_STATUSES)
        count = 0
        for trajectory in qs.iterator(chunk_size=500):
            refresh_stats(trajectory)
            count += 1
        self.stdout.write(f"{count} BORG-trajecten bijgewerkt.")
