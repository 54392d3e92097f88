"""help questions and talents: the contact's recorded_at and buurt_id, kept by a trigger

Reports count help questions and talents per period and buurt. Joining each to its
contact meant reading the period's contacts a second time (a million rows for a city
year); with the two columns on the rows themselves the count reads only the items.
A BEFORE INSERT trigger copies them from the contact, so every path that inserts items
(the sync's set-based SQL, the ORM, the demo seeding) gets them right without knowing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 15:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("help_questions", "talents")

FUNCTION = """
CREATE FUNCTION item_from_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.recorded_at, c.buurt_id INTO NEW.recorded_at, NEW.buurt_id
    FROM contacts c WHERE c.id = NEW.contact_id;
  RETURN NEW;
END $$
"""


def upgrade():
    op.execute(FUNCTION)
    for table in TABLES:
        op.add_column(table, sa.Column("recorded_at", sa.DateTime(timezone=True),
                                       nullable=True))
        op.add_column(table, sa.Column("buurt_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} t SET recorded_at = c.recorded_at, buurt_id = c.buurt_id "
                   f"FROM contacts c WHERE c.id = t.contact_id")
        op.alter_column(table, "recorded_at", nullable=False)
        op.alter_column(table, "buurt_id", nullable=False)
        op.create_index(f"ix_{table}_recorded_at", table, ["recorded_at", "buurt_id"])
        op.execute(f"CREATE TRIGGER {table}_from_contact BEFORE INSERT OR UPDATE OF contact_id "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION item_from_contact()")


def downgrade():
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_from_contact ON {table}")
        op.drop_index(f"ix_{table}_recorded_at", table_name=table)
        op.drop_column(table, "buurt_id")
        op.drop_column(table, "recorded_at")
    op.execute("DROP FUNCTION item_from_contact()")
