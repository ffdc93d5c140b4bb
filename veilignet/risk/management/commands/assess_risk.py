"""manage.py assess_risk --in cases.jsonl --out results.jsonl

Input line: {"id", "answers": {code: true|false|null}} (optional "version": instrument version).
Output line: {"id", "level", "violence_type", "coercive_control", "reasons", "actions",
"reassess_within_days"}. Codes outside the vocabulary are ignored and reported on stderr.
Malformed lines, unknown codes and unknown versions are reported on stderr with their line number;
the rest of the batch is processed. Exit code 0, or 1 when lines were given and none could be processed.
Use "-" for stdin / stdout.
"""

from django.core.management.base import BaseCommand, CommandError

from veilignet.core.jsonl import dump, open_in, open_out, read_objects
from veilignet.risk import conf
from veilignet.risk.instrument import InstrumentError, load_instrument
from veilignet.risk.scoring import clean_answers, score


class Command(BaseCommand):
    requires_system_checks: list = []  # a batch tool: runs even while an unrelated app is being edited
    help = "Risicotaxatie in batch: JSON lines met antwoorden in, niveau en redenen uit."

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="inp", required=True, help="JSON lines-bestand, of - voor stdin")
        parser.add_argument("--out", dest="out", required=True, help="uitvoerbestand, of - voor stdout")
        parser.add_argument("--instrument-version", dest="instrument_version", type=int, default=None,
                            help="instrumentversie (standaard de nieuwste)")

    def handle(self, *args, inp, out, instrument_version=None, **options):
        try:
            default_instrument = load_instrument(instrument_version)
        except InstrumentError as exc:
            raise CommandError(str(exc)) from exc
        days = conf.reassess_days()
        stats = {"ok": 0, "bad": 0}

        def report(n, msg):
            stats["bad"] += 1
            self.stderr.write(f"regel {n}: {msg} (overgeslagen)")

        try:
            with open_in(inp) as src, open_out(out) as dst:
                for n, obj in read_objects(src, report):
                    answers_raw = obj.get("answers")
                    if "id" not in obj:
                        report(n, "veld 'id' ontbreekt")
                        continue
                    if not isinstance(answers_raw, dict):
                        report(n, f"id {obj.get('id')}: veld 'answers' ontbreekt of is geen object")
                        continue
                    if obj.get("version") is not None:
                        try:
                            load_instrument(obj["version"])
                        except InstrumentError as exc:
                            report(n, f"id {obj['id']}: {exc}")
                            continue
                    answers, unknown, errors = clean_answers(answers_raw)
                    if errors:
                        report(n, f"id {obj['id']}: " + "; ".join(errors))
                        continue
                    if unknown:
                        self.stderr.write(f"regel {n}: id {obj['id']}: onbekende code(s) genegeerd: "
                                          f"{', '.join(unknown)}")
                    result = score(answers, reassess_days=days).as_dict()
                    dst.write(dump({"id": obj["id"], **result}) + "\n")
                    stats["ok"] += 1
        except OSError as exc:
            raise CommandError(f"Kan '{inp}' of '{out}' niet openen: {exc}") from exc
        del default_instrument
        self.stderr.write(f"{stats['ok']} verwerkt, {stats['bad']} overgeslagen")
        if stats["ok"] == 0 and stats["bad"] > 0:
            raise SystemExit(1)
