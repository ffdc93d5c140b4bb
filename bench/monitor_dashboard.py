"""Benchmark: the indicator dashboard (/monitor/) on 10 years of national data. Target (issue 7):
p95 <= 300 ms (precomputed aggregates, kept correct as data changes).

Steps (a fresh database, see _django.py):
1. `generate_national --years N` (the statistics engineer's generator: ~130,000 reports, 2,000
   BORG participants a year) — not timed as part of the figure;
2. bulk rows the generator does not make: two Veilig Thuis terms per case (first safety
   assessment, investigation; met on time / late / waived), a huisverbod in ~3% of the cases and a
   referral to perpetrator help in ~8% (started, completed or dropped out);
3. `refresh_indicators` (full recompute; timed);
4. optional filler aggregates for --municipalities municipalities (the generated cases have no
   municipality), so the aggregate table has its production size;
5. timed GETs of the dashboard page, its CSV and a chart, with several selections, as a beheerder
   (Django test client, full middleware stack: session, audit, CSP);
6. the first read after a new report (the read recomputes the dirty quarter first).

Usage: .venv/bin/python bench/monitor_dashboard.py [--years 10] [--scale 1.0] [--requests 200] [--pg]
"""

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import percentile, setup  # noqa: E402


def bulk_network_rows(seed=3):
    """VT terms, huisverboden and referrals for the generated cases, in bulk (signals bypassed)."""
    from django.utils import timezone

    from veilignet.cases.models import Case
    from veilignet.network.models import Deadline, LegalMeasure
    from veilignet.offers.models import Offer, Referral

    rng = random.Random(seed)
    offer, _ = Offer.objects.get_or_create(name="Bench: plegeraanbod", defaults={"category": "laagdrempelig"})
    now = timezone.now()
    deadlines, measures, referrals = [], [], []
    counts = {"deadlines": 0, "measures": 0, "referrals": 0}

    def flush():
        Deadline.objects.bulk_create(deadlines, batch_size=5000)
        LegalMeasure.objects.bulk_create(measures, batch_size=5000)
        Referral.objects.bulk_create(referrals, batch_size=5000)
        counts["deadlines"] += len(deadlines)
        counts["measures"] += len(measures)
        counts["referrals"] += len(referrals)
        deadlines.clear()
        measures.clear()
        referrals.clear()

    for case_id, opened, org_id in Case.objects.values_list("id", "opened_at", "lead_organisation_id").iterator(
            chunk_size=10000):
        for kind, days in (("vt_safety_assessment", 7), ("vt_investigation", 70)):
            due = opened + dt.timedelta(days=days)
            r = rng.random()
            if due > now:
                status, closed = "open", None
            elif r < 0.75:
                status, closed = "met", due - dt.timedelta(days=rng.randint(0, days - 1))
            elif r < 0.95:
                status, closed = "missed", None
            else:
                status, closed = "waived", due
            deadlines.append(Deadline(case_id=case_id, kind=kind, organisation_id=org_id, start=opened, due=due,
                                      warn_at=due - dt.timedelta(days=1), status=status, closed_at=closed))
        if rng.random() < 0.03:
            measures.append(LegalMeasure(case_id=case_id, kind="huisverbod", organisation_id=org_id,
                                         starts_at=opened + dt.timedelta(days=rng.randint(0, 3))))
        if rng.random() < 0.08:
            sent = opened.date() + dt.timedelta(days=rng.randint(3, 60))
            started = sent + dt.timedelta(days=rng.randint(5, 90))
            status = rng.choice(["started", "completed", "completed", "dropped_out"])
            ended = started + dt.timedelta(days=rng.randint(30, 200)) if status != "started" else None
            if started > now.date():
                status, started, ended = "sent", None, None
            elif ended and ended > now.date():
                status, ended = "started", None
            referrals.append(Referral(case_id=case_id, offer=offer, organisation_id=org_id, status=status,
                                      sent_on=sent, started_on=started, ended_on=ended,
                                      incident_date=opened.date() - dt.timedelta(days=rng.randint(0, 20))))
        if len(deadlines) >= 20000:
            flush()
    flush()
    return counts


def filler_municipalities(n: int):
    """Aggregate rows for n synthetic municipalities (same shape as the real cells)."""
    from veilignet.monitor import indicators as ind
    from veilignet.monitor.models import IndicatorAggregate

    periods = list(IndicatorAggregate.objects.filter(level="nl", area="NL", indicator="meldingen")
                   .values_list("granularity", "period", "period_start"))
    codes = [i.code for i in ind.INDICATORS if i.registered]
    rows = []
    total = 0
    for m in range(n):
        for gran, period, start in periods:
            for code in codes:
                rows.append(IndicatorAggregate(indicator=code, level="gemeente", area=f"Gemeente {m:03d}",
                                               granularity=gran, period=period, period_start=start, n=40,
                                               numerator=20, denominator=40, value=0.5))
        if len(rows) > 50000:
            IndicatorAggregate.objects.bulk_create(rows, batch_size=5000)
            total += len(rows)
            rows = []
    IndicatorAggregate.objects.bulk_create(rows, batch_size=5000)
    return total + len(rows)


def timed_gets(client, url, params, n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, params, response.status_code)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--municipalities", type=int, default=342)
    ap.add_argument("--pg", action="store_true")
    ap.add_argument("--reuse", action="store_true",
                    help="keep the database of the previous run (skip generation; measure again)")
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--skip-refresh", action="store_true", help="with --reuse: keep the aggregates as well")
    args = ap.parse_args()
    if args.reuse:
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilignet.settings")
        os.environ["VEILIGNET_REQUIRE_2FA"] = "0"
        os.environ["VEILIGNET_VAR_DIR"] = str(Path(__file__).resolve().parent / "out" / "monitor_dashboard")
        if args.pg:
            os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL",
                                                        "postgres://postgres@127.0.0.1:5432/veilignet_bench")
        else:
            os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        engine = "postgresql" if args.pg else "sqlite"
    else:
        engine = setup("monitor_dashboard", args.pg)

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from veilignet.accounts.services import add_user
    from veilignet.cases.models import Case, Report
    from veilignet.monitor.models import IndicatorAggregate

    if not args.reuse:
        t = time.monotonic()
        call_command("generate_national", years=args.years, scale=args.scale, stdout=sys.stderr,
                     stderr=sys.stderr)
        print(f"[{engine}] generate_national --years {args.years} --scale {args.scale}: "
              f"{time.monotonic() - t:.0f}s")
        t = time.monotonic()
        counts = bulk_network_rows()
        print(f"bulk network/offers rows: {counts} in {time.monotonic() - t:.0f}s")
        if args.generate_only:
            return
    print(f"[{engine}] {Report.objects.count()} reports, {Case.objects.count()} cases")
    if not args.skip_refresh:
        IndicatorAggregate.objects.all().delete()
        t = time.monotonic()
        call_command("refresh_indicators", stdout=sys.stderr, stderr=sys.stderr)
        full = time.monotonic() - t
        cells = IndicatorAggregate.objects.count()
        print(f"refresh_indicators (full, {args.years} years): {full:.1f}s, {cells} cells")
    if args.municipalities and not args.skip_refresh:
        t = time.monotonic()
        extra = filler_municipalities(args.municipalities)
        print(f"filler municipality cells: {extra} in {time.monotonic() - t:.0f}s "
              f"(table now {IndicatorAggregate.objects.count()} cells)")

    from veilignet.accounts.models import User

    user = User.objects.filter(username="bench-beheer").first() or add_user(
        "bench-beheer", "vt-utrecht", ["beheerder"], password="geheim-wachtwoord-1")
    client = Client()
    client.force_login(user)
    today = timezone.localdate()
    first = f"{today.year - args.years}-01"
    now_m = f"{today.year}-{today.month:02d}"
    selections = {
        "national, per quarter, 10 years": {"niveau": "nl", "per": "kwartaal", "van": first, "tot": now_m},
        "national, per month, 36 months (the maximum)": {"niveau": "nl", "per": "maand", "van": f"{today.year - 3}-{today.month + 1:02d}" if today.month < 12 else f"{today.year - 2}-01", "tot": now_m},
        "region, per month, default (12 months)": {"niveau": "regio", "gebied": "utrecht", "per": "maand"},
        "municipality, per quarter, 10 years": {"niveau": "gemeente", "gebied": "Gemeente 100", "per": "kwartaal",
                                                "van": first, "tot": now_m},
        "own organisation, per quarter, default": {"niveau": "organisatie", "per": "kwartaal"},
    }
    client.get(reverse("monitor:index"))  # warm-up
    all_times = []
    print(f"\n{'selection':45} {'p50':>7} {'p95':>7} {'max':>7}  (ms, n={args.requests})")
    for label, params in selections.items():
        times = timed_gets(client, reverse("monitor:index"), params, args.requests)
        all_times += times
        print(f"{label:45} {percentile(times, 50):7.1f} {percentile(times, 95):7.1f} {max(times):7.1f}")
    print(f"{'dashboard page, all selections':45} {percentile(all_times, 50):7.1f} "
          f"{percentile(all_times, 95):7.1f} {max(all_times):7.1f}")
    params = selections["national, per quarter, 10 years"]
    csv_t = timed_gets(client, reverse("monitor:export"), params, max(20, args.requests // 4))
    print(f"{'CSV export, national quarterly 10 years':45} {percentile(csv_t, 50):7.1f} "
          f"{percentile(csv_t, 95):7.1f} {max(csv_t):7.1f}")
    chart_t = timed_gets(client, reverse("monitor:chart", args=["vt_veiligheidsbeoordeling_op_tijd"]), params,
                         max(20, args.requests // 4))
    print(f"{'chart SVG (one indicator, 41 quarters)':45} {percentile(chart_t, 50):7.1f} "
          f"{percentile(chart_t, 95):7.1f} {max(chart_t):7.1f}")

    # The first read after a write recomputes the dirty quarter (all levels and areas).
    case = Case.objects.order_by("-opened_at").first()
    fresh = []
    for i in range(5):
        Report.objects.create(case=case, received_at=timezone.now(), received_by=case.lead_organisation,
                              category="partnergeweld", description=f"bench {i}")
        t = time.perf_counter()
        client.get(reverse("monitor:index"), selections["region, per month, default (12 months)"])
        fresh.append((time.perf_counter() - t) * 1000)
    print(f"{'first read after a new report (recompute)':45} {percentile(fresh, 50):7.1f} "
          f"{percentile(fresh, 95):7.1f} {max(fresh):7.1f}")


if __name__ == "__main__":
    main()
