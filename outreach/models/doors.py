"""The door key in SQL: geo.addresses.door_key as generated columns of contacts and addresses.

A door is a house number and the letters and digits after it, upper case: '12a', '12 A',
'12-A' and BAG's 12 + huisletter A are all '12:A'. tests/db/test_door_keys.py checks
that the database and door_key agree.
"""


def door_sql(number: str, suffix: str) -> str:
    """The SQL expression of door_key for the columns NUMBER and SUFFIX."""
    return (f"{number}::text || ':' || "
            f"upper(regexp_replace({suffix}, '[^A-Za-z0-9]', '', 'g'))")


CONTACT_DOOR_SQL = ("CASE WHEN house_number IS NULL THEN NULL ELSE "
                    + door_sql("house_number", "coalesce(house_suffix, '')") + " END")
ADDRESS_DOOR_SQL = door_sql("house_number",
                            "coalesce(house_letter, '') || coalesce(addition, '')")
