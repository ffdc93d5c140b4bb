"""Decide BORG eligibility for a file of candidates (issue 5; criteria in veilignet/borg/eligibility.py).

    python manage.py borg_eligibility --in candidates.jsonl --out decisions.jsonl

Each input line is a JSON object {"id", "age", "risc_level", "residence_permit",
"serious_antisocial_violence", "serious_substance_problem", "acknowledges_violence", "iq",
"violence_type", "serious_psychopathology", "willing_to_talk"} (optional "lvb"/"lvb_suspected");
each output line is {"id", "eligible", "reasons", "advice"}, in input order. `-` means stdin/stdout.

Bad input: a line that is not a JSON object, or has no "id", is reported on stderr with its line
number and skipped. A field with a wrong type or an unknown code is reported on stderr with its line
number and treated as unknown (the candidate gets `<criterion>_unknown`, never a silent pass).
Blank lines are ignored. Exit code 0, unless there were input lines and none could be processed (1).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from veilignet.borg.eligibility import decide


class Command(BaseCommand):
    help = "BORG-geschiktheid bepalen voor kandidaten uit een JSON-lines-bestand."
    # Pure logic: no database, so no system checks needed (faster, and works before `migrate`).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="input", required=True, help="JSON lines met kandidaten ('-' = stdin)")
        parser.add_argument("--out", dest="output", required=True, help="JSON lines met besluiten ('-' = stdout)")

    def handle(self, *args, **options):
        source = sys.stdin if options["input"] == "-" else None
        try:
            if source is None:
                source = open(options["input"], encoding="utf-8-sig")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Kan invoerbestand niet openen: {exc}") from exc
        try:
            sink = sys.stdout if options["output"] == "-" else open(options["output"], "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Kan uitvoerbestand niet openen: {exc}") from exc
        seen = done = skipped = 0
        err = self.stderr
        try:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                seen += 1
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, ValueError) as exc:
                    err.write(f"regel {number}: geen geldige JSON ({exc.msg if hasattr(exc, 'msg') else exc}); overgeslagen")
                    skipped += 1
                    continue
                if not isinstance(record, dict):
                    err.write(f"regel {number}: geen JSON-object; overgeslagen")
                    skipped += 1
                    continue
                if record.get("id") in (None, "") or isinstance(record.get("id"), (dict, list, bool)):
                    err.write(f"regel {number}: 'id' ontbreekt of is ongeldig; overgeslagen")
                    skipped += 1
                    continue
                decision = decide(record)
                for problem in decision.problems:
                    err.write(f"regel {number} (id {decision.id}): {problem}")
                sink.write(json.dumps(decision.as_dict(), ensure_ascii=False) + "\n")
                done += 1
        finally:
            if source is not sys.stdin:
                source.close()
            if sink is not sys.stdout:
                sink.close()
        err.write(f"{done} besluiten geschreven, {skipped} regels overgeslagen.")
        if seen and not done:
            raise CommandError("Geen enkele regel kon worden verwerkt.")
