"""encrypt resident names, phone numbers and notes at rest; blind index on resident name

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:00:00

The columns become TEXT (a Fernet token is longer than the text it hides; the length
limits live in the schemas and forms) and every stored value is encrypted with the first
key of FIELD_ENCRYPTION_KEYS, which the app refuses to start without.
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

from outreach.models.crypto import decrypt_text, encrypt_text, name_index

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# table -> (primary key, encrypted columns)
ENCRYPTED = {
    "follow_ups": ("id", ("resident_name", "resident_phone", "note", "handover_agreement")),
    "follow_up_events": ("id", ("note",)),
    "contacts": ("id", ("note",)),
    "help_questions": ("id", ("note",)),
    "talents": ("id", ("note",)),
}
# column -> its type before this migration, where it was not TEXT already
NARROW = {("follow_ups", "resident_name"): 200, ("follow_ups", "resident_phone"): 40,
          ("talents", "note"): 500}
CHUNK = 1000


def _rewrite(table: str, transform, *, with_index: bool = False) -> None:
    """Apply TRANSFORM to every non-null encrypted value of TABLE, in chunks."""
    pk, columns = ENCRYPTED[table]
    conn = op.get_bind()
    keys = current_app.config["FIELD_ENCRYPTION_KEYS"]
    secret = current_app.config["SECRET_KEY"]
    any_set = " OR ".join(f"{c} IS NOT NULL" for c in columns)
    rows = conn.execute(sa.text(
        f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {any_set}")).all()
    sets = [f"{c} = :{c}" for c in columns]
    if with_index:
        sets.append("resident_name_hmac = :resident_name_hmac")
    update = sa.text(f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} = :pk")
    for start in range(0, len(rows), CHUNK):
        params = []
        for row in rows[start:start + CHUNK]:
            values = {c: transform(getattr(row, c), keys) for c in columns}
            if with_index:
                values["resident_name_hmac"] = name_index(row.resident_name,
                                                          secret)
            params.append({"pk": getattr(row, pk), **values})
        conn.execute(update, params)


def upgrade():
    for (table, column), length in NARROW.items():
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length),
                        existing_nullable=True)
    op.add_column("follow_ups", sa.Column("resident_name_hmac", sa.String(64), nullable=True))
    op.create_index(op.f("ix_follow_ups_resident_name_hmac"), "follow_ups",
                    ["resident_name_hmac"], unique=False)
    for table in ENCRYPTED:
        _rewrite(table, encrypt_text, with_index=table == "follow_ups")


def downgrade():
    for table in ENCRYPTED:
        _rewrite(table, decrypt_text)
    op.drop_index(op.f("ix_follow_ups_resident_name_hmac"), table_name="follow_ups")
    op.drop_column("follow_ups", "resident_name_hmac")
    for (table, column), length in NARROW.items():
        op.alter_column(table, column, type_=sa.String(length), existing_type=sa.Text(),
                        existing_nullable=True, postgresql_using=f"left({column}, {length})")
