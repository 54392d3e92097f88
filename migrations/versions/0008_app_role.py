"""the app's own role: DML on its tables, only INSERT and SELECT on audit_events

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00

Until now the app connected as the owner of the tables, so its login could switch the
append-only trigger of 0006 off (`ALTER TABLE audit_events DISABLE TRIGGER USER`) or use
the trigger's own way out (`SET LOCAL buurtronde.audit_retention = 'on'`, then DELETE).
From here on two roles take part (docs/deploy.md, "Database roles"):

- the owner: the login that runs the migrations. It owns every table, sequence and
  function (whatever it creates), and nothing else connects as it.
- buurtronde_app: a NOLOGIN group role. The app's login is a member of it and of nothing
  else. It may SELECT, INSERT, UPDATE and DELETE on the tables, use the sequences, and on
  audit_events only INSERT and SELECT. It owns nothing and cannot create anything in the
  schema, so it can neither change the trigger nor the table.

grant_app_privileges() holds that list of privileges, once. The migration runs it; so does
scripts/restore.sh after a restore (pg_restore --no-acl leaves the privileges behind). It
also sets default privileges, so tables and sequences that later migrations create get the
same grants. A later table that must be append-only revokes them itself.

Audit events past their term go only through purge_audit_events(keep_months): SECURITY
DEFINER, owned by the owner, search_path pinned, EXECUTE for buurtronde_app alone. It
removes what is older than KEEP_MONTHS by the database's clock and refuses a term under 12
months, so even the app's login cannot wipe recent events. The trigger of 0006 now allows a DELETE only when
the current user owns audit_events *and* the transaction set buurtronde.audit_retention to
'on' (the purge function sets it around its DELETE): the setting alone no longer opens the
log, and the app's login has no DELETE privilege on it anyway.

The group role is made here when it does not exist yet; that needs CREATEROLE. Where the
owner lacks it, a superuser makes the role first (docs/deploy.md). A downgrade takes back
every privilege and function this migration gave in this database and restores 0006's
trigger, but leaves the role itself: roles belong to the whole server, not to one database.
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

APP_ROLE = "buurtronde_app"
# A purge keeps at least this many months of events, by the database's clock: a login that
# may call the purge function still cannot make recent history disappear.
KEEP_MONTHS_AT_LEAST = 12

CHECK_OWNER = """
DO $$
BEGIN
    IF NOT pg_has_role(current_user,
                       (SELECT relowner FROM pg_class WHERE oid = 'public.audit_events'::regclass),
                       'MEMBER') THEN
        RAISE EXCEPTION 'migrations must run as the owner of the tables (now: %)', current_user
            USING HINT = 'Set MIGRATION_DATABASE_URL to the owner''s login, or move the '
                         'tables to it first: REASSIGN OWNED BY <old owner> TO <owner> '
                         '(docs/deploy.md, "Database roles").';
    END IF;
END
$$
"""

GRANT_FUNCTION = f"""
CREATE FUNCTION public.grant_app_privileges() RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    item record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        BEGIN
            CREATE ROLE {APP_ROLE} NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'role {APP_ROLE} does not exist and % may not create it',
                current_user
                USING HINT = 'As a superuser run: CREATE ROLE {APP_ROLE} NOLOGIN; '
                             'GRANT {APP_ROLE} TO <the app''s login>; then run this again '
                             '(docs/deploy.md, "Database roles").';
        END;
    END IF;
    EXECUTE 'GRANT USAGE ON SCHEMA public TO {APP_ROLE}';
    -- Our tables and sequences: in public, not part of an extension (PostGIS's
    -- spatial_ref_sys is PostGIS's, readable by everyone already).
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
    LOOP
        IF item.relkind = 'S' THEN
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE public.%I TO {APP_ROLE}',
                           item.relname);
        ELSIF item.relname = 'audit_events' THEN
            EXECUTE 'REVOKE ALL ON public.audit_events FROM {APP_ROLE}';
            EXECUTE 'GRANT SELECT, INSERT ON public.audit_events TO {APP_ROLE}';
        ELSIF item.relname = 'alembic_version' THEN
            -- read by backups that run as the app's login (scripts/backup.sh)
            EXECUTE 'REVOKE ALL ON public.alembic_version FROM {APP_ROLE}';
            EXECUTE 'GRANT SELECT ON public.alembic_version TO {APP_ROLE}';
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO {APP_ROLE}',
                           item.relname);
        END IF;
    END LOOP;
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public '
            'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public '
            'GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}';
    -- Functions may be called by everyone unless revoked; these two are not for everyone.
    EXECUTE 'REVOKE ALL ON FUNCTION public.grant_app_privileges() FROM PUBLIC';
    EXECUTE 'REVOKE ALL ON FUNCTION public.purge_audit_events(integer, boolean) FROM PUBLIC';
    EXECUTE 'GRANT EXECUTE ON FUNCTION public.purge_audit_events(integer, boolean) '
            'TO {APP_ROLE}';
END
$fn$
"""

PURGE_FUNCTION = f"""
CREATE FUNCTION public.purge_audit_events(keep_months integer, dry_run boolean DEFAULT false)
RETURNS TABLE (cutoff timestamptz, removed bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    before_purge text := current_setting('buurtronde.audit_retention', true);
BEGIN
    IF keep_months IS NULL OR keep_months < {KEEP_MONTHS_AT_LEAST} THEN
        RAISE EXCEPTION 'a term of % months is refused: audit events of the last {KEEP_MONTHS_AT_LEAST} months are always kept',
            keep_months
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cutoff := now() - make_interval(months => keep_months);
    IF dry_run THEN
        SELECT count(*) INTO removed FROM public.audit_events e WHERE e.at < cutoff;
    ELSE
        -- Opens the trigger for the owner only (this function runs as the owner), and
        -- only until the DELETE is done. (A SET clause on the function would be neater,
        -- but PostgreSQL lets only superusers put a custom setting there.)
        PERFORM set_config('buurtronde.audit_retention', 'on', true);
        DELETE FROM public.audit_events e WHERE e.at < cutoff;
        GET DIAGNOSTICS removed = ROW_COUNT;
        PERFORM set_config('buurtronde.audit_retention', coalesce(before_purge, ''), true);
    END IF;
    RETURN NEXT;
END
$fn$
"""

# The trigger of 0006, with its one way out limited to the owner (the purge function).
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('buurtronde.audit_retention', true) = 'on'
       AND pg_has_role(current_user,
                       (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Events past their term go through purge_audit_events(keep_months).';
END
$$
"""

# 0006's version, for the downgrade.
APPEND_ONLY_0006 = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
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
"""

REVOKE_ALL = f"""
DO $$
DECLARE
    item record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        RETURN;
    END IF;
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
          AND has_table_privilege('{APP_ROLE}', c.oid,
                                  'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('REVOKE ALL ON %s public.%I FROM {APP_ROLE}',
                       CASE item.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                       item.relname);
    END LOOP;
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public '
            'REVOKE ALL ON TABLES FROM {APP_ROLE}';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public '
            'REVOKE ALL ON SEQUENCES FROM {APP_ROLE}';
    EXECUTE 'REVOKE ALL ON SCHEMA public FROM {APP_ROLE}';
END
$$
"""


def upgrade():
    op.execute(CHECK_OWNER)
    op.execute(APPEND_ONLY)
    op.execute(PURGE_FUNCTION)
    op.execute(GRANT_FUNCTION)
    op.execute("SELECT public.grant_app_privileges()")


def downgrade():
    op.execute(REVOKE_ALL)
    op.execute("DROP FUNCTION IF EXISTS public.grant_app_privileges()")
    op.execute("DROP FUNCTION IF EXISTS public.purge_audit_events(integer, boolean)")
    op.execute(APPEND_ONLY_0006)
