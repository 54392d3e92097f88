/* Buurtronde field app service worker, version {{ version }}.
 * Precaches the app shell (Workbox, served from our own /static) and drains the outbox
 * on Background Sync. It never intercepts non-GET requests. */
importScripts('{{ workbox_prefix }}/workbox-sw.js');
workbox.setConfig({ modulePathPrefix: '{{ workbox_prefix }}', debug: false });
workbox.core.setCacheNameDetails({ prefix: 'buurtronde', suffix: '{{ version }}' });
workbox.core.skipWaiting();
workbox.core.clientsClaim();
workbox.precaching.cleanupOutdatedCaches();
// Asset URLs carry ?v=<hash> for the browser cache; the precache keys do not.
workbox.precaching.precacheAndRoute({{ precache_json|safe }}, {
  ignoreURLParametersMatching: [/^v$/, /^utm_/],
});

importScripts('{{ static_url("vendor/idb/idb.umd.js") }}',
  '{{ static_url("veld/doors.js") }}',
  '{{ static_url("veld/store.js") }}',
  '{{ static_url("veld/sync.js") }}');

self.addEventListener('sync', (event) => {
  if (event.tag !== 'buurtronde-outbox') return;
  event.waitUntil(self.Buurtronde.sync.drain('background-sync').then((state) => {
    // Rejecting tells the browser to try this sync again later.
    if (state === 'offline' || state === 'retry') throw new Error('outbox not drained: ' + state);
  }));
});
