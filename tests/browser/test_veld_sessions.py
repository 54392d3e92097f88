"""Ended sessions on the phone: the outbox survives logging out and "log out everywhere";
after logging in again every waiting record arrives once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import User
from outreach.services import users as user_service
from tests.browser.conftest import screenshot
from tests.browser.veld_phone import (
    contacts_on_server,
    field_server,
    open_veld,
    wait_waiting,
    waiting,
)
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture()
def field(postgis_server, template_database):
    with field_server(postgis_server, template_database) as live:
        yield live


def record_doors(page, numbers) -> None:
    page.locator(".round-card").first.click()
    page.get_by_role("link", name="Rozenlaan").click()
    page.locator("#house-number").wait_for()
    for number in numbers:
        before = waiting(page)
        page.locator("#house-number").fill(str(number))
        page.get_by_role("button", name="Niet thuis", exact=True).click()
        wait_waiting(page, before + 1)


def log_in_again(page, live) -> None:
    page.get_by_label("E-mailadres").fill("veldwerker@test.example")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live.url}/veld")


def test_logged_out_everywhere_while_offline_keeps_records_until_login(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    record_doors(phone, (2, 4, 6))
    with field.app.app_context():
        beheerder = db.session.scalar(select(User).where(User.email == "beheerder@test.example"))
        user_service.log_out_everywhere(field.worker_id, actor=beheerder)
    phone.context.set_offline(False)
    phone.locator(".banner-login").wait_for(timeout=20000)
    screenshot(phone, "veld-logged-out-everywhere-phone")
    assert waiting(phone) == 3
    assert contacts_on_server(field) == 0
    phone.get_by_role("link", name="Opnieuw inloggen").click()
    log_in_again(phone, field)
    wait_waiting(phone, 0)
    assert contacts_on_server(field) == 3


def test_own_logout_keeps_the_outbox_and_it_syncs_after_login(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    record_doors(phone, (8, 10))
    # The sync cannot get through before the worker logs out (a dead spot in the street).
    phone.context.route("**/api/v1/sync/**", lambda route: route.abort())
    phone.context.set_offline(False)
    phone.goto(f"{field.url}/")
    phone.get_by_role("button", name="Uitloggen").click()
    phone.wait_for_url(f"{field.url}/login")
    phone.context.unroute("**/api/v1/sync/**")
    assert contacts_on_server(field) == 0
    # The app comes from the phone's cache, finds its session ended and asks for a login.
    phone.goto(f"{field.url}/veld")
    phone.locator(".banner-login").wait_for(timeout=20000)
    screenshot(phone, "veld-after-own-logout-phone")
    assert waiting(phone) == 2
    phone.get_by_role("link", name="Opnieuw inloggen").click()
    log_in_again(phone, field)
    wait_waiting(phone, 0)
    assert contacts_on_server(field) == 2
