"""The field app in a phone-sized Chromium: a whole round offline, and nothing lost or doubled."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.clock import local_today
from outreach.extensions import db
from outreach.models import Contact, FollowUp, HelpQuestion, User
from tests.browser.conftest import running_app, screenshot, wait_until
from tests.browser.veld_phone import (
    contacts_on_server,
    field_server,
    open_street,
    open_veld,
    tap_door,
    wait_waiting,
    waiting,
)
from tests.factories import make_town

pytestmark = pytest.mark.browser


@pytest.fixture()
def field(postgis_server, template_database):
    with field_server(postgis_server, template_database) as live:
        yield live


def test_whole_round_offline_then_every_record_arrives_once(phone, field):
    open_veld(phone, field)
    screenshot(phone, "veld-vandaag-phone")
    phone.context.set_offline(True)

    open_street(phone, "Tulpstraat")
    # The next number is suggested: known addresses start at 1, then +2 (same side).
    assert phone.locator("#house-number").input_value() == "1"
    tap_door(phone, "Niet thuis")
    assert phone.locator("#house-number").input_value() == "3"
    tap_door(phone, "Open, geen gesprek")
    tap_door(phone, "Geweigerd")
    tap_door(phone, "Niet thuis")
    screenshot(phone, "veld-straat-phone")
    assert phone.locator("#house-number").input_value() == "9"
    phone.get_by_role("button", name="Gesprek…").click()
    phone.locator("#gesprek-form").wait_for()
    phone.locator(".chip", has_text="Geld en schulden").click()
    phone.locator(".chip", has_text="Eenzaamheid").click()
    phone.locator(".chip", has_text="Koken").click()
    phone.get_by_text("Toestemming voor opvolging", exact=True).click()
    phone.get_by_text("Opvolging afspreken").click()
    phone.locator("select[name=partner_id]").select_option(label="Schuldhulp Testdorp (Schuldhulp)")
    phone.locator("input[name=resident_name]").fill("J. Jansen")
    phone.locator("input[name=resident_phone]").fill("06-00000001")
    screenshot(phone, "veld-gesprek-phone")
    phone.get_by_role("button", name="Opslaan").click()
    phone.locator("#house-number").wait_for()
    wait_waiting(phone, 5)
    assert phone.locator("#house-number").input_value() == "11"

    phone.get_by_text("Reeks niet thuis").click()
    phone.locator("input[name=from]").fill("2")
    phone.locator("input[name=to]").fill("20")
    phone.get_by_role("button", name="Reeks opslaan als niet thuis").click()
    wait_waiting(phone, 15)

    phone.get_by_role("link", name="‹ Bloemenronde").click()
    phone.get_by_role("link", name="Rozenlaan").click()
    for number, outcome in [(4, "Niet thuis"), (6, "Open, geen gesprek"), (8, "Niet thuis"),
                            (10, "Niet thuis"), (12, "Geweigerd")]:
        tap_door(phone, outcome, number)
    phone.get_by_role("link", name="‹ Bloemenronde").click()
    screenshot(phone, "veld-ronde-phone")
    phone.get_by_role("link", name="Molenweg").click()
    for number in (1, 3, 5, 7, 9):
        tap_door(phone, "Niet thuis", number)
    assert waiting(phone) == 25
    assert contacts_on_server(field) == 0

    # Reload with the network still off: the app, the round and the outbox are all there.
    phone.reload()
    phone.locator("#house-number").wait_for()
    wait_waiting(phone, 25)
    assert "Geen netwerk" in phone.locator("#banner").inner_text()
    phone.goto(f"{field.url}/veld#/outbox")
    phone.get_by_role("button", name="Nu synchroniseren").wait_for()
    screenshot(phone, "veld-outbox-offline-phone")

    phone.context.set_offline(False)
    wait_waiting(phone, 0)
    phone.get_by_text("Alles verstuurd").wait_for()
    assert "vandaag" in phone.locator("#last-sync").inner_text()
    with field.app.app_context():
        rows = db.session.execute(select(Contact.id, Contact.house_number, Contact.outcome,
                                         Contact.street_id)).all()
        assert len(rows) == 25
        assert len({r.id for r in rows}) == 25
        conversation = [r for r in rows if r.outcome == "gesprek"]
        assert len(conversation) == 1 and conversation[0].house_number == 9
        categories = set(db.session.scalars(select(HelpQuestion.category)))
        assert {c.value for c in categories} == {"geld_schulden", "eenzaamheid"}
        follow_up = db.session.scalars(select(FollowUp)).one()
        assert follow_up.resident_name == "J. Jansen"
        assert follow_up.partner.name == "Schuldhulp Testdorp"
    assert field.blocked == []


def test_server_gone_between_batches_loses_and_doubles_nothing(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    open_street(phone, "Tulpstraat")
    phone.get_by_text("Reeks niet thuis").click()
    phone.locator("input[name=from]").fill("1")
    phone.locator("input[name=to]").fill("250")
    phone.locator("input[value=alle]").check()
    phone.get_by_role("button", name="Reeks opslaan als niet thuis").click()
    wait_waiting(phone, 250)

    # The first batch reaches the server and is stored, but its answer is lost on the way
    # back; then the server stops. The phone must keep that batch (it never heard "created")
    # and later send everything once.
    lost = {"ids": None}

    def lose_first_answer(route):
        if lost["ids"] is None:
            lost["ids"] = [c["id"] for c in route.request.post_data_json["contacts"]]
            route.fetch()  # the server stores the batch...
            field.stop()
            route.abort("connectionreset")  # ...but the phone never hears back
            lost["done"] = True
        else:
            route.continue_()

    # The service worker's Background Sync may drain first when the network returns; a
    # context route sees its requests too (conftest turns that on), so whoever sends the
    # first batch loses its answer.
    phone.context.route("**/api/v1/sync/contacts", lose_first_answer)
    phone.context.set_offline(False)
    # Until the handler has finished (it yields while fetching, so "ids set" is too early):
    # up to 20 s on a busy machine, as short as it takes otherwise.
    for _ in range(400):
        if lost.get("done"):
            break
        phone.wait_for_timeout(50)
    assert lost["ids"] is not None and len(lost["ids"]) == 100
    still_queued = phone.evaluate("""async (ids) => {
        const db = await self.Buurtronde.store.open();
        const keys = new Set(await db.getAllKeys('outbox'));
        return ids.filter((id) => keys.has(id)).length;
    }""", lost["ids"])
    assert still_queued == 100
    assert 100 <= contacts_on_server(field) < 250
    field.start()
    phone.goto(f"{field.url}/veld#/outbox")
    phone.get_by_role("button", name="Nu synchroniseren").click()
    wait_waiting(phone, 0, timeout=30000)
    assert contacts_on_server(field) == 250


def test_login_expired_offline_keeps_records_and_syncs_after_login(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    open_street(phone, "Rozenlaan")
    for number in (2, 4, 6):
        tap_door(phone, "Niet thuis", number)
    phone.context.clear_cookies()  # the login expired while in the field
    phone.context.set_offline(False)
    phone.locator(".banner-login").wait_for(timeout=20000)
    screenshot(phone, "veld-login-needed-phone")
    assert waiting(phone) == 3
    assert contacts_on_server(field) == 0
    phone.get_by_role("link", name="Opnieuw inloggen").click()
    phone.get_by_label("E-mailadres").fill("veldwerker@test.example")
    phone.get_by_label("Wachtwoord").fill("correct horse battery staple")
    phone.get_by_role("button", name="Inloggen").click()
    phone.wait_for_url(f"{field.url}/veld")
    wait_waiting(phone, 0)
    assert contacts_on_server(field) == 3


def test_refused_record_is_shown_and_can_be_corrected(phone, field):
    open_veld(phone, field)
    phone.context.set_offline(True)
    open_street(phone, "Tulpstraat")
    tap_door(phone, "Niet thuis", 5)
    # Make the stored record invalid the way an old app version might have: a street
    # the server does not know.
    phone.evaluate("""async () => {
        const store = self.Buurtronde.store;
        const [item] = await store.pending(1);
        item.payload.street_id = 999999;
        const db = await store.open();
        await db.put('outbox', item);
    }""")
    phone.context.set_offline(False)
    phone.goto(f"{field.url}/veld#/outbox")
    phone.locator(".refused").wait_for(timeout=20000)
    screenshot(phone, "veld-outbox-refused-phone")
    assert waiting(phone) == 0
    assert contacts_on_server(field) == 0
    phone.get_by_role("link", name="Aanpassen").click()
    phone.locator("select[name=street_id]").select_option(label="Tulpstraat")
    phone.get_by_role("button", name="Opnieuw versturen").click()
    phone.get_by_text("Niets geweigerd.").wait_for(timeout=20000)
    phone.get_by_text("Alles verstuurd").wait_for(timeout=20000)
    assert contacts_on_server(field) == 1


def test_koffieplek_tally_and_opvolging_screens(phone, postgis_server, template_database):
    from outreach.models.enums import RoundKind

    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            worker = db.session.scalar(select(User).where(User.email == "veldwerker@test.example"))
            make_town(worker, round_date=local_today(), kind=RoundKind.koffie)
        open_veld(phone, live)
        phone.locator(".round-card").first.click()
        phone.get_by_role("link", name="☕ Koffieplek: Pleintje").click()
        for _ in range(3):
            phone.get_by_role("button", name="+1 bezoeker (kop koffie)").click()
        wait_until(phone, "document.querySelector('#tally').textContent === '3'")
        screenshot(phone, "veld-koffieplek-phone")
        phone.get_by_role("link", name="Gesprek vastleggen").click()
        phone.locator(".chip", has_text="Eenzaamheid").click()
        phone.locator("select[name=street_id]").select_option(label="Molenweg")
        phone.get_by_text("Anoniem", exact=True).click()
        phone.get_by_role("button", name="Opslaan").click()
        phone.locator("#tally").wait_for()
        wait_waiting(phone, 0)
        with live.app.app_context():
            rows = db.session.execute(select(Contact.setting, Contact.outcome, Contact.street_id,
                                             Contact.buurt_id)).all()
        assert len(rows) == 4
        assert {r.setting.value for r in rows} == {"koffieplek"}
        assert sum(1 for r in rows if r.outcome.value == "gesprek") == 1
        assert all(r.buurt_id is not None for r in rows)
        phone.get_by_role("link", name="Opvolging").click()
        phone.get_by_role("heading", name="Mijn opvolging").wait_for()
        screenshot(phone, "veld-opvolging-phone")
