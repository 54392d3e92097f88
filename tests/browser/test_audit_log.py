"""The beheerder reads the audit log in Chromium, on a phone and on a desktop, and filters it."""

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["phone", "desktop", "wide"])
def test_beheerder_reads_and_filters_the_audit_log(request, live_server, size):
    page = request.getfixturevalue(size)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, "beheerder")
    page.goto(f"{live_server.url}/beheer/audit")
    assert page.locator("h1").inner_text() == "Auditlog"
    rows = page.locator("table.audit-table tbody tr")
    assert rows.first.inner_text().count("Ingelogd") == 1  # our own login, newest first
    # Who and what in words: the name with the role, the account by name, no codes.
    first = rows.first.inner_text()
    assert "Test Beheerder" in first and "Beheerder" in first.replace("Test Beheerder", "")
    assert "Account" in first and "user " not in first and "login.success" not in first
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
    # The action filter offers labels; a group's "all" entry filters by prefix.
    page.get_by_label("Actie", exact=True).select_option(label="Accounts (alle)")
    page.get_by_role("button", name="Toon").click()
    labels = page.locator("table.audit-table tbody tr").all_inner_texts()
    assert labels and all("Account aangemaakt" in text for text in labels)
    # Details in words: "rol: Veldwerker", not role=veldwerker.
    assert any("rol: Veldwerker" in text for text in labels)
    assert not any("role" in text or "None" in text for text in labels)

    # The subject filter takes a name.
    page.get_by_label("Actie", exact=True).select_option(label="Alle acties")
    page.get_by_label("Onderwerp", exact=True).fill("Teamleider")
    page.get_by_role("button", name="Toon").click()
    subjects = page.locator("table.audit-table tbody tr").all_inner_texts()
    assert subjects and all("Test Teamleider (Teamleider)" in text for text in subjects)
    screenshot(page, f"audit-log-by-name-{size}")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert errors == []
    assert live_server.blocked == []
