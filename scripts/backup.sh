#!/usr/bin/env bash
# Back up the Buurtronde database to one file in pg_dump's custom format (-Fc).
#
#   DATABASE_URL=postgresql+psycopg://user@host/db scripts/backup.sh [OUTPUT_DIR]
#
# Writes OUTPUT_DIR/buurtronde-YYYYMMDD-HHMMSS.dump (default OUTPUT_DIR: ./backups), readable
# by its owner only, checks that pg_restore can read it back, and prints its path.
# Optional environment:
#   PG_BINDIR          folder with pg_dump/pg_restore; they must be the server's major
#                      version or newer (Debian: /usr/lib/postgresql/15/bin)
#   BACKUP_KEEP_DAYS   remove buurtronde-*.dump files in OUTPUT_DIR older than this many days
# The dump holds everything the database holds (personal data included, encrypted fields
# stay encrypted): keep it as carefully as the database. docs/deploy.md has the routine.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
out_dir="${1:-backups}"
bindir="${PG_BINDIR:+${PG_BINDIR%/}/}"
# SQLAlchemy's driver name is no part of a libpq connection URI.
libpq_url="${DATABASE_URL/postgresql+psycopg:/postgresql:}"
libpq_url="${libpq_url/postgresql+psycopg2:/postgresql:}"

umask 077
mkdir -p "$out_dir"
file="$out_dir/buurtronde-$(date -u +%Y%m%d-%H%M%S).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

"${bindir}pg_dump" --format=custom --compress=6 --file="$partial" --dbname="$libpq_url"
# A dump that pg_restore cannot list is no backup.
"${bindir}pg_restore" --list "$partial" > /dev/null
mv "$partial" "$file"
trap - EXIT

if [ -n "${BACKUP_KEEP_DAYS:-}" ]; then
  find "$out_dir" -maxdepth 1 -name 'buurtronde-*.dump' -mtime +"$BACKUP_KEEP_DAYS" -delete
fi
echo "$file"
