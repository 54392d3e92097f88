"""Retention: what is past its period loses its personal details; rows and counts stay."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from outreach.models import (
    AuditEvent,
    Contact,
    FollowUp,
    FollowUpEvent,
    HelpQuestion,
    PartnerLink,
    Talent,
)
from outreach.models.enums import FollowUpStatus
from outreach.services.report import custom_period
from outreach.services.report.figures import report_figures
from outreach.services.retention import months_before, run_retention
from tests.privacy_world import NOW, make_resident, town_for


@pytest.fixture()
def residents(db, users):
    """Old closed (goes), recently closed (stays), old but open (stays), and a contact older
    than 24 months whose follow-up is still open (notes go, follow-up stays)."""
    town = town_for(users)
    worker = users["veldwerker"]
    return {
        "old_closed": make_resident(town, worker, status=FollowUpStatus.afgerond,
                                    closed_at=NOW - timedelta(days=91), tag=" A"),
        "old_cancelled": make_resident(town, worker, status=FollowUpStatus.geannuleerd,
                                       closed_at=NOW - timedelta(days=200), tag=" B"),
        "recent_closed": make_resident(town, worker, status=FollowUpStatus.afgerond,
                                       closed_at=NOW - timedelta(days=89), tag=" C"),
        "open": make_resident(town, worker, status=FollowUpStatus.bezig,
                              recorded_at=NOW - timedelta(days=300), tag=" D"),
        "ancient_contact": make_resident(town, worker, status=FollowUpStatus.open,
                                         recorded_at=NOW - timedelta(days=800), tag=" E"),
    }


def _counts(db) -> dict:
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Contact, HelpQuestion, Talent, FollowUp, FollowUpEvent)}


def _figures():
    return report_figures(custom_period(date(2023, 7, 1), date(2026, 6, 1), date(2026, 6, 1)),
                          None)


def test_dry_run_counts_and_changes_nothing(db, residents):
    before = _counts(db)
    report = run_retention(dry_run=True, now=NOW)
    assert report.counts() == {"follow_ups": 2, "follow_up_events": 2, "partner_links": 2,
                               "contacts": 1, "help_questions": 1, "talents": 1,
                               "audit_events": 0}
    db.session.expire_all()
    old = db.session.get(FollowUp, residents["old_closed"].follow_up.id)
    assert old.resident_name == "Mevr. A. Jansen" and old.note == "Bellen na 17 uur A"
    assert db.session.scalar(select(func.count()).select_from(PartnerLink)) == 5
    assert db.session.scalar(select(func.count()).where(
        AuditEvent.action == "retention.run")) == 0
    assert _counts(db) == before


def test_retention_clears_details_keeps_rows_and_report_figures(db, residents):
    before, figures_before = _counts(db), _figures()
    report = run_retention(now=NOW)
    assert report.counts() == {"follow_ups": 2, "follow_up_events": 2, "partner_links": 2,
                               "contacts": 1, "help_questions": 1, "talents": 1,
                               "audit_events": 0}
    db.session.expire_all()
    for key in ("old_closed", "old_cancelled"):
        f = db.session.get(FollowUp, residents[key].follow_up.id)
        assert (f.resident_name, f.resident_phone, f.note, f.handover_agreement,
                f.resident_name_hmac) == (None,) * 5
        assert all(e.note is None for e in f.events)
        assert f.status in (FollowUpStatus.afgerond, FollowUpStatus.geannuleerd)
        assert db.session.scalar(select(func.count()).where(
            PartnerLink.follow_up_id == f.id)) == 0
    for key in ("recent_closed", "open", "ancient_contact"):
        f = db.session.get(FollowUp, residents[key].follow_up.id)
        assert f.resident_name == "Mevr. A. Jansen" and f.note is not None
    ancient = db.session.get(Contact, residents["ancient_contact"].contact.id)
    assert ancient.note is None
    assert [q.note for q in ancient.help_questions] == [None]
    assert [t.note for t in ancient.talents] == [None]
    assert [q.category for q in ancient.help_questions] == ["geld_schulden"]
    recent = db.session.get(Contact, residents["open"].contact.id)
    assert recent.note == "Deurnotitie schulden D"
    assert _counts(db) == before
    assert _figures() == figures_before
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "retention.run")).one()
    assert audit.details["follow_ups"] == 2 and audit.details["contacts"] == 1
    # A second run finds nothing left to clear.
    assert set(run_retention(now=NOW).counts().values()) == {0}


def test_retention_settings_come_from_config(app, db, residents):
    app.config["RETENTION_FOLLOWUP_DAYS"] = 365
    try:
        assert run_retention(dry_run=True, now=NOW).follow_ups == 0
    finally:
        app.config["RETENTION_FOLLOWUP_DAYS"] = 90


def test_retention_command_prints_and_dry_run_keeps(runner, db, residents):
    result = runner.invoke(args=["outreach", "retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would clear" in result.output and "Dry run" in result.output
    db.session.expire_all()
    assert db.session.get(FollowUp, residents["old_closed"].follow_up.id).note is not None


@pytest.mark.parametrize(("moment", "months", "expected"), [
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2026, 6, 1), 24, date(2024, 6, 1)),
    (date(2024, 2, 29), 12, date(2023, 2, 28)),
    (date(2026, 1, 15), 1, date(2025, 12, 15)),
])
def test_months_before(moment, months, expected):
    assert months_before(moment, months) == expected


def test_a_follow_up_nobody_closed_or_touched_for_the_contact_period_loses_its_details(
        db, users):
    town = town_for(users)
    abandoned = make_resident(town, users["veldwerker"], status=FollowUpStatus.niet_bereikbaar,
                              recorded_at=NOW - timedelta(days=800), tag=" F")
    active = make_resident(town, users["veldwerker"], status=FollowUpStatus.bezig,
                           recorded_at=NOW - timedelta(days=800), tag=" G")
    abandoned.follow_up.updated_at = NOW - timedelta(days=790)
    active.follow_up.updated_at = NOW - timedelta(days=3)
    db.session.commit()
    run_retention(now=NOW)
    db.session.expire_all()
    gone = db.session.get(FollowUp, abandoned.follow_up.id)
    kept = db.session.get(FollowUp, active.follow_up.id)
    assert (gone.resident_name, gone.resident_phone, gone.note) == (None, None, None)
    assert gone.status == FollowUpStatus.niet_bereikbaar  # the row and its count stay
    assert kept.resident_name == "Mevr. A. Jansen"
