"""Figures: the deadline sweep over 1,000,000 open deadlines (issue 6: <= 2 s on PostgreSQL, <= 10 s
on SQLite) and the worklists' p95 at that size (<= 100 ms).

    .venv/bin/python bench/network_sweep.py [--pg] [--n 1000000] [--cases 20000]

Data (bulk-inserted, not through the services): 25 Veilig Thuis organisations (one per region) with
100 workers and a teamleider each, `--cases` cases each with a participation of its region's Veilig
Thuis, and `--n` open deadlines, 40,000 live per organisation; half have a person as owner. The kind
and owner follow the row number, so they cluster: every deadline of the measured organisation is a
`vt_safety_assessment` (40,000 waiting in its region) and its owned ones fall on 4 workers (5,000 tasks
for the measured worker) — a harder case than the spread the numbers suggest:
  - n - 2,000 due between 1 and 180 days from now (outside their warning window);
  - 1,000 that fell due in the last 10 minutes (the sweep marks them missed and escalates them to
    the team lead — 1 notification each);
  - 1,000 inside their 24 h warning window and not yet warned (1 notification each to the owner).
That is the steady state of a sweep run every few minutes. Measured: the first sweep (does the work
above), the immediate rerun (finds nothing to do — the idempotent case), and the worklists (selector:
total and first page, both only over cases the user can see; and the whole page through the Django test
client), each as p95, median and median CPU time of this process (the machine may be shared).
`--reuse` keeps the data of the previous run (same backend) and only resets the sweep state. SQLite
keeps its data in bench/out/network_sweep/, PostgreSQL in the database veilignet_bench_network.
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta

parser = argparse.ArgumentParser()
parser.add_argument("--pg", action="store_true")
parser.add_argument("--n", type=int, default=1_000_000)
parser.add_argument("--cases", type=int, default=20_000)
parser.add_argument("--requests", type=int, default=40)
parser.add_argument("--reuse", action="store_true",
                    help="reuse the database of the previous run (reset the sweep state, keep the data)")
args = parser.parse_args()
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/veilignet_bench_network")
from _django import ROOT, percentile, setup  # noqa: E402

# Separate output directories, so a PostgreSQL run does not delete the SQLite database (and --reuse works for both).
OUT_NAME = "network_sweep_pg" if args.pg else "network_sweep"

if args.reuse:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilignet.settings")
    os.environ["VEILIGNET_REQUIRE_2FA"] = "0"
    os.environ["VEILIGNET_VAR_DIR"] = str(ROOT / "bench" / "out" / OUT_NAME)
    if args.pg:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    backend = "postgresql" if args.pg else "sqlite"
else:
    backend = setup(OUT_NAME, args.pg)

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from veilignet.access.models import Participation  # noqa: E402
from veilignet.accounts.models import Organisation, User  # noqa: E402
from veilignet.accounts.regions import REGIONS  # noqa: E402
from veilignet.cases.models import Case, Household  # noqa: E402
from veilignet.network import selectors  # noqa: E402
from veilignet.network.engine import run_sweep  # noqa: E402
from veilignet.network.models import Deadline, Notification  # noqa: E402

rng = random.Random(6)
WORKERS = 100  # per organisation; half of the deadlines have a person as owner (~200 tasks per worker)


def sync_indexes():
    """--reuse: bring the Deadline indexes in line with the model (they may have changed)."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.get_constraints(cursor, Deadline._meta.db_table))
    wanted = {index.name: index for index in Deadline._meta.indexes}
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, Deadline._meta.db_table)}
    if "live" not in columns:
        with connection.schema_editor() as editor:
            editor.add_field(Deadline, Deadline._meta.get_field("live"))
        with connection.cursor() as cursor:
            existing = set(connection.introspection.get_constraints(cursor, Deadline._meta.db_table))
    with connection.schema_editor() as editor:
        for name in existing:
            if name.startswith("deadline_") and name not in wanted:
                editor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        for name, index in wanted.items():
            if name not in existing:
                editor.add_index(Deadline, index)


if args.reuse:
    sync_indexes()
    now = Deadline.objects.order_by("pk").values_list("created_at", flat=True).first()
    Notification.objects.all().delete()
    from veilignet.network.models import SweepRun

    SweepRun.objects.all().delete()
    Deadline.objects.filter(pk__lte=Deadline.objects.order_by("pk").values_list("pk", flat=True)[1999]).update(
        status="open", missed_at=None, soon_notified_at=None, overdue_notified_at=None)
    orgs = list(Organisation.objects.filter(code__startswith="vt-").order_by("pk"))
    if not User.objects.filter(username=f"mw-{orgs[0].code}-0").exists():
        for org in orgs:
            User.objects.bulk_create([User(username=f"mw-{org.code}-{k}", organisation=org, roles=["medewerker"])
                                      for k in range(WORKERS)])
        table = connection.ops.quote_name(Deadline._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET owner_id = NULL")
            for org in orgs:
                first = User.objects.get(username=f"mw-{org.code}-0").pk
                cursor.execute(f"UPDATE {table} SET owner_id = %s + ((id / 2) %% {WORKERS}) "
                               f"WHERE organisation_id = %s AND id %% 2 = 0", [first, org.pk])
    users = {u.organisation_id: u for u in User.objects.filter(username__endswith="-0",
                                                                username__startswith="mw-")}
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if args.pg else "ANALYZE")  # the resets leave dead rows behind
    print(f"[{backend}] reusing {Deadline.objects.count():,} deadlines")
else:
    now = timezone.now()
    t0 = time.perf_counter()
    orgs = [Organisation.objects.create(code=f"vt-{code}", name=f"Veilig Thuis {name}", type="veilig_thuis",
                                        region=code) for code, name in REGIONS]
    users, workers = {}, {}
    for org in orgs:
        workers[org.pk] = User.objects.bulk_create([
            User(username=f"mw-{org.code}-{k}", organisation=org, roles=["medewerker"]) for k in range(WORKERS)])
        workers[org.pk] = list(User.objects.filter(organisation=org, username__startswith="mw-").order_by("pk"))
        users[org.pk] = workers[org.pk][0]
        User.objects.create(username=f"tl-{org.code}", organisation=org, roles=["teamleider"], email="tl@example.org")
    households = Household.objects.bulk_create([Household(label=f"H{i}") for i in range(args.cases)], batch_size=5000)
    cases = []
    for i, h in enumerate(households):
        org = orgs[i % len(orgs)]
        cases.append(Case(number=f"VN-2026-{i:06d}", household=h, lead_organisation=org, region=org.region,
                          opened_at=now - timedelta(days=rng.randint(0, 400)), risk_level=rng.choice(["", "low", "high"])))
    Case.objects.bulk_create(cases, batch_size=5000)
    Participation.objects.bulk_create([
        Participation(case=c, organisation=c.lead_organisation, is_lead=True, basis="wmo_veilig_thuis", purpose="bench",
                      via="aanmaak", scope=["basis", "plan"]) for c in cases], batch_size=5000)

    # Deadlines: raw multi-row insert (COPY on PostgreSQL).
    kinds = ["vt_safety_assessment", "vt_investigation", "serious_followup", "reassessment", "plan_agreement"]
    field_names = ["case_id", "kind", "source_ref", "title", "organisation_id", "owner_id", "start", "due", "warn_at",
                   "status", "created_at", "waive_reason"]
    fields = [Deadline._meta.get_field(n.removesuffix("_id") if n.endswith("_id") else n) for n in field_names]


    def rows(sqlite=False):
        """Rows in column order; for SQLite already in its storage format (uuid hex, naive UTC text)."""
        base = now.replace(tzinfo=None) if sqlite else now  # now is UTC
        case_key = [c.pk.hex for c in cases] if sqlite else [c.pk for c in cases]
        stamp = str(base) if sqlite else now
        conv = str if sqlite else (lambda v: v)
        for i in range(args.n):
            case = cases[i % len(cases)]
            if i < 1000:  # just fell due
                due = base - timedelta(seconds=rng.randint(1, 600))
            elif i < 2000:  # inside the warning window
                due = base + timedelta(seconds=rng.randint(60, 86000))
            else:
                due = base + timedelta(seconds=rng.randint(86400 + 3600, 180 * 86400))
            owner = workers[case.lead_organisation_id][(i // 2) % WORKERS].pk if i % 2 == 0 else None
            yield [case_key[i % len(cases)], kinds[i % len(kinds)], f"b{i}", "", case.lead_organisation_id, owner,
                   conv(due - timedelta(days=5)), conv(due), conv(due - timedelta(hours=24)), "open", stamp, ""]


    table = Deadline._meta.db_table
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with transaction.atomic():
        with connection.cursor() as cursor:
            if args.pg:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows():
                        copy.write_row(row)
            else:
                batch = []
                sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(fields))})"
                for row in rows(sqlite=True):
                    batch.append(row)
                    if len(batch) == 50_000:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if args.pg else "ANALYZE")
    print(f"[{backend}] data: {Deadline.objects.count():,} deadlines, {len(cases):,} cases, "
          f"built in {time.perf_counter() - t0:.1f} s")


t, c = time.perf_counter(), time.process_time()
first = run_sweep(now, send_mail=False)
sweep_s, sweep_cpu = time.perf_counter() - t, time.process_time() - c
t = time.perf_counter()
second = run_sweep(now, send_mail=False)
rerun_s = time.perf_counter() - t
print(f"[{backend}] sweep over {Deadline.objects.count():,} open deadlines: {sweep_s:.2f} s, CPU {sweep_cpu:.2f} s "
      f"(missed {first.missed}, warned {first.warned}, escalated {first.escalated}, "
      f"notifications {first.notifications}; steps {first.seconds})")
print(f"[{backend}] rerun (nothing to do): {rerun_s:.2f} s (missed {second.missed}, "
      f"notifications {second.notifications}; steps {second.seconds}); notifications in DB: "
      f"{Notification.objects.count()}")

# Worklists
org = orgs[0]
worker, lead = users[org.pk], User.objects.get(username=f"tl-{org.code}")
client = Client()


def timed(fn, n):
    """(p95 ms, median ms, median CPU ms of this process) over n calls. The CPU time leaves out the
    database server (PostgreSQL) but shows the Python side undisturbed by other load."""
    samples, cpu = [], []
    for _ in range(n):
        s, c = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - s) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return percentile(samples, 95), statistics.median(samples), statistics.median(cpu)


def page(qs, count):
    """What a worklist page does: the total (only cases the user can see) and one page of rows."""
    return lambda: (count(), list(qs[:50]))


results = {
    "my tasks (selector: total + first page)": timed(
        page(selectors.my_tasks(worker), lambda: selectors.my_tasks_count(worker)), args.requests),
    "team overdue (selector)": timed(page(selectors.team_deadlines(lead, now=now),
                                          lambda: selectors.team_count(lead, now=now)), args.requests),
    "team all open (selector)": timed(page(selectors.team_deadlines(lead, overdue_only=False),
                                           lambda: selectors.team_count(lead, overdue_only=False)), args.requests),
    "waiting list (selector: stats incl. visible total + first page)": timed(
        page(selectors.waiting_list(org.region, worker), lambda: selectors.waiting_stats(org.region, now, worker)),
        args.requests),
}
for user, url, label in [(worker, "/netwerk/", "GET /netwerk/ (Mijn taken page)"),
                         (lead, "/netwerk/team/", "GET /netwerk/team/ (team overdue page)"),
                         (worker, "/netwerk/wachtlijst/", "GET /netwerk/wachtlijst/ (page)")]:
    client.force_login(user)
    assert client.get(url).status_code == 200
    results[label] = timed(lambda url=url: client.get(url), args.requests)
sizes = (f"{Deadline.objects.filter(organisation=org).count():,} deadlines of that organisation, "
         f"{selectors.my_tasks_count(worker):,} of that worker, "
         f"{selectors.waiting_stats(org.region)['waiting']:,} waiting in its region")
for label, (p95, median, cpu) in results.items():
    print(f"[{backend}] {label}: p95 {p95:.1f} ms, median {median:.1f} ms, CPU median {cpu:.1f} ms ({sizes})")
