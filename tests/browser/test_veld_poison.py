"""A record the server cannot handle, on a phone: moved out of the way, never a stalled outbox.

The server (through context.route, which sees the service worker's requests too) answers
500 for every batch that holds one particular record. The phone must find that record
by halving, send everything else, and after two strikes put it in the refused list with
a message the worker can act on. A server that fails everything refuses nothing. And a
poison record really typed on the phone (a lone surrogate in the note) is refused by
the real server on its own field, shown, corrected and sent.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Contact, FollowUp
from tests.browser.conftest import ARTIFACTS, screenshot, wait_until
from tests.browser.veld_phone import field_server, open_veld, wait_waiting, waiting

pytestmark = pytest.mark.browser

CONTACTS = "**/api/v1/sync/contacts"
UPDATES = "**/api/v1/sync/followups"
SERVER_FAILED = "De server kon dit record niet verwerken"


@pytest.fixture()
def field(postgis_server, template_database):
    with field_server(postgis_server, template_database, follow_ups=True) as live:
        yield live


def viewport_shot(page, name: str) -> None:
    """What the worker sees right now (full-page shots put the fixed tab bar mid-page)."""
    page.locator("#toast").wait_for(state="hidden")
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def stored_numbers(live) -> list[int]:
    with live.app.app_context():
        return sorted(db.session.scalars(select(Contact.house_number)))


def contact_count(live) -> int:
    with live.app.app_context():
        return db.session.scalar(select(func.count()).select_from(Contact))


def record_doors(page, numbers) -> None:
    """Tap "Niet thuis" on Tulpstraat for each of NUMBERS (the phone is offline)."""
    page.locator(".round-card").first.click()
    page.get_by_role("link", name="Tulpstraat").click()
    record_doors_here(page, numbers)


def record_doors_here(page, numbers) -> None:
    """Tap "Niet thuis" for each of NUMBERS on the street already open."""
    for number in numbers:
        page.locator("#house-number").fill(str(number))
        before = waiting(page)
        page.get_by_role("button", name="Niet thuis", exact=True).click()
        wait_waiting(page, before + 1)


def outbox_ids(page) -> dict[int, str]:
    """House number -> outbox id of every record on the phone."""
    return {int(k): v for k, v in page.evaluate("""async () => {
        const db = await self.Buurtronde.store.open();
        const all = await db.getAll('outbox');
        return Object.fromEntries(all.map((i) => [i.payload.house_number, i.id]));
    }""").items()}


def phone_counts(page) -> tuple[int, int]:
    """(waiting, refused) as the phone's store counts them."""
    counts = page.evaluate("async () => await self.Buurtronde.store.counts()")
    return counts["waiting"], counts["refused"]


def drain(page) -> str:
    """Run one drain of the outbox now and wait for its end; its final state."""
    for _ in range(300):
        state = page.evaluate("() => self.Buurtronde.sync.drainNow('test')")
        if state != "queued":  # else the page's own drain (on "online", say) still runs
            return state
        page.wait_for_timeout(100)
    raise AssertionError("the page's drain never ended")


def answer_500(route) -> None:
    route.fulfill(status=500, content_type="application/json", body=json.dumps(
        {"error": {"code": "server_error", "message": "Internal Server Error"}}))


def test_record_the_server_fails_on_is_refused_and_everything_else_syncs(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    record_doors(phone, [1, 3, 5, 7, 9, 11])
    poison = outbox_ids(phone)[5]
    seen = {"batches": 0, "with_poison": 0}

    def fail_on_poison(route):
        ids = [c["id"] for c in route.request.post_data_json["contacts"]]
        seen["batches"] += 1
        if poison in ids:
            seen["with_poison"] += 1
            answer_500(route)
        else:
            route.continue_()

    phone.context.route(CONTACTS, fail_on_poison)
    phone.context.set_offline(False)
    # Everything else arrives; the poisoned record leaves the queue for the refused list
    # (second strike: a later drain, the server shown healthy), on its own.
    wait_until(phone, "async () => (await self.Buurtronde.store.counts()).refused === 1",
               timeout=60000)
    wait_waiting(phone, 0)
    assert stored_numbers(field) == [1, 3, 7, 9, 11]
    assert seen["with_poison"] >= 3  # the batch, the halvings, two drains alone

    phone.goto(f"{field.url}/veld#/outbox")
    card = phone.locator(".refused", has_text=SERVER_FAILED)
    card.wait_for()
    assert "5" in card.inner_text()
    assert card.get_by_role("link", name="Aanpassen").is_visible()
    assert phone.locator("#outbox-text").inner_text() == "1 geweigerd"
    card.locator(".row").scroll_into_view_if_needed()
    viewport_shot(phone, "veld-outbox-server-failed-phone")
    phone.set_viewport_size({"width": 1440, "height": 900})
    viewport_shot(phone, "veld-outbox-server-failed-desktop")
    phone.set_viewport_size({"width": 390, "height": 844})

    # The server is fixed: one tap sends it again, as it was.
    phone.context.unroute(CONTACTS, fail_on_poison)
    card.get_by_role("button", name="Opnieuw versturen").click()
    phone.get_by_text("Niets geweigerd.").wait_for(timeout=20000)
    wait_waiting(phone, 0)
    assert stored_numbers(field) == [1, 3, 5, 7, 9, 11]


def test_server_that_fails_everything_refuses_nothing_and_loses_nothing(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    record_doors(phone, [2, 4, 6, 8, 10])
    posts = []

    def broken(route):
        posts.append(route.request.post_data_json["contacts"])
        answer_500(route)

    # The sync endpoint fails for every record while the rest of the server answers:
    # records failing alone one after another, nothing accepted, is the server's fault.
    phone.context.route(CONTACTS, broken)
    phone.context.set_offline(False)
    for _ in range(4):
        before = len(posts)
        assert drain(phone) == "retry"
        assert len(posts) > before
    assert phone_counts(phone) == (5, 0)
    # Each drain stopped after three records failed alone, not one request per record.
    singles, longest = 0, 0
    for batch in posts:
        singles = singles + 1 if len(batch) == 1 else 0
        longest = max(longest, singles)
    assert longest == 3

    # Down altogether, the probe too, and only two records: they were all that waited,
    # but no strike without a sign of a healthy server.
    phone.context.unroute(CONTACTS, broken)
    drain(phone)
    wait_waiting(phone, 0)
    phone.context.set_offline(True)
    record_doors_here(phone, [12, 14])
    phone.context.route(CONTACTS, broken)
    phone.context.route("**/api/v1/me", lambda route: route.abort("connectionrefused"))
    phone.context.set_offline(False)
    for _ in range(3):
        assert drain(phone) == "retry"
    assert phone_counts(phone) == (2, 0)

    phone.context.unroute(CONTACTS, broken)
    phone.context.unroute("**/api/v1/me")
    drain(phone)
    wait_waiting(phone, 0)
    assert stored_numbers(field) == [2, 4, 6, 8, 10, 12, 14]
    assert phone_counts(phone) == (0, 0)


def test_poison_typed_on_the_phone_is_refused_on_its_field_and_can_be_corrected(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    record_doors(phone, [1])
    phone.locator("#house-number").fill("3")
    phone.get_by_role("button", name="Gesprek…").click()
    phone.locator("#gesprek-form").wait_for()
    phone.locator(".chip", has_text="Eenzaamheid").click()
    phone.get_by_text("Anoniem", exact=True).click()
    # What a paste can bring: half an emoji (a lone surrogate) and a NUL in the note.
    phone.evaluate("""() => {
        document.querySelector('textarea[name=note]').value =
            'Woont alleen ' + String.fromCharCode(0xD83D) + ' bel' + String.fromCharCode(0)
            + ' terug';
    }""")
    phone.get_by_role("button", name="Opslaan").click()
    phone.locator("#house-number").wait_for()
    wait_waiting(phone, 2)

    phone.context.set_offline(False)
    phone.goto(f"{field.url}/veld#/outbox")
    card = phone.locator(".refused", has_text="Notitie")
    card.wait_for(timeout=30000)
    assert "onzichtbaar of beschadigd teken" in card.inner_text()
    wait_waiting(phone, 0)
    assert stored_numbers(field) == [1]  # the door before it was not held up
    screenshot(phone, "veld-outbox-poison-note-phone")

    card.get_by_role("link", name="Aanpassen").click()
    note = phone.locator("textarea[name=note]")
    note.wait_for()
    note.fill("Woont alleen, bel terug")
    phone.get_by_role("button", name="Opnieuw versturen").click()
    phone.get_by_text("Niets geweigerd.").wait_for(timeout=20000)
    wait_waiting(phone, 0)
    assert stored_numbers(field) == [1, 3]
    with field.app.app_context():
        notes = [c.note for c in db.session.scalars(select(Contact)) if c.note]
    assert notes == ["Woont alleen, bel terug"]


def follow_up_status(live, follow_up_id) -> str:
    with live.app.app_context():
        return db.session.get(FollowUp, follow_up_id).status.value


def test_follow_up_change_the_server_fails_on_is_refused_and_the_other_applied(phone, field):
    open_veld(phone, field)
    phone.get_by_role("link", name="Opvolging").click()
    phone.get_by_role("heading", name="Mijn opvolging").wait_for()
    phone.context.set_offline(True)
    for note_text, target in [("huurachterstand", "Afgerond"), ("woont alleen", "Bezig")]:
        item = phone.locator(".followup", has_text=note_text)
        item.get_by_text("Status wijzigen").click()
        item.get_by_role("button", name=target, exact=True).click()
    wait_waiting(phone, 2)
    poison = phone.evaluate("""async (followUpId) => (await self.Buurtronde.store
        .followUpUpdates()).find((u) => u.follow_up_id === followUpId).id""",
                            str(field.rent_id))

    def fail_on_poison(route):
        if poison in [u["id"] for u in route.request.post_data_json["updates"]]:
            answer_500(route)
        else:
            route.continue_()

    phone.context.route(UPDATES, fail_on_poison)
    phone.context.set_offline(False)
    wait_until(phone, "async () => (await self.Buurtronde.store.counts()).followUpRefused === 1",
               timeout=60000)
    wait_waiting(phone, 0)
    assert follow_up_status(field, field.visit_id) == "bezig"
    assert follow_up_status(field, field.rent_id) == "open"

    phone.goto(f"{field.url}/veld#/outbox")
    card = phone.locator(".fu-rejected-card", has_text=SERVER_FAILED)
    card.wait_for()
    card.locator(".row").scroll_into_view_if_needed()
    viewport_shot(phone, "veld-outbox-followup-server-failed-phone")

    phone.context.unroute(UPDATES, fail_on_poison)
    card.get_by_role("button", name="Opnieuw versturen").click()
    card.wait_for(state="detached", timeout=20000)
    wait_waiting(phone, 0)
    assert follow_up_status(field, field.rent_id) == "afgerond"


def test_strikes_count_once_per_drain_and_a_resend_starts_afresh(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)  # the store alone: no drain may touch the record
    record_doors(phone, [1, 3])
    first = outbox_ids(phone)[1]
    steps = phone.evaluate("""async (id) => {
        const store = self.Buurtronde.store;
        const db = await store.open();
        const seen = [];
        const look = async (outcome) => {
            const item = await db.get('outbox', id);
            seen.push([outcome, item.status, item.strikes, item.server_failed || false]);
            return item;
        };
        const before = (await db.get('outbox', id)).created_at;
        const fail = (drain, strike) => store.serverFailed('outbox', id,
            { drain, strike, message: 'kapot' });
        // A failure without a sign of a healthy server: parked, no strike.
        await look(await fail('a', false));
        // Healthy: one strike, however often drain "b" meets it.
        await look(await fail('b', true));
        const parked = await look(await fail('b', true));
        const [next] = await store.pending(1);
        // A second drain: refused, with the message, out of the queue.
        await look(await fail('c', true));
        const refused = await db.get('outbox', id);
        await store.resendFailed('outbox', id);
        await look('resent');
        return { seen, movedBack: parked.created_at > before, nextIsOther: next.id !== id,
                 errors: refused.errors, waiting: (await store.counts()).waiting };
    }""", first)
    assert steps["seen"] == [
        ["parked", "pending", 0, False], ["parked", "pending", 1, False],
        ["parked", "pending", 1, False], ["refused", "rejected", 2, True],
        ["resent", "pending", 0, False]]
    assert steps["movedBack"] and steps["nextIsOther"]
    assert steps["errors"] == {"_schema": ["kapot"]}
    assert steps["waiting"] == 2
