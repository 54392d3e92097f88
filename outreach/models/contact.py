"""Contacts logged in the field, with the help questions and talents they revealed."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from geoalchemy2 import WKBElement
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import geometry, utcnow, uuid_pk
from .crypto import EncryptedText
from .doors import CONTACT_DOOR_SQL
from .enums import (
    Consent,
    HelpCategory,
    Outcome,
    Setting,
    TalentKind,
    Urgency,
    enum_column_type,
)


class Contact(db.Model):
    """One door knocked or one conversation (contactmoment); the id is made on the phone."""

    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = uuid_pk()
    round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="SET NULL"), index=True)
    # Indexed as the lead of ix_contacts_buurt_recorded and ix_contacts_buurt_street_door.
    buurt_id: Mapped[int] = mapped_column(sa.ForeignKey("buurten.id", ondelete="RESTRICT"),
                                          nullable=False)
    street_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("streets.id", ondelete="SET NULL"), index=True)
    house_number: Mapped[int | None]
    house_suffix: Mapped[str | None] = mapped_column(sa.String(10))
    # The door this contact was at ('12:A'), the key doors are counted by; None off a door.
    door: Mapped[str | None] = mapped_column(sa.Text, sa.Computed(CONTACT_DOOR_SQL, persisted=True))
    # GPS point, else the address point, else the street's midpoint.
    geom: Mapped[WKBElement | None] = mapped_column(geometry("POINT"))
    outcome: Mapped[Outcome] = mapped_column(enum_column_type(Outcome, "outcome"), nullable=False)
    setting: Mapped[Setting] = mapped_column(enum_column_type(Setting, "setting"), nullable=False,
                                             default=Setting.deur,
                                             server_default=Setting.deur.value)
    flower_given: Mapped[bool] = mapped_column(nullable=False, default=False,
                                               server_default=sa.false())
    mug_given: Mapped[bool] = mapped_column(nullable=False, default=False,
                                            server_default=sa.false())
    consent: Mapped[Consent] = mapped_column(enum_column_type(Consent, "consent"), nullable=False,
                                             default=Consent.geen,
                                             server_default=Consent.geen.value)
    note: Mapped[str | None] = mapped_column(EncryptedText)
    worker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False,
                                                  default=utcnow, server_default=sa.func.now())
    # GPS accuracy the phone reported, in metres (placement is only as good as this).
    location_accuracy_m: Mapped[float | None]
    # recorded_at lies over 24 h after received_at: the phone's clock is off; kept, not refused.
    clock_suspect: Mapped[bool] = mapped_column(nullable=False, default=False,
                                                server_default=sa.false())
    # sha256 of the phone's validated payload: tells an identical replay from a conflict.
    payload_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # H3 cell (resolution 9, about 0.1 km2) of geom, so hotspot maps aggregate by GROUP BY.
    h3_cell: Mapped[str | None] = mapped_column(sa.String(16), index=True)

    help_questions: Mapped[list["HelpQuestion"]] = relationship(
        back_populates="contact", cascade="all, delete-orphan")
    talents: Mapped[list["Talent"]] = relationship(
        back_populates="contact", cascade="all, delete-orphan")

    __table_args__ = (
        sa.Index("ix_contacts_buurt_recorded", "buurt_id", "recorded_at"),
        # City-wide maps aggregate a period's contacts: this index answers them from the
        # index alone (about half the table's size) instead of reading every row.
        sa.Index("ix_contacts_recorded_cover", "recorded_at",
                 postgresql_include=["id", "buurt_id", "street_id", "house_number", "outcome",
                                     "round_id", "h3_cell", "setting", "door"]),
        sa.CheckConstraint("house_number IS NULL OR house_number > 0",
                           name="house_number_positive"),
        sa.Index("ix_contacts_street_door", "street_id", "door",
                 postgresql_where=sa.text("door IS NOT NULL")),
        # The report counts distinct doors per street: read in this order, a year's
        # contacts come grouped by door, with no hashing or sorting of a million rows.
        sa.Index("ix_contacts_buurt_street_door", "buurt_id", "street_id", "door",
                 postgresql_include=["recorded_at", "setting", "outcome"]),
    )


class HelpQuestion(db.Model):
    """A help question (hulpvraag) detected in a conversation."""

    __tablename__ = "help_questions"

    id: Mapped[uuid.UUID] = uuid_pk()
    contact_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True)
    category: Mapped[HelpCategory] = mapped_column(
        enum_column_type(HelpCategory, "help_category"), nullable=False, index=True)
    urgency: Mapped[Urgency] = mapped_column(enum_column_type(Urgency, "urgency"),
                                             nullable=False, default=Urgency.normaal,
                                             server_default=Urgency.normaal.value)
    note: Mapped[str | None] = mapped_column(EncryptedText)
    # Copies of the contact's, set by a database trigger (migration 0007) so that
    # reports count a period's items without reading the period's contacts again.
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False,
                                                  server_default=sa.FetchedValue())
    buurt_id: Mapped[int] = mapped_column(nullable=False, server_default=sa.FetchedValue())

    contact: Mapped[Contact] = relationship(back_populates="help_questions")

    __table_args__ = (sa.Index("ix_help_questions_recorded_at", "recorded_at", "buurt_id"),)


class Talent(db.Model):
    """A talent or wish to take part that a resident mentioned."""

    __tablename__ = "talents"

    id: Mapped[uuid.UUID] = uuid_pk()
    contact_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[TalentKind] = mapped_column(enum_column_type(TalentKind, "talent_kind"),
                                             nullable=False)
    wants_to_participate: Mapped[bool] = mapped_column(nullable=False, default=False,
                                                       server_default=sa.false())
    note: Mapped[str | None] = mapped_column(EncryptedText)

    # Copies of the contact's, kept by the same trigger as HelpQuestion's.
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False,
                                                  server_default=sa.FetchedValue())
    buurt_id: Mapped[int] = mapped_column(nullable=False, server_default=sa.FetchedValue())

    contact: Mapped[Contact] = relationship(back_populates="talents")

    __table_args__ = (sa.Index("ix_talents_recorded_at", "recorded_at", "buurt_id"),)
