"""Steps on the /veld phone app that several browser tests take."""

from tests.browser.conftest import log_in, wait_until


def waiting(page) -> int:
    """The outbox count the bar shows."""
    return int(page.locator("#outbox-badge").get_attribute("data-waiting") or 0)


def wait_waiting(page, expected: int, timeout: float = 20000) -> None:
    """Wait until the bar shows EXPECTED records waiting."""
    wait_until(page, "n => document.querySelector('#outbox-badge').dataset.waiting === String(n)",
               arg=expected, timeout=timeout)


def open_veld(page, live) -> None:
    """Log in, open /veld once online, and wait until the service worker controls it."""
    log_in(page, live, "veldwerker")
    page.goto(f"{live.url}/veld")
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller",
               timeout=20000)
    page.get_by_text("Testronde").wait_for()
