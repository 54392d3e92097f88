"""POST /api/v1/sync/followups: a worker's own follow-up updates from the phone, per item."""

import json
import uuid

import pytest
from sqlalchemy import func, select

from outreach.models import AuditEvent, FollowUp, FollowUpEvent
from outreach.models.enums import FollowUpKind, FollowUpStatus
from outreach.services.followups import actions

URL = "/api/v1/sync/followups"


@pytest.fixture()
def phone(login_as):
    return login_as("veldwerker")


def make_follow_up(db, assignee, status=FollowUpStatus.open) -> FollowUp:
    follow_up = FollowUp(kind=FollowUpKind.terugbellen, status=status, assignee_id=assignee.id,
                         note="Bellen over de huur")
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


@pytest.fixture()
def mine(db, users):
    return make_follow_up(db, users["veldwerker"])


def update(follow_up, status="afgerond", note="Gebeld, geregeld", **fields) -> dict:
    return {"id": str(uuid.uuid4()), "follow_up_id": str(follow_up.id),
            "base_version": follow_up.version, "status": status, "note": note,
            "made_at": "2026-05-01T10:15:00+02:00", **fields}


def phone_events(db, follow_up) -> list[FollowUpEvent]:
    return db.session.scalars(select(FollowUpEvent).where(
        FollowUpEvent.follow_up_id == follow_up.id,
        FollowUpEvent.client_id.is_not(None))).all()


def test_followup_update_is_applied_with_one_event_from_the_phone(db, mine, phone, users):
    item = update(mine)
    response = phone.post(URL, json={"updates": [item]})
    assert response.status_code == 200
    [result] = response.json["results"]
    assert result == {"id": item["id"], "status": "applied",
                      "follow_up": {"version": 2, "status": "afgerond"}}
    db.session.refresh(mine)
    assert mine.status == FollowUpStatus.afgerond and mine.version == 2
    assert mine.closed_at is not None
    [event] = phone_events(db, mine)
    assert str(event.client_id) == item["id"]
    assert event.actor_id == users["veldwerker"].id
    assert (event.from_status, event.to_status) == (FollowUpStatus.open, FollowUpStatus.afgerond)
    assert event.note == "Gebeld, geregeld"
    assert event.details["made_at"].startswith("2026-05-01T10:15:00")


def test_followup_replayed_update_is_a_duplicate_not_a_conflict(db, mine, phone):
    item = update(mine, status="bezig", note=None)
    first = phone.post(URL, json={"updates": [item]})
    again = phone.post(URL, json={"updates": [item, item]})
    assert first.json["results"][0]["status"] == "applied"
    assert [r["status"] for r in again.json["results"]] == ["duplicate", "duplicate"]
    assert again.json["results"][0]["follow_up"] == {"version": 2, "status": "bezig"}
    assert len(phone_events(db, mine)) == 1
    db.session.refresh(mine)
    assert mine.version == 2


def test_followup_same_id_with_other_content_is_rejected(db, mine, phone):
    item = update(mine, status="bezig", note=None)
    phone.post(URL, json={"updates": [item]})
    changed = {**item, "status": "afgerond", "base_version": 2}
    [result] = phone.post(URL, json={"updates": [changed]}).json["results"]
    assert result["status"] == "rejected"
    assert list(result["errors"]) == ["id"]
    db.session.refresh(mine)
    assert mine.status == FollowUpStatus.bezig


def test_followup_stale_base_version_is_a_conflict_with_the_current_state(db, mine, phone,
                                                                           users):
    item = update(mine)  # made on version 1
    actions.change_status(mine.id, "bezig", actor=users["teamleider"], expected_version=1,
                          note="Ik bel zelf even")
    [result] = phone.post(URL, json={"updates": [item]}).json["results"]
    assert result["status"] == "conflict"
    current = result["current"]
    assert (current["status"], current["version"]) == ("bezig", 2)
    assert current["last_note"] == "Ik bel zelf even"
    assert current["changed_by"] == users["teamleider"].name
    assert current["changed_at"]
    assert phone_events(db, mine) == []
    # "Toch mijn wijziging": the same change on the current version is applied.
    again = {**item, "id": str(uuid.uuid4()), "base_version": current["version"]}
    [result] = phone.post(URL, json={"updates": [again]}).json["results"]
    assert result["status"] == "applied"
    assert result["follow_up"] == {"version": 3, "status": "afgerond"}


def test_followup_illegal_transition_is_rejected_with_the_state_machines_message(db, users,
                                                                                  phone):
    closed = make_follow_up(db, users["veldwerker"], status=FollowUpStatus.afgerond)
    [result] = phone.post(URL, json={"updates": [update(closed, status="bezig")]}).json["results"]
    assert result["status"] == "rejected"
    assert "teamleider" in result["errors"]["status"][0]
    assert result["message"] == result["errors"]["status"][0]
    db.session.refresh(closed)
    assert closed.status == FollowUpStatus.afgerond and closed.version == 1


def test_followup_niet_bereikbaar_without_note_is_rejected_on_the_note(db, mine, phone):
    item = update(mine, status="niet_bereikbaar", note="  ")
    [result] = phone.post(URL, json={"updates": [item]}).json["results"]
    assert result["status"] == "rejected"
    assert list(result["errors"]) == ["note"]


def test_followup_of_someone_else_is_rejected(db, users, phone):
    theirs = make_follow_up(db, users["teamleider"])
    [result] = phone.post(URL, json={"updates": [update(theirs)]}).json["results"]
    assert result["status"] == "rejected"
    assert list(result["errors"]) == ["follow_up_id"]
    assert "current" not in result and "follow_up" not in result
    db.session.refresh(theirs)
    assert theirs.status == FollowUpStatus.open


def test_followup_unknown_is_rejected(db, mine, phone):
    item = update(mine, follow_up_id=str(uuid.uuid4()))
    [result] = phone.post(URL, json={"updates": [item]}).json["results"]
    assert result["status"] == "rejected"
    assert list(result["errors"]) == ["follow_up_id"]


@pytest.mark.parametrize(("field", "value"), [
    ("status", "overgedragen"), ("status", "geannuleerd"), ("status", None),
    ("base_version", "1"), ("base_version", 0), ("follow_up_id", "nee"), ("id", 7),
    ("made_at", "2026-05-01T10:15:00"), ("note", "x" * 2001), ("extra", 1),
])
def test_followup_invalid_field_is_rejected_on_that_field(db, mine, phone, field, value):
    item = update(mine, **{field: value})
    [result] = phone.post(URL, json={"updates": [item]}).json["results"]
    assert result["status"] == "rejected"
    assert field in result["errors"]


def test_followup_one_bad_update_does_not_block_the_others(db, users, phone):
    first, second = make_follow_up(db, users["veldwerker"]), make_follow_up(db, users["veldwerker"])
    theirs = make_follow_up(db, users["teamleider"])
    items = [update(first, status="bezig", note=None), update(theirs),
             update(second, status="niet_bereikbaar", note=None), "geen object",
             update(second, status="niet_bereikbaar", note="Twee keer gebeld")]
    response = phone.post(URL, json={"updates": items})
    assert [r["status"] for r in response.json["results"]] == [
        "applied", "rejected", "rejected", "rejected", "applied"]
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.status, second.status) == (FollowUpStatus.bezig, FollowUpStatus.niet_bereikbaar)
    assert len(phone_events(db, first)) == len(phone_events(db, second)) == 1
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "sync.follow_ups")).one()
    assert audit.details == {"received": 5, "applied": 2, "duplicate": 0, "conflict": 0,
                             "rejected": 3}


@pytest.mark.parametrize("body", [
    b"not json", b"", b"[]", b"null", b"{}", b'{"updates": null}', b'{"updates": []}',
    b'{"updates": {}}', b'{"updates": [], "contacts": []}', b"[" * 100_000 + b"]" * 100_000,
])
def test_followup_malformed_body_is_400_in_the_envelope(db, mine, phone, body):
    response = phone.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_followup_more_than_200_updates_is_413(db, mine, phone):
    response = phone.post(URL, json={"updates": [update(mine) for _ in range(201)]})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    assert phone_events(db, mine) == []


def test_followup_body_over_the_route_limit_is_413(db, mine, phone):
    body = json.dumps({"updates": [update(mine, note="x" * 2_000_000)]}).encode()
    response = phone.post(URL, data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


@pytest.mark.parametrize("role", ["coordinator", "teamleider", "beheerder"])
def test_followup_sync_for_other_roles_is_403(db, mine, login_as, role):
    response = login_as(role).post(URL, json={"updates": [update(mine)]})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert db.session.scalar(select(func.count()).select_from(FollowUpEvent)) == 0
