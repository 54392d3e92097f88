"""Audit events past their term go through purge_audit_events only, never the recent ones.

Run as the app's login (the `db` fixture), as `outreach retention` does on a server.
"""

from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from outreach.models import AuditEvent
from outreach.models.base import utcnow
from outreach.services.audit_purge import AuditTermTooShort, purge_audit_events
from outreach.services.retention import run_retention


@pytest.fixture()
def events(db):
    """Audit events 40, 13 and 11 months old and one from today, by id."""
    now = utcnow()
    ages = {"40 months": timedelta(days=40 * 31), "13 months": timedelta(days=13 * 31),
            "11 months": timedelta(days=11 * 30), "today": timedelta(0)}
    made = {}
    for label, age in ages.items():
        event = AuditEvent(action="login.success", at=now - age, details={"age": label})
        db.session.add(event)
        made[label] = event
    db.session.commit()
    return {label: event.id for label, event in made.items()}


def _left(db, events) -> set[str]:
    ids = set(db.session.scalars(select(AuditEvent.id).where(
        AuditEvent.id.in_(list(events.values())))))
    return {label for label, event_id in events.items() if event_id in ids}


def test_purge_removes_only_events_past_the_term(db, events):
    purge = purge_audit_events(12)
    db.session.commit()
    assert purge.removed == 2
    assert _left(db, events) == {"11 months", "today"}
    assert utcnow() - timedelta(days=367) < purge.cutoff < utcnow() - timedelta(days=364)


def test_a_longer_term_keeps_more(db, events):
    assert purge_audit_events(36).removed == 1
    assert _left(db, events) == {"13 months", "11 months", "today"}


def test_dry_run_counts_and_removes_nothing(db, events):
    assert purge_audit_events(12, dry_run=True).removed == 2
    assert _left(db, events) == set(events)


@pytest.mark.parametrize("months", [11, 1, 0, -12])
def test_a_term_under_twelve_months_is_refused_and_removes_nothing(db, events, months):
    with pytest.raises(AuditTermTooShort, match="12 months are always kept"):
        purge_audit_events(months)
    with pytest.raises(AuditTermTooShort):
        purge_audit_events(months, dry_run=True)
    assert _left(db, events) == set(events)


def test_the_floor_is_the_databases_not_only_the_apps(db, events):
    """Called straight, as a login with the app's rights could, the function still refuses."""
    with pytest.raises(DBAPIError) as refused:
        db.session.execute(text("SELECT * FROM purge_audit_events(0)"))
    assert isinstance(refused.value.orig, psycopg.errors.InvalidParameterValue)
    db.session.rollback()
    with pytest.raises(DBAPIError):
        db.session.execute(text("SELECT * FROM purge_audit_events(NULL)"))
    db.session.rollback()
    assert _left(db, events) == set(events)


def test_retention_run_purges_audit_events_and_says_so(app, db, events):
    report = run_retention()
    assert report.audit_events == 1 and report.counts()["audit_events"] == 1
    assert _left(db, events) == {"13 months", "11 months", "today"}
    run = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "retention.run")).one()
    assert run.details["audit_events"] == 1
    assert run.details["audit_months"] == app.config["RETENTION_AUDIT_MONTHS"] == 36


def test_retention_command_refuses_a_too_short_audit_term_and_changes_nothing(
        app, db, runner, events):
    app.config["RETENTION_AUDIT_MONTHS"] = 6
    try:
        result = runner.invoke(args=["outreach", "retention"])
    finally:
        app.config["RETENTION_AUDIT_MONTHS"] = 36
    assert result.exit_code == 1
    assert "RETENTION_AUDIT_MONTHS" in result.output and "Nothing changed" in result.output
    assert _left(db, events) == set(events)
    assert db.session.scalar(select(func.count()).where(
        AuditEvent.action == "retention.run")) == 0


def test_retention_command_prints_the_audit_cutoff(db, runner, events):
    result = runner.invoke(args=["outreach", "retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "audit events before" in result.output
    assert "would clear 1 audit_events" in result.output
    assert _left(db, events) == set(events)
