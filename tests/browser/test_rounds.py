"""A coordinator plans a round in Chromium, prints its walk list; the worker finds it in /veld."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.clock import local_today
from outreach.extensions import db
from outreach.models import Round, User
from tests.browser.conftest import log_in, running_app, screenshot, wait_until
from tests.factories import make_town

pytestmark = pytest.mark.browser

NAME = "Bloemen langs de Molenweg"


@pytest.fixture(scope="module")
def town_server(postgis_server, template_database):
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            worker = db.session.scalar(select(User).where(User.email == "veldwerker@test.example"))
            make_town(worker, round_date=local_today())
        yield live


@pytest.fixture()
def live_server(town_server):
    # phone and desktop (tests/browser/conftest.py) route against this server.
    return town_server


def plan_round(page, live):
    page.goto(f"{live.url}/rondes/nieuw")
    page.get_by_label("Naam van de ronde").fill(NAME)
    page.get_by_label("Testbuurt").check()
    wait_until(page, "document.querySelectorAll('#planner-map path').length >= 3")
    page.locator("#planner-start").select_option(label="Schuldhulp Testdorp")
    page.locator("#planner-amount").select_option("count:8")
    page.get_by_role("button", name="Stel straten voor").click()
    wait_until(page, "document.querySelectorAll('#street-list li').length === 3")
    page.locator("#route-summary").filter(has_text="km lopen").wait_for()
    # Drop the last street, then add it back by clicking it on the map.
    last = page.locator("#street-list li .name").last.inner_text()
    page.locator("#street-list li").last.get_by_role("button", name=f"Weghalen: {last}").click()
    wait_until(page, "document.querySelectorAll('#street-list li').length === 2")
    page.get_by_role("button", name="Stel koffieplek voor").click()
    page.locator("#spots button").first.click()
    assert page.get_by_label("Koffieplek").input_value()
    page.get_by_label("Test Veldwerker").check()


def test_coordinator_plans_saves_prints_and_the_worker_sees_the_round(desktop, phone, town_server):
    live = town_server
    log_in(desktop, live, "coordinator")
    plan_round(desktop, live)
    screenshot(desktop, "rondes-planner-desktop")
    desktop.get_by_role("button", name="Ronde opslaan").click()
    desktop.wait_for_url(f"{live.url}/rondes")
    assert desktop.get_by_text(NAME).count() == 1
    screenshot(desktop, "rondes-lijst-desktop")
    with live.app.app_context():
        saved = db.session.scalar(select(Round).where(Round.title == NAME))
        streets = [s.name for s in saved.streets]
        assert len(streets) == 2 and saved.coffee_spot is not None
        assert [w.email for w in saved.workers] == ["veldwerker@test.example"]
        round_id = saved.id

    # The walk list, as printed on A4.
    desktop.goto(f"{live.url}/rondes/{round_id}/looplijst")
    screenshot(desktop, "rondes-looplijst-desktop")
    desktop.emulate_media(media="print")
    assert desktop.locator(".topbar").is_hidden()
    assert desktop.get_by_role("button", name="Printen").is_hidden()
    for name in streets:
        assert desktop.locator(".walk-table").get_by_text(name).is_visible()
    pdf = desktop.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    desktop.emulate_media(media="screen")

    # On the edit page, clicking the dropped (never visited, red) street adds it back.
    desktop.goto(f"{live.url}/rondes/{round_id}")
    wait_until(desktop, "document.querySelectorAll('#street-list li').length === 2")
    desktop.locator('#planner-map path[stroke="#c0392b"]').first.click(force=True)
    wait_until(desktop, "document.querySelectorAll('#street-list li').length === 3")
    desktop.get_by_role("button", name="Ronde opslaan").click()
    desktop.wait_for_url(f"{live.url}/rondes")
    with live.app.app_context():
        assert len(db.session.get(Round, round_id).round_streets) == 3

    # The assigned worker finds it on the phone.
    log_in(phone, live, "veldwerker")
    phone.goto(f"{live.url}/veld")
    phone.get_by_text(NAME).first.wait_for()
    screenshot(phone, "rondes-veld-phone")
    assert live.blocked == []


def test_round_pages_at_phone_size(phone, town_server):
    live = town_server
    log_in(phone, live, "coordinator")
    phone.goto(f"{live.url}/rondes")
    screenshot(phone, "rondes-lijst-phone")
    phone.goto(f"{live.url}/rondes/nieuw")
    phone.get_by_label("Testbuurt").check()
    wait_until(phone, "document.querySelectorAll('#planner-map path').length >= 3")
    phone.get_by_role("button", name="Stel straten voor").click()
    wait_until(phone, "document.querySelectorAll('#street-list li').length === 3")
    screenshot(phone, "rondes-planner-phone")
    # Saving without a name keeps the streets and says what is missing.
    phone.get_by_role("button", name="Ronde opslaan").click()
    phone.locator(".field-error").first.wait_for()
    assert phone.locator("#street-list li").count() == 3
    screenshot(phone, "rondes-planner-fout-phone")
    with live.app.app_context():
        round_id = db.session.scalar(select(Round.id).where(Round.title == "Testronde"))
    phone.goto(f"{live.url}/rondes/{round_id}/looplijst")
    screenshot(phone, "rondes-looplijst-phone")
    assert live.blocked == []
