"""Figure: worklist and person search p95 at 100,000 cases (issue 2: <= 100 ms), through the full
request (URL routing, access scoping, audit, template) with Django's test client.

    .venv/bin/python bench/cases_worklist.py [--pg] [--cases 100000] [--requests 200]
"""

import argparse
import random
import time

from _django import percentile, setup

parser = argparse.ArgumentParser()
parser.add_argument("--pg", action="store_true")
parser.add_argument("--cases", type=int, default=100_000)
parser.add_argument("--requests", type=int, default=200)
args = parser.parse_args()
backend = setup("worklist_pg" if args.pg else "worklist", args.pg)

from _bulk import make_cases  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from veilignet.accounts.services import add_user  # noqa: E402
from veilignet.cases.demo_data import FIRST_F, LAST  # noqa: E402

vt_org, police_org = make_cases(args.cases)
if args.pg:  # a live database is vacuumed and analysed by autovacuum; a fresh bulk load is neither yet
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
vt_user = add_user("bench-vt", vt_org.code, ["medewerker"])
client = Client()
client.force_login(vt_user)
rng = random.Random(3)


def measure(label, urls):
    for url in urls[:10]:
        client.get(url)
    times, cpu = [], []
    for url in urls:
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    # CPU time of this process (the database server's time is not in it on PostgreSQL).
    print(f"{backend} {args.cases} cases | {label}: p50 {percentile(times, 50):.1f} ms, "
          f"p95 {percentile(times, 95):.1f} ms, CPU p50 {percentile(cpu, 50):.1f} ms (n={len(times)})")


measure("worklist (open, page 1)", ["/dossiers/"] * args.requests)
measure("worklist (all statuses, random page)",
        [f"/dossiers/?status=&pagina={rng.randint(1, 100)}" for _ in range(args.requests)])
measure("worklist search by name", [f"/dossiers/?status=&q={rng.choice(LAST).split()[-1]}" for _ in range(args.requests)])
measure("worklist search by first + last name",
        [f"/dossiers/?status=&q={rng.choice(FIRST_F)}+{rng.choice(LAST).split()[-1]}" for _ in range(args.requests)])
measure("person search API (name)", [f"/api/v1/personen?q={rng.choice(LAST).split()[-1][:4]}" for _ in range(args.requests)])
measure("person search API (birth date)",
        [f"/api/v1/personen?q={rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1965, 2000)}"
         for _ in range(args.requests)])
