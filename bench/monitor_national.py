"""Benchmark: generate_national for one year at national scale (130,000 reports, 2,000 BORG
participants) into a fresh SQLite database, then export_research. Target: a year in ~1–2 minutes.

Usage: .venv/bin/python bench/monitor_national.py [--years 1] [--scale 1.0]
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


def run(args, env):
    t = time.monotonic()
    proc = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
        raise SystemExit(proc.returncode)
    return time.monotonic() - t, proc.stdout.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="monitor_national_"))
    env = {**os.environ, "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp / 'db.sqlite3'}")}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    load0 = os.getloadavg()
    wall, last = run(["generate_national", "--years", str(args.years), "--scale", str(args.scale)], env)
    print(f"generate_national --years {args.years} --scale {args.scale}: wall={wall:.1f}s  {last}")
    wall2, last2 = run(["export_research", "--out", str(tmp / "export")], env)
    print(f"export_research: wall={wall2:.1f}s  {last2}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"cpu(user+sys, all children incl. migrate)={usage.ru_utime + usage.ru_stime:.1f}s "
          f"peak_rss={usage.ru_maxrss / 1024:.0f}MB load before/after={load0}/{os.getloadavg()}")


if __name__ == "__main__":
    main()
