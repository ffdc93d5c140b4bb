"""Playwright in Debian's Chromium against pytest-django's live server."""

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    # Let in-flight requests (lazy chart images) finish: the live server shares the test database,
    # and its transaction must be over before the test's teardown flushes the tables.
    try:
        pg.wait_for_load_state("networkidle", timeout=10000)
    except Exception:  # noqa: BLE001 - a page that never settles is the test's own failure
        pass
    context.close()


@pytest.fixture
def login(live_server):
    def do(page, username, password="geheim-wachtwoord-1"):
        page.goto(f"{live_server.url}/account/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state("networkidle")

    return do
