"""POST /api/v1/sync/contacts over HTTP: per-item answers, idempotent replays, refusals."""

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from outreach.models import AuditEvent, Contact
from tests.conftest import make_test_app
from tests.services.test_sync_world import build_world, contact_item

URL = "/api/v1/sync/contacts"


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))


@pytest.fixture()
def phone(login_as):
    return login_as("veldwerker")


def _stored(db, ids) -> int:
    return db.session.scalar(select(func.count()).select_from(Contact)
                             .where(Contact.id.in_([uuid.UUID(i) for i in ids])))


def test_sync_new_contacts_are_created_and_placed(db, world, phone):
    items = [contact_item(street_id=world.kerkstraat.id, house_number=n, location=None)
             for n in (1, 2)] + [contact_item()]
    response = phone.post(URL, json={"contacts": items})
    assert response.status_code == 200
    body = response.json
    assert [r["status"] for r in body["results"]] == ["created"] * 3
    assert [r["id"] for r in body["results"]] == [i["id"] for i in items]
    assert all(r["contact"] == {"street_id": world.kerkstraat.id, "buurt_id": world.kerkbuurt.id}
               for r in body["results"])
    assert "errors" not in body["results"][0]
    assert body["received_at"].endswith("+00:00")
    assert _stored(db, [i["id"] for i in items]) == 3


def test_sync_replayed_batch_stores_each_contact_once(db, world, phone):
    items = [contact_item(round_id=world.round.id, note=f"deur {n}") for n in range(5)]
    first = phone.post(URL, json={"contacts": items})
    again = phone.post(URL, json={"contacts": items})
    assert [r["status"] for r in first.json["results"]] == ["created"] * 5
    assert [r["status"] for r in again.json["results"]] == ["duplicate"] * 5
    assert again.json["results"][0]["contact"] == first.json["results"][0]["contact"]
    assert _stored(db, [i["id"] for i in items]) == 5


def test_sync_replay_with_reordered_keys_and_other_offset_is_a_duplicate(db, world, phone):
    item = contact_item(recorded_at="2026-05-01T10:15:00+02:00")
    phone.post(URL, json={"contacts": [item]})
    same = dict(reversed(list({**item, "recorded_at": "2026-05-01T08:15:00Z"}.items())))
    del same["talents"]  # a default left out is the same content
    response = phone.post(URL, json={"contacts": [same]})
    assert response.json["results"][0]["status"] == "duplicate"


def test_sync_changed_replay_is_a_conflict_and_the_stored_one_wins(db, world, phone):
    item = contact_item(outcome="niet_thuis")
    phone.post(URL, json={"contacts": [item]})
    changed = {**item, "outcome": "geweigerd"}
    response = phone.post(URL, json={"contacts": [changed, contact_item()]})
    assert [r["status"] for r in response.json["results"]] == ["conflict", "created"]
    assert "contact" not in response.json["results"][0]
    stored = db.session.get(Contact, uuid.UUID(item["id"]))
    db.session.refresh(stored)
    assert stored.outcome == "niet_thuis"


def test_sync_same_id_twice_in_one_batch(db, world, phone):
    item = contact_item()
    changed = {**item, "note": "toch iets anders"}
    response = phone.post(URL, json={"contacts": [item, item, changed]})
    assert [r["status"] for r in response.json["results"]] == ["created", "duplicate", "conflict"]
    assert _stored(db, [item["id"]]) == 1


def test_sync_one_invalid_item_does_not_block_the_others(db, world, phone):
    good = [contact_item(), contact_item()]
    bad = contact_item(outcome="weet_niet")
    response = phone.post(URL, json={"contacts": [good[0], bad, good[1]]})
    results = response.json["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "created"]
    assert list(results[1]["errors"]) == ["outcome"]
    assert isinstance(results[1]["errors"]["outcome"][0], str)
    assert "contact" not in results[1]
    assert _stored(db, [i["id"] for i in good]) == 2
    assert _stored(db, [bad["id"]]) == 0


def test_sync_writes_one_audit_event_per_batch_with_counts(db, world, phone, users):
    items = [contact_item(), contact_item(outcome="?"), contact_item()]
    phone.post(URL, json={"contacts": items})
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "sync.contacts")).all()
    assert len(events) == 1
    assert events[0].actor_id == users["veldwerker"].id
    assert events[0].details == {"received": 3, "created": 2, "duplicate": 0, "conflict": 0,
                                 "rejected": 1, "clock_suspect": 0}


def test_sync_stores_the_logged_in_worker_and_the_server_receipt_time(db, world, phone, users):
    item = contact_item()
    response = phone.post(URL, json={"contacts": [item]})
    contact = db.session.get(Contact, uuid.UUID(item["id"]))
    assert contact.worker_id == users["veldwerker"].id
    assert contact.received_at.isoformat() == response.json["received_at"]
    assert contact.recorded_at.isoformat().startswith("2026-05-01T08:15:00")


@pytest.mark.parametrize("body", [
    b"this is not json",
    b"\xff\xfe\x00",
    b"",
    b"[]",
    b'"contacts"',
    b"null",
    b"{}",
    b'{"contacts": null}',
    b'{"contacts": {}}',
    b'{"contacts": "all of them"}',
    b'{"contacts": []}',
    b'{"contacts": [], "more": 1}',
    b"[" * 100_000 + b"]" * 100_000,
], ids=["text", "binary", "empty", "list", "string", "null", "no-contacts", "contacts-null",
        "contacts-object", "contacts-string", "contacts-empty", "extra-key", "deep-nesting"])
def test_sync_malformed_body_is_400_in_the_envelope(world, phone, body):
    response = phone.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_sync_more_than_500_items_is_413(world, phone):
    response = phone.post(URL, json={"contacts": [contact_item() for _ in range(501)]})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_sync_500_items_is_fine(db, world, phone):
    response = phone.post(URL, json={"contacts": [contact_item() for _ in range(500)]})
    assert response.status_code == 200
    assert {r["status"] for r in response.json["results"]} == {"created"}


def test_sync_body_over_the_route_limit_is_413(world, phone):
    body = json.dumps({"contacts": [contact_item(note="x" * 3_000_000)]}).encode()
    response = phone.post(URL, data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_sync_without_login_is_401_in_the_envelope(client, world):
    response = client.post(URL, json={"contacts": [contact_item()]})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("role", ["coordinator", "teamleider", "beheerder"])
def test_sync_for_other_roles_is_403(world, login_as, role):
    response = login_as(role).post(URL, json={"contacts": [contact_item()]})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.fixture()
def csrf_phone(database_url, db, users):
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    phone = app.test_client()
    with phone.session_transaction() as session:
        session["_user_id"] = str(users["veldwerker"].id)
        session["_fresh"] = True
    return phone


def test_sync_without_csrf_token_is_refused(db, world, csrf_phone):
    item = contact_item()
    response = csrf_phone.post(URL, json={"contacts": [item]})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf_failed"
    assert _stored(db, [item["id"]]) == 0


def test_sync_with_a_wrong_csrf_token_is_refused(world, csrf_phone):
    response = csrf_phone.post(URL, json={"contacts": [contact_item()]},
                               headers={"X-CSRFToken": "forged"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf_failed"


def test_sync_with_the_bundle_csrf_token_is_accepted(db, world, csrf_phone):
    token = csrf_phone.get("/api/v1/veld/bundle").json["csrf_token"]
    response = csrf_phone.post(URL, json={"contacts": [contact_item()]},
                               headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.json["results"][0]["status"] == "created"
