"""Mijn opvolging on a phone: changes made offline arrive once; conflicts are the worker's call."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from outreach.clock import TEAM_TIMEZONE, local_today
from outreach.extensions import db
from outreach.models import Contact, FollowUp, FollowUpEvent, User
from outreach.services.followups import actions
from outreach.services.followups.service_levels import add_working_days, set_service_levels
from tests.browser.conftest import ARTIFACTS, log_in, screenshot, wait_until
from tests.browser.veld_phone import (
    field_server,
    open_street,
    open_veld,
    wait_waiting,
    waiting,
)

pytestmark = pytest.mark.browser


@pytest.fixture()
def field(postgis_server, template_database):
    with field_server(postgis_server, template_database, follow_ups=True) as live:
        yield live


def card(page, note: str):
    return page.locator(".followup", has_text=note)


def server_state(live, follow_up_id):
    """(status, version, [(client_id, to_status)] of the phone's events) on the server."""
    with live.app.app_context():
        follow_up = db.session.get(FollowUp, follow_up_id)
        events = db.session.execute(select(FollowUpEvent.client_id, FollowUpEvent.to_status)
                                    .where(FollowUpEvent.follow_up_id == follow_up_id,
                                           FollowUpEvent.client_id.is_not(None))).all()
        return follow_up.status.value, follow_up.version, [(e[0], e[1].value) for e in events]


def change(page, note_text: str, target: str, note: str | None = None) -> None:
    item = card(page, note_text)
    item.get_by_text("Status wijzigen").click()
    if note is not None:
        item.locator("textarea[data-note]").fill(note)
    item.get_by_role("button", name=target, exact=True).click()


def test_offline_follow_up_changes_arrive_once_and_a_conflict_is_the_workers_choice(phone, field):
    open_veld(phone, field)
    phone.get_by_role("link", name="Opvolging").click()
    phone.get_by_role("heading", name="Mijn opvolging").wait_for()
    card(phone, "huurachterstand").wait_for()
    phone.context.set_offline(True)

    # niet bereikbaar needs a note: said next to the field, nothing queued.
    change(phone, "woont alleen", "Niet bereikbaar")
    error = card(phone, "woont alleen").locator("[data-error=note]")
    error.wait_for()
    assert "Schrijf kort" in error.inner_text()
    assert waiting(phone) == 0

    change(phone, "huurachterstand", "Afgerond", note="Gebeld: betalingsregeling loopt")
    wait_waiting(phone, 1)
    change(phone, "woont alleen", "Bezig")
    wait_waiting(phone, 2)
    rent = card(phone, "huurachterstand")
    pending = " ".join(rent.locator(".fu-pending").inner_text().split())
    assert "Wacht op verzending: afgerond" in pending
    assert "Wacht op verzending: bezig" in " ".join(
        card(phone, "woont alleen").locator(".fu-pending").inner_text().split())
    phone.locator("#toast").wait_for(state="hidden")
    screenshot(phone, "veld-opvolging-pending-phone")

    # Meanwhile the team lead changes the same follow-up on the server.
    with field.app.app_context():
        lead = db.session.scalar(select(User).where(User.email == "teamleider@test.example"))
        actions.change_status(field.rent_id, "bezig", actor=lead, expected_version=1,
                              note="Bewoner belde zelf; ik pak het op")
    assert server_state(field, field.rent_id)[2] == []

    phone.context.set_offline(False)
    wait_waiting(phone, 0)
    # The visit had no rival: it arrives once. The rent follow-up comes back as a conflict.
    phone.locator(".tab-badge", has_text="1").wait_for(timeout=20000)
    assert server_state(field, field.visit_id)[0:2] == ("bezig", 2)
    assert len(server_state(field, field.visit_id)[2]) == 1
    assert server_state(field, field.rent_id)[0:2] == ("bezig", 2)
    card(phone, "huurachterstand").locator(".fu-conflict").wait_for()

    phone.get_by_role("link", name="Vergelijk en kies in de Outbox").click()
    conflict = phone.locator(".fu-conflict-card")
    conflict.wait_for()
    mine = " ".join(conflict.locator(".fu-mine").inner_text().split())
    current = " ".join(conflict.locator(".fu-current").inner_text().split())
    assert "afgerond" in mine and "Gebeld: betalingsregeling loopt" in mine
    assert "bezig" in current and "Test Teamleider" in current
    assert "Bewoner belde zelf; ik pak het op" in current
    # A viewport shot of the choice itself (full-page shots put the fixed tab bar mid-page).
    phone.locator("#toast").wait_for(state="hidden")
    conflict.locator(".row").scroll_into_view_if_needed()
    path = ARTIFACTS / "screenshots" / "veld-opvolging-conflict-phone.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(path))

    # The bundle the phone asks for after the sync is held back for a moment: what the
    # server answered to the changes themselves must show on its own.
    held = lambda route: route.abort()  # noqa: E731
    phone.context.route("**/api/v1/veld/bundle", held)
    conflict.get_by_role("button", name="Toch mijn wijziging").click()
    phone.locator(".fu-conflict-card").wait_for(state="detached", timeout=20000)
    wait_waiting(phone, 0)
    wait_until(phone, "!document.querySelector('.tab-badge') "
                            "|| document.querySelector('.tab-badge').hidden", timeout=20000)
    status, version, events = server_state(field, field.rent_id)
    assert (status, version) == ("afgerond", 3)
    assert len(events) == 1 and events[0][1] == "afgerond"
    with field.app.app_context():
        [event] = db.session.scalars(select(FollowUpEvent).where(
            FollowUpEvent.client_id == events[0][0])).all()
        assert event.note == "Gebeld: betalingsregeling loopt"

    # Mijn opvolging shows the server's answer at once...
    phone.get_by_role("link", name="Opvolging").click()
    assert card(phone, "huurachterstand").locator(".badge").inner_text() == "afgerond"
    assert card(phone, "woont alleen").locator(".badge").inner_text() == "bezig"
    # ...and after a fresh bundle the closed one is gone, the other one is as on the server.
    phone.context.unroute("**/api/v1/veld/bundle", held)
    phone.reload(wait_until="networkidle")
    phone.get_by_role("heading", name="Mijn opvolging").wait_for()
    card(phone, "woont alleen").wait_for()
    assert card(phone, "huurachterstand").count() == 0
    assert card(phone, "woont alleen").locator(".badge").inner_text() == "bezig"
    assert phone.locator(".fu-pending, .fu-conflict, .fu-rejected").count() == 0
    assert len(server_state(field, field.visit_id)[2]) == 1
    assert field.blocked == []


def test_phone_database_from_version_1_keeps_its_records(phone, field):
    log_in(phone, field, "veldwerker")
    # The schema as version 1 of the app made it, with a refused record waiting for the worker.
    phone.evaluate("""() => new Promise((resolve, reject) => {
        const request = indexedDB.open('buurtronde', 1);
        request.onupgradeneeded = () => {
            const db = request.result;
            const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
            outbox.createIndex('by_status_created', ['status', 'created_at']);
            outbox.createIndex('by_street', 'street_id');
            db.createObjectStore('bundle');
            db.createObjectStore('meta');
            const sent = db.createObjectStore('sent', { keyPath: 'id' });
            sent.createIndex('by_street', 'street_id');
            sent.createIndex('by_acked', 'acked_at');
            outbox.put({ id: 'oud-1', kind: 'contact', status: 'rejected', created_at: 1,
                         errors: { street_id: ['Onbekende straat.'] }, street_id: null,
                         label: '5', outcome: 'niet_thuis', payload: { id: 'oud-1',
                         outcome: 'niet_thuis', house_number: 5,
                         recorded_at: '2026-05-01T10:00:00Z' } });
        };
        request.onsuccess = () => { request.result.close(); resolve(); };
        request.onerror = () => reject(request.error);
    })""")
    phone.goto(f"{field.url}/veld#/outbox")
    phone.locator(".refused", has_text="Onbekende straat.").wait_for(timeout=20000)
    shape = phone.evaluate("""async () => {
        const db = await self.Buurtronde.store.open();
        return { version: db.version, stores: [...db.objectStoreNames].sort(),
                 kept: (await db.getAllKeys('outbox')) };
    }""")
    assert shape == {"version": 2, "stores": ["bundle", "followup_updates", "meta", "outbox",
                                              "sent"], "kept": ["oud-1"]}


def _weekdays_later(start: date, days: int) -> date:
    """START plus DAYS weekdays, as if there were no public holidays."""
    day = start
    while days:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


def holiday_case(today: date) -> tuple[date, int]:
    """A day to make a follow-up on (today if it can be) and a number of working days for
    which a Dutch public holiday pushes the due date out."""
    for back in range(366):
        made_on = today - timedelta(days=back)
        for days in range(1, 91):
            if add_working_days(made_on, days, "NL") != _weekdays_later(made_on, days):
                return made_on, days
    raise AssertionError("no public holiday within reach")


def promise_at_the_door(page, number: int, kind: str, note: str) -> str:
    """Log a conversation at NUMBER with a follow-up of KIND; return the due date it shows."""
    page.locator("#house-number").fill(str(number))
    page.get_by_role("button", name="Gesprek…").click()
    page.locator("#gesprek-form").wait_for()
    page.get_by_text("Anoniem", exact=True).click()
    page.get_by_text("Opvolging afspreken").click()
    page.get_by_text(kind, exact=True).click()
    page.locator("textarea[name=follow_up_note]").fill(note)
    due = page.locator("input[name=due_date]").input_value()
    page.get_by_role("button", name="Opslaan").click()
    page.locator("#house-number").wait_for()
    return due


def test_follow_up_made_at_the_door_is_in_mijn_opvolging_at_once_with_the_teams_due_date(
        phone, field):
    made_on, days = holiday_case(local_today())
    with field.app.app_context():
        lead = db.session.scalar(select(User).where(User.email == "teamleider@test.example"))
        set_service_levels({"huisbezoek": days, "informatie": 5}, lead)
    if made_on != local_today():
        # No holiday within 90 working days of today (summer): the phone lives on an
        # earlier day (the server counts from the phone's recorded_at).
        phone.clock.set_fixed_time(datetime.combine(made_on, time(10), TEAM_TIMEZONE))
    visit_due = add_working_days(made_on, days, "NL")
    assert visit_due != _weekdays_later(made_on, days)  # a holiday in between

    open_veld(phone, field)
    phone.context.set_offline(True)
    open_street(phone, "Tulpstraat")
    # The form offers the team's default, counted over the holiday.
    assert promise_at_the_door(phone, 4, "Huisbezoek", "Buurtkamer laten zien") == (
        visit_due.isoformat())
    info_due = add_working_days(made_on, 5, "NL")
    assert promise_at_the_door(phone, 6, "Informatie", "Folder schuldhulp brengen") == (
        info_due.isoformat())
    wait_waiting(phone, 2)

    # Mijn opvolging has both at once, offline, with those dates.
    phone.get_by_role("link", name="Opvolging").click()
    visit = card(phone, "Buurtkamer laten zien")
    visit.wait_for()
    info = card(phone, "Folder schuldhulp brengen")
    assert visit.get_attribute("data-due") == visit_due.isoformat()
    assert info.get_attribute("data-due") == info_due.isoformat()
    assert "Uiterlijk" in visit.locator(".fu-due").inner_text()
    assert "Tulpstraat 4" in visit.inner_text() and "Huisbezoek" in visit.inner_text()
    assert "wordt verstuurd" in visit.locator(".fu-made-here").inner_text()
    # Nothing to change before the server has it.
    assert visit.get_by_text("Status wijzigen").count() == 0
    # The two from the team lead are still there too.
    card(phone, "huurachterstand").wait_for()
    phone.locator("#toast").wait_for(state="hidden")
    screenshot(phone, "veld-opvolging-aan-de-deur-phone")

    # Meanwhile the team lead gives information three more days.
    with field.app.app_context():
        lead = db.session.scalar(select(User).where(User.email == "teamleider@test.example"))
        set_service_levels({"informatie": 8}, lead)
    phone.context.set_offline(False)
    wait_waiting(phone, 0)
    with field.app.app_context():
        stored = dict(db.session.execute(
            select(Contact.house_number, FollowUp.due_date)
            .join(FollowUp, FollowUp.contact_id == Contact.id)).all())
    # The server counts the same days over the same holiday; for information it counts
    # its new level, and its date wins on the phone once the bundle has it.
    server_info_due = add_working_days(made_on, 8, "NL")
    assert stored == {4: visit_due, 6: server_info_due}
    wait_until(phone, """([due]) => {
        const card = [...document.querySelectorAll('.followup')]
            .find((c) => c.textContent.includes('Folder schuldhulp brengen'));
        return card && !card.classList.contains('is-made-here') && card.dataset.due === due;
    }""", arg=[server_info_due.isoformat()], timeout=20000)
    assert visit.get_attribute("data-due") == visit_due.isoformat()
    assert "is-made-here" not in (visit.get_attribute("class") or "")
    visit.get_by_text("Status wijzigen").wait_for()
    assert field.blocked == []
