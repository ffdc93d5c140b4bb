"""Figure: what auditing adds per request (issue 3: <= 3 ms p95).

The case API (GET /api/v1/dossiers/{id}: one case read, plus the reporter read for the receiving
organisation) and the case page (/dossiers/{id}/: case, persons and reporter reads) are timed with
audit.record on and with it replaced by a no-op, interleaved request by request. The audit table
holds --events rows first, so the insert and the chain-head lock run against a realistic table.
Also: audit.record alone (p95), and verify_audit's throughput.

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
from django.test import Client  # noqa: E402
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
real_record = audit.record


def noop(*a, **k):
    return None


def run(label, urls):
    times = {"aan": [], "uit": []}
    for url in urls[:10]:
        client.get(url)
    for url in urls:
        for mode in rng.sample(["aan", "uit"], 2):
            audit.record = real_record if mode == "aan" else noop
            t = time.perf_counter()
            response = client.get(url)
            times[mode].append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
    audit.record = real_record
    on, off = percentile(times["aan"], 95), percentile(times["uit"], 95)
    print(f"{backend} | {label}: p95 with audit {on:.1f} ms, without {off:.1f} ms, added {on - off:+.2f} ms "
          f"(n={len(urls)} each; audit table {args.events}+ rows)")


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
