from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veilignet.accounts.models import Role
from veilignet.accounts.services import add_user


class Command(BaseCommand):
    help = "Maak een gebruiker aan bij een organisatie, met een of meer rollen."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--role", required=True, action="append",
                            help=f"herhaalbaar of kommagescheiden: {', '.join(Role.values)}")
        parser.add_argument("--password")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **o):
        roles = [r.strip() for value in o["role"] for r in value.split(",") if r.strip()]
        try:
            user = add_user(o["username"], o["organisation"], roles, o["password"], o["first_name"],
                            o["last_name"], o["email"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Gebruiker {user.username} bij {user.organisation.code} met rollen {', '.join(user.roles)}")
