"""audit_events: append-only, enforced by the database

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00

The app only ever inserts audit events. A trigger refuses UPDATE, DELETE and TRUNCATE on
audit_events, so neither a bug nor someone with the app's database login can quietly edit
or wipe the log. One way out, for a retention job that removes events past their term:
DELETE (never UPDATE or TRUNCATE) is allowed in a transaction that first ran
`SET LOCAL buurtronde.audit_retention = 'on'`. A database superuser can still drop the
trigger; this guards against the app, not against the server's owner.

Users are deactivated, never deleted: deleting a user would set audit_events.actor_id to
NULL (an UPDATE), which the trigger refuses.
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        CREATE FUNCTION audit_events_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE'
               AND current_setting('buurtronde.audit_retention', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Only a retention job may DELETE, after '
                             'SET LOCAL buurtronde.audit_retention = ''on''.';
        END
        $$
    """)
    op.execute("""
        CREATE TRIGGER audit_events_append_only
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
    """)
    op.execute("""
        CREATE TRIGGER audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
    """)


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
