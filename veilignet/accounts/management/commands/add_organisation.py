from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veilignet.accounts.models import OrganisationType
from veilignet.accounts.services import add_organisation


class Command(BaseCommand):
    help = "Maak een organisatie aan (of werk haar bij)."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", required=True, help=", ".join(OrganisationType.values))
        parser.add_argument("--region", required=True, help="naam of code van de Veilig Thuis-regio, bv. Utrecht")
        parser.add_argument("--municipality", default="")

    def handle(self, *args, **o):
        try:
            org = add_organisation(o["code"], o["name"], o["type"], o["region"], o["municipality"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Organisatie {org.code} ({org.name}, {org.get_type_display()}, {org.get_region_display()})")
