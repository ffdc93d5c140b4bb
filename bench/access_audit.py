"""Figure: what auditing adds per request (issue 3: <= 3 ms p95).

The case API (GET /api/v1/dossiers/{id}: one case read, plus the reporter read for the receiving
organisation) and the case page (/dossiers/{id}/: case, persons and reporter reads) are timed with
audit.record on and with it replaced by a no-op, interleaved request by request. The audit table
holds --events rows first, so the insert and the chain-head lock run against a realistic table.
Per arm: wall time p50/p95 (perf_counter) and CPU time of this process (process_time: on a shared,
loaded machine the better measure of what the audit code costs), the queries of one request
(CaptureQueriesContext), and in the "on" arm the time spent inside the audit code itself (audit.record
and the end-of-request append). Also: audit.record alone (one immediate write), and verify_audit's
throughput.

    .venv/bin/python bench/access_audit.py [--pg] [--cases 20000] [--events 200000] [--requests 300]
"""

import argparse
import random
import time

from _django import percentile, setup

parser = argparse.ArgumentParser()
parser.add_argument("--pg", action="store_true")
parser.add_argument("--cases", type=int, default=20_000)
parser.add_argument("--events", type=int, default=200_000)
parser.add_argument("--requests", type=int, default=300)
args = parser.parse_args()
backend = setup("access_audit", args.pg)

from _bulk import make_cases  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from veilignet.access import audit  # noqa: E402
from veilignet.access.models import AuditChainHead, AuditEvent  # noqa: E402
from veilignet.accounts.services import add_user  # noqa: E402
from veilignet.cases.models import Case  # noqa: E402

vt_org, police_org = make_cases(args.cases, progress=lambda *_: None)
user = add_user("bench-vt", vt_org.code, ["medewerker"])

# Pre-fill the audit table (a valid chain, built in memory and bulk-inserted).
prev, now, batch = audit.GENESIS, timezone.now(), []
for i in range(args.events):
    e = AuditEvent(at=now, username="bulk", organisation_code="vt-utrecht", action="read", object_type="case",
                   object_id=str(i), channel="web", details={}, prev_hash=prev)
    e.hash = audit.compute_hash(prev, e)
    prev = e.hash
    batch.append(e)
    if len(batch) == 10_000:
        AuditEvent.objects.bulk_create(batch)
        batch = []
AuditEvent.objects.bulk_create(batch)
AuditChainHead.objects.update_or_create(pk=1, defaults={"last_hash": prev, "count": args.events})

client = Client()
client.force_login(user)
case_ids = list(Case.objects.filter(lead_organisation=vt_org).values_list("pk", flat=True)[:500])
rng = random.Random(9)
real_record, real_end = audit.record, audit.end_request_buffer
inside = {"cpu": 0.0, "wall": 0.0}


def timed(fn):
    def wrapper(*a, **k):
        c, t = time.process_time(), time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            inside["cpu"] += time.process_time() - c
            inside["wall"] += time.perf_counter() - t
    return wrapper


timed_record, timed_end = timed(real_record), timed(real_end)


def noop(*a, **k):
    return None


def use(mode):
    audit.record = timed_record if mode == "aan" else noop
    audit.end_request_buffer = timed_end if mode == "aan" else real_end


def queries(url, mode):
    use(mode)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def run(label, urls):
    wall, cpu = {"aan": [], "uit": []}, {"aan": [], "uit": []}
    own_cpu, own_wall = [], []
    for url in urls[:10]:
        client.get(url)
    n_queries = {mode: queries(urls[0], mode) for mode in ("aan", "uit")}
    for url in urls:
        for mode in rng.sample(["aan", "uit"], 2):
            use(mode)
            inside["cpu"] = inside["wall"] = 0.0
            c, t = time.process_time(), time.perf_counter()
            response = client.get(url)
            wall[mode].append((time.perf_counter() - t) * 1000)
            cpu[mode].append((time.process_time() - c) * 1000)
            assert response.status_code == 200, response.status_code
            if mode == "aan":
                own_cpu.append(inside["cpu"] * 1000)
                own_wall.append(inside["wall"] * 1000)
    use("aan")
    audit.record, audit.end_request_buffer = real_record, real_end

    def p(values, q):
        return percentile(values, q)

    print(f"{backend} | {label} (n={len(urls)} per arm; audit table {args.events}+ rows)")
    for name, data in (("wall", wall), ("CPU", cpu)):
        print(f"    {name:4}: p50 {p(data['aan'], 50):.1f} vs {p(data['uit'], 50):.1f} ms "
              f"(added {p(data['aan'], 50) - p(data['uit'], 50):+.2f}); "
              f"p95 {p(data['aan'], 95):.1f} vs {p(data['uit'], 95):.1f} ms "
              f"(added {p(data['aan'], 95) - p(data['uit'], 95):+.2f})")
    print(f"    queries per request: {n_queries['aan']} with audit, {n_queries['uit']} without")
    print(f"    inside the audit code: CPU p50 {p(own_cpu, 50):.2f} / p95 {p(own_cpu, 95):.2f} ms; "
          f"wall p50 {p(own_wall, 50):.2f} / p95 {p(own_wall, 95):.2f} ms")


run("API GET /dossiers/{id}", [f"/api/v1/dossiers/{rng.choice(case_ids)}" for _ in range(args.requests)])
run("page /dossiers/{id}/", [f"/dossiers/{rng.choice(case_ids)}/" for _ in range(args.requests)])

times = []
for i in range(args.requests * 3):
    t = time.perf_counter()
    audit.record("read", "case", "x", case_id=case_ids[i % len(case_ids)], user=user)
    times.append((time.perf_counter() - t) * 1000)
print(f"{backend} | audit.record alone: p50 {percentile(times, 50):.2f} ms, p95 {percentile(times, 95):.2f} ms")

t = time.perf_counter()
broken = audit.verify_chain()
elapsed = time.perf_counter() - t
count = AuditEvent.objects.count()
print(f"{backend} | verify_audit over {count} rows: {elapsed:.1f} s ({count / elapsed:,.0f} rows/s), "
      f"result: {'OK' if broken is None else broken}")
