"""Poison items in phone batches: refused alone, with a field message; never a 500.

A poison item is one a database or an encoder would choke on: text with NUL, another
control character or a lone surrogate, numbers out of any range, deep nesting, odd
field names. Wherever it sits in a batch of contacts or follow-up updates, the other
items are stored exactly once and it is answered "rejected" on its own field. The last
tests make the real database refuse an item that passed every check (a trigger or a
constraint added inside the test's transaction) and check that the batch still answers
per item, and that the database's own trouble answers 503, never a crash.
"""

from __future__ import annotations

import json
import logging
import math
import uuid
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from outreach.api.schemas.fields import UNSTORABLE_TEXT
from outreach.models import Contact, FollowUp, FollowUpEvent, HelpQuestion, Talent
from outreach.models.enums import FollowUpStatus
from outreach.services.sync.messages import NOT_STORED
from tests.api.test_followup_sync import make_follow_up, update
from tests.services.test_sync_world import build_world, contact_item

CONTACTS = "/api/v1/sync/contacts"
UPDATES = "/api/v1/sync/followups"
CONVERSATION = {"outcome": "gesprek", "consent": "opvolging"}
# Characters no text may hold (outreach/api/schemas/fields.py): NUL, the other C0
# controls but tab, LF and CR, and lone surrogates, both high and low.
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
POISON_CHARS = CONTROLS + SURROGATES

# Every free-text field of a contact: (path of the field, item with VALUE in it).
TEXT_FIELDS = {
    ("house_suffix",): lambda v: contact_item(house_suffix=v),
    ("note",): lambda v: contact_item(note=v),
    ("help_questions", "0", "note"): lambda v: contact_item(
        **CONVERSATION, help_questions=[{"category": "wonen", "note": v}]),
    ("talents", "0", "note"): lambda v: contact_item(
        **CONVERSATION, talents=[{"kind": "koken", "note": v}]),
    ("follow_up", "resident_name"): lambda v: contact_item(
        **CONVERSATION, follow_up={"id": str(uuid.uuid4()), "kind": "terugbellen",
                                   "resident_name": v}),
    ("follow_up", "resident_phone"): lambda v: contact_item(
        **CONVERSATION, follow_up={"id": str(uuid.uuid4()), "kind": "terugbellen",
                                   "resident_phone": v}),
    ("follow_up", "note"): lambda v: contact_item(
        **CONVERSATION, follow_up={"id": str(uuid.uuid4()), "kind": "terugbellen",
                                   "note": v}),
}
# Numeric fields and where they sit.
NUMBER_FIELDS = {
    ("house_number",): lambda v: contact_item(house_number=v, street_id=None),
    ("round_id",): lambda v: contact_item(round_id=v),
    ("street_id",): lambda v: contact_item(street_id=v),
    ("location", "lon"): lambda v: contact_item(location={"lon": v, "lat": 51.9024}),
    ("location", "lat"): lambda v: contact_item(location={"lon": 4.402, "lat": v}),
    ("location", "accuracy_m"): lambda v: contact_item(
        location={"lon": 4.402, "lat": 51.9024, "accuracy_m": v}),
    ("follow_up", "partner_id"): lambda v: contact_item(
        **CONVERSATION, follow_up={"id": str(uuid.uuid4()), "kind": "terugbellen",
                                   "partner_id": v}),
}
HUGE_NUMBERS = [2**31, 2**63, 2**64 + 1, -(2**63) - 1, 10**30, 1e308, -1e308, math.inf,
                -math.inf]
ANY_FIELD = ["id", "outcome", "setting", "consent", "recorded_at", "note", "house_suffix",
             "location", "help_questions", "talents", "follow_up", "flower_given",
             "house_number"]


def post_raw(client, url: str, body: dict):
    """POST BODY as JSON the way a browser writes it: lone surrogates as \\uXXXX escapes."""
    return client.post(url, data=json.dumps(body), content_type="application/json")


def error_at(errors: dict, path: tuple) -> list:
    """The messages at PATH in a nested error dict (KeyError when there are none)."""
    for key in path:
        errors = errors[key]
    return errors


def contacts_stored(db, ids) -> dict[str, int]:
    """How many rows each id has in contacts."""
    rows = db.session.execute(select(Contact.id, func.count()).where(
        Contact.id.in_([uuid.UUID(i) for i in ids])).group_by(Contact.id)).all()
    return {str(key): n for key, n in rows}


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))


@pytest.fixture()
def phone(login_as):
    return login_as("veldwerker")


# ------------------------------------------------------------------ tables


@pytest.mark.parametrize("char", POISON_CHARS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("path", list(TEXT_FIELDS), ids="/".join)
def test_poison_character_in_any_text_field_refuses_that_item_on_that_field(
        db, world, phone, path, char):
    bad = TEXT_FIELDS[path](f"a{char}b")
    valid = [contact_item(), contact_item()]
    response = post_raw(phone, CONTACTS, {"contacts": [valid[0], bad, valid[1]]})
    assert response.status_code == 200
    first, refused, last = response.json["results"]
    assert (first["status"], last["status"]) == ("created", "created")
    assert refused["status"] == "rejected" and refused["id"] == bad["id"]
    assert error_at(refused["errors"], path) == [UNSTORABLE_TEXT]
    assert contacts_stored(db, [v["id"] for v in valid] + [bad["id"]]) == {
        valid[0]["id"]: 1, valid[1]["id"]: 1}


@pytest.mark.parametrize("text_value", ["Café \u00e9\u00e8 \U0001f600 \u200b\u00ad",
                                        "Regel 1\nRegel 2\r\n\tingesprongen", "\x7f\x85"],
                         ids=["accents-emoji-invisible-format", "line-breaks-tab", "del-c1"])
def test_ordinary_odd_text_is_stored(db, world, phone, text_value):
    item = TEXT_FIELDS[("note",)](text_value)
    response = post_raw(phone, CONTACTS, {"contacts": [item]})
    assert response.json["results"][0]["status"] == "created"
    stored = db.session.get(Contact, uuid.UUID(item["id"]))
    assert stored.note == text_value


@pytest.mark.parametrize("number", HUGE_NUMBERS, ids=repr)
@pytest.mark.parametrize("path", list(NUMBER_FIELDS), ids="/".join)
def test_out_of_range_number_refuses_that_item_on_that_field(db, world, phone, path, number):
    bad = NUMBER_FIELDS[path](number)
    valid = contact_item()
    response = post_raw(phone, CONTACTS, {"contacts": [bad, valid]})
    assert response.status_code == 200
    refused, created = response.json["results"]
    assert created["status"] == "created"
    assert refused["status"] == "rejected"
    assert all(isinstance(m, str) and m for m in error_at(refused["errors"], path))


@pytest.mark.parametrize("key", ["x\x00", "\ud800", "note\udfff", "a" * 5000, "\x1b[31m"],
                         ids=["nul", "surrogate", "field-surrogate", "long", "escape"])
def test_odd_unknown_field_name_is_answered_as_valid_short_text(db, world, phone, key):
    bad = {**contact_item(), key: 1}
    response = post_raw(phone, CONTACTS, {"contacts": [bad, contact_item()]})
    refused, created = response.json["results"]
    assert created["status"] == "created"
    assert refused["status"] == "rejected"
    [name] = refused["errors"]
    assert len(name) <= 100
    assert name.encode("utf-8")  # valid text: no lone surrogate reaches any client
    assert not any(c in name for c in POISON_CHARS)


@pytest.mark.parametrize("odd_id", ["\ud800", "x\x00y", "a" * 101, 7, None])
def test_odd_id_is_not_echoed_and_the_answer_keeps_its_place(db, world, phone, odd_id):
    bad = contact_item(id=odd_id)
    valid = contact_item()
    response = post_raw(phone, CONTACTS, {"contacts": [bad, valid]})
    refused, created = response.json["results"]
    assert refused == {"id": None, "status": "rejected", "errors": refused["errors"]}
    assert list(refused["errors"]) == ["id"]
    assert created["id"] == valid["id"] and created["status"] == "created"


def test_poison_message_is_in_the_workers_language(db, world, phone):
    with phone.session_transaction() as session:
        session["lang"] = "en"
    response = post_raw(phone, CONTACTS, {"contacts": [contact_item(note="\x00")]})
    [message] = response.json["results"][0]["errors"]["note"]
    assert message != UNSTORABLE_TEXT and "character" in message


# ------------------------------------------------------------------ property tests

# One character no text may hold, inside ordinary text (hypothesis' text() has no
# surrogates, so the poison stays lone after the JSON round trip).
poison_text = st.builds(lambda a, bad, b: a + bad + b, st.text(max_size=8),
                        st.sampled_from(POISON_CHARS) | st.characters(categories=["Cs"]),
                        st.text(max_size=8))
deep = st.integers(min_value=30, max_value=400).flatmap(
    lambda depth: st.sampled_from([
        json.loads("[" * depth + "]" * depth), json.loads('{"a":' * depth + "1" + "}" * depth)]))


@st.composite
def poison_contact(draw):
    """(item, path of the field that must carry the error, or None for an odd key)."""
    kind = draw(st.sampled_from(["text", "number", "deep", "key"]))
    if kind == "text":
        path = draw(st.sampled_from(list(TEXT_FIELDS)))
        return TEXT_FIELDS[path](draw(poison_text)), path
    if kind == "number":
        path = draw(st.sampled_from(list(NUMBER_FIELDS)))
        return NUMBER_FIELDS[path](draw(st.sampled_from(HUGE_NUMBERS))), path
    if kind == "deep":
        field = draw(st.sampled_from(ANY_FIELD))
        return contact_item(**{field: draw(deep)}), (field,)
    return {**contact_item(), draw(poison_text): 1}, None


# Hypothesis runs the examples inside one test (one rolled-back transaction); every
# example makes fresh ids, so what earlier examples stored cannot make it pass.
FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(layout=st.lists(st.booleans(), min_size=1, max_size=12).filter(any), data=st.data())
def test_contact_batch_with_poison_anywhere_stores_every_valid_item_once(
        db, world, phone, layout, data):
    batch, expected = [], []  # expected: None for a valid item, else (path or None)
    for poisoned in layout:
        if poisoned:
            item, path = data.draw(poison_contact())
            batch.append(item)
            expected.append(("bad", path))
        else:
            batch.append(contact_item())
            expected.append(("good", None))
    response = post_raw(phone, CONTACTS, {"contacts": batch})
    assert response.status_code == 200
    results = response.json["results"]
    assert len(results) == len(batch)
    good = [item["id"] for item, (kind, _) in zip(batch, expected, strict=True) if kind == "good"]
    assert contacts_stored(db, good) == dict.fromkeys(good, 1)
    for item, result, (kind, path) in zip(batch, results, expected, strict=True):
        if kind == "good":
            assert result["status"] == "created", result
            continue
        assert result["status"] == "rejected", result
        assert result["errors"], result
        if path is not None:
            messages = error_at(result["errors"], path)
            assert messages and all(isinstance(m, str) and m for m in messages)
        if isinstance(item.get("id"), str):
            assert contacts_stored(db, [item["id"]]) == {}


@st.composite
def poison_update(draw, follow_up):
    """(update of FOLLOW_UP, the field that must carry the error)."""
    field = draw(st.sampled_from(["note", "base_version", "made_at", "status", "follow_up_id",
                                  "id", "deep"]))
    if field == "note":
        value = draw(poison_text)
    elif field == "base_version":
        value = draw(st.sampled_from(HUGE_NUMBERS + [0, -1, 1.5]))
    elif field == "deep":
        field = draw(st.sampled_from(["note", "status", "made_at", "base_version"]))
        value = draw(deep)
    else:
        value = draw(poison_text | st.just("2026-05-01T10:15:00+02:00\x00") | st.just(10**40))
    return update(follow_up, **{field: value}), field


@FUZZ
@given(layout=st.lists(st.booleans(), min_size=1, max_size=8).filter(any), data=st.data())
def test_followup_batch_with_poison_anywhere_applies_every_valid_update(
        db, users, phone, layout, data):
    worker = users["veldwerker"]
    batch, expected, follow_ups = [], [], []
    for poisoned in layout:
        follow_up = make_follow_up(db, worker)
        follow_ups.append(follow_up)
        if poisoned:
            item, field = data.draw(poison_update(follow_up))
            batch.append(item)
            expected.append(field)
        else:
            batch.append(update(follow_up, status="bezig"))
            expected.append(None)
    response = post_raw(phone, UPDATES, {"updates": batch})
    assert response.status_code == 200
    results = response.json["results"]
    assert len(results) == len(batch)
    for follow_up, result, field in zip(follow_ups, results, expected, strict=True):
        db.session.refresh(follow_up)
        events = db.session.scalar(select(func.count()).select_from(FollowUpEvent).where(
            FollowUpEvent.follow_up_id == follow_up.id))
        if field is None:
            assert result["status"] == "applied", result
            assert (follow_up.status, follow_up.version, events) == (FollowUpStatus.bezig, 2, 1)
        else:
            assert result["status"] == "rejected", result
            assert field in result["errors"], result
            assert (follow_up.status, follow_up.version, events) == (FollowUpStatus.open, 1, 0)


# ------------------------------------------------------------------ the database refuses


@pytest.fixture()
def db(db_as_owner):
    """This module's tests add triggers inside their transaction to make the database refuse
    one item; DDL needs the tables' owner (the app's login may not, by design)."""
    return db_as_owner


def refuse_in_database(db, table: str, condition: str, errcode: str) -> None:
    """Make the database raise ERRCODE for every row of TABLE where CONDITION holds.

    DDL is transactional: the trigger goes with the test's rollback.
    """
    db.session.execute(text(f"""
        CREATE FUNCTION pg_temp.test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF {condition} THEN
            RAISE EXCEPTION 'refused by the test' USING ERRCODE = '{errcode}';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER test_refuse BEFORE INSERT ON {table}
          FOR EACH ROW EXECUTE FUNCTION pg_temp.test_refuse();"""))


# (table, condition on NEW, item the condition holds for): each needs the store's children.
REFUSED_ROWS = {
    "contact": ("contacts", "NEW.house_suffix = 'Z'", lambda: contact_item(house_suffix="Z")),
    "help question": ("help_questions", "NEW.category = 'juridisch'", lambda: contact_item(
        **CONVERSATION, help_questions=[{"category": "juridisch"}])),
    "talent": ("talents", "NEW.kind = 'klussen'", lambda: contact_item(
        **CONVERSATION, talents=[{"kind": "klussen"}])),
    "follow-up": ("follow_ups", "NEW.kind = 'huisbezoek'", lambda: contact_item(
        **CONVERSATION, follow_up={"id": str(uuid.uuid4()), "kind": "huisbezoek"})),
}
# SQLSTATEs the content of an item can cause: data exception, check violation, not null,
# string too long, program limit exceeded.
ITEM_FAULT_CODES = ["22000", "23514", "23502", "22001", "54000"]
# SQLSTATEs of the server's own trouble: serialization failure, deadlock, lock timeout.
SERVER_FAULT_CODES = ["40001", "40P01", "55P03"]


@pytest.mark.parametrize("errcode", ITEM_FAULT_CODES)
@pytest.mark.parametrize("row", list(REFUSED_ROWS))
def test_item_the_database_refuses_is_rejected_alone_and_the_rest_stored(
        db, world, phone, caplog, row, errcode):
    table, condition, make = REFUSED_ROWS[row]
    refuse_in_database(db, table, condition, errcode)
    valid = [contact_item(**CONVERSATION, help_questions=[{"category": "wonen"}]),
             contact_item(), contact_item(**CONVERSATION, talents=[{"kind": "koken"}])]
    bad = make()
    with caplog.at_level(logging.WARNING, logger="outreach.services.sync.ingest"):
        response = post_raw(phone, CONTACTS, {"contacts": [valid[0], bad, *valid[1:]]})
    assert response.status_code == 200
    statuses = [r["status"] for r in response.json["results"]]
    assert statuses == ["created", "rejected", "created", "created"]
    assert response.json["results"][1]["errors"] == {"_schema": [NOT_STORED]}
    assert contacts_stored(db, [v["id"] for v in valid] + [bad["id"]]) == {
        v["id"]: 1 for v in valid}
    # The children of the stored contacts are there once; none of the refused one's.
    assert db.session.scalar(select(func.count()).select_from(HelpQuestion)) == 1
    assert db.session.scalar(select(func.count()).select_from(Talent)) == 1
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0
    # The log says what happened without quoting the item.
    assert any(errcode in r.getMessage() for r in caplog.records)
    assert not any("Z" in r.getMessage() or "refused by the test" in r.getMessage()
                   for r in caplog.records)


def test_replay_after_a_database_refusal_answers_like_the_first_time(db, world, phone):
    refuse_in_database(db, "contacts", "NEW.house_suffix = 'Z'", "22000")
    batch = [contact_item(), contact_item(house_suffix="Z"), contact_item()]
    first = post_raw(phone, CONTACTS, {"contacts": batch}).json["results"]
    again = post_raw(phone, CONTACTS, {"contacts": batch}).json["results"]
    assert [r["status"] for r in first] == ["created", "rejected", "created"]
    assert [r["status"] for r in again] == ["duplicate", "rejected", "duplicate"]


@pytest.mark.parametrize("errcode", SERVER_FAULT_CODES)
def test_database_trouble_is_503_and_nothing_of_the_contact_batch_is_kept(
        db, world, phone, errcode):
    refuse_in_database(db, "contacts", "NEW.house_suffix = 'Z'", errcode)
    batch = [contact_item(), contact_item(house_suffix="Z"), contact_item()]
    response = post_raw(phone, CONTACTS, {"contacts": batch})
    assert response.status_code == 503
    assert response.json["error"]["code"] == "unavailable"
    assert response.headers["Retry-After"]
    assert contacts_stored(db, [i["id"] for i in batch]) == {}


@pytest.mark.parametrize("errcode", ITEM_FAULT_CODES)
def test_followup_update_the_database_refuses_is_rejected_alone(db, users, phone, errcode):
    worker = users["veldwerker"]
    follow_ups = [make_follow_up(db, worker) for _ in range(4)]
    batch = [update(f, status="bezig", note=None) for f in follow_ups]
    refuse_in_database(db, "follow_up_events", f"NEW.client_id = '{batch[1]['id']}'", errcode)
    response = post_raw(phone, UPDATES, {"updates": batch})
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied", "applied"]
    assert results[1]["errors"] == {"_schema": [NOT_STORED]}
    assert results[1]["message"] == NOT_STORED
    for follow_up, expected in zip(follow_ups, ["bezig", "open", "bezig", "bezig"],
                                   strict=True):
        db.session.refresh(follow_up)
        assert follow_up.status.value == expected


@pytest.mark.parametrize("errcode", SERVER_FAULT_CODES)
def test_followup_database_trouble_is_503_and_the_replay_completes_the_batch(
        db, users, phone, errcode):
    worker = users["veldwerker"]
    follow_ups = [make_follow_up(db, worker) for _ in range(3)]
    batch = [update(f, status="bezig", note=None) for f in follow_ups]
    refuse_in_database(db, "follow_up_events", f"NEW.client_id = '{batch[1]['id']}'", errcode)
    response = post_raw(phone, UPDATES, {"updates": batch})
    assert response.status_code == 503
    assert response.json["error"]["code"] == "unavailable"
    db.session.execute(text("DROP TRIGGER test_refuse ON follow_up_events"))
    again = post_raw(phone, UPDATES, {"updates": batch}).json["results"]
    # What was applied before the trouble answers duplicate; the rest is applied now.
    assert [r["status"] for r in again] == ["duplicate", "applied", "applied"]
    for follow_up in follow_ups:
        db.session.refresh(follow_up)
        assert (follow_up.status, follow_up.version) == (FollowUpStatus.bezig, 2)


def test_followup_unforeseen_fault_is_answered_in_the_envelope_not_a_crash(
        app, db, users, phone, monkeypatch, caplog):
    # XX000 is neither the item's fault nor passing trouble: a bug. Its answer is still the
    # envelope, the request log still names the user, and the update before it is kept.
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    worker = users["veldwerker"]
    follow_ups = [make_follow_up(db, worker) for _ in range(2)]
    batch = [update(f, status="bezig", note=None) for f in follow_ups]
    refuse_in_database(db, "follow_up_events", f"NEW.client_id = '{batch[1]['id']}'", "XX000")
    with caplog.at_level(logging.INFO):
        response = post_raw(phone, UPDATES, {"updates": batch})
    assert response.status_code == 500
    assert response.json["error"]["code"] == "server_error"
    request_lines = [r for r in caplog.records if r.name == "outreach.request"]
    assert request_lines and request_lines[-1].user_id == worker.id
    db.session.refresh(follow_ups[0])
    assert follow_ups[0].status == FollowUpStatus.bezig
