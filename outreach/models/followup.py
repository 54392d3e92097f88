"""Follow-ups (opvolging) after the door closes, their history and their partner links."""

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at, updated_at, utcnow, uuid_pk
from .crypto import EncryptedText, name_index
from .enums import FollowUpKind, FollowUpStatus, PartnerOutcome, enum_column_type


def _name_index_default(context) -> str | None:
    # Core and bulk inserts (demo seeding) that give a name but no index still get one.
    return name_index(context.get_current_parameters().get("resident_name"))


class FollowUp(db.Model):
    __tablename__ = "follow_ups"

    id: Mapped[uuid.UUID] = uuid_pk()
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    # The contact's buurt, kept by triggers (migration 0012): set from the contact on every
    # insert and change of contact_id, passed on when the contact's buurt changes; None
    # without a contact. Reports count follow-ups per buurt without reading contacts.
    buurt_id: Mapped[int | None] = mapped_column(index=True, server_default=sa.FetchedValue(),
                                                 server_onupdate=sa.FetchedValue())
    help_question_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("help_questions.id", ondelete="SET NULL"))
    kind: Mapped[FollowUpKind] = mapped_column(enum_column_type(FollowUpKind, "follow_up_kind"),
                                               nullable=False)
    status: Mapped[FollowUpStatus] = mapped_column(
        enum_column_type(FollowUpStatus, "follow_up_status"), nullable=False,
        default=FollowUpStatus.open, server_default=FollowUpStatus.open.value, index=True)
    partner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_date: Mapped[date | None] = mapped_column(index=True)
    # Only with consent `opvolging`; the services refuse them otherwise. Encrypted at rest
    # (models/crypto.py); their length limits live in the schemas and forms.
    resident_name: Mapped[str | None] = mapped_column(EncryptedText)
    resident_phone: Mapped[str | None] = mapped_column(EncryptedText)
    # Blind index of resident_name, so a beheerder can find a resident by name.
    resident_name_hmac: Mapped[str | None] = mapped_column(
        sa.String(64), index=True, default=_name_index_default)
    note: Mapped[str | None] = mapped_column(EncryptedText)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Optimistic concurrency: a stale write fails instead of overwriting a colleague's.
    version: Mapped[int] = mapped_column(nullable=False, default=1, server_default="1")

    # Warm handover (warme overdracht): what was agreed with the resident and the partner,
    # the checklist, and what the partner confirmed through its link.
    handover_agreement: Mapped[str | None] = mapped_column(EncryptedText)
    handover_resident_agreed: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=sa.false())
    handover_partner_reached: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=sa.false())
    handover_appointment_on: Mapped[date | None]
    handed_over_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    partner_outcome: Mapped[PartnerOutcome | None] = mapped_column(
        enum_column_type(PartnerOutcome, "partner_outcome"))
    partner_outcome_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    contact: Mapped["Contact | None"] = relationship()  # noqa: F821
    partner: Mapped["Partner | None"] = relationship()  # noqa: F821
    assignee: Mapped["User | None"] = relationship(foreign_keys=[assignee_id])  # noqa: F821
    events: Mapped[list["FollowUpEvent"]] = relationship(
        back_populates="follow_up", order_by="FollowUpEvent.at",
        cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The board lists open work by due date; the report counts by period.
        sa.Index("ix_follow_ups_status_due", "status", "due_date"),
        sa.Index("ix_follow_ups_created_at", "created_at"),
    )


class FollowUpEvent(db.Model):
    """One change to a follow-up: who, when, from which status to which, and why."""

    __tablename__ = "follow_up_events"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    follow_up_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("follow_ups.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False,
                                         default=utcnow, server_default=sa.func.now())
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # What changed: created, status, assignee, due_date, handover, partner_link,
    # partner_confirmed.
    action: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    from_status: Mapped[FollowUpStatus | None] = mapped_column(
        enum_column_type(FollowUpStatus, "event_from_status"))
    to_status: Mapped[FollowUpStatus | None] = mapped_column(
        enum_column_type(FollowUpStatus, "event_to_status"))
    note: Mapped[str | None] = mapped_column(EncryptedText)
    # Other values that changed (old and new assignee, due date, partner outcome...).
    details: Mapped[dict] = mapped_column(JSONB, nullable=False, default=dict,
                                          server_default=sa.text("'{}'::jsonb"))
    # An update made on a phone carries its own id, so a replayed update applies once.
    client_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, unique=True)

    follow_up: Mapped[FollowUp] = relationship(back_populates="events")


class PartnerLink(db.Model):
    """A link a partner uses, without an account, to confirm one warm handover.

    Only a hash of the token is stored: the link in an e-mail is the key, and a database
    dump must not hand out working keys.
    """

    __tablename__ = "partner_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("follow_ups.id", ondelete="CASCADE"), nullable=False, index=True)
    partner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partners.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at()
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    follow_up: Mapped[FollowUp] = relationship()
    partner: Mapped["Partner | None"] = relationship()  # noqa: F821


class ServiceLevel(db.Model):
    """How many working days a follow-up of one kind may take (its default due date)."""

    __tablename__ = "follow_up_service_levels"

    kind: Mapped[FollowUpKind] = mapped_column(
        enum_column_type(FollowUpKind, "service_level_kind"), primary_key=True)
    working_days: Mapped[int] = mapped_column(nullable=False)

    __table_args__ = (
        sa.CheckConstraint("working_days BETWEEN 1 AND 90", name="working_days_range"),
    )


@sa.event.listens_for(FollowUp.resident_name, "set")
def _index_resident_name(target: FollowUp, value, _old, _initiator) -> None:
    # Whoever sets or clears the name through the ORM keeps the blind index in step.
    target.resident_name_hmac = name_index(value)
