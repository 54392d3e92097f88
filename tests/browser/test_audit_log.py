"""The beheerder reads the audit log in Chromium, on a phone and on a desktop, and filters it."""

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_beheerder_reads_and_filters_the_audit_log(request, live_server, size):
    page = request.getfixturevalue(size)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, "beheerder")
    page.goto(f"{live_server.url}/beheer/audit")
    assert page.locator("h1").inner_text() == "Auditlog"
    rows = page.locator("table.audit-table tbody tr")
    assert rows.first.inner_text().count("Ingelogd") == 1  # our own login, newest first
    assert "Test Beheerder" in rows.first.inner_text()
    screenshot(page, f"audit-log-{size}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    page.locator("summary", has_text="Filteren").click()
    page.get_by_label("IP-adres of netwerk").fill("niet-een-ip")
    page.get_by_role("button", name="Toon").click()
    assert "Geen geldig IP-adres" in page.locator("#ip-error").inner_text()
    assert page.get_by_label("IP-adres of netwerk").input_value() == "niet-een-ip"
    screenshot(page, f"audit-log-filter-error-{size}")

    page.get_by_label("IP-adres of netwerk").fill("")
    page.get_by_label("Actie (begint met)").fill("user.")
    page.get_by_role("button", name="Toon").click()
    labels = page.locator("table.audit-table tbody tr").all_inner_texts()
    assert labels and all("Account aangemaakt" in text for text in labels)
    assert errors == []
    assert live_server.blocked == []
