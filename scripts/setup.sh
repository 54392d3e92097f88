#!/usr/bin/env bash
# Install what is missing, idempotently: Debian packages, the Python venv, npm assets,
# compiled translations. Called by `make run` and `make test`; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- Debian/Ubuntu packages -------------------------------------------------------
# redis-server: `make run` counts rate limits in a private one, shared by its workers.
# poppler-utils: the report print test renders the PDF pages (pdftoppm) to measure them.
apt_packages=(postgresql postgresql-postgis redis-server chromium fonts-dejavu-core nodejs npm python3-venv poppler-utils)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Node and npm may come from elsewhere (nodesource, nvm): then Debian's are not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
# Python's venv may be built in (pyenv, python.org builds).
if python3 -c "import venv, ensurepip" 2>/dev/null; then missing=("${missing[@]/python3-venv}"); fi
read -r -a missing <<< "${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -q
  # Debian's postgresql and redis-server start system services on install; we never use
  # them unless DATABASE_URL / RATELIMIT_STORAGE_URI name them, so policy-rc.d is left alone.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Python ---------------------------------------------------------------------------
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  log "Installing Python packages into .venv"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# --- Front-end assets -------------------------------------------------------------------
npm_stamp="node_modules/.installed-$(cat package.json package-lock.json | sha256sum | cut -c1-16)"
if [ ! -f "$npm_stamp" ]; then
  log "Installing front-end packages (npm)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
vendor_stamp="static/vendor/.copied-$(cat package-lock.json scripts/vendor.sh | sha256sum | cut -c1-16)"
if [ ! -f "$vendor_stamp" ]; then
  bash scripts/vendor.sh
  touch "$vendor_stamp"
fi

# --- Translations -----------------------------------------------------------------------
.venv/bin/pybabel compile -d outreach/translations >/dev/null
