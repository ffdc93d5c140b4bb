"""borg_eligibility end to end (JSON lines file → decisions file), including Django start-up.

    .venv/bin/python bench/borg_cli.py [N]
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from borg_eligibility import candidates  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps(c) + "\n" for c in candidates(n)))
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "borg_eligibility", "--in", str(src), "--out",
                        str(out)], check=True, capture_output=True)
        elapsed = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        lines = sum(1 for _ in out.open())
    print(f"borg_eligibility CLI: {lines} decisions in {elapsed:.2f} s wall ({lines / elapsed:,.0f}/s), "
          f"{cpu:.2f} s CPU ({lines / cpu:,.0f}/s), both including Django start-up")


if __name__ == "__main__":
    main()
