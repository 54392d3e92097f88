#!/usr/bin/env bash
# Copy front-end libraries from node_modules/ into static/vendor/ (served by the app itself).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf static/vendor
mkdir -p static/vendor/leaflet
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
      node_modules/leaflet/dist/images static/vendor/leaflet/
