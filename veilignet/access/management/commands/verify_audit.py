from django.core.management.base import BaseCommand

from veilignet.access.audit import verify_chain
from veilignet.access.models import AuditEvent


class Command(BaseCommand):
    help = ("Controleer de hashketen van het audit-logboek. Drukt OK af, of de eerste gebroken schakel "
            "(regel-id en reden); exitcode 1 bij een breuk.")

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is None:
            self.stdout.write(f"OK: {AuditEvent.objects.count()} auditregels, keten intact.")
            return
        event_id, reason = broken
        self.stderr.write(f"GEBROKEN bij auditregel {event_id}: {reason}")
        raise SystemExit(1)
