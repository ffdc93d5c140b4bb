"""manage.py generate_national --years N [--start-year Y] [--seed S] [--scale F]

Realistic synthetic national data in bulk: ~130,000 reports and ~2,000 BORG participants a year
over the 25 regions (× --scale). See veilignet/monitor/national.py. Adds to what is there.
"""

from django.core.management.base import BaseCommand, CommandError

from veilignet.monitor import national


class Command(BaseCommand):
    help = "Genereer landelijke testdata (meldingen, dossiers, justitiële gegevens, BORG)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, required=True)
        parser.add_argument("--start-year", type=int, default=None, help="Default: this year minus --years.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the national volume (tests: 0.01).")
        parser.add_argument("--borg-effect", type=float, default=1.0, help="Hazard ratio of BORG participation.")
        parser.add_argument("--completion-effect", type=float, default=0.65, help="Hazard ratio of completing BORG.")
        parser.add_argument("--no-borg-app", action="store_true", help="Do not fill borg.BorgTrajectory.")

    def handle(self, *args, **opts):
        if opts["years"] < 1 or opts["years"] > 30:
            raise CommandError("--years moet tussen 1 en 30 liggen.")
        if not 0 < opts["scale"] <= 10:
            raise CommandError("--scale moet tussen 0 en 10 liggen.")

        def progress(msg):
            self.stdout.write(msg)
            self.stdout.flush()

        totals = national.generate(years=opts["years"], start_year=opts["start_year"], scale=opts["scale"],
                                   seed=opts["seed"], borg_effect=opts["borg_effect"],
                                   completion_effect=opts["completion_effect"], progress=progress,
                                   fill_borg_app=not opts["no_borg_app"])
        self.stdout.write("Klaar: " + ", ".join(f"{k}={v}" for k, v in totals.items()))
        self.stdout.write("De indicatoren van deze maanden zijn als verouderd gemarkeerd; "
                          "draai manage.py refresh_indicators om ze nu te herberekenen.")
