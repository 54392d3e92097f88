"""Where the work happens: buurten, their streets and addresses."""

from datetime import datetime

import sqlalchemy as sa
from geoalchemy2 import WKBElement
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at, geometry, updated_at
from .doors import ADDRESS_DOOR_SQL


class Buurt(db.Model):
    """A CBS neighbourhood."""

    __tablename__ = "buurten"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    wijk_code: Mapped[str | None] = mapped_column(sa.String(20))
    wijk_name: Mapped[str | None] = mapped_column(sa.String(200))
    gemeente_code: Mapped[str | None] = mapped_column(sa.String(20))
    gemeente_name: Mapped[str | None] = mapped_column(sa.String(200))
    geom: Mapped[WKBElement] = mapped_column(geometry("MULTIPOLYGON"), nullable=False)
    # CBS kerncijfers as delivered (secret/unknown codes already turned into null).
    key_figures: Mapped[dict] = mapped_column(JSONB, nullable=False, default=dict,
                                              server_default=sa.text("'{}'::jsonb"))
    # Set by the coordinator: 0 normal, up to 3 for buurten that need extra attention.
    priority: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    streets: Mapped[list["Street"]] = relationship(back_populates="buurt")

    __table_args__ = (sa.CheckConstraint("priority BETWEEN 0 AND 3", name="priority_range"),)

    def __repr__(self) -> str:
        return f"<Buurt {self.code} {self.name}>"


class Street(db.Model):
    """A named street within one buurt; a street crossing two buurten is two rows."""

    __tablename__ = "streets"

    id: Mapped[int] = mapped_column(primary_key=True)
    buurt_id: Mapped[int] = mapped_column(sa.ForeignKey("buurten.id", ondelete="CASCADE"),
                                          nullable=False, index=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    geom: Mapped[WKBElement] = mapped_column(geometry("MULTILINESTRING"), nullable=False)
    length_m: Mapped[float] = mapped_column(nullable=False)
    # Ids of the source lines (e.g. OSM way ids) this street was built from.
    source_ids: Mapped[list] = mapped_column(JSONB, nullable=False, default=list,
                                             server_default=sa.text("'[]'::jsonb"))
    # True when no street lines existed and the geometry was drawn through address points.
    derived: Mapped[bool] = mapped_column(nullable=False, default=False,
                                          server_default=sa.false())
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    buurt: Mapped[Buurt] = relationship(back_populates="streets")
    addresses: Mapped[list["Address"]] = relationship(back_populates="street")

    __table_args__ = (
        sa.UniqueConstraint("buurt_id", "name", name="uq_streets_buurt_name"),
        sa.CheckConstraint("length_m >= 0", name="length_positive"),
    )

    def __repr__(self) -> str:
        return f"<Street {self.name} in {self.buurt_id}>"


class Address(db.Model):
    """A door: house number on a street, from BAG or OpenStreetMap."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable key from the source ("bag:0363200000123456", "osm:node/42"), for idempotent imports.
    source_key: Mapped[str] = mapped_column(sa.String(100), nullable=False, unique=True)
    buurt_id: Mapped[int] = mapped_column(sa.ForeignKey("buurten.id", ondelete="CASCADE"),
                                          nullable=False, index=True)
    street_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("streets.id", ondelete="SET NULL"), index=True)
    street_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    house_number: Mapped[int] = mapped_column(nullable=False)
    house_letter: Mapped[str | None] = mapped_column(sa.String(10))
    addition: Mapped[str | None] = mapped_column(sa.String(20))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    # The door's key ('12:A'), the same as a contact's at this address.
    door: Mapped[str | None] = mapped_column(sa.Text, sa.Computed(ADDRESS_DOOR_SQL, persisted=True))
    geom: Mapped[WKBElement] = mapped_column(geometry("POINT"), nullable=False)
    created_at: Mapped[datetime] = created_at()

    street: Mapped[Street | None] = relationship(back_populates="addresses")

    __table_args__ = (sa.CheckConstraint("house_number > 0", name="house_number_positive"),
                      sa.Index("ix_addresses_street_door", "street_id", "door"))

    @property
    def label(self) -> str:
        """House number as written on the door: 12, 12A, 12-2."""
        text = f"{self.house_number}{self.house_letter or ''}"
        return f"{text}-{self.addition}" if self.addition else text
