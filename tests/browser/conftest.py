"""Browser fixtures: the app served on 127.0.0.1 from its own database, and Debian's Chromium.

Every request that does not go to the test server is aborted, as a phone without
internet (or a page that must not leak to a CDN) would see it.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from werkzeug.serving import make_server

from outreach.extensions import db as _db
from tests.conftest import TEST_PASSWORD, make_test_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WIDE = {"width": 1440, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Without this, requests a service worker makes itself (its Background Sync drain) pass
# no route at all: neither the non-local block below nor a test's context.route(). It
# must be set before the Playwright driver starts.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")


class LiveServer:
    """The app in a thread on 127.0.0.1; it can be stopped and started again on its port."""

    def __init__(self, app):
        self.app = app
        self.blocked: list[str] = []
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = None
        self._serve()

    def _serve(self):
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        """Stop answering: connections are refused until start()."""
        self._server.shutdown()
        self._server.server_close()

    def start(self):
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._serve()


@contextmanager
def running_app(postgis_server, template_database):
    """A LiveServer (CSRF on) on a fresh copy of the migrated database, as the app's login,
    with one user per role."""
    name = f"buurtronde_live_{uuid.uuid4().hex[:8]}"
    url = postgis_server.create_database(name, template=template_database)
    app = make_test_app(url, WTF_CSRF_ENABLED=True, TESTING=False)
    with app.app_context():
        from outreach.services.users import create_user

        for role in ("veldwerker", "coordinator", "teamleider", "beheerder"):
            create_user(f"{role}@test.example", f"Test {role.title()}", role, TEST_PASSWORD)
    live = LiveServer(app)
    try:
        yield live
    finally:
        live.stop()
        with app.app_context():
            _db.engine.dispose()
        postgis_server.drop_database(name)


@pytest.fixture(scope="module")
def live_server(postgis_server, template_database):
    """One server (and database) for the whole test module."""
    with running_app(postgis_server, template_database) as live:
        yield live


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield chromium
        chromium.close()


def _block_non_local(live: LiveServer):
    def handle(route):
        host = urlparse(route.request.url).hostname
        if host in LOCAL_HOSTS or route.request.url.startswith("data:"):
            route.continue_()
        else:
            live.blocked.append(route.request.url)
            route.abort()

    return handle


def _context(browser, live_server, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="nl-NL", **options)
    context.route("**/*", _block_non_local(live_server))
    return context


@pytest.fixture()
def phone(browser, live_server):
    """A fresh phone-sized page (390x844) with its own cookies."""
    context = _context(browser, live_server, PHONE, is_mobile=True, has_touch=True,
                       device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture()
def desktop(browser, live_server):
    """A fresh desktop-sized page (1280x800) with its own cookies."""
    context = _context(browser, live_server, DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture()
def wide(browser, live_server):
    """A fresh page at 1440x900, the desk the coordinator and beheerder work at."""
    context = _context(browser, live_server, WIDE)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ for a human to look at."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    # From the top: sticky bars would otherwise land mid-page in a full-page capture.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, live_server, role: str) -> None:
    """Log in through the real form, as a person would."""
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mailadres").fill(f"{role}@test.example")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")


def wait_until(page, expression: str, *, arg=None, timeout: float = 30000) -> None:
    """Wait until EXPRESSION (or function of ARG) is truthy in PAGE.

    Page.wait_for_function compiles its predicate with new Function inside the page,
    which our Content-Security-Policy (no 'unsafe-eval') refuses; page.evaluate goes
    through the DevTools protocol and is not subject to the page's CSP.
    """
    from playwright.sync_api import Error, TimeoutError

    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            # Through a handle: a DOM object or service worker counts as truthy too.
            handle = page.evaluate_handle(expression, arg)
            try:
                if handle.evaluate("value => !!value"):
                    return
            finally:
                handle.dispose()
        except Error as error:  # a navigation replaced the context: look again
            if "context was destroyed" not in str(error) and "navigation" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} ms for: {expression}")
        time.sleep(0.05)
