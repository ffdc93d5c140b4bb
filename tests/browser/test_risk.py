"""The public self-check in real Chromium: no cookies, quick exit by button and by Escape."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://www.weeronline.nl/"


def _neutral_site(page):
    # No network here: answer the neutral site locally so the navigation can be observed.
    page.context.route("https://www.weeronline.nl/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<html><title>Weer</title><body>Weerbericht</body></html>"))


def test_selfcheck_sets_no_cookies_and_shows_result(page, live_server):
    page.goto(f"{live_server.url}/zelftest/")
    assert page.context.cookies() == []
    page.locator('input[name="keel"][value="ja"]').check()
    page.locator('input[name="weg"][value="ja"]').check()
    page.get_by_role("button", name="Bekijk de uitslag").click()
    page.wait_for_load_state("load")
    assert "groot gevaar" in page.content()
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


def test_quick_exit_button_replaces_the_page(page, live_server):
    _neutral_site(page)
    page.goto(f"{live_server.url}/zelftest/")
    length = page.evaluate("history.length")
    page.get_by_role("link", name="Snel weg").click()
    page.wait_for_url(NEUTRAL + "**")
    assert page.url.startswith(NEUTRAL)
    assert page.evaluate("history.length") == length  # replaced, not pushed: 'back' does not return


def test_quick_exit_on_escape(page, live_server):
    _neutral_site(page)
    page.goto(f"{live_server.url}/zelftest/")
    page.locator('input[name="geld"][value="ja"]').focus()
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL + "**")
    assert "Weerbericht" in page.content()


def test_quick_exit_visible_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    try:
        pg = context.new_page()
        pg.goto(f"{live_server.url}/zelftest/")
        pg.mouse.wheel(0, 3000)
        box = pg.get_by_role("link", name="Snel weg").bounding_box()
        assert box is not None and box["y"] >= 0 and box["x"] + box["width"] <= 360
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
