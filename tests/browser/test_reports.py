"""/rapportage in Chromium: a buurt and a quarter, SVG charts, and the printed page."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

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
    page.wait_for_load_state("load")  # stylesheets too, before anything is measured


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
    # Issue 11: a forced page break before every theme left pages nearly empty; the
    # report flows now, and a heading stays with what follows it.
    breaks = desktop.locator("section.rpt-theme").evaluate_all(
        "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert "page" not in breaks
    assert desktop.locator("section.rpt-theme h2").first.evaluate(
        "e => getComputedStyle(e).breakAfter") == "avoid"
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


def _pgm_pages(pdf: bytes, resolution: int = 40) -> list[tuple[int, int, bytes]]:
    """Each PDF page as (width, height, grey pixels), rendered by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-r", str(resolution), str(source),
                        str(Path(folder) / "page")], check=True)
        pages = []
        for path in sorted(Path(folder).glob("page-*.pgm")):
            data = path.read_bytes()
            magic, width, height, depth, pixels = data.split(maxsplit=4)
            assert magic == b"P5" and depth == b"255"
            pages.append((int(width), int(height), pixels))
        return pages


def _inked_share(width: int, height: int, pixels: bytes) -> float:
    """How much of the page's height lies between its first and last row with ink."""
    rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 160]
    return 0.0 if not rows else (rows[-1] - rows[0] + 1) / height


def _save_pages(pdf: bytes, name: str) -> None:
    """The PDF's pages as PNG under test-artifacts/screenshots/, for a person to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(folder / name)],
                   check=True)


CLIPPED_TEXT = """svg => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return {text: t.textContent, x: b.x, y: b.y, right: b.x + b.width,
            bottom: b.y + b.height, width: box.width, height: box.height};
  }).filter(b => b.x < 0 || b.y < 0 || b.right > b.width || b.bottom > b.height);
}"""


@pytest.mark.parametrize("scope", ["buurt", "gemeente"])
def test_printed_report_has_no_near_empty_page_and_no_clipped_label(desktop, live_server,
                                                                    scope):
    open_report(desktop, live_server)
    if scope == "gemeente":
        desktop.get_by_label("Buurt", exact=True).select_option("")
        desktop.get_by_role("button", name="Toon rapport").click()
        desktop.locator("#per-buurt").wait_for()
    desktop.emulate_media(media="print")
    charts = desktop.locator("svg.bar-chart")
    assert charts.count() >= 6
    for i in range(charts.count()):
        assert charts.nth(i).evaluate(CLIPPED_TEXT) == [], f"chart {i}"
    pdf = desktop.pdf(format="A4", print_background=True)
    _save_pages(pdf, f"reports-print-{scope}")
    pages = _pgm_pages(pdf)
    assert 1 < len(pages) <= 8
    shares = [round(_inked_share(*page), 2) for page in pages]
    # A page filled less than a quarter of its height is a near-empty page.
    assert min(shares) >= 0.25, shares
    assert all(share >= 0.6 for share in shares[:-1]), shares  # only the last runs short


def test_report_at_1440_wide(wide, live_server):
    open_report(wide, live_server)
    assert wide.evaluate("document.documentElement.scrollWidth") <= 1440
    screenshot(wide, "reports-wide")
