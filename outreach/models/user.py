"""Users of the app, each with exactly one role."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import created_at
from .enums import Role, enum_column_type


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"), nullable=False)
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    active: Mapped[bool] = mapped_column(nullable=False, default=True, server_default=sa.true())
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = created_at()
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Part of every session and remember cookie (get_id); raising it ends them all.
    session_version: Mapped[int] = mapped_column(nullable=False, default=1,
                                                 server_default=sa.text("1"))

    __table_args__ = (
        # One account per address, whatever the capitals someone types.
        sa.Index("uq_users_email_lower", sa.func.lower(email), unique=True),
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session and the remember cookie: "id:version"."""
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
