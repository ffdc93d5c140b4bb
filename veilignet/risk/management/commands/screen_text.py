"""manage.py screen_text --in notes.jsonl --out flags.jsonl

Input line: {"id", "text"}. Output line: {"id", "flags": [{"code", "status", "start", "end", "text"}],
"level", "violence_type", "coercive_control", "reasons"}; status is present, negated, hypothetical,
other_person or historical; level etc. come from scoring the present flags (codes not found are
unknown, never no). Malformed lines are reported on stderr with their line number and skipped.
Exit code 0, or 1 when lines were given and none could be processed. Use "-" for stdin / stdout.
"""

from django.core.management.base import BaseCommand, CommandError

from veilignet.core.jsonl import dump, open_in, open_out, read_objects
from veilignet.risk import conf
from veilignet.risk.scoring import score
from veilignet.risk.signals import present_answers, screen


def screen_record(text: str, days=None) -> dict:
    signals = screen(text)
    result = score(present_answers(signals), reassess_days=days, unknown_floor=False)
    reasons = list(result.reasons)
    historical = sorted({s.code for s in signals if s.status == "historical"})
    if historical:
        reasons.append("Vroeger genoemd (niet meegeteld in het niveau, wel navragen): " + ", ".join(historical) + ".")
    return {"flags": [s.as_dict() for s in signals], "level": result.level, "violence_type": result.violence_type,
            "coercive_control": result.coercive_control, "reasons": reasons}


class Command(BaseCommand):
    requires_system_checks: list = []  # a batch tool: runs even while an unrelated app is being edited
    help = "Signalen in Nederlandse tekst: JSON lines met {id, text} in, gevonden signalen en niveau uit."

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="inp", required=True, help="JSON lines-bestand, of - voor stdin")
        parser.add_argument("--out", dest="out", required=True, help="uitvoerbestand, of - voor stdout")

    def handle(self, *args, inp, out, **options):
        days = conf.reassess_days()
        stats = {"ok": 0, "bad": 0}

        def report(n, msg):
            stats["bad"] += 1
            self.stderr.write(f"regel {n}: {msg} (overgeslagen)")

        try:
            with open_in(inp) as src, open_out(out) as dst:
                for n, obj in read_objects(src, report):
                    if "id" not in obj:
                        report(n, "veld 'id' ontbreekt")
                        continue
                    text = obj.get("text")
                    if not isinstance(text, str):
                        report(n, f"id {obj['id']}: veld 'text' ontbreekt of is geen tekst")
                        continue
                    dst.write(dump({"id": obj["id"], **screen_record(text, days)}) + "\n")
                    stats["ok"] += 1
        except OSError as exc:
            raise CommandError(f"Kan '{inp}' of '{out}' niet openen: {exc}") from exc
        self.stderr.write(f"{stats['ok']} verwerkt, {stats['bad']} overgeslagen")
        if stats["ok"] == 0 and stats["bad"] > 0:
            raise SystemExit(1)
