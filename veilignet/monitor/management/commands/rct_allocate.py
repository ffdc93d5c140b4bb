"""manage.py rct_allocate --trial CODE --in participants.jsonl --out allocations.jsonl

Each input line: {"id": ..., <stratum fields>} — every field but ``id`` is a stratum field. Each
output line: {"id", "arm", "stratum", "sequence_no"} (sequence_no: position in the stratum's
allocation sequence). A trial code not seen before creates a trial with arms ``borg`` and
``control`` 1:1 (seed derived from the server secret unless ``--seed`` is given). Running again
with the same ids returns the same arms. A malformed line is reported on stderr with its line
number and skipped; exit code 0 unless no line could be processed (1).
"""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

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
        src = sys.stdin if opts["infile"] == "-" else open(opts["infile"], encoding="utf-8")
        dst = sys.stdout if opts["outfile"] == "-" else open(opts["outfile"], "w", encoding="utf-8")
        done = failed = 0
        try:
            for lineno, line in enumerate(src, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    if not isinstance(row, dict) or "id" not in row:
                        raise ValueError("verwacht een object met 'id'")
                    if isinstance(row["id"], (dict, list)) or row["id"] in (None, ""):
                        raise ValueError("ongeldig 'id'")
                    strata = {k: v for k, v in row.items() if k != "id"}
                    alloc, _ = services.enrol(trial, str(row["id"]), strata)
                except (ValueError, ValidationError) as exc:
                    msg = "; ".join(sum(exc.message_dict.values(), [])) if isinstance(exc, ValidationError) \
                        and hasattr(exc, "message_dict") else str(exc)
                    self.stderr.write(f"regel {lineno}: {msg} — overgeslagen")
                    failed += 1
                    continue
                dst.write(json.dumps({"id": row["id"], "arm": alloc.arm, "stratum": alloc.stratum,
                                      "sequence_no": alloc.sequence_no}, ensure_ascii=False) + "\n")
                done += 1
        finally:
            if src is not sys.stdin:
                src.close()
            if dst is not sys.stdout:
                dst.close()
        self.stderr.write(f"{done} toegewezen, {failed} overgeslagen.")
        if done == 0 and failed:
            raise CommandError("Geen enkele regel verwerkt.")
