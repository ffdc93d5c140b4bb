"""Figure: registering reports through the service layer, reports/s (issue 2: >= 300/s).

    .venv/bin/python bench/cases_report_throughput.py [--pg] [--n 2000]
"""

import argparse
import random
import time
from datetime import timedelta

from _django import setup

parser = argparse.ArgumentParser()
parser.add_argument("--pg", action="store_true")
parser.add_argument("--n", type=int, default=2000)
args = parser.parse_args()
backend = setup("report_throughput", args.pg)

from django.utils import timezone  # noqa: E402

from veilignet.access.context import Actor, set_actor  # noqa: E402
from veilignet.accounts.services import add_organisation, add_user  # noqa: E402
from veilignet.cases import services  # noqa: E402
from veilignet.cases.demo_data import FIRST_F, FIRST_M, LAST, REPORT_TEXTS  # noqa: E402

add_organisation("vt-bench", "Veilig Thuis Bench", "veilig_thuis", "utrecht")
user = add_user("bench", "vt-bench", ["medewerker"])
set_actor(Actor(user, "cli"))
rng = random.Random(1)
now = timezone.now()
inputs = []
for i in range(args.n):
    last = f"{rng.choice(LAST)}-{i}"
    inputs.append(services.ReportInput(
        received_at=now - timedelta(minutes=i), source="burger", category="partnergeweld",
        description=rng.choice(REPORT_TEXTS), urgency="normaal",
        persons=[services.PersonInput(role="slachtoffer", first_name=rng.choice(FIRST_F), last_name=last,
                                      birth_date=(now - timedelta(days=11000 + i)).date(), gender="v"),
                 services.PersonInput(role="pleger", first_name=rng.choice(FIRST_M), last_name=last, gender="m")],
        reporter=services.ReporterInput(name="Buur", phone="0612345678", protect_identity=True),
    ))
for data in inputs[:20]:  # warm up
    services.register_report(user, data)
started = time.perf_counter()
for data in inputs[20:]:
    services.register_report(user, data)
elapsed = time.perf_counter() - started
n = len(inputs) - 20
print(f"{backend}: {n} reports in {elapsed:.2f} s = {n / elapsed:.0f} reports/s "
      f"({1000 * elapsed / n:.2f} ms per report, hooks of all apps included)")
