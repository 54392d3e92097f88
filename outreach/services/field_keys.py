"""Key rotation for the encrypted fields: rewrite every value with the first key.

Rotation: put a new key in front of FIELD_ENCRYPTION_KEYS, run `outreach rotate-keys`,
then drop the old key. The blind index of resident names is rebuilt in the same pass,
so a new SECRET_KEY is taken in by the same command.
"""

import sqlalchemy as sa

from ..extensions import db
from ..models.crypto import EncryptedText, decrypt_text, name_index, reencrypt_text
from .audit import record_event


def encrypted_columns() -> dict[str, tuple[str, tuple[str, ...]]]:
    """table -> (primary key, its EncryptedText columns), read from the models.

    Read, not listed by hand: a column made EncryptedText later is rotated too, instead of
    becoming unreadable the day its old key is dropped.
    """
    found = {}
    for table in db.metadata.sorted_tables:
        columns = tuple(c.name for c in table.columns if isinstance(c.type, EncryptedText))
        if columns:
            [pk] = [c.name for c in table.primary_key.columns]
            found[table.name] = (pk, columns)
    return found


CHUNK = 1000


def _rotate_table(table: str, pk: str, columns: tuple[str, ...]) -> int:
    any_set = " OR ".join(f"{c} IS NOT NULL" for c in columns)
    # Raw SQL on purpose: the ciphertext is what we rewrite, not the ORM's plaintext.
    ids = db.session.scalars(sa.text(
        f"SELECT {pk} FROM {table} WHERE {any_set} ORDER BY {pk}")).all()
    sets = [f"{c} = :{c}" for c in columns]
    if table == "follow_ups":
        sets.append("resident_name_hmac = :resident_name_hmac")
    update = sa.text(f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} = :pk")
    select = sa.text(f"SELECT {pk} AS pk, {', '.join(columns)} FROM {table} "
                     f"WHERE {pk} = ANY(:ids)")
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(select, {"ids": ids[start:start + CHUNK]}).mappings()
        params = []
        for row in rows:
            values = {"pk": row["pk"], **{c: reencrypt_text(row[c]) for c in columns}}
            if table == "follow_ups":
                values["resident_name_hmac"] = name_index(decrypt_text(row["resident_name"]))
            params.append(values)
        if params:
            db.session.execute(update, params)
    return len(ids)


def rotate_field_keys() -> dict[str, int]:
    """Encrypt every stored value again with the first key; return rows rewritten per table."""
    try:
        counts = {table: _rotate_table(table, pk, columns)
                  for table, (pk, columns) in encrypted_columns().items()}
    except Exception:
        db.session.rollback()  # all or nothing: no table half on the new key
        raise
    record_event("fields.rotate_keys", None, subject_type="encryption", details=counts)
    db.session.commit()
    return counts
