"""Partner organisations and meeting places in the buurt."""

from datetime import datetime

import sqlalchemy as sa
from geoalchemy2 import WKBElement
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at, geometry
from .enums import PartnerKind, enum_column_type

partner_buurten = sa.Table(
    "partner_buurten",
    db.metadata,
    sa.Column("partner_id", sa.ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("buurt_id", sa.ForeignKey("buurten.id", ondelete="CASCADE"), primary_key=True),
)


class Partner(db.Model):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False, unique=True)
    kind: Mapped[PartnerKind] = mapped_column(enum_column_type(PartnerKind, "partner_kind"),
                                              nullable=False)
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    address: Mapped[str | None] = mapped_column(sa.String(200))
    geom: Mapped[WKBElement | None] = mapped_column(geometry("POINT"))
    opening_hours: Mapped[str | None] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(nullable=False, default=True, server_default=sa.true())
    created_at: Mapped[datetime] = created_at()

    buurten: Mapped[list["Buurt"]] = relationship(secondary=partner_buurten)  # noqa: F821

    @property
    def is_meeting_place(self) -> bool:
        return self.kind == PartnerKind.ontmoetingsplek
