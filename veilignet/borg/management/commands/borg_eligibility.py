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


from django.core.management.base import BaseCommand, CommandError

from veilignet.borg.eligibility import decide
from veilignet.core.jsonl import dump, open_in, open_out, read_objects


class Command(BaseCommand):
    help = "BORG-geschiktheid bepalen voor kandidaten uit een JSON-lines-bestand."
    # Pure logic: no database, so no system checks needed (faster, and works before `migrate`).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="input", required=True, help="JSON lines met kandidaten ('-' = stdin)")
        parser.add_argument("--out", dest="output", required=True, help="JSON lines met besluiten ('-' = stdout)")

    def handle(self, *args, **options):
        err = self.stderr
        skipped = done = 0

        def report(number, message):
            nonlocal skipped
            skipped += 1
            err.write(f"regel {number}: {message}; overgeslagen")

        try:
            with open_in(options["input"]) as source, open_out(options["output"]) as sink:
                for number, record in read_objects(source, report):
                    if record.get("id") in (None, "") or isinstance(record.get("id"), (dict, list, bool)):
                        report(number, "'id' ontbreekt of is ongeldig")
                        continue
                    decision = decide(record)
                    for problem in decision.problems:
                        err.write(f"regel {number} (id {decision.id}): {problem}")
                    sink.write(dump(decision.as_dict()) + "\n")
                    done += 1
        except OSError as exc:
            raise CommandError(f"Kan invoerbestand of uitvoerbestand niet openen: {exc}") from exc
        err.write(f"{done} besluiten geschreven, {skipped} regels overgeslagen.")
        if skipped and not done:
            raise CommandError("Geen enkele regel kon worden verwerkt.")
