"""manage.py borg_monitor --participants P.csv --controls C.csv --out DIR

The WODC-style recidivism analysis (issue 7, 001 §4.3); see veilignet/monitor/recidivism.py for every
definition. Bad input: every bad row is printed (and written to DIR/errors.csv) and the command exits
with status 1 without running the analysis.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from veilignet.monitor import recidivism


class Command(BaseCommand):
    help = "Recidiveanalyse BORG (matching, Kaplan–Meier, Cox) uit deelnemers- en controlebestand."

    def add_arguments(self, parser):
        parser.add_argument("--participants", required=True)
        parser.add_argument("--controls", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--no-pdf", action="store_true", help="Sla report.pdf over (sneller).")
        parser.add_argument("--max-errors", type=int, default=200, help="Zoveel fouten op het scherm (alle in errors.csv).")

    def handle(self, *args, **opts):
        t0 = time.monotonic()

        def progress(msg):
            self.stdout.write(f"[{time.monotonic() - t0:6.1f}s] {msg}")
            self.stdout.flush()

        try:
            a = recidivism.run_analysis(opts["participants"], opts["controls"], opts["out"],
                                        pdf=not opts["no_pdf"], progress=progress)
        except recidivism.DataError as exc:
            for err in exc.errors[: opts["max_errors"]]:
                self.stderr.write(str(err))
            if len(exc.errors) > opts["max_errors"]:
                self.stderr.write(f"… en nog {len(exc.errors) - opts['max_errors']} fout(en); alle fouten staan in "
                                  f"{opts['out']}/errors.csv")
            raise CommandError(str(exc)) from None
        for w in a.warnings:
            self.stderr.write(f"Waarschuwing: {w}")
        m = a.summary["matching"]
        progress(f"Klaar: {m['n_matched']}/{m['n_participants']} gematcht; resultaten in {opts['out']}")
