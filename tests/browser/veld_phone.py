"""Steps on the /veld phone app that several browser tests take, and their server."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import func, select

from outreach.clock import local_today
from outreach.extensions import db
from outreach.models import Contact, FollowUp, User
from outreach.models.enums import FollowUpKind
from tests.browser.conftest import PHONE, _block_non_local, log_in, running_app, wait_until
from tests.conftest import TEST_PASSWORD
from tests.factories import make_town


@contextmanager
def field_server(postgis_server, template_database, *, follow_ups: bool = False,
                 colleague: bool = False):
    """A live server whose veldwerker has today's round through three streets.

    The server carries live.worker_id and live.round_id; with FOLLOW_UPS also two open
    follow-ups assigned to the worker (live.rent_id, live.visit_id); with COLLEAGUE a
    second veldwerker on the same round (role "veldwerker2", live.colleague_id).
    """
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            worker = db.session.scalar(select(User).where(User.email == "veldwerker@test.example"))
            live.worker_id = worker.id
            town = make_town(worker, round_date=local_today())
            live.round_id = town.round.id
            live.street_ids = {name: street.id for name, street in town.streets.items()}
            live.buurt_id = town.buurt.id
            if colleague:
                from outreach.services.users import create_user

                other = create_user("veldwerker2@test.example", "Test Collega", "veldwerker",
                                    TEST_PASSWORD)
                town.round.workers.append(other)
                db.session.commit()
                live.colleague_id = other.id
            if follow_ups:
                rent = FollowUp(kind=FollowUpKind.terugbellen, assignee_id=worker.id,
                                note="Terugbellen over de huurachterstand")
                visit = FollowUp(kind=FollowUpKind.huisbezoek, assignee_id=worker.id,
                                 note="Koffie drinken, woont alleen")
                db.session.add_all([rent, visit])
                db.session.commit()
                live.rent_id, live.visit_id = rent.id, visit.id
        yield live


def contacts_on_server(live) -> int:
    """How many contacts the live server has stored."""
    with live.app.app_context():
        return db.session.scalar(select(func.count()).select_from(Contact))


def waiting(page) -> int:
    """The outbox count the bar shows."""
    return int(page.locator("#outbox-badge").get_attribute("data-waiting") or 0)


def wait_waiting(page, expected: int, timeout: float = 20000) -> None:
    """Wait until the bar shows EXPECTED records waiting."""
    wait_until(page, "n => document.querySelector('#outbox-badge').dataset.waiting === String(n)",
               arg=expected, timeout=timeout)


def phone_page(browser, live):
    """Another phone (390x844, its own cookies and storage) on LIVE; close its context after."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.route("**/*", _block_non_local(live))
    return context.new_page()


def open_veld(page, live, role: str = "veldwerker") -> None:
    """Log in, open /veld once online, and wait until the service worker controls it."""
    log_in(page, live, role)
    page.goto(f"{live.url}/veld")
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller",
               timeout=20000)
    page.get_by_text("Testronde").wait_for()


def open_street(page, name: str) -> None:
    """From Vandaag, open the first round and its street NAME."""
    page.locator(".round-card").first.click()
    page.get_by_role("link", name=name).click()
    page.locator("#house-number").wait_for()


def tap_door(page, outcome: str, number: int | None = None) -> None:
    """Log the door in the number field (or NUMBER) with OUTCOME, offline: one more waits."""
    if number is not None:
        page.locator("#house-number").fill(str(number))
    before = waiting(page)
    page.get_by_role("button", name=outcome, exact=True).click()
    wait_waiting(page, before + 1)


def log_door(page, outcome: str, number: int, suffix: str = "") -> None:
    """Log door NUMBER SUFFIX with OUTCOME, on- or offline: wait for the phone's word on it."""
    page.locator("#house-number").fill(str(number))
    page.locator("#house-suffix").fill(suffix)
    page.get_by_role("button", name=outcome, exact=True).click()
    # The toast names the door and its outcome once it is saved on the phone (the same
    # door twice in a row needs two different outcomes to be told apart).
    page.locator("#toast", has_text=f"Nr {number}{suffix.strip()}: {outcome}").wait_for()
