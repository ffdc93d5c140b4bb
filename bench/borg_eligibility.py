"""Eligibility throughput in-process (issue 5: ≥ 10,000 decisions/s).

    .venv/bin/python bench/borg_eligibility.py [N]
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veilignet.borg.eligibility import decide  # noqa: E402


def candidates(n, seed=5):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append({
            "id": i, "age": rng.choice([16, 19, 25, 37, 52, None]),
            "risc_level": rng.choice(["laag", "gemiddeld", "hoog", "onbekend"]),
            "residence_permit": rng.choice([True, True, False, None]),
            "serious_antisocial_violence": rng.choice([False, False, True]),
            "serious_substance_problem": rng.choice([False, False, True]),
            "acknowledges_violence": rng.choice([True, "partial", False]),
            "iq": rng.choice([None, None, 75, 95]), "lvb_suspected": rng.random() < 0.1,
            "violence_type": rng.choice(["situational", "unclear", "intimate_terror_suspected"]),
            "serious_psychopathology": rng.choice([False, False, True]),
            "willing_to_talk": rng.choice([True, True, False]),
        })
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    data = candidates(n)
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        eligible = sum(1 for c in data if decide(c).eligible)
        rate = n / (time.perf_counter() - t0)
        best = max(best, rate)
    print(f"borg eligibility: {n} candidates, {eligible} eligible, best of 3: {best:,.0f} decisions/s "
          f"(target ≥ 10,000)")


if __name__ == "__main__":
    main()
