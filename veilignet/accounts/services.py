"""Provisioning: organisations, users, API tokens. Used by the management commands and the demo data."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import ApiToken, Organisation, OrganisationType, Role, User
from .regions import resolve_region


@transaction.atomic
def add_organisation(code: str, name: str, type_: str, region: str, municipality: str = "") -> Organisation:
    errors = {}
    region_code = resolve_region(region)
    if region_code is None:
        errors["region"] = f"Onbekende Veilig Thuis-regio '{region}'."
    if type_ not in OrganisationType.values:
        errors["type"] = f"Onbekend organisatietype '{type_}'. Kies uit: {', '.join(OrganisationType.values)}."
    if not code or not name:
        errors["code"] = "Code en naam zijn verplicht."
    if errors:
        raise ValidationError(errors)
    org, _ = Organisation.objects.update_or_create(
        code=code, defaults={"name": name, "type": type_, "region": region_code, "municipality": municipality}
    )
    return org


@transaction.atomic
def add_user(username: str, organisation_code: str, roles: list[str], password: str | None = None,
             first_name: str = "", last_name: str = "", email: str = "") -> User:
    org = Organisation.objects.filter(code=organisation_code).first()
    if org is None:
        raise ValidationError({"organisation": f"Onbekende organisatie '{organisation_code}'."})
    unknown = [r for r in roles if r not in Role.values]
    if unknown or not roles:
        raise ValidationError({"role": f"Onbekende rol {', '.join(unknown) or '(geen)'}. Kies uit: {', '.join(Role.values)}."})
    user, created = User.objects.get_or_create(username=username, defaults={"organisation": org})
    user.organisation = org
    user.roles = sorted(set(roles))
    user.first_name, user.last_name, user.email = first_name or user.first_name, last_name or user.last_name, email
    user.is_staff = "beheerder" in roles
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    return user


def create_api_token(username: str, name: str = "") -> str:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValidationError({"username": f"Onbekende gebruiker '{username}'."})
    _, raw = ApiToken.issue(user, name=name)
    return raw
