"""Benchmark: screen_text throughput on one core (notes of about 80 words).

Run: .venv/bin/python bench/risk_screen_text.py [N] [--rules]   (--rules: the term lists and context rules only,
without the sentence-model layer of sentence_model.py)
Notes are built from the Dutch test corpus (tests/risk/corpus_nl.yaml, every sentence a signal) mixed
with neutral case-note sentences, about 1 in 3 sentences with a signal, like a real case note.
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilignet.settings")

import yaml  # noqa: E402

from veilignet.risk.scoring import score  # noqa: E402
from veilignet.risk.signals import present_answers, screen, screen_rules  # noqa: E402

NEUTRAL = [
    "Huisbezoek afgelegd op dinsdagmiddag samen met de collega van het wijkteam.",
    "Mevrouw ontving ons vriendelijk en bood koffie aan.",
    "De kinderen waren op school; de jongste gaat naar groep drie.",
    "Afgesproken dat de casusregisseur volgende week opnieuw contact opneemt.",
    "Mevrouw werkt drie dagen per week in de thuiszorg.",
    "Er is een afspraak gemaakt met de huisarts voor een gesprek over slaapproblemen.",
    "Het gezin woont sinds vier jaar in een huurwoning in de wijk.",
    "De oudste zoon speelt voetbal bij de plaatselijke club.",
    "Mevrouw geeft aan behoefte te hebben aan ondersteuning bij de administratie.",
    "Het verslag wordt gedeeld met de betrokken ketenpartners na toestemming.",
    "De school meldt dat de dochter de laatste weken vaker te laat komt.",
    "Volgende stap: gesprek met beide ouders apart plannen.",
]


def make_notes(n: int, seed: int = 7) -> list[str]:
    corpus = [e["t"] for e in yaml.safe_load((ROOT / "tests/risk/corpus_nl.yaml").read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    notes = []
    for _ in range(n):
        words: list[str] = []
        while len(words) < 80:
            words += (rng.choice(corpus) if rng.random() < 0.35 else rng.choice(NEUTRAL)).split()
        notes.append(" ".join(words[:80]))
    return notes


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 2000
    run = screen_rules if "--rules" in sys.argv else screen
    notes = make_notes(n)
    # load the pipeline once, and compile the patterns it builds lazily on the first note that needs them (the
    # pseudo-condition regex alone costs about 0.4 s once: a run of a large file pays it once, not per note)
    for text in make_notes(20, seed=11):
        run(text)
    # ... and the one the warm-up notes may not reach: the pseudo-conditions of the model's candidates (a regular
    # expression of ~5,000 phrases, 0.3-1 s to compile once per process; reported on its own)
    w0 = time.process_time()
    if run is screen:
        from veilignet.risk.sentence_model import _pseudo_condition_rx
        _pseudo_condition_rx()
    print(f"one-time compile of the pseudo-conditions: {time.process_time() - w0:.2f} s CPU")
    t0, c0 = time.perf_counter(), time.process_time()
    flags = 0
    for text in notes:
        signals = run(text)
        flags += len(signals)
        score(present_answers(signals), unknown_floor=False)
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    print(f"screen_text{' (rules only)' if run is screen_rules else ''}: {n} notes of 80 words, {flags / n:.1f} flags per note (one process, one core)")
    print(f"  CPU time  {ct:.2f} s = {n / ct:.0f} notes/s")
    print(f"  wall time {dt:.2f} s = {n / dt:.0f} notes/s (lower when the machine is shared)")


if __name__ == "__main__":
    main()
