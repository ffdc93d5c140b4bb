"""manage.py rct_reproduce --trial CODE --seed SEED [--list N --stratum S]

For the trial statistician: recompute every recorded allocation of the trial from the seed and
report differences (exit 1 when any differ), or print the first N allocations of a stratum.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from veilignet.access import audit
from veilignet.monitor import rct, services
from veilignet.monitor.models import Trial


class Command(BaseCommand):
    help = "Reproduceer de toewijzingen van een trial uit de seed."

    def add_arguments(self, parser):
        parser.add_argument("--trial", required=True)
        parser.add_argument("--seed", required=True)
        parser.add_argument("--list", type=int, default=0, help="Print the first N allocations of --stratum.")
        parser.add_argument("--stratum", default="")

    def handle(self, *args, **opts):
        trial = Trial.objects.filter(code=opts["trial"]).first()
        if trial is None:
            raise CommandError(f"Onbekende trial '{opts['trial']}'.")
        audit.record("rct.reproduce", "monitor.Trial", trial.pk, details={"trial": trial.code})
        if opts["list"]:
            seq = rct.sequence(opts["seed"], trial.code, opts["stratum"], trial.arms, opts["list"],
                               trial.block_multipliers)
            for i, arm in enumerate(seq, 1):
                self.stdout.write(json.dumps({"stratum": opts["stratum"], "sequence_no": i, "arm": arm}))
            return
        diffs = services.reproduce(trial, opts["seed"])
        n = trial.allocations.count()
        for d in diffs:
            self.stdout.write(json.dumps(d, ensure_ascii=False))
        if diffs:
            raise CommandError(f"{len(diffs)} van {n} toewijzingen wijken af van de seed.")
        self.stdout.write(f"Alle {n} toewijzingen van '{trial.code}' gereproduceerd uit de seed.")
