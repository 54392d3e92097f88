"""users.session_version: logging out, a new password or deactivation ends every session

Every session cookie and remember cookie carries the account's session version (as
part of the id Flask-Login stores); a request whose version is not the account's
current one is anonymous. Raising the number ends all of the account's sessions on
every device at once, which a signed cookie alone cannot do.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # 1 for everyone: cookies made before this migration carry a bare id, read as version 1.
    op.add_column("users", sa.Column("session_version", sa.Integer(), nullable=False,
                                     server_default=sa.text("1")))


def downgrade():
    op.drop_column("users", "session_version")
