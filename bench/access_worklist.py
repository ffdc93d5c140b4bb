"""Figure: what access scoping adds to the worklist p95 at 100,000 cases (issue 3: <= 20 %).

The same worklist page (/dossiers/, full request through the test client: routing, middleware,
scoping, audit, template) is timed with the real scoping (visible_cases: the organisation's
participations and break-the-glass grants) and with scoping switched off (visible_cases replaced
by all cases), interleaved request by request so that load on the machine hits both alike.

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
backend = setup("access_worklist", args.pg)

from _bulk import make_cases  # noqa: E402
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
scoped = access_selectors.visible_cases


def unscoped(u):
    return Case.objects.all()


def run(label, urls):
    times = {"met": [], "zonder": []}
    for url in urls[:10]:
        client.get(url)
    for url in urls:
        for mode in rng.sample(["met", "zonder"], 2):
            case_selectors.visible_cases = scoped if mode == "met" else unscoped
            t = time.perf_counter()
            response = client.get(url)
            times[mode].append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
    case_selectors.visible_cases = scoped
    p_with, p_without = percentile(times["met"], 95), percentile(times["zonder"], 95)
    print(f"{backend} {args.cases} cases | {label}: p95 with scoping {p_with:.1f} ms, without {p_without:.1f} ms, "
          f"added {100 * (p_with - p_without) / p_without:+.1f}% (n={len(urls)} each)")


run("worklist (open, page 1)", ["/dossiers/"] * args.requests)
run("worklist (all statuses, random page)",
    [f"/dossiers/?status=&pagina={rng.randint(1, 40)}" for _ in range(args.requests)])
