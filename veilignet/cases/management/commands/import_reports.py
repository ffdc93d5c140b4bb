"""manage.py import_reports --in reports.jsonl [--as USERNAME] [--chunk 500]

Registers meldingen in bulk (imports, integrations) through cases.services.register_reports: the same
outcome as registering them one by one (persons, cases, deadlines, signals, timeline, audit), one
transaction per chunk. Each input line is one report in the JSON shape of POST /api/v1/meldingen
(`ontvangen_op`, `bron`, `categorie`, `omschrijving`, `urgentie`, `incident_op`, `personen`, `melder`),
parsed by the API's own serializer. `--as` names the worker on whose behalf they are registered (the
receiving organisation is theirs); the audit trail shows channel `cli`.

A malformed line (no JSON, not an object, a field the API would refuse, or a report the service
refuses, e.g. without a victim) is reported on stderr with its line number and skipped; the rest is
registered. Progress goes to stderr after every chunk. Exit code 0, or 1 when lines were given and
none could be registered. Use "-" for stdin.
"""

from django.core.management.base import BaseCommand, CommandError

from veilignet.access.context import Actor, reset_actor, set_actor
from veilignet.accounts.models import User
from veilignet.cases import services
from veilignet.cases.api import ReportInSerializer
from veilignet.core.jsonl import open_in, read_objects


def messages(errors, prefix: str = "") -> list[str]:
    """Flatten DRF / service errors ({field: [msg] | {...} | [{...}]}) to 'field: message' lines."""
    out = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out += messages(value, "" if key in ("non_field_errors", "__all__") and not prefix else name)
    elif isinstance(errors, list | tuple):
        for i, value in enumerate(errors):
            if isinstance(value, dict | list):
                out += messages(value, f"{prefix}[{i}]")
            else:
                out.append(f"{prefix}: {value}" if prefix else str(value))
    else:
        out.append(f"{prefix}: {errors}" if prefix else str(errors))
    return out


class Command(BaseCommand):
    help = "Meldingen in bulk registreren: JSON lines in de vorm van POST /api/v1/meldingen."

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="inp", required=True, help="JSON lines-bestand, of - voor stdin")
        parser.add_argument("--as", dest="username", help="medewerker namens wie wordt geregistreerd")
        parser.add_argument("--chunk", type=int, default=services.BATCH_CHUNK,
                            help="meldingen per transactie (standaard 500)")

    def handle(self, *args, inp, username, chunk, **options):
        if not username:
            raise CommandError("Geef met --as de medewerker namens wie de meldingen worden geregistreerd.")
        user = User.objects.filter(username=username, is_active=True).select_related("organisation").first()
        if user is None:
            raise CommandError(f"Onbekende medewerker '{username}'.")
        if not user.organisation_id:
            raise CommandError(f"{username} hoort niet bij een organisatie en kan geen meldingen registreren.")
        if chunk < 1:
            raise CommandError("--chunk moet ten minste 1 zijn.")
        stats = {"ok": 0, "new_cases": 0, "bad": 0, "read": 0}

        def bad(n, msg):
            stats["bad"] += 1
            self.stderr.write(f"regel {n}: {msg} (overgeslagen)")

        def flush(pending):
            if not pending:
                return
            results = services.register_reports(user, [data for _, data in pending], chunk_size=chunk)
            for result in results:
                line = pending[result.index][0]
                if result.ok:
                    stats["ok"] += 1
                    stats["new_cases"] += result.new_case
                else:
                    bad(line, "; ".join(messages(result.errors)))
            self.stderr.write(f"{stats['ok'] + stats['bad']} regels verwerkt: {stats['ok']} meldingen geregistreerd, "
                              f"{stats['bad']} overgeslagen")
            pending.clear()

        token = set_actor(Actor(user, "cli"))
        try:
            pending: list = []
            try:
                with open_in(inp) as src:
                    for n, obj in read_objects(src, bad):
                        stats["read"] += 1
                        incoming = ReportInSerializer(data=obj)
                        if not incoming.is_valid():
                            bad(n, "; ".join(messages(incoming.errors)))
                            continue
                        pending.append((n, incoming.to_input()))
                        if len(pending) >= chunk:
                            flush(pending)
                    flush(pending)
            except OSError as exc:
                raise CommandError(f"Kan '{inp}' niet lezen: {exc}") from exc
        finally:
            reset_actor(token)
        self.stdout.write(f"{stats['ok']} meldingen geregistreerd ({stats['new_cases']} nieuwe dossiers), "
                          f"{stats['bad']} regels overgeslagen.")
        if stats["ok"] == 0 and stats["bad"] > 0:
            raise SystemExit(1)
