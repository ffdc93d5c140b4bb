import pytest
from django.core.management import CommandError, call_command

from veilignet.accounts.models import ApiToken, Organisation, User

pytestmark = pytest.mark.django_db


def test_provisioning_commands(capsys):
    call_command("add_organisation", code="vt-u", name="Veilig Thuis Utrecht", type="veilig_thuis", region="UTRECHT")
    org = Organisation.objects.get(code="vt-u")
    assert org.region == "utrecht"
    call_command("add_organisation", code="vt-f", name="VT Fryslân", type="veilig_thuis", region="Fryslan")
    assert Organisation.objects.get(code="vt-f").region == "fryslan"
    call_command("add_user", "els", organisation="vt-u", role=["medewerker,casusregisseur"], password="x-long-password")
    user = User.objects.get(username="els")
    assert user.roles == ["casusregisseur", "medewerker"] and user.check_password("x-long-password")
    capsys.readouterr()
    call_command("create_api_token", "els")
    token = capsys.readouterr().out.strip()
    assert len(token) == 40 and ApiToken.lookup(token).user == user


@pytest.mark.parametrize("kwargs, message", [
    ({"code": "x", "name": "X", "type": "bakkerij", "region": "utrecht"}, "organisatietype"),
    ({"code": "x", "name": "X", "type": "politie", "region": "Atlantis"}, "regio"),
])
def test_bad_organisation_input(kwargs, message):
    with pytest.raises(CommandError, match=message):
        call_command("add_organisation", **kwargs)


def test_bad_user_input(make_org):
    make_org()
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command("add_user", "a", organisation="nope", role=["medewerker"])
    with pytest.raises(CommandError, match="Onbekende rol"):
        call_command("add_user", "a", organisation="vt-utrecht", role=["koning"])
    assert not User.objects.filter(username="a").exists()
