"""contacts: covering index on recorded_at for the planning maps' period aggregates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:00:00

"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_contacts_recorded_cover", "contacts", ["recorded_at"], unique=False,
                    postgresql_include=["id", "buurt_id", "street_id", "house_number", "outcome",
                                        "round_id", "h3_cell"])


def downgrade():
    op.drop_index("ix_contacts_recorded_cover", table_name="contacts")
