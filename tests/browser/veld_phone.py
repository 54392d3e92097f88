"""Steps on the /veld phone app that several browser tests take, and their server."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import func, select

from outreach.clock import local_today
from outreach.extensions import db
from outreach.models import Contact, FollowUp, User
from outreach.models.enums import FollowUpKind
from tests.browser.conftest import log_in, running_app, wait_until
from tests.factories import make_town


@contextmanager
def field_server(postgis_server, template_database, *, follow_ups: bool = False):
    """A live server whose veldwerker has today's round through three streets.

    The server carries live.worker_id and live.round_id; with FOLLOW_UPS also two open
    follow-ups assigned to the worker (live.rent_id, live.visit_id).
    """
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            worker = db.session.scalar(select(User).where(User.email == "veldwerker@test.example"))
            live.worker_id = worker.id
            live.round_id = make_town(worker, round_date=local_today()).round.id
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


def open_veld(page, live) -> None:
    """Log in, open /veld once online, and wait until the service worker controls it."""
    log_in(page, live, "veldwerker")
    page.goto(f"{live.url}/veld")
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller",
               timeout=20000)
    page.get_by_text("Testronde").wait_for()
