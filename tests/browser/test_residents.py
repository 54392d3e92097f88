"""A beheerder handles a resident's request in the browser: find, see, erase."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import FollowUp, User
from tests.browser.conftest import log_in, running_app, screenshot
from tests.privacy_world import make_resident, town_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def resident_server(postgis_server, template_database):
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            users = {role: db.session.scalar(select(User).where(
                User.email == f"{role}@test.example")) for role in ("veldwerker",)}
            live.follow_up_id = make_resident(town_for(users), users["veldwerker"]).follow_up.id
        yield live


@pytest.fixture()
def live_server(resident_server):
    return resident_server


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_beheerder_finds_sees_and_erases_a_resident(request, resident_server, size):
    page = request.getfixturevalue(size)
    live = resident_server
    log_in(page, live, "beheerder")
    page.get_by_role("link", name="Rechten van bewoners").first.click()
    page.get_by_label("Naam of opvolgingsnummer").fill("mevr. a. jansen")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name="Bekijk alles").click()
    page.get_by_text("0612345678").wait_for()
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"resident-record-{size}")
    if size == "phone":
        return
    page.get_by_role("button", name="Wissen…").click()
    page.get_by_role("button", name="Definitief wissen").click()
    page.get_by_text("Vink aan om te bevestigen.").wait_for()
    page.get_by_label("Ik heb gecontroleerd").check()
    screenshot(page, "resident-erase-desktop")
    page.get_by_role("button", name="Definitief wissen").click()
    page.get_by_text("Gegevens van de bewoner gewist").wait_for()
    with live.app.app_context():
        assert db.session.get(FollowUp, live.follow_up_id).resident_name is None
