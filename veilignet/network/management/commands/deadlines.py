"""`python manage.py deadlines --now 2026-11-22T12:00:00+01:00 --format json`

Runs the deadline sweep for that moment (marks overdue deadlines missed, sends the due-soon and
overdue notifications exactly once — the state is in the database, so a rerun or a crash never
duplicates them), stores the day's waiting-list snapshot, and prints every deadline that is not met
or waived (open and missed), once each:

  json: [{"dossier": "<case uuid>", "kind": "...", "due": "<ISO 8601>", "status": "open"|"missed",
          "overdue": true|false, "organisation": "<org code>"}, ...]   (ordered by due)
  text: one line per deadline, then a summary line.

Exit code 0; 2 for an unreadable --now.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from veilignet.access.context import set_actor
from veilignet.network.engine import live_deadlines, run_sweep
from veilignet.network.selectors import take_waiting_snapshot


def parse_moment(value):
    from datetime import datetime

    if not value:
        return timezone.now()
    if isinstance(value, datetime):  # call_command(now=datetime(...)) from Python
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    moment = parse_datetime(value.strip().replace(" ", "T", 1) if "T" not in value else value.strip())
    if moment is None:
        day = parse_date(value.strip())
        if day is None:
            raise CommandError(f"Ongeldig tijdstip voor --now: '{value}'. Gebruik ISO 8601, "
                               "bijvoorbeeld 2026-11-22T12:00:00+01:00.", returncode=2)
        from datetime import datetime, time

        moment = datetime.combine(day, time(12, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Voer de termijnbewaking uit voor een moment en toon alle niet-afgeronde termijnen."

    def add_arguments(self, parser):
        parser.add_argument("--now", default="", help="ISO 8601-moment (standaard: nu)")
        parser.add_argument("--format", default="text", choices=["json", "text"])
        parser.add_argument("--no-mail", action="store_true", help="geen e-mail versturen")

    def handle(self, *args, **options):
        set_actor(None)
        now = parse_moment(options["now"])
        result = run_sweep(now, send_mail=not options["no_mail"])
        take_waiting_snapshot(now)
        out = self.stdout
        rows = live_deadlines().values_list("case_id", "kind", "due", "status", "organisation__code").iterator(
            chunk_size=5000)
        if options["format"] == "json":
            out.write("[", ending="")
            first = True
            for case_id, kind, due, status, org in rows:
                item = {"dossier": str(case_id), "kind": kind, "due": timezone.localtime(due).isoformat(),
                        "status": status, "overdue": due < now, "organisation": org}
                out.write(("" if first else ",\n") + json.dumps(item, ensure_ascii=False), ending="")
                first = False
            out.write("]")
        else:
            count = 0
            for case_id, kind, due, status, org in rows:
                flag = "TE LAAT" if due < now else "open"
                out.write(f"{timezone.localtime(due).isoformat()}  {flag:7}  {status:6}  {kind:24}  {org:20}  {case_id}")
                count += 1
            out.write(f"{count} termijnen niet afgerond; deze run: {result.missed} verlopen, "
                      f"{result.warned} gewaarschuwd, {result.escalated} geëscaleerd, "
                      f"{result.notifications} meldingen.")
        sys.stdout.flush()
