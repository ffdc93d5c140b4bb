"""Set up Django for a benchmark against a fresh database.

SQLite: a new file under bench/out/. PostgreSQL: `--pg` recreates the database `veilignet_bench` on
127.0.0.1:5432 (or BENCH_DATABASE_URL). Migrations run first; the bench then measures.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(name: str, pg: bool) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilignet.settings")
    os.environ["VEILIGNET_REQUIRE_2FA"] = "0"
    out = ROOT / "bench" / "out" / name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    os.environ["VEILIGNET_VAR_DIR"] = str(out)
    if pg:
        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/veilignet_bench")
        dbname = url.rsplit("/", 1)[1]
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                        f"DROP DATABASE IF EXISTS {dbname}"], check=True)
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                        f"CREATE DATABASE {dbname}"], check=True)
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return "postgresql" if pg else "sqlite"


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
