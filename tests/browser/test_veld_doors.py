"""The team's doors on the phone: a colleague's doors show up, and a door counts once."""

from __future__ import annotations

import pytest

from outreach.extensions import db
from outreach.models import Address
from tests.browser.conftest import PHONE, WIDE, screenshot, wait_until
from tests.browser.veld_phone import (
    field_server,
    log_door,
    open_street,
    open_veld,
    phone_page,
    wait_waiting,
)

pytestmark = pytest.mark.browser


@pytest.fixture()
def field(postgis_server, template_database):
    with field_server(postgis_server, template_database, colleague=True) as live:
        yield live


@pytest.fixture()
def colleague_phone(browser, field):
    page = phone_page(browser, field)
    yield page
    page.context.close()


def door(page, key: str):
    return page.locator(f".door[data-door='{key}']")


def progress(page) -> str:
    return " ".join(page.locator("#street-progress .doors-reached, #street-progress .doors-outside")
                    .all_inner_texts())


def reopen_street(page, name: str) -> None:
    """Back to the round and into the street again (a street opened online asks for news)."""
    page.get_by_role("link", name="‹ Bloemenronde").click()
    page.get_by_role("link", name=name).click()
    page.locator("#house-number").wait_for()


def test_a_colleagues_doors_show_on_the_street_once_they_synced(phone, colleague_phone, field):
    a, b = phone, colleague_phone
    open_veld(a, field)
    open_veld(b, field, role="veldwerker2")
    open_street(b, "Tulpstraat")
    assert door(b, "1:").locator(".door-outcome").inner_text() == "nog niet"
    assert progress(b) == "0 van 20 deuren vandaag"

    open_street(a, "Tulpstraat")
    log_door(a, "Niet thuis", 1)
    log_door(a, "Open, geen gesprek", 3)
    log_door(a, "Geweigerd", 5)
    log_door(a, "Niet thuis", 7)
    wait_waiting(a, 0)  # A's phone has sent them

    # B's street, opened online, shows what A did: outcome and date, door by door.
    reopen_street(b, "Tulpstraat")
    door(b, "7:").locator(".door-outcome", has_text="Niet thuis").wait_for(timeout=20000)
    for key, outcome in [("1:", "Niet thuis"), ("3:", "Open, geen gesprek"),
                         ("5:", "Geweigerd"), ("7:", "Niet thuis")]:
        text = door(b, key).inner_text()
        assert outcome in text and "vandaag" in text, (key, text)
    assert door(b, "2:").locator(".door-outcome").inner_text() == "nog niet"
    assert progress(b) == "4 van 20 deuren vandaag"
    # Nobody home at 1 and 7: offered first for a second try; the next number skips A's.
    assert b.locator("#retry-doors .retry-door").all_inner_texts() == ["1", "7"]
    assert b.locator("#house-number").input_value() == "9"
    b.locator("#toast").wait_for(state="hidden")
    screenshot(b, "veld-straat-team-phone")
    b.set_viewport_size(WIDE)
    screenshot(b, "veld-straat-team-desktop")
    b.set_viewport_size(PHONE)

    b.locator("#retry-doors .retry-door", has_text="7").click()
    assert b.locator("#house-number").input_value() == "7"
    log_door(b, "Open, geen gesprek", 7)
    # A door tried twice is still one door.
    assert progress(b) == "4 van 20 deuren vandaag"
    assert b.locator("#retry-doors .retry-door").all_inner_texts() == ["1"]
    log_door(b, "Geweigerd", 9)
    wait_waiting(b, 0)

    # And A sees B's doors the same way.
    reopen_street(a, "Tulpstraat")
    door(a, "9:").locator(".door-outcome", has_text="Geweigerd").wait_for(timeout=20000)
    assert "Open, geen gesprek" in door(a, "7:").inner_text()
    assert progress(a) == "5 van 20 deuren vandaag"
    # The round's street list tells the same.
    a.get_by_role("link", name="‹ Bloemenronde").click()
    row = a.locator(".street-row", has_text="Tulpstraat")
    assert "5 van 20 deuren vandaag" in row.inner_text()
    assert field.blocked == []


def test_a_street_never_counts_more_doors_than_it_has(phone, field):
    with field.app.app_context():
        tulp = field.street_ids["Tulpstraat"]
        db.session.add(Address(source_key="test:tulp/12A", buurt_id=field.buurt_id,
                               street_id=tulp, street_name="Tulpstraat", house_number=12,
                               house_letter="A", geom="SRID=4326;POINT(5.1008 52.0489)"))
        db.session.commit()
    open_veld(phone, field)
    phone.context.set_offline(True)
    open_street(phone, "Tulpstraat")
    assert progress(phone) == "0 van 21 deuren vandaag"
    # One door twice, and the door 12A in three spellings: two doors.
    log_door(phone, "Niet thuis", 12)
    log_door(phone, "Open, geen gesprek", 12)
    log_door(phone, "Niet thuis", 12, "a")
    log_door(phone, "Geweigerd", 12, " A")
    log_door(phone, "Open, geen gesprek", 12, "-A")
    assert progress(phone) == "2 van 21 deuren vandaag"
    assert "Open, geen gesprek" in door(phone, "12:A").inner_text()
    assert phone.locator(".door[data-door^='12:']").count() == 2
    # A number not in the address list is counted apart, never as one of the street's doors.
    log_door(phone, "Niet thuis", 99)
    assert progress(phone) == "2 van 21 deuren vandaag 1 nummer niet in de adressenlijst"
    assert "niet in de adressenlijst" in door(phone, "99:").inner_text()

    # Every number from 1 to 40: all 21 doors, and 21 to 40 outside the list (with 99).
    phone.get_by_text("Reeks niet thuis").click()
    phone.locator("input[name=from]").fill("1")
    phone.locator("input[name=to]").fill("40")
    phone.locator("input[value=alle]").check()
    phone.get_by_role("button", name="Reeks opslaan als niet thuis").click()
    wait_until(phone, "document.querySelector('#street-progress').textContent"
                      ".includes('21 van 21')")
    assert progress(phone) == "21 van 21 deuren vandaag 21 nummers niet in de adressenlijst"
    screenshot(phone, "veld-straat-doors-phone")

    # Online: the server counts the same doors, and the phone shows its numbers.
    phone.context.set_offline(False)
    wait_waiting(phone, 0, timeout=30000)
    # After the sync the phone asked for a fresh bundle: the server's doors are all there.
    wait_until(phone, """async () => {
        const bundle = await self.Buurtronde.store.getBundle();
        const street = bundle.rounds[0].streets.find((s) => s.name === 'Tulpstraat');
        return street.doors.filter((d) => d.outcome).length === 42;
    }""", timeout=20000)
    reopen_street(phone, "Tulpstraat")
    assert progress(phone) == "21 van 21 deuren vandaag 21 nummers niet in de adressenlijst"
    bundle = phone.evaluate("async () => (await self.Buurtronde.store.getBundle()).rounds[0]"
                            ".streets.find((s) => s.name === 'Tulpstraat')")
    assert bundle["known_doors"] == 21
    seen = [d for d in bundle["doors"] if "outcome" in d]
    assert sum(not d.get("outside") for d in seen) == 21
    assert sorted(d["label"] for d in seen if d.get("outside")) == sorted(
        [str(n) for n in range(21, 41)] + ["99"])


def test_a_bundle_from_before_the_vocabulary_still_lets_the_worker_log_doors(phone, field):
    """A phone whose app updated before its bundle did (offline since): codes in words,
    no lists to choose from, nothing lost; the next bundle brings the words back."""
    open_veld(phone, field)
    phone.evaluate("""async () => {
        const store = self.Buurtronde.store;
        const bundle = await store.getBundle();
        for (const key of ['vocabulary', 'follow_up_rules', 'service_levels']) delete bundle[key];
        bundle.rounds.forEach((r) => r.streets.forEach((s) => { delete s.doors; }));
        await store.putBundle(bundle);
    }""")
    phone.context.set_offline(True)
    phone.reload()
    open_street(phone, "Tulpstraat")
    assert phone.locator(".outcome").all_inner_texts() == [
        "Niet thuis", "Open geen gesprek", "Gesprek…", "Geweigerd"]
    log_door(phone, "Niet thuis", 2)
    assert "Niet thuis" in door(phone, "2:").inner_text()
    phone.locator("#house-number").fill("4")
    phone.get_by_role("button", name="Gesprek…").click()
    phone.get_by_text("Deze keuzelijst komt met de volgende synchronisatie").first.wait_for()
    assert phone.locator(".chip").count() == 0
    phone.locator("textarea[name=note]").fill("Vraag over de huur")
    phone.get_by_role("button", name="Opslaan").click()
    phone.locator("#house-number").wait_for()
    wait_waiting(phone, 2)

    phone.context.set_offline(False)
    wait_waiting(phone, 0)
    phone.get_by_role("button", name="Open, geen gesprek", exact=True).wait_for(timeout=20000)
    assert "Gesprek" in door(phone, "4:").inner_text()
