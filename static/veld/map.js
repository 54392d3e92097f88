/* The round's small map: streets from the cached GeoJSON, readable without map tiles,
 * and "waar ben ik" (GPS) with the nearest street suggested. */
(function (global) {
  'use strict';

  const EARTH_M = 6371008.8;

  /** Metres between two lon/lat points (equirectangular: exact enough within a buurt). */
  function metres(a, b) {
    const lat = ((a[1] + b[1]) / 2) * Math.PI / 180;
    const dx = (b[0] - a[0]) * Math.PI / 180 * Math.cos(lat);
    const dy = (b[1] - a[1]) * Math.PI / 180;
    return Math.sqrt(dx * dx + dy * dy) * EARTH_M;
  }

  function toLocal(point, origin) {
    const lat = origin[1] * Math.PI / 180;
    return [(point[0] - origin[0]) * Math.PI / 180 * Math.cos(lat) * EARTH_M,
      (point[1] - origin[1]) * Math.PI / 180 * EARTH_M];
  }

  function segmentDistance(p, a, b) {
    const [ax, ay] = toLocal(a, p);
    const [bx, by] = toLocal(b, p);
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const t = len ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len)) : 0;
    return Math.hypot(ax + t * dx, ay + t * dy);
  }

  function lines(geometry) {
    if (!geometry) return [];
    if (geometry.type === 'LineString') return [geometry.coordinates];
    if (geometry.type === 'MultiLineString') return geometry.coordinates;
    return [];
  }

  /** The feature of COLLECTION nearest to POINT [lon, lat], with its distance in metres. */
  function nearestStreet(collection, point) {
    let best = null;
    (collection.features || []).forEach((feature) => {
      lines(feature.geometry).forEach((line) => {
        for (let i = 1; i < line.length; i += 1) {
          const d = segmentDistance(point, line[i - 1], line[i]);
          if (!best || d < best.distance) best = { feature, distance: d };
        }
      });
    });
    return best;
  }

  // Leaflet (45 kB gzipped) is fetched the first time a map is shown, not on every start:
  // the Vandaag screen must paint fast on a slow phone. The service worker precaches both
  // files under these same URLs, so this works offline too.
  const leafletUrls = (() => {
    const script = document.currentScript;
    return script ? { js: script.dataset.leafletJs, css: script.dataset.leafletCss } : {};
  })();
  let leafletLoading = null;

  function loadLeaflet() {
    if (global.L) return Promise.resolve(global.L);
    if (!leafletLoading) {
      leafletLoading = new Promise((resolve, reject) => {
        const css = document.createElement('link');
        css.rel = 'stylesheet';
        css.href = leafletUrls.css;
        document.head.appendChild(css);
        const script = document.createElement('script');
        script.src = leafletUrls.js;
        script.onload = () => resolve(global.L);
        script.onerror = () => {
          leafletLoading = null;  // try again next time the map is opened
          reject(new Error('leaflet'));
        };
        document.head.appendChild(script);
      });
    }
    return leafletLoading;
  }

  /** TEXT as tooltip content: Leaflet puts a string in as HTML, an element as it is, so an
   * imported street named '<img onerror=...>' stays a name. */
  function asText(text) {
    const span = document.createElement('span');
    span.textContent = text == null ? '' : String(text);
    return span;
  }

  /** Draw the streets in ELEMENT; ON_PICK(streetId) when one is tapped. Returns a handle. */
  function roundMap(element, collection, onPick) {
    const L = global.L;
    const map = L.map(element, { maxZoom: 19, zoomControl: true, attributionControl: false });
    const layer = L.geoJSON(collection, {
      style: () => ({ color: '#0b6e4f', weight: 7, opacity: 0.85 }),
      onEachFeature(feature, streetLayer) {
        streetLayer.bindTooltip(asText(feature.properties.name), { sticky: true });
        streetLayer.on('click', () => onPick(feature.properties.id));
      },
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
    else map.setView([52.1, 5.1], 13);
    let marker = null;
    return {
      showPosition(lonlat) {
        if (marker) marker.remove();
        marker = L.circleMarker([lonlat[1], lonlat[0]], {
          radius: 9, color: '#fff', weight: 3, fillColor: '#1d4ed8', fillOpacity: 1,
        }).addTo(map);
        map.panTo([lonlat[1], lonlat[0]]);
      },
      highlight(streetId) {
        layer.eachLayer((l) => l.setStyle({
          color: l.feature.properties.id === streetId ? '#f2a541' : '#0b6e4f',
        }));
      },
      remove() { map.remove(); },
    };
  }

  global.Buurtronde = global.Buurtronde || {};
  global.Buurtronde.map = { loadLeaflet, roundMap, nearestStreet, metres };
})(self);
