"""One door, one key: the database's generated `door` columns agree with geo.addresses.door_key."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from geo.addresses import door_key
from outreach.models import Address, Contact
from outreach.models.doors import ADDRESS_DOOR_SQL, CONTACT_DOOR_SQL
from tests.factories import make_town

SPELLINGS = [
    (12, None, "12:"), (12, "", "12:"), (12, "a", "12:A"), (12, " A", "12:A"),
    (12, "-A", "12:A"), (12, "-a ", "12:A"), (12, "A-2", "12:A2"), (12, "a 2", "12:A2"),
    (12, "-2", "12:2"), (12, "/3", "12:3"), (12, "bis", "12:BIS"), (12, "é", "12:"),
    (121, None, "121:"), (12, "1", "12:1"), (7, "h.s.", "7:HS"), (7, "😀", "7:"),
]


@pytest.mark.parametrize(("number", "suffix", "key"), SPELLINGS)
def test_door_key_normalises_the_spellings_of_one_door(number, suffix, key):
    assert door_key(number, suffix) == key


def test_door_key_without_a_number_is_no_door():
    assert door_key(None, "A") is None


@pytest.mark.parametrize(("number", "suffix", "key"), [*SPELLINGS, (None, "A", None)])
def test_the_database_computes_the_same_key(db, number, suffix, key):
    contact = db.session.scalar(text(
        f"SELECT {CONTACT_DOOR_SQL} FROM (VALUES (CAST(:n AS int), CAST(:s AS text))) "
        "AS t(house_number, house_suffix)"), {"n": number, "s": suffix})
    assert contact == key == door_key(number, suffix)
    if number is not None:  # BAG delivers letter and addition apart: any split is one door
        letter, addition = (suffix or "")[:1], (suffix or "")[1:]
        address = db.session.scalar(text(
            f"SELECT {ADDRESS_DOOR_SQL} FROM (VALUES (CAST(:n AS int), CAST(:l AS text), "
            "CAST(:a AS text))) AS t(house_number, house_letter, addition)"),
            {"n": number, "l": letter or None, "a": addition or None})
        assert address == key


def test_stored_rows_carry_their_door(db, users):
    worker = users["veldwerker"]
    town = make_town(worker, round_date=date(2026, 5, 1))
    tulp = town.streets["Tulpstraat"]
    contact = Contact(street_id=tulp.id, buurt_id=town.buurt.id, house_number=3,
                      house_suffix="-b", outcome="niet_thuis", worker_id=worker.id,
                      recorded_at=datetime(2026, 5, 1, 10, tzinfo=UTC))
    db.session.add(contact)
    db.session.flush()
    db.session.refresh(contact)
    assert contact.door == "3:B"
    address = db.session.scalar(select(Address).where(Address.house_number == 1))
    address.house_letter, address.addition = "a", "2"
    db.session.flush()
    db.session.refresh(address)
    assert address.door == door_key(1, "a-2") == "1:A2"
