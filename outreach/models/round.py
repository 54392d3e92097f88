"""Rounds (rondes): a planned walk or coffee morning through ordered streets."""

import datetime as dt

import sqlalchemy as sa
from geoalchemy2 import WKBElement
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at, geometry, updated_at
from .enums import RoundKind, RoundStatus, enum_column_type

round_buurten = sa.Table(
    "round_buurten",
    db.metadata,
    sa.Column("round_id", sa.ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("buurt_id", sa.ForeignKey("buurten.id", ondelete="RESTRICT"), primary_key=True),
)

round_workers = sa.Table(
    "round_workers",
    db.metadata,
    sa.Column("round_id", sa.ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class RoundStreet(db.Model):
    """A street in a round, at its place in the planned order."""

    __tablename__ = "round_streets"

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"),
                                          primary_key=True)
    street_id: Mapped[int] = mapped_column(sa.ForeignKey("streets.id", ondelete="RESTRICT"),
                                           primary_key=True)
    position: Mapped[int] = mapped_column(nullable=False)

    street: Mapped["Street"] = relationship()  # noqa: F821

    __table_args__ = (
        sa.UniqueConstraint("round_id", "position", name="uq_round_streets_position",
                            deferrable=True, initially="DEFERRED"),
    )


class Round(db.Model):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RoundKind] = mapped_column(enum_column_type(RoundKind, "round_kind"),
                                            nullable=False)
    date: Mapped[dt.date] = mapped_column(nullable=False, index=True)
    status: Mapped[RoundStatus] = mapped_column(enum_column_type(RoundStatus, "round_status"),
                                                nullable=False, default=RoundStatus.gepland,
                                                server_default=RoundStatus.gepland.value)
    title: Mapped[str | None] = mapped_column(sa.String(200))
    coffee_spot: Mapped[WKBElement | None] = mapped_column(geometry("POINT"))
    coffee_spot_name: Mapped[str | None] = mapped_column(sa.String(200))
    announcement_text: Mapped[str | None] = mapped_column(sa.Text)
    announcement_date: Mapped[dt.date | None]
    # The resident or shopkeeper who opens doors in the buurt ("sleutelfiguur").
    key_contact: Mapped[str | None] = mapped_column(sa.String(200))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()

    buurten: Mapped[list["Buurt"]] = relationship(secondary=round_buurten)  # noqa: F821
    workers: Mapped[list["User"]] = relationship(secondary=round_workers)  # noqa: F821
    round_streets: Mapped[list[RoundStreet]] = relationship(
        order_by=RoundStreet.position,
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
    )

    @property
    def streets(self) -> list:
        """The round's streets in planned order."""
        return [rs.street for rs in self.round_streets]
