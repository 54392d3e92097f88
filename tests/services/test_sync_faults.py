"""The sync service's own guard: what the database refuses is refused per item.

These items go straight to the service, past the schema, as if a check had a hole: the
text the outside test found (NUL in a house suffix, lone surrogates in a suffix, a note
or a resident's name) reaches the real database and encoders. The service must store
every other item, once, and refuse only the poisoned one, wherever it fails: in the
fingerprint before any SQL, in the placement query (pipelined) or in the insert.
"""

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from outreach.api.schemas.sync import parse_items
from outreach.models import AuditEvent, Contact
from outreach.services.sync import sync_contacts
from outreach.services.sync.messages import NOT_STORED
from tests.services.test_sync_world import build_world, contact_item

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))


def poisoned(where: str, value: str):
    """A parsed item whose WHERE holds VALUE, which the schema would have refused."""
    item = contact_item(outcome="gesprek", consent="opvolging",
                        follow_up={"id": str(uuid.uuid4()), "kind": "terugbellen",
                                   "resident_name": "Mevr. Jansen"})
    [parsed] = parse_items([item])
    assert parsed.errors is None
    if where == "resident_name":
        parsed.data["follow_up"]["resident_name"] = value
    else:
        parsed.data[where] = value
    return parsed


@pytest.mark.parametrize(("where", "value"), [
    ("house_suffix", "b\x00"),      # the placement query: PostgreSQL text cannot hold NUL
    ("outcome", "gesprek\x00"),     # the insert (the placement does not read the outcome)
    # A lone surrogate (as JSON's "\ud800" decodes) fails in the fingerprint: UTF-8
    # cannot encode it.
    ("house_suffix", "b\ud800"), ("note", "x\udfff"), ("resident_name", "\ud800"),
], ids=["suffix-nul", "outcome-nul", "suffix-surrogate", "note-surrogate", "name-surrogate"])
@pytest.mark.parametrize("position", [0, 1, 3])
def test_poison_past_the_schema_is_refused_alone(db, users, world, where, value, position):
    items = parse_items([contact_item() for _ in range(3)])
    items.insert(position, poisoned(where, value))
    outcome = sync_contacts(users["veldwerker"], items, now=NOW)
    statuses = [r.status for r in outcome.results]
    assert statuses == ["rejected" if n == position else "created" for n in range(4)]
    assert outcome.results[position].errors == {"_schema": [NOT_STORED]}
    stored = set(db.session.scalars(select(Contact.id)))
    assert stored == {i.data["id"] for n, i in enumerate(items) if n != position}
    # The batch's audit event counts what happened; the transaction is healthy after.
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "sync.contacts")).one()
    assert audit.details["created"] == 3 and audit.details["rejected"] == 1
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 3


def test_a_batch_of_only_poison_stores_nothing_and_answers_each(db, users, world):
    items = [poisoned("house_suffix", "\x00"), poisoned("note", "\ud800")]
    outcome = sync_contacts(users["veldwerker"], items, now=NOW)
    assert [r.status for r in outcome.results] == ["rejected", "rejected"]
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 0
