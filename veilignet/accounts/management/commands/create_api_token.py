from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veilignet.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Maak een API-token voor een gebruiker; het token wordt eenmalig getoond."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="")

    def handle(self, *args, **o):
        try:
            raw = create_api_token(o["username"], o["name"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(raw)
