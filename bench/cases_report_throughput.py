"""Figure: registering reports through the service layer, reports/s (issue 2: >= 300/s).

    .venv/bin/python bench/cases_report_throughput.py [--pg] [--n 2000] [--chunk 500]

Measures both paths on a fresh database with the hooks of every app (deadlines, text signals,
dirty months, audit): `register_report` one by one, then `register_reports` (the batch service of
imports, in chunks of --chunk) on as many other households; the batch enqueues text screening as a
background task (RISK_BATCH_SCREENING, default "task"), whose work is measured on its own line.
Reports wall time and CPU time (time.process_time: this process only, so the database server's
share on PostgreSQL is in wall time only) and the queries per report.
"""

import argparse
import random
import time
from datetime import timedelta

from _django import setup

parser = argparse.ArgumentParser()
parser.add_argument("--pg", action="store_true")
parser.add_argument("--n", type=int, default=2000)
parser.add_argument("--chunk", type=int, default=500)
args = parser.parse_args()
backend = setup("report_throughput", args.pg)

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from veilignet.access.context import Actor, set_actor  # noqa: E402
from veilignet.accounts.services import add_organisation, add_user  # noqa: E402
from veilignet.cases import services  # noqa: E402
from veilignet.cases.demo_data import FIRST_F, FIRST_M, LAST, REPORT_TEXTS  # noqa: E402
from veilignet.risk import conf  # noqa: E402
from veilignet.risk.services import screen_reports_now  # noqa: E402

add_organisation("vt-bench", "Veilig Thuis Bench", "veilig_thuis", "utrecht")
user = add_user("bench", "vt-bench", ["medewerker"])
set_actor(Actor(user, "cli"))
rng = random.Random(1)
now = timezone.now()


def make_inputs(n, offset):
    out = []
    for i in range(offset, offset + n):
        last = f"{rng.choice(LAST)}-{i}"
        out.append(services.ReportInput(
            received_at=now - timedelta(minutes=i), source="burger", category="partnergeweld",
            description=rng.choice(REPORT_TEXTS), urgency="normaal",
            persons=[services.PersonInput(role="slachtoffer", first_name=rng.choice(FIRST_F), last_name=last,
                                          birth_date=(now - timedelta(days=11000 + i)).date(), gender="v"),
                     services.PersonInput(role="pleger", first_name=rng.choice(FIRST_M), last_name=last, gender="m")],
            reporter=services.ReporterInput(name="Buur", phone="0612345678", protect_identity=True),
        ))
    return out


def measure(label, fn, n):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{backend} {label}: {n} reports in {wall:.2f} s = {n / wall:.0f} reports/s "
          f"({1000 * wall / n:.2f} ms wall, {1000 * cpu / n:.2f} ms CPU per report; "
          f"{len(queries)} queries, {len(queries) / n:.2f} per report)")


single = make_inputs(args.n, 0)
batch = make_inputs(args.n, args.n)
for data in make_inputs(20, 3 * args.n):  # warm up (screening model, caches)
    services.register_report(user, data)
services.register_reports(user, make_inputs(20, 4 * args.n))

measure("register_report (one by one)", lambda: [services.register_report(user, d) for d in single], args.n)
results = []
measure(f"register_reports (batch, chunks of {args.chunk})",
        lambda: results.extend(services.register_reports(user, batch, chunk_size=args.chunk)), args.n)
assert all(r.ok for r in results), [r.errors for r in results if not r.ok][:3]
if conf.batch_screening() == "task":
    # The batch hands text screening to the background task (one per chunk); the worker's share:
    ids = [str(r.report.pk) for r in results]
    measure("background screening of the batch (risk.tasks.screen_reports, the worker's work)",
            lambda: screen_reports_now(ids), args.n)
print("(hooks of all apps included: deadlines, text signals, dirty months, audit; the batch screens texts "
      f"{'in a background task' if conf.batch_screening() == 'task' else 'inline'})")
