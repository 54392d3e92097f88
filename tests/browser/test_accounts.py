"""Accounts in Chromium: a beheerder logs a colleague out everywhere (with confirmation),
a user changes their own password, and too many failed logins get a Dutch answer."""

from __future__ import annotations

import pytest

from outreach.extensions import attempt_budgets
from tests.browser.conftest import log_in, screenshot
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

DESKTOP_WIDE = {"width": 1440, "height": 900}


def _worker_page(desktop, live_server) -> None:
    desktop.goto(f"{live_server.url}/beheer/gebruikers")
    desktop.get_by_role("link", name="Test Veldwerker").click()
    desktop.get_by_role("heading", name="Ingelogde apparaten").wait_for()


def test_beheerder_logs_a_colleague_out_everywhere_after_confirming(browser, live_server,
                                                                      desktop, phone):
    log_in(phone, live_server, "veldwerker")
    assert phone.request.get(f"{live_server.url}/api/v1/me").status == 200
    desktop.set_viewport_size(DESKTOP_WIDE)
    log_in(desktop, live_server, "beheerder")
    _worker_page(desktop, live_server)
    screenshot(desktop, "beheer-gebruiker-desktop")
    desktop.get_by_role("link", name="Overal uitloggen…").click()
    screenshot(desktop, "beheer-overal-uitloggen-desktop")
    desktop.get_by_role("button", name="Overal uitloggen").click()
    desktop.get_by_text("Vink aan om te bevestigen.").wait_for()
    assert phone.request.get(f"{live_server.url}/api/v1/me").status == 200
    desktop.get_by_label("Ja, beëindig alle sessies van dit account, op elk apparaat.").check()
    desktop.get_by_role("button", name="Overal uitloggen").click()
    desktop.get_by_text("Test Veldwerker is overal uitgelogd.").wait_for()
    assert phone.request.get(f"{live_server.url}/api/v1/me").status == 401


def test_confirmation_page_at_phone_size(live_server, phone):
    log_in(phone, live_server, "beheerder")
    _worker_page(phone, live_server)
    phone.get_by_role("link", name="Overal uitloggen…").click()
    phone.get_by_role("button", name="Overal uitloggen").wait_for()
    screenshot(phone, "beheer-overal-uitloggen-phone")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_own_password_change_refuses_a_season_and_accepts_a_passphrase(
        browser, live_server, viewport, request):
    page = request.getfixturevalue(viewport)
    if viewport == "desktop":
        page.set_viewport_size(DESKTOP_WIDE)
    log_in(page, live_server, "teamleider")
    page.get_by_role("link", name="Wachtwoord", exact=True).click()
    page.get_by_label("Huidig wachtwoord").fill(TEST_PASSWORD)
    page.get_by_label("Nieuw wachtwoord").fill("Zomer2026!!!")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.get_by_text("Dit wachtwoord bestaat uit bekende woorden").wait_for()
    screenshot(page, f"wachtwoord-geweigerd-{viewport}")
    page.get_by_label("Huidig wachtwoord").fill(TEST_PASSWORD)
    page.get_by_label("Nieuw wachtwoord").fill("lantaarn paraplu fiets")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.get_by_text("Je wachtwoord is gewijzigd.").wait_for()
    # Back to the shared test password, for the other tests of this module's server.
    page.get_by_role("link", name="Wachtwoord", exact=True).click()
    page.get_by_label("Huidig wachtwoord").fill("lantaarn paraplu fiets")
    page.get_by_label("Nieuw wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.get_by_text("Je wachtwoord is gewijzigd.").wait_for()


def test_too_many_failed_logins_answer_in_dutch_on_the_form(live_server, phone):
    phone.goto(f"{live_server.url}/login")
    for _ in range(11):
        phone.get_by_label("E-mailadres").fill("onbekend@test.example")
        phone.get_by_label("Wachtwoord").fill("niet het wachtwoord")
        phone.get_by_role("button", name="Inloggen").click()
        phone.locator(".field-error").wait_for()
    phone.get_by_text("Te veel pogingen vanaf dit adres.").wait_for()
    assert phone.get_by_label("E-mailadres").input_value() == "onbekend@test.example"
    screenshot(phone, "login-te-veel-pogingen-phone")
    with live_server.app.app_context():  # the module's other tests log in from here too
        attempt_budgets.reset()
