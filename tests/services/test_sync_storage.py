"""What the sync service stores besides the contact: children, follow-ups, flags, hashes."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from outreach.api.schemas.sync import parse_items
from outreach.models import Contact, FollowUp, FollowUpEvent, HelpQuestion, Talent
from outreach.services import sync
from outreach.services.sync import lookup, payload_hash, sync_contacts
from tests.services.test_sync_world import build_world, contact_item

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))


def _sync(users, *items, now=NOW):
    return sync_contacts(users["veldwerker"], parse_items(list(items)), now=now).results


def _conversation(**overrides):
    return contact_item(**{
        "outcome": "gesprek", "consent": "opvolging",
        "help_questions": [{"category": "geld_schulden", "urgency": "hoog", "note": "brieven"},
                           {"category": "eenzaamheid"}],
        "talents": [{"kind": "koken", "wants_to_participate": True}],
        "follow_up": {"id": str(uuid.uuid4()), "kind": "warme_overdracht", "partner_id": None,
                      "due_date": "2026-05-08", "resident_name": "Mevr. Jansen",
                      "resident_phone": "0612345678", "note": "bellen na 10 uur"},
        **overrides})


def _count(db, model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


def test_conversation_stores_help_questions_talents_and_an_open_follow_up(db, users, world):
    item = _conversation(round_id=world.round.id)
    item["follow_up"]["partner_id"] = world.partner.id
    [result] = _sync(users, item)
    assert result.status == "created"
    contact_id = uuid.UUID(item["id"])
    questions = db.session.scalars(select(HelpQuestion).where(
        HelpQuestion.contact_id == contact_id)).all()
    assert sorted((q.category, q.urgency, q.note) for q in questions) == [
        ("eenzaamheid", "normaal", None), ("geld_schulden", "hoog", "brieven")]
    [talent] = db.session.scalars(select(Talent).where(Talent.contact_id == contact_id)).all()
    assert (talent.kind, talent.wants_to_participate) == ("koken", True)

    follow_up = db.session.get(FollowUp, uuid.UUID(item["follow_up"]["id"]))
    worker = users["veldwerker"]
    first_question = next(q for q in questions if q.category == "geld_schulden")
    assert (follow_up.status, follow_up.kind, follow_up.partner_id) == (
        "open", "warme_overdracht", world.partner.id)
    assert (follow_up.assignee_id, follow_up.created_by_id) == (worker.id, worker.id)
    assert (follow_up.contact_id, follow_up.help_question_id) == (contact_id, first_question.id)
    assert (follow_up.due_date, follow_up.resident_name, follow_up.resident_phone) == (
        date(2026, 5, 8), "Mevr. Jansen", "0612345678")
    assert follow_up.version == 1
    [event] = db.session.scalars(select(FollowUpEvent).where(
        FollowUpEvent.follow_up_id == follow_up.id)).all()
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        "created", None, "open", worker.id)


def test_replayed_conversation_is_a_duplicate_with_one_follow_up_and_one_event(db, users, world):
    item = _conversation()
    _sync(users, item)
    [again] = _sync(users, item)
    assert again.status == "duplicate"
    follow_up_id = uuid.UUID(item["follow_up"]["id"])
    assert _count(db, FollowUp, id=follow_up_id) == 1
    assert _count(db, FollowUpEvent, follow_up_id=follow_up_id) == 1
    assert _count(db, HelpQuestion, contact_id=uuid.UUID(item["id"])) == 2


def test_follow_up_id_of_another_contact_is_rejected(db, users, world):
    first = _conversation()
    _sync(users, first)
    second = _conversation(follow_up={**first["follow_up"], "note": "anders"})
    [result] = _sync(users, second)
    assert result.status == "rejected"
    assert list(result.errors["follow_up"]) == ["id"]


def test_follow_up_id_twice_in_one_batch_keeps_the_first(db, users, world):
    first = _conversation()
    second = _conversation(follow_up=first["follow_up"])
    results = _sync(users, first, second)
    assert [r.status for r in results] == ["created", "rejected"]
    assert _count(db, Contact, id=uuid.UUID(second["id"])) == 0


@pytest.mark.parametrize(("ahead", "suspect"), [
    (timedelta(hours=23), False),
    (timedelta(hours=25), True),
    (timedelta(days=-400), False),
])
def test_recorded_in_the_future_is_kept_and_flagged(db, users, world, ahead, suspect):
    item = contact_item(recorded_at=(NOW + ahead).isoformat())
    [result] = _sync(users, item)
    assert result.status == "created"
    contact = db.session.get(Contact, uuid.UUID(item["id"]))
    assert contact.clock_suspect is suspect
    assert contact.recorded_at == NOW + ahead
    assert contact.received_at == NOW


def test_stored_hash_is_the_hash_of_the_validated_item(db, users, world):
    item = _conversation()
    _sync(users, item)
    [parsed] = parse_items([item])
    assert db.session.get(Contact, uuid.UUID(item["id"])).payload_hash == payload_hash(
        parsed.data)


def test_insert_race_lost_to_another_batch_answers_duplicate_or_conflict(
        db, users, world, monkeypatch):
    same, changed = _conversation(), contact_item()
    _sync(users, same, changed)
    # Pretend our lookup ran before the other batch committed these ids.
    monkeypatch.setattr(sync.ingest, "lookup_known",
                        lambda cur, worker_id, **ids: lookup.Known(
                            rounds=set(ids["rounds"]), partners=set(ids["partners"])))
    results = _sync(users, same, {**changed, "note": "gewijzigd"}, contact_item())
    assert [r.status for r in results] == ["duplicate", "conflict", "created"]
    follow_up_id = uuid.UUID(same["follow_up"]["id"])
    assert _count(db, FollowUpEvent, follow_up_id=follow_up_id) == 1
    assert _count(db, HelpQuestion, contact_id=uuid.UUID(same["id"])) == 2
