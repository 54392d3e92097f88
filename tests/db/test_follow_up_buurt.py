"""Follow-ups carry their contact's buurt_id, kept by triggers (migration 0012)."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import text

from outreach.extensions import db
from outreach.models import Buurt, Contact, FollowUp
from outreach.models.enums import FollowUpKind
from tests.factories import BUURT_WKT

WHEN = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


def _buurt(code: str) -> Buurt:
    buurt = Buurt(code=code, name=f"Buurt {code}", geom=BUURT_WKT)
    db.session.add(buurt)
    db.session.flush()
    return buurt


def _contact(buurt: Buurt) -> Contact:
    contact = Contact(id=uuid.uuid4(), buurt_id=buurt.id, outcome="gesprek", recorded_at=WHEN)
    db.session.add(contact)
    db.session.flush()
    return contact


def _follow_up(contact: Contact | None) -> FollowUp:
    follow_up = FollowUp(contact_id=contact.id if contact else None,
                         kind=FollowUpKind.terugbellen)
    db.session.add(follow_up)
    db.session.flush()
    return follow_up


def _strays() -> int:
    """Follow-ups whose buurt_id is not their contact's buurt (None without a contact)."""
    return db.session.scalar(text(
        "SELECT count(*) FROM follow_ups fu LEFT JOIN contacts c ON c.id = fu.contact_id "
        "WHERE fu.buurt_id IS DISTINCT FROM c.buurt_id"))


def test_follow_ups_made_by_the_orm_and_by_plain_sql_get_their_contacts_buurt(db):
    buurt = _buurt("BU99990081")
    contact = _contact(buurt)
    assert _follow_up(contact).buurt_id == buurt.id
    assert _follow_up(None).buurt_id is None

    made = uuid.uuid4()
    db.session.execute(text("INSERT INTO follow_ups (id, contact_id, kind) "
                            "VALUES (:id, :c, 'huisbezoek')"), {"id": made, "c": contact.id})
    assert db.session.scalar(text("SELECT buurt_id FROM follow_ups WHERE id = :id"),
                             {"id": made}) == buurt.id
    assert _strays() == 0


def test_a_follow_up_moved_to_another_contact_takes_that_contacts_buurt(db):
    first, second = _buurt("BU99990082"), _buurt("BU99990083")
    follow_up = _follow_up(_contact(first))
    follow_up.contact_id = _contact(second).id
    db.session.flush()
    # The ORM knows the trigger changed it (server_onupdate): no stale buurt in the session.
    assert follow_up.buurt_id == second.id
    follow_up.contact_id = None
    db.session.flush()
    assert follow_up.buurt_id is None
    assert _strays() == 0


def test_a_buurt_written_by_hand_is_replaced_by_the_contacts(db):
    own, other = _buurt("BU99990084"), _buurt("BU99990085")
    follow_up = _follow_up(_contact(own))
    db.session.execute(text("UPDATE follow_ups SET buurt_id = :b WHERE id = :id"),
                       {"b": other.id, "id": follow_up.id})
    db.session.expire(follow_up)
    assert follow_up.buurt_id == own.id


def test_a_contact_moved_to_another_buurt_takes_its_follow_ups_along(db):
    before, after = _buurt("BU99990086"), _buurt("BU99990087")
    contact, bystander = _contact(before), _contact(before)
    moved = [_follow_up(contact), _follow_up(contact)]
    stays = _follow_up(bystander)
    db.session.execute(text("UPDATE contacts SET buurt_id = :b WHERE id = :id"),
                       {"b": after.id, "id": contact.id})
    for follow_up in [*moved, stays]:
        db.session.expire(follow_up)
    assert [f.buurt_id for f in moved] == [after.id, after.id]
    assert stays.buurt_id == before.id
    assert _strays() == 0


def test_a_follow_up_whose_contact_is_erased_has_no_buurt(db):
    buurt = _buurt("BU99990088")
    contact = _contact(buurt)
    follow_up = _follow_up(contact)
    db.session.execute(text("DELETE FROM contacts WHERE id = :id"), {"id": contact.id})
    db.session.expire(follow_up)
    assert (follow_up.contact_id, follow_up.buurt_id) == (None, None)
    assert _strays() == 0


def test_a_contact_and_its_follow_up_written_in_one_statement_as_the_sync_does(db):
    buurt = _buurt("BU99990089")
    made = uuid.uuid4()
    db.session.execute(text(
        "WITH contact AS (INSERT INTO contacts (id, buurt_id, outcome, recorded_at) "
        "                 VALUES (gen_random_uuid(), :b, 'gesprek', :at) RETURNING id) "
        "INSERT INTO follow_ups (id, contact_id, kind, status) "
        "SELECT :id, id, 'terugbellen', 'open' FROM contact"),
        {"b": buurt.id, "at": WHEN, "id": made})
    assert db.session.scalar(text("SELECT buurt_id FROM follow_ups WHERE id = :id"),
                             {"id": made}) == buurt.id
