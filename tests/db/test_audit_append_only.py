"""The database keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused,
except DELETE by a retention job that says so for its own transaction."""

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from outreach.models import AuditEvent
from outreach.services.audit import record_event


@pytest.fixture()
def event_id(db):
    event = record_event("login.failure", None, ip="192.0.2.1", details={"reason": "x"})
    db.session.commit()
    return event.id


def _count(db, event_id):
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.id == event_id))


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'login.success' WHERE id = :id",
    "UPDATE audit_events SET details = '{}'::jsonb WHERE id = :id",
    "DELETE FROM audit_events WHERE id = :id",
    "TRUNCATE audit_events",
])
def test_changing_or_removing_audit_events_is_refused(db, event_id, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement), {"id": event_id})
    db.session.rollback()
    assert _count(db, event_id) == 1
    assert db.session.get(AuditEvent, event_id).action == "login.failure"


def test_orm_update_is_refused_too(db, event_id):
    db.session.get(AuditEvent, event_id).action = "login.success"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event_id).action == "login.failure"


def test_retention_setting_allows_delete_only(db, event_id):
    db.session.execute(text("SET LOCAL buurtronde.audit_retention = 'on'"))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("UPDATE audit_events SET ip = NULL WHERE id = :id"),
                           {"id": event_id})
    db.session.rollback()
    db.session.execute(text("SET LOCAL buurtronde.audit_retention = 'on'"))
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": event_id})
    assert _count(db, event_id) == 0


def test_retention_setting_other_than_on_does_not_open_the_log(db, event_id):
    db.session.execute(text("SET LOCAL buurtronde.audit_retention = 'off'"))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": event_id})
    db.session.rollback()
    assert _count(db, event_id) == 1


def test_inserting_still_works(db, event_id):
    record_event("user.create", None, subject_type="user", subject_id=1)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) >= 2
