"""manage.py rct_allocate --trial CODE --in participants.jsonl --out allocations.jsonl

Each input line: {"id": ..., <stratum fields>} — every field but ``id`` is a stratum field. Each
output line: {"id", "arm", "stratum", "sequence_no"} (sequence_no: position in the stratum's
allocation sequence). A trial code not seen before creates a trial with arms ``borg`` and
``control`` 1:1 (seed derived from the server secret unless ``--seed`` is given). Running again
with the same ids returns the same arms. A malformed line is reported on stderr with its line
number and skipped; exit code 0 unless no line could be processed (1).
"""


from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veilignet.core.jsonl import dump, open_in, open_out, read_objects
from veilignet.monitor import services


class Command(BaseCommand):
    help = "Randomiseer deelnemers (gestratificeerde permuted blocks) voor een trial."

    def add_arguments(self, parser):
        parser.add_argument("--trial", required=True)
        parser.add_argument("--in", dest="infile", required=True, help="JSON lines; '-' = stdin")
        parser.add_argument("--out", dest="outfile", required=True, help="JSON lines; '-' = stdout")
        parser.add_argument("--seed", default=None, help="Seed for a NEW trial (default: derived from the server secret).")

    def handle(self, *args, **opts):
        try:
            trial, created = services.get_or_create_trial(opts["trial"], seed=opts["seed"])
        except ValidationError as exc:
            raise CommandError("; ".join(sum(exc.message_dict.values(), []))) from None
        if created:
            self.stderr.write(f"Nieuwe trial '{trial.code}' aangemaakt (armen borg/control, 1:1).")
        elif opts["seed"]:
            self.stderr.write("Let op: --seed genegeerd; de trial bestaat al en houdt zijn seed.")
        done = failed = 0

        def report(lineno, message):
            nonlocal failed
            failed += 1
            self.stderr.write(f"regel {lineno}: {message} — overgeslagen")

        with open_in(opts["infile"]) as src, open_out(opts["outfile"]) as dst:
            for lineno, row in read_objects(src, report):
                if "id" not in row or isinstance(row["id"], (dict, list)) or row["id"] in (None, ""):
                    report(lineno, "verwacht een object met een geldig 'id'")
                    continue
                strata = {k: v for k, v in row.items() if k != "id"}
                try:
                    alloc, _ = services.enrol(trial, str(row["id"]), strata)
                except ValidationError as exc:
                    report(lineno, "; ".join(exc.messages))
                    continue
                except ValueError as exc:
                    report(lineno, str(exc))
                    continue
                dst.write(dump({"id": row["id"], "arm": alloc.arm, "stratum": alloc.stratum,
                                "sequence_no": alloc.sequence_no}) + "\n")
                done += 1
        self.stderr.write(f"{done} toegewezen, {failed} overgeslagen.")
        if done == 0 and failed:
            raise CommandError("Geen enkele regel verwerkt.")
