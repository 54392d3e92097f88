"""contacts: payload hash, H3 cell, clock flag and GPS accuracy for field sync

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

H3_RESOLUTION = 9
BACKFILL_BATCH = 5000


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location_accuracy_m", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("clock_suspect", sa.Boolean(),
                                      server_default=sa.text("false"), nullable=False))
        batch_op.add_column(sa.Column("payload_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("h3_cell", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_contacts_h3_cell"), ["h3_cell"], unique=False)
    _backfill_h3_cells()


def _backfill_h3_cells():
    """Give contacts stored before this revision their H3 cell (PostGIS has no H3)."""
    import h3

    conn = op.get_bind()
    select = sa.text(
        "SELECT id, ST_X(geom), ST_Y(geom) FROM contacts "
        "WHERE h3_cell IS NULL AND geom IS NOT NULL LIMIT :n")
    update = sa.text("UPDATE contacts SET h3_cell = :cell WHERE id = :id")
    for _ in range(100_000):  # bounded: each pass fills up to BACKFILL_BATCH rows
        rows = conn.execute(select, {"n": BACKFILL_BATCH}).all()
        if not rows:
            break
        conn.execute(update, [{"id": row[0], "cell": h3.latlng_to_cell(row[2], row[1],
                                                                       H3_RESOLUTION)}
                              for row in rows])


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_h3_cell"))
        batch_op.drop_column("h3_cell")
        batch_op.drop_column("payload_hash")
        batch_op.drop_column("clock_suspect")
        batch_op.drop_column("location_accuracy_m")
