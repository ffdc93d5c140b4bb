"""Benchmark: assess_risk in-process (clean the answers + score + JSON line), assessments per second.

Run: .venv/bin/python bench/risk_assess.py [N]
"""

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veilignet.core.jsonl import dump  # noqa: E402
from veilignet.risk.instrument import ALL_CODES  # noqa: E402
from veilignet.risk.scoring import clean_answers, score  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    rng = random.Random(11)
    lines = [json.dumps({"id": i, "answers": {c: rng.choice([True, False, False, False, None]) for c in ALL_CODES}})
             for i in range(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    out = []
    for line in lines:
        obj = json.loads(line)
        answers, _unknown, _errors = clean_answers(obj["answers"])
        out.append(dump({"id": obj["id"], **score(answers).as_dict()}))
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    print(f"assess_risk in-process: {n} assessments (parse + score + JSON line)")
    print(f"  CPU time  {ct:.2f} s = {n / ct:,.0f} assessments/s")
    print(f"  wall time {dt:.2f} s = {n / dt:,.0f} assessments/s")
    t0 = time.process_time()
    for line in lines[:20000]:
        score(json.loads(line)["answers"])
    print(f"  score() alone: {20000 / (time.process_time() - t0):,.0f} assessments/s")


if __name__ == "__main__":
    main()
