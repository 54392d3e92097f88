"""Retention: personal details and notes go when their purpose is over; counts stay.

Follow-ups closed (afgerond, geannuleerd) more than RETENTION_FOLLOWUP_DAYS ago lose the
resident's name and phone, the notes, the handover agreement, their events' notes and
their partner links; so do follow-ups nobody closed but nobody touched for
RETENTION_CONTACT_MONTHS either (left open, or unreachable for good), or a forgotten case
would keep a name and phone for ever. Contacts recorded more than RETENTION_CONTACT_MONTHS
ago lose their notes and those of their help questions and talents. Every row stays, so outcomes,
categories, statuses and dates still count in the reports.

Audit events older than RETENTION_AUDIT_MONTHS go as a whole (services/audit_purge.py):
the database keeps at least the last 12 months whatever the setting says.
"""

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Contact, FollowUp, FollowUpEvent, HelpQuestion, PartnerLink, Talent
from ..models.base import utcnow
from .audit import record_event
from .audit_purge import purge_audit_events
from .followups.transitions import FINAL

FOLLOW_UP_DETAILS = ("resident_name", "resident_phone", "note", "handover_agreement")


@dataclass(frozen=True)
class RetentionReport:
    """What a retention run cleared (or would clear, in a dry run)."""

    follow_up_cutoff: datetime
    contact_cutoff: datetime
    audit_cutoff: datetime
    follow_ups: int
    follow_up_events: int
    partner_links: int
    contacts: int
    help_questions: int
    talents: int
    audit_events: int
    dry_run: bool

    def counts(self) -> dict[str, int]:
        """The numbers per table, for the audit row and the command's output."""
        return {"follow_ups": self.follow_ups, "follow_up_events": self.follow_up_events,
                "partner_links": self.partner_links, "contacts": self.contacts,
                "help_questions": self.help_questions, "talents": self.talents,
                "audit_events": self.audit_events}


def months_before(moment: datetime, months: int) -> datetime:
    """MOMENT minus MONTHS calendar months (the day clamped to the month's length)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    days_in_month = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, days_in_month))


def _count(statement) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))


def _any_set(*columns):
    return sa.or_(*(c.isnot(None) for c in columns))


def run_retention(*, dry_run: bool = False, now: datetime | None = None,
                  follow_up_days: int | None = None,
                  contact_months: int | None = None,
                  audit_months: int | None = None) -> RetentionReport:
    """Clear what is past its retention period (or only count it, when DRY_RUN).

    Raises AuditTermTooShort, with nothing changed, when the audit term is under the floor.
    """
    now = now or utcnow()
    follow_up_days = (current_app.config["RETENTION_FOLLOWUP_DAYS"]
                      if follow_up_days is None else follow_up_days)
    contact_months = (current_app.config["RETENTION_CONTACT_MONTHS"]
                      if contact_months is None else contact_months)
    audit_months = (current_app.config["RETENTION_AUDIT_MONTHS"]
                    if audit_months is None else audit_months)
    # First, so that a refused audit term stops the run before anything changed. The
    # database's clock sets this cutoff (NOW is for the personal details only).
    audit = purge_audit_events(audit_months, dry_run=dry_run)
    follow_up_cutoff = now - timedelta(days=follow_up_days)
    contact_cutoff = months_before(now, contact_months)

    closed = sa.select(FollowUp.id).where(sa.or_(
        sa.and_(FollowUp.status.in_(list(FINAL)), FollowUp.closed_at < follow_up_cutoff),
        sa.and_(FollowUp.status.notin_(list(FINAL)), FollowUp.updated_at < contact_cutoff)))
    old_contacts = sa.select(Contact.id).where(Contact.recorded_at < contact_cutoff)
    targets = {
        "follow_ups": (FollowUp, FollowUp.id.in_(closed),
                       _any_set(*(getattr(FollowUp, c) for c in FOLLOW_UP_DETAILS),
                                FollowUp.resident_name_hmac),
                       {**dict.fromkeys(FOLLOW_UP_DETAILS), "resident_name_hmac": None}),
        "follow_up_events": (FollowUpEvent, FollowUpEvent.follow_up_id.in_(closed),
                             FollowUpEvent.note.isnot(None), {"note": None}),
        "contacts": (Contact, Contact.id.in_(old_contacts), Contact.note.isnot(None),
                     {"note": None}),
        "help_questions": (HelpQuestion, HelpQuestion.contact_id.in_(old_contacts),
                           HelpQuestion.note.isnot(None), {"note": None}),
        "talents": (Talent, Talent.contact_id.in_(old_contacts), Talent.note.isnot(None),
                    {"note": None}),
    }
    counts = {}
    for name, (model, scope, has_data, cleared) in targets.items():
        where = sa.and_(scope, has_data)
        if dry_run:
            counts[name] = _count(sa.select(model).where(where))
        else:
            # Core UPDATE: the version column of follow-ups is left alone on purpose (a
            # closed follow-up has no open page to warn), and no row is loaded decrypted.
            counts[name] = db.session.execute(
                sa.update(model).where(where).values(**cleared)
                .execution_options(synchronize_session=False)).rowcount
    links = PartnerLink.follow_up_id.in_(closed)
    if dry_run:
        counts["partner_links"] = _count(sa.select(PartnerLink).where(links))
    else:
        counts["partner_links"] = db.session.execute(
            sa.delete(PartnerLink).where(links)
            .execution_options(synchronize_session=False)).rowcount
    report = RetentionReport(follow_up_cutoff=follow_up_cutoff, contact_cutoff=contact_cutoff,
                             audit_cutoff=audit.cutoff, audit_events=audit.removed,
                             dry_run=dry_run, **counts)
    if not dry_run:
        record_event("retention.run", None, subject_type="retention", details={
            **report.counts(), "follow_up_days": follow_up_days,
            "contact_months": contact_months, "audit_months": audit_months,
            "follow_up_cutoff": follow_up_cutoff.isoformat(),
            "contact_cutoff": contact_cutoff.isoformat(),
            "audit_cutoff": audit.cutoff.isoformat()})
        db.session.commit()
    return report
