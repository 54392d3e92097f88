/* Planning map: legends that switch layers, buurt outlines that stay when the
   choropleth is off, a fixed layer order, and (for a whole city) streets loaded
   for the part of the map in view once zoomed in. Runs after folium's script. */
(function () {
  'use strict';
  var configNode = document.getElementById('plan-map-config');
  if (!configNode || typeof L === 'undefined') return;
  var config = JSON.parse(configNode.textContent);
  var map = window[config.map];
  var layers = {};
  config.layers.forEach(function (key, i) { layers[key] = window[config.vars[i]]; });
  var order = ['dekking', 'hotspots', 'straten', 'opvolging', 'partners'];

  // Without tiles the outlines are the map: keep them when coverage is switched off.
  if (layers.dekking) {
    L.geoJSON(layers.dekking.toGeoJSON(), {
      interactive: false,
      style: { color: '#566573', weight: 1, fill: false, opacity: 0.8 }
    }).addTo(map);
  }

  // Hotspot cells carry numbers only (n, and hq per category); their text is made here.
  var hexTexts = config.hexTexts;
  var hexTip = function (props) {
    var lines = ['<b>' + hexTexts.title.replace('%(n)s', props.n) + '</b>'];
    props.hq.map(function (n, i) { return [n, hexTexts.categories[i]]; })
      .filter(function (pair) { return pair[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0]; })
      .forEach(function (pair) { lines.push(pair[1] + ': ' + pair[0]); });
    return lines.join('<br>');
  };
  if (layers.hotspots) {
    layers.hotspots.eachLayer(function (geojson) {
      geojson.eachLayer(function (cell) {
        cell.bindTooltip(function () { return hexTip(cell.feature.properties); }, { sticky: true });
      });
    });
  }

  function restack() {
    order.forEach(function (key) {
      var layer = layers[key];
      if (layer && map.hasLayer(layer) && layer.bringToFront) layer.bringToFront();
    });
  }

  function syncLegend() {
    document.querySelectorAll('[data-layer-toggle]').forEach(function (box) {
      var on = map.hasLayer(window[box.dataset.layerToggle]);
      box.checked = on;
      box.closest('.legend-layer').classList.toggle('is-off', !on);
    });
  }

  document.querySelectorAll('[data-layer-toggle]').forEach(function (box) {
    box.addEventListener('change', function () {
      var layer = window[box.dataset.layerToggle];
      if (box.checked) map.addLayer(layer); else map.removeLayer(layer);
    });
  });
  map.on('overlayadd overlayremove', function () { restack(); syncLegend(); });

  if (config.streetsUrl) {
    var seq = 0;
    var styles = {
      straten: function (f) { return { color: f.properties.color, weight: 4, opacity: 0.95 }; },
      opvolging: function (f) {
        return { color: f.properties.color, weight: 8, opacity: 0.6, lineCap: 'butt' };
      }
    };
    // The legend names the classes drawn, and only those (the server did so for the
    // layers it put in the page; these arrive by viewport).
    var showDrawn = function (key, features) {
      var drawn = {};
      features.forEach(function (f) { drawn[f.properties.cls] = true; });
      document.querySelectorAll('.legend-layer[data-layer="' + key + '"] [data-class]')
        .forEach(function (entry) { entry.hidden = !drawn[entry.dataset.class]; });
    };
    var fill = function (key, data) {
      var group = layers[key];
      group.clearLayers();
      L.geoJSON(data, {
        style: styles[key],
        onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tip, { sticky: true }); }
      }).addTo(group);
      showDrawn(key, data.features);
    };
    var load = function () {
      var zoomedIn = map.getZoom() >= config.streetsMinZoom;
      document.querySelectorAll('.legend-zoom-note').forEach(function (note) {
        note.hidden = zoomedIn;
      });
      var wanted = ['straten', 'opvolging'].filter(function (k) { return map.hasLayer(layers[k]); });
      var mine = ++seq;
      if (!zoomedIn || !wanted.length) {
        layers.straten.clearLayers();
        layers.opvolging.clearLayers();
        showDrawn('straten', []);
        showDrawn('opvolging', []);
        return;
      }
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map(function (v) { return v.toFixed(5); }).join(',');
      var url = config.streetsUrl + (config.streetsUrl.indexOf('?') < 0 ? '?' : '&') + 'bbox=' + bbox;
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          if (mine !== seq) return;  // a later move already asked again
          fill('straten', data.straten);
          fill('opvolging', data.opvolging);
          restack();
        })
        .catch(function () { /* the next move retries */ });
    };
    map.on('moveend overlayadd', load);
    load();
  }
  restack();
  syncLegend();
})();
