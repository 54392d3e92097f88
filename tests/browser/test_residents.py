"""A beheerder handles a resident's request in the browser: find by part of a name, read
the record in words, hand over the overview (printed or as PDF), erase everything at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import FollowUp, User
from outreach.models.crypto import name_index
from tests.browser.conftest import WIDE, log_in, running_app, screenshot
from tests.privacy_world import NOW, make_resident, town_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def resident_server(postgis_server, template_database):
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            users = {role: db.session.scalar(select(User).where(
                User.email == f"{role}@test.example")) for role in ("veldwerker",)}
            town = town_for(users)
            worker = users["veldwerker"]
            first = make_resident(town, worker)
            again = make_resident(town, worker, name="MEVR. A. Jansen", tag=" 2",
                                  recorded_at=NOW - timedelta(days=4))
            make_resident(town, worker, name="Dhr. P. Jansen", phone="0699999999", tag=" P")
            printed = make_resident(town, worker, name="Mevr. B. Overzicht",
                                    phone="0611112222", tag=" O")
            live.follow_up_ids = (first.follow_up.id, again.follow_up.id)
            live.printed_id = printed.follow_up.id
        yield live


@pytest.fixture()
def live_server(resident_server):
    return resident_server


def _no_overflow(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("size", ["phone", "wide"])
def test_beheerder_finds_sees_and_erases_a_resident(request, resident_server, size):
    page = request.getfixturevalue(size)
    width = 390 if size == "phone" else WIDE["width"]
    live = resident_server
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live, "beheerder")
    page.get_by_role("link", name="Rechten van bewoners").first.click()
    page.get_by_label("Naam of opvolgingsnummer").fill("jansen")
    page.get_by_role("button", name="Zoeken").click()
    matches = page.locator(".resident-match")
    # Mevr. A. Jansen (two doors) and Dhr. P. Jansen; no names on the list.
    assert matches.count() == 2
    listed = page.locator(".resident-matches").inner_text()
    assert "Jansen" not in listed and "0612345678" not in listed
    assert "2 opvolgingen" in listed and "Testbuurt" in listed
    _no_overflow(page, width)
    screenshot(page, f"resident-search-{size}")
    matches.filter(has_text="2 opvolgingen").get_by_role("button", name="Bekijk alles").click()
    page.get_by_text("0612345678").first.wait_for()
    text = page.locator("main").inner_text()
    assert "Opvolging 2: Warme overdracht" in text and "Status gewijzigd: open → open" in text
    assert "warme_overdracht" not in text
    _no_overflow(page, width)
    screenshot(page, f"resident-record-{size}")
    if size == "phone":
        assert errors == []
        return
    page.get_by_role("button", name="Alles wissen…").click()
    confirm = page.locator("main").inner_text()
    assert confirm.count("Warme overdracht · open") == 2
    page.get_by_role("button", name="Definitief wissen").click()
    page.get_by_text("Vink aan om te bevestigen.").wait_for()
    page.get_by_label("Ik heb gecontroleerd").check()
    screenshot(page, f"resident-erase-{size}")
    page.get_by_role("button", name="Definitief wissen").click()
    page.get_by_text("Gegevens van de bewoner gewist: 2 opvolging(en).").wait_for()
    with live.app.app_context():
        for follow_up_id in live.follow_up_ids:
            assert db.session.get(FollowUp, follow_up_id).resident_name is None
        # The other Jansen keeps everything (names are found through their blind index).
        assert db.session.scalar(select(FollowUp.resident_name).where(
            FollowUp.resident_name_hmac == name_index("Dhr. P. Jansen"))) == "Dhr. P. Jansen"
    assert errors == []
    assert live.blocked == []


@pytest.mark.parametrize("size", ["phone", "wide"])
def test_overview_prints_to_pdf_without_the_menu(request, resident_server, size):
    page = request.getfixturevalue(size)
    live = resident_server
    log_in(page, live, "beheerder")
    page.goto(f"{live.url}/beheer/bewoner")
    page.get_by_label("Naam of opvolgingsnummer").fill("overzicht")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name="Bekijk alles").click()
    page.get_by_text("0611112222").first.wait_for()
    # The overview opens in its own tab, so the record page stays where it was.
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Overzicht voor de bewoner").click()
    overview = opened.value
    overview.wait_for_load_state()
    assert overview.locator("h1").inner_text() == "Wat Buurtronde over u heeft vastgelegd"
    assert overview.get_by_role("button", name="Afdrukken of opslaan als PDF").is_visible()
    screenshot(overview, f"resident-overview-{size}")
    overview.emulate_media(media="print")
    # On paper: no menu, no buttons, no footer; the record itself is all there.
    assert not overview.locator(".topbar").is_visible()
    assert not overview.get_by_role("button", name="Afdrukken of opslaan als PDF").is_visible()
    assert overview.get_by_text("Kookt graag Surinaams O").is_visible()
    screenshot(overview, f"resident-overview-print-{size}")
    if size == "wide":
        pdf = overview.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and 2_000 < len(pdf) < 2_000_000
        (screenshot(overview, "resident-overview-print-wide").parent
         / "resident-overview.pdf").write_bytes(pdf)
    assert live.blocked == []
