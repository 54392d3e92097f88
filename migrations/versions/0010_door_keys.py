"""contacts.door and addresses.door: one key per door, so doors are counted as doors

A door is a distinct address: the house number and the letters and digits after it,
upper case ('12a', '12 A' and '12-A' are the door '12:A'; BAG's huisletter and
toevoeging are joined the same way). Counting contacts or (number, raw suffix) pairs
counted one door several times ("47 deuren" on a street of 32 addresses). Generated
columns keep the key right for every path that writes (the sync's set-based SQL, imports,
the ORM); geo.addresses.door_key computes the same in Python.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 03:00:00

"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


# A copy of outreach/models/doors.py as it was at this revision: migrations stay as written.
def door_sql(number: str, suffix: str) -> str:
    """The SQL of geo.addresses.door_key for the columns NUMBER and SUFFIX (an expression)."""
    return (f"{number}::text || ':' || "
            f"upper(regexp_replace({suffix}, '[^A-Za-z0-9]', '', 'g'))")


CONTACT_DOOR = ("CASE WHEN house_number IS NULL THEN NULL ELSE "
                + door_sql("house_number", "coalesce(house_suffix, '')") + " END")
ADDRESS_DOOR = door_sql("house_number", "coalesce(house_letter, '') || coalesce(addition, '')")


def upgrade():
    op.execute(f"ALTER TABLE contacts ADD COLUMN door text GENERATED ALWAYS AS "
               f"({CONTACT_DOOR}) STORED")
    op.execute(f"ALTER TABLE addresses ADD COLUMN door text GENERATED ALWAYS AS "
               f"({ADDRESS_DOOR}) STORED")
    # Doors reached per street: contacts and addresses meet on (street, door).
    op.create_index("ix_contacts_street_door", "contacts", ["street_id", "door"],
                    postgresql_where="door IS NOT NULL")
    op.create_index("ix_addresses_street_door", "addresses", ["street_id", "door"])


def downgrade():
    op.drop_index("ix_addresses_street_door", table_name="addresses")
    op.drop_index("ix_contacts_street_door", table_name="contacts")
    op.drop_column("addresses", "door")
    op.drop_column("contacts", "door")
