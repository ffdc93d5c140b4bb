"""Matching speed: ms per case against 500 offers (target ≤ 20 ms, issue 5).

    .venv/bin/python bench/offers_matching.py [--offers 500] [--cases 2000]

Pure logic (veilignet.offers.matching), no database. 500 offers: the seeded catalogue plus generated
offers with random regions, age ranges, frameworks, modalities and waiting times.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veilignet.accounts.regions import REGIONS  # noqa: E402
from veilignet.offers.catalogue import CATEGORIES, EFFECTIVENESS, load_seed, with_defaults  # noqa: E402
from veilignet.offers.matching import match, prepare_all  # noqa: E402

MODALITIES = ["groep", "lotgenoten", "systeemtherapie", "mediation", "ggz", "verslavingszorg", "gezin",
              "systeemgericht", "training", "ervaringsdeskundigen"]


def generate(n, rng):
    offers = list(load_seed()["offers"])
    codes = [c for c, _ in REGIONS]
    while len(offers) < n:
        i = len(offers)
        framework = rng.choice(["vrijwillig", "vrijwillig", "strafrechtelijk", "mixed"])
        age_min = rng.choice([None, 12, 16, 18, 18])
        offers.append(with_defaults({
            "name": f"Aanbod {i}", "category": rng.choice(list(CATEGORIES)), "framework": framework,
            "frameworks": ["vrijwillig", "strafrechtelijk"] if framework == "mixed" else [],
            "national": rng.random() < 0.1, "regions": rng.sample(codes, rng.randint(1, 3)),
            "age_min": age_min, "age_max": rng.choice([None, None, 24, 65]),
            "sexes": rng.choice([[], [], ["m"], ["v"]]), "modalities": rng.sample(MODALITIES, rng.randint(0, 3)),
            "effectiveness": rng.choice(list(EFFECTIVENESS) + [""]), "waiting_days": rng.choice([None, 0, 7, 30, 90]),
            "lvb": rng.choice(["geschikt", "geschikt", "aangepast", "niet_geschikt"]),
            "indication_needed": rng.random() < 0.5,
        }))
    return offers[:n]


def cases(n, rng):
    names = [name for _, name in REGIONS]
    for i in range(n):
        yield {"id": i, "region": rng.choice(names), "age": rng.randint(14, 70), "sex": rng.choice("mvx"),
               "violence_type": rng.choice(["intimate_terror_suspected", "situational", "unclear"]),
               "risk_level": rng.choice(["none", "low", "medium", "high", "extreme"]),
               "framework": rng.choice(["voluntary", "criminal"]), "substance_problem": rng.random() < 0.3,
               "lvb": rng.random() < 0.15, "serious_psychopathology": rng.random() < 0.2,
               "children": rng.random() < 0.6}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=500)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(5)
    offers = generate(args.offers, rng)
    prepared = prepare_all(offers)
    timings = []
    cpu_start = time.process_time()
    for case in cases(args.cases, rng):
        start = time.perf_counter()
        match(prepared, case, prepared=True)
        timings.append((time.perf_counter() - start) * 1000)
    cpu_ms = (time.process_time() - cpu_start) * 1000 / args.cases
    timings.sort()
    cold = []
    for case in cases(200, random.Random(6)):
        start = time.perf_counter()
        match(offers, case)  # including prepare() of every offer
        cold.append((time.perf_counter() - start) * 1000)
    print(f"offers={len(offers)} cases={args.cases}")
    print(f"prepared: mean {statistics.mean(timings):.2f} ms, p50 {timings[len(timings) // 2]:.2f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)]:.2f} ms, max {timings[-1]:.2f} ms per case")
    print(f"prepared: CPU time {cpu_ms:.2f} ms per case (less sensitive to other load on the machine)")
    print(f"unprepared (incl. prepare): mean {statistics.mean(cold):.2f} ms per case")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with other load)")
    print("target: <= 20 ms per case (CPU time):", "OK" if cpu_ms <= 20 else "TE TRAAG")


if __name__ == "__main__":
    main()
