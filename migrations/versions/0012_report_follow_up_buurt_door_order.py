"""follow_ups.buurt_id kept by triggers; contacts indexed in door order for the report

The impact report's follow-up, handover and median figures belong to the buurt of the
follow-up's contact. Joining every follow-up to its contact meant hashing the whole
contacts table (a million rows for a city) only to learn 50,000 buurten. As for help
questions and talents (0007), the follow-up now carries its contact's buurt_id: a BEFORE
INSERT OR UPDATE OF contact_id, buurt_id trigger sets it from the contact (so every path
that writes follow-ups gets it right, and nobody can set another), and an AFTER UPDATE OF
buurt_id trigger on contacts passes a contact's new buurt on to its follow-ups. A
follow-up whose contact is gone (ON DELETE SET NULL) has none, as the join gave.

Doors knocked are distinct (street, door) pairs (docs/coverage.md). Counting them by
hashing or sorting a year's contacts took most of the report's time; an index in
(buurt, street, door) order that holds the few columns the count reads hands the report
its contacts already grouped. Its leading buurt_id also serves every lookup the
single-column ix_contacts_buurt_id served (as ix_contacts_buurt_recorded already did),
so that one is dropped: a contact written costs no extra index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-09 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

FOLLOW_UP_FUNCTION = """
CREATE FUNCTION follow_up_from_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- No contact (none given, or erased): no buurt. SELECT INTO without a row gives NULL.
  SELECT c.buurt_id INTO NEW.buurt_id FROM contacts c WHERE c.id = NEW.contact_id;
  RETURN NEW;
END $$
"""

CONTACT_FUNCTION = """
CREATE FUNCTION contact_buurt_to_follow_ups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE follow_ups SET buurt_id = NEW.buurt_id
   WHERE contact_id = NEW.id AND buurt_id IS DISTINCT FROM NEW.buurt_id;
  RETURN NULL;
END $$
"""

DOOR_ORDER_INCLUDE = ["recorded_at", "setting", "outcome"]


def upgrade():
    op.add_column("follow_ups", sa.Column("buurt_id", sa.Integer(), nullable=True))
    op.execute("UPDATE follow_ups fu SET buurt_id = c.buurt_id "
               "FROM contacts c WHERE c.id = fu.contact_id")
    op.create_index("ix_follow_ups_buurt_id", "follow_ups", ["buurt_id"])
    op.execute(FOLLOW_UP_FUNCTION)
    op.execute("CREATE TRIGGER follow_ups_from_contact BEFORE INSERT OR UPDATE OF contact_id, "
               "buurt_id ON follow_ups FOR EACH ROW EXECUTE FUNCTION follow_up_from_contact()")
    op.execute(CONTACT_FUNCTION)
    op.execute("CREATE TRIGGER contacts_buurt_to_follow_ups AFTER UPDATE OF buurt_id ON contacts "
               "FOR EACH ROW WHEN (OLD.buurt_id IS DISTINCT FROM NEW.buurt_id) "
               "EXECUTE FUNCTION contact_buurt_to_follow_ups()")

    op.create_index("ix_contacts_buurt_street_door", "contacts",
                    ["buurt_id", "street_id", "door"], postgresql_include=DOOR_ORDER_INCLUDE)
    op.drop_index("ix_contacts_buurt_id", table_name="contacts")


def downgrade():
    op.create_index("ix_contacts_buurt_id", "contacts", ["buurt_id"])
    op.drop_index("ix_contacts_buurt_street_door", table_name="contacts")

    op.execute("DROP TRIGGER contacts_buurt_to_follow_ups ON contacts")
    op.execute("DROP FUNCTION contact_buurt_to_follow_ups()")
    op.execute("DROP TRIGGER follow_ups_from_contact ON follow_ups")
    op.execute("DROP FUNCTION follow_up_from_contact()")
    op.drop_index("ix_follow_ups_buurt_id", table_name="follow_ups")
    op.drop_column("follow_ups", "buurt_id")
