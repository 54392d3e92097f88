"""The audit log is append-only in the database, twice over.

The app's login may only INSERT and SELECT on audit_events and owns nothing, so it can
neither change rows nor switch the guard off (migration 0008). Behind that, the trigger of
0006 refuses UPDATE, DELETE and TRUNCATE even to the owner, unless the owner itself sets
buurtronde.audit_retention (what purge_audit_events does). The `db` fixture connects as the
app's login, `owner_db` as the owner.
"""

import psycopg
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


def _guard_is_on(session_or_connection) -> bool:
    states = session_or_connection.execute(text(
        "SELECT tgname, tgenabled FROM pg_trigger "
        "WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal")).all()
    return sorted(states) == [("audit_events_append_only", "O"),
                              ("audit_events_no_truncate", "O")]


def _refused(error: DBAPIError) -> bool:
    return isinstance(error.orig, psycopg.errors.InsufficientPrivilege)


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'login.success' WHERE id = :id",
    "UPDATE audit_events SET details = '{}'::jsonb WHERE id = :id",
    "DELETE FROM audit_events WHERE id = :id",
    "TRUNCATE audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER USER",
    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
    "DROP TRIGGER audit_events_append_only ON audit_events",
    "DROP TABLE audit_events",
    "ALTER TABLE audit_events RENAME TO audit_events_old",
    "ALTER TABLE audit_events OWNER TO CURRENT_USER",
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
    "ALTER FUNCTION purge_audit_events(integer, boolean) OWNER TO CURRENT_USER",
    "SET session_replication_role = replica",
])
def test_the_apps_login_cannot_change_the_audit_log_or_its_guard(db, event_id, statement):
    with pytest.raises(DBAPIError) as refused:
        db.session.execute(text(statement), {"id": event_id})
    assert _refused(refused.value), refused.value
    db.session.rollback()
    assert _count(db, event_id) == 1
    assert db.session.get(AuditEvent, event_id).action == "login.failure"
    assert _guard_is_on(db.session)


def test_the_retention_setting_no_longer_opens_the_log_to_the_apps_login(db, event_id):
    # 0006 let any transaction that SET LOCAL buurtronde.audit_retention = 'on' delete.
    db.session.execute(text("SET LOCAL buurtronde.audit_retention = 'on'"))
    with pytest.raises(DBAPIError) as refused:
        db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": event_id})
    assert _refused(refused.value)
    db.session.rollback()
    assert _count(db, event_id) == 1


def test_granting_itself_delete_gives_the_apps_login_nothing(db, event_id):
    # Not the owner and without grant option: PostgreSQL only warns, and grants nothing.
    db.session.execute(text("GRANT DELETE, UPDATE, TRUNCATE ON audit_events TO CURRENT_USER"))
    assert not db.session.scalar(text(
        "SELECT has_table_privilege('audit_events', 'DELETE') "
        "OR has_table_privilege('audit_events', 'UPDATE') "
        "OR has_table_privilege('audit_events', 'TRUNCATE')"))
    with pytest.raises(DBAPIError) as refused:
        db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": event_id})
    assert _refused(refused.value)


def test_orm_update_is_refused_too(db, event_id):
    db.session.get(AuditEvent, event_id).action = "login.success"
    with pytest.raises(DBAPIError) as refused:
        db.session.commit()
    assert _refused(refused.value)
    db.session.rollback()
    assert db.session.get(AuditEvent, event_id).action == "login.failure"


def test_inserting_and_reading_still_work(db, event_id):
    record_event("user.create", None, subject_type="user", subject_id=1)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) >= 2
    assert db.session.get(AuditEvent, event_id).details == {"reason": "x"}


# The owner: the trigger is the second line, for mistakes made with the owner's login.

@pytest.fixture()
def owner_event_id(owner_db):
    return owner_db.scalar(text(
        "INSERT INTO audit_events (action, details) VALUES ('login.failure', '{}') "
        "RETURNING id"))


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'login.success' WHERE id = :id",
    "DELETE FROM audit_events WHERE id = :id",
    "TRUNCATE audit_events",
])
def test_the_trigger_refuses_the_owner_too(owner_db, owner_event_id, statement):
    savepoint = owner_db.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        owner_db.execute(text(statement), {"id": owner_event_id})
    savepoint.rollback()
    assert owner_db.scalar(text("SELECT count(*) FROM audit_events WHERE id = :id"),
                           {"id": owner_event_id}) == 1


def test_the_retention_setting_lets_only_the_owner_delete_and_never_update(
        owner_db, owner_event_id):
    savepoint = owner_db.begin_nested()
    owner_db.execute(text("SET LOCAL buurtronde.audit_retention = 'on'"))
    with pytest.raises(DBAPIError, match="append-only"):
        owner_db.execute(text("UPDATE audit_events SET ip = NULL WHERE id = :id"),
                         {"id": owner_event_id})
    savepoint.rollback()
    owner_db.execute(text("SET LOCAL buurtronde.audit_retention = 'on'"))
    owner_db.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": owner_event_id})
    assert owner_db.scalar(text("SELECT count(*) FROM audit_events WHERE id = :id"),
                           {"id": owner_event_id}) == 0


def test_a_retention_setting_other_than_on_does_not_open_the_log(owner_db, owner_event_id):
    owner_db.execute(text("SET LOCAL buurtronde.audit_retention = 'off'"))
    savepoint = owner_db.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        owner_db.execute(text("DELETE FROM audit_events WHERE id = :id"),
                         {"id": owner_event_id})
    savepoint.rollback()
    assert owner_db.scalar(text("SELECT count(*) FROM audit_events WHERE id = :id"),
                           {"id": owner_event_id}) == 1
