"""Match perpetrators' cases to the social map, from JSON lines to JSON lines (issue 5 §2).

    python manage.py match_offers --in cases.jsonl --out matches.jsonl [--offers catalogue.json] [--advice]

Each input line: {"id", "region", "age", "sex", "violence_type", "risk_level", "framework",
"substance_problem", "lvb", "serious_psychopathology", "children"}; `region` is a Veilig Thuis region
name (or code). Each output line: {"id", "offers": [{"name", "score", "reasons"}], "excluded":
[{"name", "reason"}]} (with --advice also "advice"). The offers come from the database (active and
inactive; inactive ones are excluded with a reason); with --offers from a catalogue JSON file instead;
from the seed file when the database holds no offers.
A malformed line (not JSON, not an object, no "id") is reported on stderr with its line number and
skipped; values that are not understood are reported as warnings and treated as unknown. `-` reads
stdin / writes stdout. Exit code 0, or 1 when input lines were given but none could be processed.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from veilignet.core.jsonl import dump, open_in, open_out, read_objects
from veilignet.offers import catalogue, matching


class Command(BaseCommand):
    help = "Koppelt casussen (JSON lines) aan passend plegeraanbod uit de sociale kaart."

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="input", required=True)
        parser.add_argument("--out", dest="output", required=True)
        parser.add_argument("--offers", dest="offers", help="catalogus als JSON-bestand in plaats van de database")
        parser.add_argument("--advice", action="store_true", help="voeg het advies per casus toe")

    def _offers(self, path):
        if path:
            return catalogue.load_seed(path)["offers"]
        from veilignet.offers.services import offer_dicts

        offers = offer_dicts()
        if not offers:
            self.stderr.write("De sociale kaart in de database is leeg; de seed-catalogus wordt gebruikt "
                              "(laad hem met manage.py load_offers).")
            return catalogue.load_seed()["offers"]
        return offers

    def handle(self, *args, **options):
        prepared = matching.prepare_all(self._offers(options["offers"]))
        skipped = done = 0

        def report(number, message):
            nonlocal skipped
            skipped += 1
            self.stderr.write(f"regel {number} (line {number}): {message}; overgeslagen")

        try:
            with open_in(options["input"]) as source, open_out(options["output"]) as target:
                for number, case in read_objects(source, report):
                    if case.get("id") in (None, ""):
                        report(number, "'id' ontbreekt")
                        continue
                    result = matching.match(prepared, case, prepared=True)
                    for warning in result["warnings"]:
                        self.stderr.write(f"regel {number} (line {number}): {warning}")
                    out = matching.cli_line(result)
                    if options["advice"]:
                        out["advice"] = result["advice"]
                    target.write(dump(out) + "\n")
                    done += 1
        except OSError as exc:
            raise CommandError(f"Kan {options['input']} niet lezen: {exc}") from exc
        self.stderr.write(f"{done} van {done + skipped} casussen verwerkt.")
        if skipped and not done:
            sys.exit(1)
