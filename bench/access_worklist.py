"""Figure: what access scoping adds to the worklist p95 at 100,000 cases (issue 3: <= 20 %).

The same worklist page (/dossiers/, full request through the test client: routing, middleware,
scoping, audit, template) is timed with the real scoping (visible_cases / visible_case_index: the
organisation's active participations, counted and paged from the participation index, and
break-the-glass grants) and with scoping switched off (all cases, paged by the cases index),
interleaved request by request so that load on the machine hits both alike.

    .venv/bin/python bench/access_worklist.py [--pg] [--cases 100000] [--requests 300]
"""

import argparse
import random
import time

from _django import percentile, setup

parser = argparse.ArgumentParser()
parser.add_argument("--pg", action="store_true")
parser.add_argument("--cases", type=int, default=100_000)
parser.add_argument("--requests", type=int, default=300)
args = parser.parse_args()
backend = setup("access_worklist_pg" if args.pg else "access_worklist", args.pg)

from _bulk import make_cases  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from veilignet.access import selectors as access_selectors  # noqa: E402
from veilignet.accounts.services import add_user  # noqa: E402
from veilignet.cases import selectors as case_selectors  # noqa: E402
from veilignet.cases.models import Case  # noqa: E402

vt_org, police_org = make_cases(args.cases)
user = add_user("bench-vt", vt_org.code, ["medewerker"])
client = Client()
client.force_login(user)
rng = random.Random(5)
if args.pg:  # a live database is vacuumed and analysed by autovacuum; a fresh bulk load is neither yet
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
scoped = access_selectors.visible_cases, access_selectors.visible_case_index


def unscoped(u):
    return Case.objects.all()


def no_index(u):
    return None  # the worklist then pages Case.objects.all() by the cases index (status, -opened_at)


def run(label, urls):
    times = {"met": [], "zonder": []}
    cpu = {"met": [], "zonder": []}
    for url in urls[:10]:
        client.get(url)
    for url in urls:
        for mode in rng.sample(["met", "zonder"], 2):
            case_selectors.visible_cases, case_selectors.visible_case_index = (
                scoped if mode == "met" else (unscoped, no_index))
            t, c = time.perf_counter(), time.process_time()
            response = client.get(url)
            times[mode].append((time.perf_counter() - t) * 1000)
            cpu[mode].append((time.process_time() - c) * 1000)
            assert response.status_code == 200
    case_selectors.visible_cases, case_selectors.visible_case_index = scoped
    p_with, p_without = percentile(times["met"], 95), percentile(times["zonder"], 95)
    print(f"{backend} {args.cases} cases | {label}: p95 with scoping {p_with:.1f} ms, without {p_without:.1f} ms, "
          f"added {100 * (p_with - p_without) / p_without:+.1f}% (n={len(urls)} each); "
          f"CPU p50 {percentile(cpu['met'], 50):.1f} vs {percentile(cpu['zonder'], 50):.1f} ms")


run("worklist (open, page 1)", ["/dossiers/"] * args.requests)
run("worklist (all statuses, random page)",
    [f"/dossiers/?status=&pagina={rng.randint(1, 40)}" for _ in range(args.requests)])
