"""follow-ups: warm handover, partner links, service levels, idempotent phone updates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 10:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KINDS = ("terugbellen", "huisbezoek", "warme_overdracht", "informatie")
# Default working days per kind: a callback within a week, a visit or information within
# two; a handover quickly, because a resident's courage to ask does not last.
DEFAULT_WORKING_DAYS = {"terugbellen": 5, "huisbezoek": 10, "warme_overdracht": 5,
                        "informatie": 10}


def upgrade():
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.add_column(sa.Column("handover_agreement", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("handover_resident_agreed", sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("handover_partner_reached", sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("handover_appointment_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("handed_over_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column(
            "partner_outcome",
            sa.Enum("contact_gelegd", "opgepakt", "afgerond", name="partner_outcome",
                    native_enum=False, create_constraint=True),
            nullable=True))
        batch_op.add_column(sa.Column("partner_outcome_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index("ix_follow_ups_status_due", ["status", "due_date"], unique=False)
        batch_op.create_index("ix_follow_ups_created_at", ["created_at"], unique=False)

    with op.batch_alter_table("follow_up_events") as batch_op:
        batch_op.add_column(sa.Column("details", postgresql.JSONB(astext_type=sa.Text()),
                                      server_default=sa.text("'{}'::jsonb"), nullable=False))
        batch_op.add_column(sa.Column("client_id", sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(op.f("uq_follow_up_events_client_id"), ["client_id"])

    op.create_table(
        "partner_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_partner_links_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["follow_up_id"], ["follow_ups.id"],
                                name=op.f("fk_partner_links_follow_up_id_follow_ups"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"],
                                name=op.f("fk_partner_links_partner_id_partners"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_partner_links_token_hash")),
    )
    op.create_index(op.f("ix_partner_links_follow_up_id"), "partner_links", ["follow_up_id"],
                    unique=False)

    levels = op.create_table(
        "follow_up_service_levels",
        sa.Column("kind", sa.Enum(*KINDS, name="service_level_kind", native_enum=False,
                                  create_constraint=True), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("working_days BETWEEN 1 AND 90",
                           name=op.f("ck_follow_up_service_levels_working_days_range")),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_follow_up_service_levels")),
    )
    op.bulk_insert(levels, [{"kind": k, "working_days": d}
                            for k, d in DEFAULT_WORKING_DAYS.items()])


def downgrade():
    op.drop_table("follow_up_service_levels")
    op.drop_index(op.f("ix_partner_links_follow_up_id"), table_name="partner_links")
    op.drop_table("partner_links")
    with op.batch_alter_table("follow_up_events") as batch_op:
        batch_op.drop_constraint(op.f("uq_follow_up_events_client_id"), type_="unique")
        batch_op.drop_column("client_id")
        batch_op.drop_column("details")
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.drop_index("ix_follow_ups_created_at")
        batch_op.drop_index("ix_follow_ups_status_due")
        for column in ("partner_outcome_at", "partner_outcome", "handed_over_at",
                       "handover_appointment_on", "handover_partner_reached",
                       "handover_resident_agreed", "handover_agreement"):
            batch_op.drop_column(column)
