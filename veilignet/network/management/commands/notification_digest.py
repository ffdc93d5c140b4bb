"""`python manage.py notification_digest` — the daily digest e-mail (run once a day, e.g. 07:00).

One e-mail per user who chose the daily digest and has notifications not yet mailed; a link only,
never case content. Safe to rerun: a notification goes in one digest at most."""

from django.core.management.base import BaseCommand

from veilignet.network.notify import send_digest


class Command(BaseCommand):
    help = "Verstuur het dagelijks overzicht van meldingen per e-mail."

    def handle(self, *args, **options):
        sent = send_digest()
        self.stdout.write(f"{sent} overzichten verstuurd.")
