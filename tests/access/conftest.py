import pytest


@pytest.fixture
def vt(make_user):
    """A Veilig Thuis worker (the receiving / lead organisation)."""
    return make_user("vt1", org="vt-utrecht", roles=("medewerker",), type_="veilig_thuis")


@pytest.fixture
def police(make_user):
    return make_user("pol1", org="politie-utrecht", roles=("medewerker",), type_="politie")


@pytest.fixture
def wijkteam(make_user):
    return make_user("wt1", org="wijkteam-zeist", roles=("medewerker",), type_="gemeente")


@pytest.fixture
def vt_officer(make_user, vt):
    return make_user("fg-vt", org="vt-utrecht", roles=("privacy_officer",))


@pytest.fixture
def case(vt, make_case):
    return make_case(vt)


@pytest.fixture
def api(client):
    """An API client function authenticating with a token for the given user."""
    from veilignet.accounts.models import ApiToken

    tokens = {}

    def call(user, method, path, data=None, **extra):
        if user.pk not in tokens:
            tokens[user.pk] = ApiToken.issue(user)[1]
        headers = {"HTTP_AUTHORIZATION": f"Token {tokens[user.pk]}"}
        headers.update(extra)
        fn = getattr(client, method.lower())
        if data is not None:
            return fn(path, data=data, content_type="application/json", **headers)
        return fn(path, **headers)

    return call
