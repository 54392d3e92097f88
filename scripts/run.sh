#!/usr/bin/env bash
# Run the app with demo data on http://127.0.0.1:8000 (after scripts/setup.sh).
# Without DATABASE_URL: a private PostGIS under instance/pg, on a Unix socket only.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p instance

cluster=""
stop_cluster() {
  if [ -n "$cluster" ]; then
    echo "Stopping the private database..."
    .venv/bin/python -m outreach.devcluster stop "$cluster" || true
    cluster=""
  fi
}
# Rate limits (failed logins, partner links) are counted once for all gunicorn workers:
# without RATELIMIT_STORAGE_URI, in a private redis-server on a Unix socket in instance/.
redis_dir=""
stop_redis() {
  if [ -n "$redis_dir" ]; then
    redis-cli -s "$redis_dir/redis.sock" shutdown nosave >/dev/null 2>&1 || true
    redis_dir=""
  fi
}
trap 'stop_redis; stop_cluster' EXIT
trap 'exit 130' INT TERM

if [ -z "${RATELIMIT_STORAGE_URI:-}" ]; then
  redis_dir="$PWD/instance/redis"
  mkdir -p "$redis_dir" && chmod 700 "$redis_dir"
  # One left over from a run that was killed: stop it, counts need no keeping.
  redis-cli -s "$redis_dir/redis.sock" shutdown nosave >/dev/null 2>&1 || true
  redis-server --port 0 --unixsocket "$redis_dir/redis.sock" --unixsocketperm 700 \
    --dir "$redis_dir" --save "" --appendonly no --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
  for _ in $(seq 50); do
    redis-cli -s "$redis_dir/redis.sock" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -s "$redis_dir/redis.sock" ping >/dev/null 2>&1 \
    || { echo "redis-server did not start; see $redis_dir/redis.log" >&2; exit 1; }
  RATELIMIT_STORAGE_URI="redis+unix://$redis_dir/redis.sock"
  export RATELIMIT_STORAGE_URI
fi

# Two logins (docs/deploy.md, "Database roles"): migrations run as the owner of the tables
# (MIGRATION_DATABASE_URL), the app as a login that may only add to the audit log.
owner_url="${MIGRATION_DATABASE_URL:-}"
if [ -z "${DATABASE_URL:-}" ]; then
  cluster="instance/pg"
  .venv/bin/python -m outreach.devcluster start "$cluster" buurtronde
  owner_url="$(.venv/bin/python -m outreach.devcluster url "$cluster" buurtronde)"
  DATABASE_URL="$(.venv/bin/python -m outreach.devcluster app-url "$cluster" buurtronde)"
  export DATABASE_URL
fi
unset MIGRATION_DATABASE_URL  # the web app never needs the owner's login
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s instance/secret_key ] || .venv/bin/python -c "import secrets; print(secrets.token_hex(32))" > instance/secret_key
  chmod 600 instance/secret_key
  SECRET_KEY="$(cat instance/secret_key)"
  export SECRET_KEY
fi
if [ -z "${FIELD_ENCRYPTION_KEYS:-}" ]; then
  # Encrypts resident names, phone numbers and notes at rest (docs/privacy.md): lose it and
  # those fields are gone, so it lives beside the database, never in git.
  [ -s instance/field_keys ] || .venv/bin/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > instance/field_keys
  chmod 600 instance/field_keys
  FIELD_ENCRYPTION_KEYS="$(cat instance/field_keys)"
  export FIELD_ENCRYPTION_KEYS
fi

flask() { .venv/bin/flask --app wsgi "$@"; }
flask outreach check-db
MIGRATION_DATABASE_URL="$owner_url" flask db upgrade
flask outreach seed-demo --if-empty

bind="${BIND:-127.0.0.1:8000}"
echo
echo "Buurtronde runs on http://${bind}  (Ctrl-C stops it)"
echo "Demo logins (role, e-mail, password):"
flask outreach demo-accounts
echo
# Not exec: the EXIT trap must stop the private database after gunicorn ends.
BIND="$bind" .venv/bin/gunicorn -c gunicorn.conf.py wsgi:app &
gunicorn_pid=$!
trap 'kill -TERM $gunicorn_pid 2>/dev/null; wait $gunicorn_pid 2>/dev/null; exit 130' INT TERM
wait $gunicorn_pid
