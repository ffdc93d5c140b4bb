"""The monitor pages in a real browser: filters work, charts (SVG images) load under the CSP,
no console errors, and no case data on the page."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_and_borg_monitor(page, login, live_server, make_user, make_case):
    worker = make_user("vt1", "vt-utrecht", ("medewerker",))
    make_user("lead1", "vt-utrecht", ("teamleider",))
    case = make_case(worker)
    page.set_default_timeout(40000)  # the first matplotlib chart of a process can be slow on a busy machine
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, "lead1")
    page.goto(f"{live_server.url}/monitor/")
    assert page.get_by_role("heading", name="Monitor: procesindicatoren en termijnen").is_visible()
    page.get_by_label("Niveau").select_option("organisatie")
    page.get_by_label("Per", exact=True).select_option("maand")
    month = timezone.localdate().strftime("%Y-%m")
    page.get_by_label("Van (JJJJ-MM)").fill(month)
    page.get_by_label("Tot en met (JJJJ-MM)").fill(month)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state("networkidle")
    assert "niveau=organisatie" in page.url
    row = page.get_by_role("row", name="Meldingen ontvangen")
    assert row.locator("td").last.inner_text().startswith("1")  # own organisation: not suppressed
    assert page.get_by_text("nog niet geregistreerd").first.is_visible()
    img = page.get_by_role("img", name="Grafiek: Meldingen ontvangen per maand")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    svg = page.request.get(img.get_attribute("src") if img.get_attribute("src").startswith("http")
                           else f"{live_server.url}{img.get_attribute('src')}")
    assert svg.ok and svg.headers["content-type"] == "image/svg+xml" and b"<style" not in svg.body()
    html = page.content()
    assert case.number not in html and "de Vries" not in html
    page.goto(f"{live_server.url}/monitor/borg/")
    assert page.get_by_role("heading", name="BORG-monitor").is_visible()
    chart = page.get_by_role("img", name="Staafdiagram: aanwezigheid per band")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    # no inline script anywhere (htmx's own indicator <style> in base.html is not this page's doing)
    assert not [e for e in errors if "script-src" in e], errors
