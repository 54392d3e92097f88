"""A partner confirms a warm handover on a phone; the beheerder keeps the partner list."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import FollowUp, User
from outreach.models.enums import FollowUpStatus, PartnerOutcome
from tests.browser.conftest import log_in, running_app, screenshot
from tests.handover import SECRET_NOTE, make_handover

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def handover_server(postgis_server, template_database):
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            def user(role):
                return db.session.scalar(select(User).where(User.email == f"{role}@test.example"))

            made = make_handover(user("veldwerker"), user("teamleider"),
                                 round_date=date(2026, 11, 10))
            live.link = f"/partner/{made.follow_up.id}/{made.token}"
            live.follow_up_id = made.follow_up.id
        yield live


@pytest.fixture()
def live_server(handover_server):
    return handover_server


def _follow_up(live) -> FollowUp:
    with live.app.app_context():
        found = db.session.get(FollowUp, live.follow_up_id)
        db.session.expunge(found)
        return found


def test_partner_opens_the_link_and_confirms_on_a_phone(phone, handover_server):
    live = handover_server
    response = phone.goto(live.url + live.link)
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    assert phone.get_by_text("Anna de Vries").is_visible()
    assert SECRET_NOTE not in phone.content()
    # Nothing sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "partner-link-phone")

    phone.get_by_label("Korte toelichting").fill("Gebeld, intake staat.")
    phone.get_by_role("button", name="Contact gelegd").click()
    phone.get_by_text("uw bevestiging is opgeslagen").wait_for()
    assert phone.get_by_role("button", name="Contact gelegd").is_disabled()
    assert _follow_up(live).partner_outcome == PartnerOutcome.contact_gelegd

    phone.get_by_role("button", name="Opgepakt").click()
    phone.get_by_text("uw bevestiging is opgeslagen").wait_for()
    phone.get_by_role("button", name="Afgerond").click()
    phone.get_by_text("Deze overdracht is afgesloten").wait_for()
    assert phone.get_by_role("button", name="Afgerond").count() == 0
    screenshot(phone, "partner-link-phone-closed")
    assert _follow_up(live).status == FollowUpStatus.afgerond
    assert not live.blocked


def test_unknown_link_page_on_a_phone(phone, handover_server):
    live = handover_server
    response = phone.goto(live.url + "/partner/00000000-0000-0000-0000-000000000000/nope")
    assert response.status == 404
    phone.get_by_text("Deze link bestaat niet").wait_for()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_beheerder_partner_list_and_form(request, handover_server, size):
    live = handover_server
    page = request.getfixturevalue(size)
    log_in(page, live, "beheerder")
    page.get_by_role("link", name="Partners").first.click()
    page.wait_for_url(f"{live.url}/beheer/partners")
    page.get_by_text("Schuldhulp Testdorp").wait_for()
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"partners-list-{size}")

    page.get_by_role("link", name="Nieuwe partner").click()
    name = f"Taalhuis {size}"
    page.get_by_label("Naam", exact=True).fill(name)
    page.get_by_label("Soort partner").select_option("taalhuis")
    page.get_by_label("Telefoon").fill("bel maar")
    # A click on the map fills the coordinates.
    page.locator("#partner-map").click()
    assert page.get_by_label("Lengtegraad (lon)").input_value()
    page.get_by_label("Testbuurt").check()
    page.get_by_label("Openingstijden").fill("di en do 10-12")
    page.get_by_role("button", name="Opslaan").click()
    page.locator("#phone-error").wait_for()
    assert page.get_by_label("Telefoon").input_value() == "bel maar"
    assert page.get_by_label("Openingstijden").input_value() == "di en do 10-12"
    screenshot(page, f"partners-form-error-{size}")
    page.get_by_label("Telefoon").fill("030-1234567")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"{live.url}/beheer/partners")
    page.get_by_text(name).wait_for()
    assert not live.blocked
