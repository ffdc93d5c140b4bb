"""manage.py train_signal_model [--check]

Rebuilds the sentence model of the text signals (veilignet/risk/sentence_model.py) from the training files
in veilignet/risk/training/*.yaml: instrument/signal_model.joblib and instrument/signal_model.json (hash of
the training files, thresholds per code, cross-validated figures). Deterministic: the same files and code
give the same model. --check only reports whether the stored model is current (exit code 1 if not).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from veilignet.risk import sentence_model


class Command(BaseCommand):
    requires_system_checks: list = []
    help = "Traint het zinsmodel voor tekstsignalen opnieuw uit veilignet/risk/training/*.yaml."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="alleen controleren of het model actueel is")

    def handle(self, *args, check=False, **options):
        files = sentence_model.training_files()
        if not files:
            raise CommandError(f"Geen trainingsbestanden in {sentence_model.TRAINING_DIR}.")
        current = sentence_model.training_hash(files)
        if check:
            stored = None
            if sentence_model.META_PATH.exists():
                stored = json.loads(sentence_model.META_PATH.read_text(encoding="utf-8")).get("training_hash")
            if stored != current:
                raise CommandError("Het zinsmodel is niet actueel: draai manage.py train_signal_model.")
            self.stdout.write("Het zinsmodel is actueel.")
            return
        try:
            model, meta = sentence_model.train(files, log=lambda m: self.stderr.write(m))
        except ValueError as exc:
            raise CommandError(f"Trainingsdata ongeldig: {exc}") from exc
        sentence_model.save(model, meta)
        totals = meta["cv_totals"]
        self.stdout.write(
            f"Model opgeslagen: {sentence_model.MODEL_PATH.name} ({meta['entries']} voorbeelden). Kruisvalidatie: "
            f"regels P={totals['rules']['precision']} R={totals['rules']['recall']}, "
            f"regels + model P={totals['layer']['precision']} R={totals['layer']['recall']} "
            f"(lekken {totals['rules']['leaks']} -> {totals['layer']['leaks']})."
        )
