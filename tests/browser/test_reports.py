"""/rapportage in Chromium: a buurt and a quarter, SVG charts, and the printed page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Buurt, Contact
from outreach.services import demo
from outreach.services.report.period import Preset, preset_period
from tests.browser.conftest import ARTIFACTS, log_in, running_app, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(postgis_server, template_database):
    """One server for the module, with the demo town; the quarter holding most contacts."""
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            demo.seed_demo(seed=2026)
            live.buurt_code, live.buurt_name, day = db.session.execute(
                select(Buurt.code, Buurt.name, func.max(Contact.recorded_at)).join(
                    Contact, Contact.buurt_id == Buurt.id).group_by(Buurt.code, Buurt.name)
                .order_by(func.count().desc()).limit(1)).one()
            period = preset_period(Preset.dit_kwartaal, day.date())
            live.van, live.tot = period.date_from.isoformat(), period.date_to.isoformat()
        yield live


def open_report(page, live):
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    log_in(page, live, "teamleider")
    page.goto(f"{live.url}/rapportage")
    page.get_by_label("Buurt", exact=True).select_option(live.buurt_code)
    page.get_by_label("Periode").select_option("anders")
    page.get_by_label("Van", exact=True).fill(live.van)
    page.get_by_label("Tot en met").fill(live.tot)
    page.get_by_role("button", name="Toon rapport").click()
    page.locator(".rpt-heading").wait_for()


def test_report_for_a_buurt_and_a_quarter_with_svg_charts(desktop, live_server):
    open_report(desktop, live_server)
    heading = desktop.locator(".rpt-heading").inner_text()
    assert live_server.buurt_name in heading and "gemaakt op" in heading
    charts = desktop.locator("svg.bar-chart")
    assert charts.count() >= 6
    assert charts.first.is_visible()
    assert charts.first.locator("title").count() == 1
    assert desktop.locator("svg.bar-chart rect.bar").count() > 0
    themes = desktop.locator("section.rpt-theme h2").all_inner_texts()
    assert len(themes) == 5 and "Sociale cohesie" in themes[0]
    assert desktop.errors == []
    assert live_server.blocked == []
    screenshot(desktop, "reports-desktop")
    for section in ("bereik", "thema-maatschappelijke_participatie"):
        desktop.locator(f"#{section}").screenshot(
            path=str(ARTIFACTS / "screenshots" / f"reports-desktop-{section}.png"))


def test_printed_report_hides_navigation_and_the_form(desktop, live_server):
    open_report(desktop, live_server)
    assert desktop.locator(".topbar").is_visible()
    desktop.emulate_media(media="print")
    assert not desktop.locator(".topbar").is_visible()
    assert not desktop.locator(".rpt-form").is_visible()
    assert not desktop.get_by_role("button", name="Afdrukken").is_visible()
    assert desktop.locator(".rpt-heading").is_visible()
    assert desktop.locator("svg.bar-chart").first.is_visible()
    breaks = desktop.locator("section.rpt-theme").evaluate_all(
        "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks == ["page"] * 5
    screenshot(desktop, "reports-print")
    pdf = desktop.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_report_on_a_phone(phone, live_server):
    open_report(phone, live_server)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing wider than the screen but the scrolling tables
    assert phone.locator("svg.bar-chart").first.is_visible()
    screenshot(phone, "reports-phone")
    for section in ("bereik", "thema-sociale_veerkracht", "hulpvragen", "kerncijfers"):
        phone.locator(f"#{section}").screenshot(
            path=str(ARTIFACTS / "screenshots" / f"reports-phone-{section}.png"))


def test_bad_dates_are_explained_next_to_the_field(phone, live_server):
    log_in(phone, live_server, "teamleider")
    response = phone.goto(f"{live_server.url}/rapportage?periode=anders&van=2025-03-01"
                          "&tot=2025-02-01")
    assert response.status == 422
    assert phone.locator("#tot-error").inner_text() == "De einddatum ligt voor de begindatum."
    assert phone.get_by_label("Van", exact=True).input_value() == "2025-03-01"
