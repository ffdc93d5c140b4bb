"""Authentication hardening (issue 3 §5): 2FA, lockout, idle timeout, cookies, CSP, CSRF."""

from datetime import timedelta
from importlib import reload

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
PASSWORD = "geheim-wachtwoord-1"


def login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# --- two-factor -----------------------------------------------------------------------------------

@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def test_2fa_setup_then_verify_each_login(require_2fa, vt, case):
    client = Client()
    assert login(client, "vt1").status_code == 302
    response = client.get(f"/dossiers/{case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/toegang/2fa/instellen/")
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "<script" not in body.split("<main")[1]
    device = TOTPDevice.objects.get(user=vt, confirmed=False)
    assert client.post("/toegang/2fa/instellen/", {"code": "000000"}).status_code == 400
    with freeze_time(timezone.now() + timedelta(seconds=30)):  # after the throttle delay of the failure
        done = client.post("/toegang/2fa/instellen/", {"code": current_code(device),
                                                        "next": f"/dossiers/{case.pk}/"})
        assert done.status_code == 302 and done["Location"] == f"/dossiers/{case.pk}/"
        assert client.get(f"/dossiers/{case.pk}/").status_code == 200

    # A new login asks for the code again (no new setup).
    client2 = Client()
    login(client2, "vt1")
    response = client2.get("/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith("/toegang/2fa/controleren/")
    assert client2.post("/toegang/2fa/controleren/", {"code": "123"}).status_code == 400
    assert client2.get("/dossiers/").status_code == 302
    device.refresh_from_db()
    with freeze_time(timezone.now() + timedelta(seconds=90)):
        ok = client2.post("/toegang/2fa/controleren/", {"code": current_code(device), "next": "/dossiers/"})
        assert ok.status_code == 302 and ok["Location"] == "/dossiers/"
        assert client2.get("/dossiers/").status_code == 200


def test_2fa_blocks_unverified_session_on_api_but_not_tokens(require_2fa, vt, case, api):
    client = Client()
    login(client, "vt1")
    assert client.get(f"/api/v1/dossiers/{case.pk}").status_code == 403
    assert api(vt, "get", f"/api/v1/dossiers/{case.pk}").status_code == 200


def test_2fa_next_is_not_an_open_redirect(require_2fa, vt):
    client = Client()
    login(client, "vt1")
    client.get("/toegang/2fa/instellen/")
    device = TOTPDevice.objects.get(user=vt)
    done = client.post("/toegang/2fa/instellen/", {"code": current_code(device), "next": "https://kwaad.example/"})
    assert done["Location"] == "/dossiers/"


def test_2fa_off_by_setting(vt, case, client):
    login(client, "vt1")
    assert client.get(f"/dossiers/{case.pk}/").status_code == 200


# --- lockout ----------------------------------------------------------------------------------------

def test_lockout_after_five_failures(vt):
    client = Client()
    for _ in range(4):
        response = login(client, "vt1", "fout-wachtwoord")
        assert response.status_code == 200 and "klopt niet" in response.content.decode()
    locked = login(client, "vt1", "fout-wachtwoord")
    assert locked.status_code == 429 and "geblokkeerd" in locked.content.decode()
    # Even the right password is refused now.
    again = login(client, "vt1")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_success_before_limit_resets(vt):
    client = Client()
    for _ in range(4):
        login(client, "vt1", "fout-wachtwoord")
    assert login(client, "vt1").status_code == 302
    client.post("/account/uitloggen/")
    for _ in range(4):
        assert login(client, "vt1", "fout-wachtwoord").status_code == 200


# --- idle session timeout ---------------------------------------------------------------------------

def test_idle_session_expires(settings, vt):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    age = settings.SESSION_COOKIE_AGE
    client = Client()
    t0 = timezone.now()
    with freeze_time(t0):
        login(client, "vt1")
        assert client.get("/dossiers/").status_code == 200
    with freeze_time(t0 + timedelta(seconds=age - 60)):
        assert client.get("/dossiers/").status_code == 200  # activity extends the session
    with freeze_time(t0 + timedelta(seconds=2 * age - 120)):
        assert client.get("/dossiers/").status_code == 200  # within the idle time of the last request
    with freeze_time(t0 + timedelta(seconds=3 * age)):  # idle for longer than SESSION_COOKIE_AGE
        response = client.get("/dossiers/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- headers, cookies, CSRF -------------------------------------------------------------------------

def test_security_headers(vt, client):
    client.force_login(vt)
    response = client.get("/dossiers/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_flags(vt):
    client = Client()
    response = login(client, "vt1")
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["httponly"] and session_cookie["samesite"] == "Strict"


def test_secure_cookies_when_veilignet_secure(monkeypatch):
    import veilignet.settings as s

    monkeypatch.setenv("VEILIGNET_SECURE", "1")
    try:
        reloaded = reload(s)
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SECURE_SSL_REDIRECT and reloaded.SECURE_HSTS_SECONDS >= 31536000
    finally:
        monkeypatch.delenv("VEILIGNET_SECURE")
        reload(s)
    assert not s.SESSION_COOKIE_SECURE


def test_csrf_enforced_on_pages(vt, case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vt)
    response = client.post(f"/toegang/dossier/{case.pk}/deelnemers/",
                           {"organisatie": "vt-utrecht", "grondslag": "meldcode", "doel": "x"})
    assert response.status_code == 403
    assert client.post(LOGIN, {"username": "vt1", "password": PASSWORD}).status_code == 403


def test_csrf_enforced_on_session_api(vt, case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vt)
    response = client.post(f"/api/v1/dossiers/{case.pk}/deelnemers",
                           {"organisatie": "x", "grondslag": "meldcode", "doel": "x"}, content_type="application/json")
    assert response.status_code == 403
