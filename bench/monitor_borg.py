"""Benchmark: the BORG monitor recidivism analysis on 50,000 participants and 1,000,000 controls.

Target (issue 7): <= 60 s and <= 4 GB peak memory. Generates the CSVs (not timed), then runs
`manage.py borg_monitor` in a child process and reports its wall time and peak RSS (ru_maxrss of
the child). Usage: .venv/bin/python bench/monitor_borg.py [--participants N] [--controls N] [--no-pdf]
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--participants", type=int, default=50_000)
    ap.add_argument("--controls", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()

    from veilignet.monitor import synthetic

    tmp = Path(tempfile.mkdtemp(prefix="monitor_bench_"))
    t = time.monotonic()
    p, c = synthetic.cohorts(args.participants, args.controls, seed=args.seed)
    p.to_csv(tmp / "participants.csv", index=False)
    c.to_csv(tmp / "controls.csv", index=False)
    del p, c
    print(f"data generated in {time.monotonic() - t:.1f}s in {tmp}")

    cmd = [sys.executable, str(ROOT / "manage.py"), "borg_monitor", "--participants", str(tmp / "participants.csv"),
           "--controls", str(tmp / "controls.csv"), "--out", str(tmp / "out")]
    if args.no_pdf:
        cmd.append("--no-pdf")
    load0 = os.getloadavg()
    t = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    wall = time.monotonic() - t
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    print(f"load average before/after: {load0} / {os.getloadavg()}")
    print(f"exit={proc.returncode} wall={wall:.1f}s cpu(user+sys, all processes)={cpu:.1f}s "
          f"peak_rss={peak_kb / 1024 / 1024:.2f}GB "
          f"(n_participants={args.participants}, n_controls={args.controls})")
    print(f"target: <= 60 s, <= 4 GB -> {'OK' if wall <= 60 and peak_kb <= 4 * 1024 * 1024 else 'MISSED'}")


if __name__ == "__main__":
    main()
