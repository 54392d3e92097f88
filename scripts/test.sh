#!/usr/bin/env bash
# Run the whole suite (after scripts/setup.sh): a throwaway PostGIS made by the suite itself
# (or the server TEST_DATABASE_URL names) and a real headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# DATABASE_URL belongs to `make run`; the suite never touches that database.
unset DATABASE_URL
exec .venv/bin/pytest "$@"
