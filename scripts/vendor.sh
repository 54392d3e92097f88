#!/usr/bin/env bash
# Copy front-end libraries from node_modules/ into static/vendor/ (served by the app itself,
# never from a CDN, and precached by the field app's service worker).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf static/vendor
mkdir -p static/vendor/leaflet static/vendor/idb static/vendor/workbox
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
      node_modules/leaflet/dist/images static/vendor/leaflet/
cp node_modules/idb/build/umd.js static/vendor/idb/idb.umd.js
cp node_modules/workbox-sw/build/workbox-sw.js static/vendor/workbox/
for module in core precaching routing strategies; do
  cp "node_modules/workbox-$module/build/workbox-$module.prod.js" static/vendor/workbox/
done
