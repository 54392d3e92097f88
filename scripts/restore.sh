#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a fresh, empty database.
#
#   scripts/restore.sh DUMP_FILE TARGET_DATABASE_URL
#
# The target database must exist and be empty (create it first, e.g.
# `sudo -u postgres createdb -O buurtronde buurtronde_restore`); the script refuses a
# database that already has Buurtronde's tables, so a slip of the finger cannot overwrite
# the live one. It makes sure PostGIS is there (CREATE EXTENSION needs a superuser or
# the database owner with PostGIS trusted; else have the DBA run it first), restores in
# one transaction (all or nothing), and runs ANALYZE so the planner knows the tables.
# Optional: PG_BINDIR, the folder with pg_restore and psql of the server's version.
# Restore as the owner of the tables (MIGRATION_DATABASE_URL's login), never as the app's.
# Afterwards point DATABASE_URL at the target, run `flask --app wsgi db upgrade` (a dump
# of an older release is brought up to date) and check /healthz.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DUMP_FILE TARGET_DATABASE_URL" >&2
  exit 2
fi
dump="$1"
bindir="${PG_BINDIR:+${PG_BINDIR%/}/}"
target="${2/postgresql+psycopg:/postgresql:}"
target="${target/postgresql+psycopg2:/postgresql:}"

[ -r "$dump" ] || { echo "error: cannot read $dump" >&2; exit 1; }
"${bindir}pg_restore" --list "$dump" > /dev/null

psql_target() { "${bindir}psql" --no-psqlrc --quiet --tuples-only --no-align \
  --set ON_ERROR_STOP=1 --dbname="$target" "$@"; }

existing="$(psql_target -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'
  AND tablename IN ('users', 'contacts', 'audit_events', 'alembic_version')")"
if [ "$existing" != "0" ]; then
  echo "error: the target database already has Buurtronde tables; restore into a new, empty one" >&2
  exit 1
fi
psql_target -c "CREATE EXTENSION IF NOT EXISTS postgis"

# --no-owner/--no-acl: the restoring login owns what it makes, whatever the old server's
# role names were.
# The extension itself was made above: its CREATE and COMMENT lines are left out (a
# COMMENT ON EXTENSION needs the extension's owner, which the restoring login may not be).
list="$(mktemp)"
trap 'rm -f "$list" "$list.new"' EXIT
"${bindir}pg_restore" --list "$dump" | grep -v -E ' (EXTENSION|COMMENT) - (EXTENSION )?postgis( |$)' > "$list"
# PostGIS's own table belongs to the superuser who made the extension: a restoring owner
# that is no superuser may not write it, and the app needs none but the standard SRIDs
# the extension brings. Its dumped rows (SRIDs someone added) are then left out, said aloud.
if [ "$(psql_target -c "SELECT has_table_privilege('public.spatial_ref_sys', 'INSERT')")" != "t" ]; then
  grep -v -E ' TABLE DATA public spatial_ref_sys ' "$list" > "$list.new" && mv "$list.new" "$list"
  echo "note: rows added to spatial_ref_sys are not restored (only a superuser may write it)" >&2
fi
"${bindir}pg_restore" --no-owner --no-acl --exit-on-error --single-transaction \
  --use-list="$list" --dbname="$target" "$dump"
# --no-acl left the app's privileges behind (docs/deploy.md, "Database roles"): grant them
# again, as the restoring login (the owner), with the function the migrations made.
psql_target -c "DO \$\$ BEGIN
  IF to_regprocedure('public.grant_app_privileges()') IS NOT NULL THEN
    PERFORM public.grant_app_privileges();
  END IF; END \$\$"
psql_target -c "ANALYZE"
echo "restored $dump"
