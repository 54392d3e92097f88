"""Each role logs in through the real form in Chromium and lands on its Dutch start page."""

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

HEADINGS = {
    "veldwerker": "Hallo Test",
    "coordinator": "Planning en dekking",
    "teamleider": "Opvolging en rapportage",
    "beheerder": "Beheer",
}


@pytest.mark.parametrize("role", sorted(HEADINGS))
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_role_logs_in_and_sees_dutch_start_page(request, live_server, role, size):
    page = request.getfixturevalue(size)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, role)
    assert page.locator("h1").inner_text().startswith(HEADINGS[role])
    assert page.locator("html").get_attribute("lang") == "nl"
    screenshot(page, f"start-{role}-{size}")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{live_server.url}/login")
    assert errors == []
    assert live_server.blocked == []


def test_login_page_and_wrong_password_message(phone, live_server):
    phone.goto(f"{live_server.url}/login")
    screenshot(phone, "login-phone")
    phone.get_by_label("E-mailadres").fill("coordinator@test.example")
    phone.get_by_label("Wachtwoord").fill("wrong password")
    phone.get_by_role("button", name="Inloggen").click()
    error = phone.locator(".field-error")
    assert error.inner_text() == "Onbekend e-mailadres of verkeerd wachtwoord."
    assert phone.get_by_label("E-mailadres").input_value() == "coordinator@test.example"
    screenshot(phone, "login-error-phone")


def test_language_switch_in_the_browser(desktop, live_server):
    log_in(desktop, live_server, "teamleider")
    desktop.get_by_role("button", name="English").click()
    desktop.wait_for_load_state()
    assert desktop.locator("h1").inner_text() == "Follow-up and reports"
    screenshot(desktop, "start-teamleider-english-desktop")
    desktop.get_by_role("button", name="Nederlands").click()
    desktop.wait_for_load_state()
    assert desktop.locator("h1").inner_text() == "Opvolging en rapportage"


def test_beheerder_adds_a_user_with_inline_errors(desktop, live_server):
    log_in(desktop, live_server, "beheerder")
    desktop.get_by_role("link", name="Gebruikers").first.click()
    desktop.get_by_role("link", name="Nieuw account").click()
    desktop.get_by_label("Naam").fill("Nieuwe Collega")
    desktop.get_by_label("E-mailadres").fill("veldwerker@test.example")
    desktop.get_by_label("Wachtwoord").fill("kort")
    desktop.get_by_role("button", name="Opslaan").click()
    assert "minstens 12" in desktop.locator(".field-error").first.inner_text().lower() or \
        "12" in desktop.content()
    screenshot(desktop, "admin-user-new-errors-desktop")
    assert desktop.get_by_label("Naam").input_value() == "Nieuwe Collega"
    desktop.get_by_label("E-mailadres").fill("nieuw@test.example")
    desktop.get_by_label("Wachtwoord").fill("een lang genoeg wachtwoord")
    desktop.get_by_role("button", name="Opslaan").click()
    desktop.wait_for_url(f"{live_server.url}/beheer/gebruikers")
    assert "Nieuwe Collega" in desktop.locator("table").inner_text()
    screenshot(desktop, "admin-users-desktop")


def test_beheerder_imports_buurten_through_the_page(desktop, live_server, shared_data):
    log_in(desktop, live_server, "beheerder")
    desktop.get_by_role("link", name="Gegevens importeren").first.click()
    screenshot(desktop, "admin-import-desktop")
    desktop.get_by_label("GeoJSON-bestand").set_input_files(
        str(shared_data / "rotterdam_buurten_cbs.geojson"))
    desktop.get_by_role("button", name="Importeren").click()
    report = desktop.locator(".report-ok")
    report.wait_for()
    assert "92 nieuw" in report.inner_text()
    assert "8 hersteld" in report.inner_text()
    screenshot(desktop, "admin-import-report-desktop")


def test_import_page_shows_a_refused_file_at_phone_size(phone, live_server):
    from tests.conftest import FIXTURES

    log_in(phone, live_server, "beheerder")
    phone.goto(f"{live_server.url}/beheer/import")
    phone.get_by_label("GeoJSON-bestand").set_input_files(str(FIXTURES / "not_json.geojson"))
    phone.get_by_role("button", name="Importeren").click()
    error = phone.locator(".report-error")
    error.wait_for()
    assert "geen geldige JSON" in error.inner_text()
    screenshot(phone, "admin-import-refused-phone")
