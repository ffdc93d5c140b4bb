"""manage.py evaluate_signals --corpus FILE.yaml [--batch NAME ...] [--rules] [--show misses|fp|leaks]
                            [--annotator SECOND.yaml [--with-doubtful]]

Precision and recall of the present flags, and leaking entries (a negated, hypothetical or other-person mention
reported present), per batch of a labelled corpus in the format of tests/risk/corpus_heldout_nl.yaml and
risk/training/*.yaml (see veilignet/risk/corpus_eval.py). For validating the text signals on new labelled notes:
the table per batch and in total, what the missed labels were found as, and with --show the entries themselves.
--rules measures the term lists and context rules without the sentence model. Entries with an unknown code or status
are reported with their batch and number and skipped.
--annotator scores a second annotation of the same texts (same batches, same order) instead of the detector, as if its
present labels were flags (corpus_eval.agreement; --with-doubtful counts its "~" labels too): how far two readers of
the guide agree, the ceiling a detector is measured against.
"""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from veilignet.risk.corpus_eval import Result, agreement, measure
from veilignet.risk.instrument import ALL_CODES
from veilignet.risk.sentence_model import parse_labels
from veilignet.risk.signals import STATUSES, screen, screen_rules

SHOW = ("misses", "fp", "leaks")


class Command(BaseCommand):
    requires_system_checks: list = []
    help = "Precisie, recall en lekken van de tekstsignalen per batch van een gelabeld corpus (YAML)."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="YAML-bestand: {batch: [{t: tekst, f: [code, code:status]}]}")
        parser.add_argument("--batch", action="append", default=[], help="alleen deze batch (herhaalbaar)")
        parser.add_argument("--rules", action="store_true", help="alleen termenlijsten en contextregels, zonder zinsmodel")
        parser.add_argument("--show", choices=SHOW, action="append", default=[],
                            help="toon de teksten met gemiste labels (misses), fout-positieven (fp) of lekken (leaks)")
        parser.add_argument("--annotator", help="tweede annotatie van dezelfde teksten (YAML): die labels meten in plaats "
                            "van de detector")
        parser.add_argument("--with-doubtful", action="store_true",
                            help="met --annotator: ook de twijfellabels (~) van de tweede annotatie tellen")

    def handle(self, *args, corpus, batch, rules, show, annotator=None, with_doubtful=False, **options):
        if annotator and rules:
            raise CommandError("--rules en --annotator gaan niet samen: met --annotator wordt geen detector gemeten.")
        batches = self._load(Path(corpus), batch)
        second = self._load(Path(annotator), list(batches)) if annotator else None
        run = screen_rules if rules else screen
        total = Result()
        self.stdout.write(f"{'batch':<20} {'items':>5} {'P':>6} {'R':>6} {'tp':>5} {'fp':>5} {'fn':>5} {'lekken':>6}")
        for name, entries in batches.items():
            if second is None:
                result = measure(entries, run)
            else:
                try:
                    result = agreement(entries, second[name], with_doubtful=with_doubtful)
                except ValueError as exc:
                    raise CommandError(f"Batch {name}: {exc}") from exc
            total.add(result)
            self._row(name, len(entries), result)
            for text, missed, wrong, leaked, signals in result.details:
                if ("misses" in show and missed) or ("fp" in show and wrong) or ("leaks" in show and leaked):
                    self.stdout.write(f"  - gemist {missed} fout-positief {wrong} lek {leaked}\n    {text}\n    gevonden: "
                                      + ", ".join(f"{s.code}:{s.status} '{s.text}'" for s in signals))
        if len(batches) > 1:
            self._row("totaal", sum(map(len, batches.values())), total)
        if total.miss_kinds:
            self.stdout.write("Gemiste labels: " + ", ".join(f"{k} {n}" for k, n in total.miss_kinds.most_common()))

    def _row(self, name, n, r):
        self.stdout.write(f"{name:<20} {n:>5} {r.precision:>6.3f} {r.recall:>6.3f} {r.tp:>5} {r.fp:>5} {r.fn:>5} {len(r.leaks):>6}")

    def _load(self, path: Path, wanted: list) -> dict:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(f"Corpus {path} bestaat niet.") from exc
        except yaml.YAMLError as exc:
            raise CommandError(f"Corpus {path} is geen geldige YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError(f"Corpus {path}: verwacht batches ({{naam: [{{t, f}}]}}), geen {type(data).__name__}.")
        batches = {k: v for k, v in data.items() if isinstance(v, list)}
        unknown = [b for b in wanted if b not in batches]
        if unknown:
            raise CommandError(f"Onbekende batch(es) {', '.join(unknown)}; in dit corpus: {', '.join(batches)}.")
        out = {}
        for name in wanted or batches:
            good = []
            for i, entry in enumerate(batches[name], 1):
                problem = self._problem(entry)
                if problem:
                    self.stderr.write(f"{name} #{i}: {problem}; overgeslagen.")
                else:
                    good.append(entry)
            out[name] = good
        return out

    @staticmethod
    def _problem(entry) -> str | None:
        if not isinstance(entry, dict) or not isinstance(entry.get("t"), str) or not isinstance(entry.get("f"), list):
            return "geen {t: tekst, f: [labels]}"
        for code, status in set().union(*parse_labels(entry["f"])):
            if code not in ALL_CODES:
                return f"onbekende code {code!r}"
            if status not in STATUSES:
                return f"onbekende status {status!r}"
        return None
