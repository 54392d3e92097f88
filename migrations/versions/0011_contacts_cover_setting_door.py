"""contacts: the period's covering index also holds setting and door

Coverage per buurt counts door work, coffee-spot visitors and distinct doors from the
period's contacts (docs/coverage.md). Without `setting` and `door` in the covering index
every city map would read each of the period's contact rows from the table again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-09 02:00:00

"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BEFORE = ["id", "buurt_id", "street_id", "house_number", "outcome", "round_id", "h3_cell"]
AFTER = [*BEFORE, "setting", "door"]


def upgrade():
    op.drop_index("ix_contacts_recorded_cover", table_name="contacts")
    op.create_index("ix_contacts_recorded_cover", "contacts", ["recorded_at"], unique=False,
                    postgresql_include=AFTER)


def downgrade():
    op.drop_index("ix_contacts_recorded_cover", table_name="contacts")
    op.create_index("ix_contacts_recorded_cover", "contacts", ["recorded_at"], unique=False,
                    postgresql_include=BEFORE)
