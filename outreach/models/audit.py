"""The audit log: who did what to personal data, and when."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import INET, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False,
                                         default=utcnow, server_default=sa.func.now(),
                                         index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    # e.g. login.success, login.failure, user.create, user.role_change, import.buurten
    action: Mapped[str] = mapped_column(sa.String(60), nullable=False, index=True)
    subject_type: Mapped[str | None] = mapped_column(sa.String(40))
    subject_id: Mapped[str | None] = mapped_column(sa.String(64))
    ip: Mapped[str | None] = mapped_column(INET)
    details: Mapped[dict] = mapped_column(JSONB, nullable=False, default=dict,
                                          server_default=sa.text("'{}'::jsonb"))
