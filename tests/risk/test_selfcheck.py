"""The public self-check: no login, no cookies, nothing stored, no third-party resources, small."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from veilignet.risk.selfcheck import QUESTIONS, evaluate

pytestmark = pytest.mark.django_db


def test_get_needs_no_login_and_sets_no_cookie(client):
    resp = client.get("/zelftest/")
    assert resp.status_code == 200
    assert "Set-Cookie" not in resp.headers
    assert not resp.cookies
    html = resp.content.decode()
    for text in ("112", "0800-2000", "Snel weg", "chat"):
        assert text.lower() in html.lower()


def test_post_is_stateless_without_csrf_and_sets_no_cookie():
    from veilignet.access.models import AuditEvent

    c = Client(enforce_csrf_checks=True)
    before = AuditEvent.objects.count()
    resp = c.post("/zelftest/", {"keel": "ja", "weg": "ja"})
    assert resp.status_code == 200
    assert "Set-Cookie" not in resp.headers
    assert "groot gevaar" in resp.content.decode()
    assert AuditEvent.objects.count() == before
    assert "no-store" in resp["Cache-Control"]


def test_no_third_party_resources_and_no_inline_code():
    html = Client().get("/zelftest/").content.decode()
    for m in re.finditer(r'<(script|link|img)[^>]*(src|href)="([^"]+)"', html):
        assert m.group(3).startswith("/static/"), m.group(0)
    assert "htmx" not in html
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_page_size_under_50kb():
    from django.contrib.staticfiles import finders

    html = Client().get("/zelftest/").content
    total = len(html)
    for path in re.findall(rb'(?:src|href)="/static/([^"]+)"', html):
        total += len(open(finders.find(path.decode()), "rb").read())
    assert total < 50 * 1024


def test_result_is_words_not_numbers():
    r = evaluate({"keel": "ja"})
    assert r.level in ("high", "extreme") and "gevaar" in r.title
    words = re.sub(r"112|0800-2000", "", r.title + r.text)  # phone numbers are not a score
    assert not re.search(r"\d", words)
    assert evaluate({q[0]: "nee" for q in QUESTIONS}).level == "none"
    mid = evaluate({"kring": "ja", "geld": "ja"})
    assert mid.level == "medium" and mid.coercive_control
    assert evaluate({}).unknown == len(QUESTIONS)


def test_quick_exit_is_a_link_to_a_neutral_site():
    html = Client().get(reverse("selfcheck:index")).content.decode()
    assert re.search(r'<a id="snel-weg"[^>]+href="https://www\.weeronline\.nl"', html)
    from django.contrib.staticfiles import finders

    js = open(finders.find("risk/selfcheck.js")).read()
    assert "location.replace" in js and "Escape" in js
