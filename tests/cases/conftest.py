import pytest
from rest_framework.test import APIClient

from veilignet.accounts.services import create_api_token


@pytest.fixture
def api(make_user):
    """An API client with a token of a Veilig Thuis worker (make_user's default)."""
    user = make_user()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_api_token(user.username)}")
    return client
