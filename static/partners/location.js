// Partner form: pick the location on a small Leaflet map; the lon/lat fields stay the truth.
// Without tiles (no TILE_URL, no internet) the map still shows the marker and the buurten
// are not needed: the fields can be typed by hand.
(function () {
  "use strict";
  const form = document.getElementById("partner-form");
  const mapEl = document.getElementById("partner-map");
  if (!form || !mapEl || typeof L === "undefined") return;
  const lon = form.querySelector("input[name=lon]");
  const lat = form.querySelector("input[name=lat]");
  const number = (input) => parseFloat((input.value || "").replace(",", "."));

  const map = L.map(mapEl, { maxZoom: 19 }).setView([52.1, 5.3], 7);
  if (form.dataset.tileUrl) L.tileLayer(form.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  let marker = null;

  // Buurt outlines as a backdrop (there may be no tiles); served buurten stand out.
  const outlines = JSON.parse(document.getElementById("partner-buurten").textContent || "[]");
  const served = () => new Set([...form.querySelectorAll("input[name=buurten]:checked")].map((i) => i.value));
  const buurtLayer = L.featureGroup().addTo(map);
  const shapes = outlines.map((b) => {
    const shape = L.geoJSON(b.geometry, { interactive: false }).addTo(buurtLayer);
    shape.buurtId = String(b.id);
    return shape;
  });
  function restyle() {
    const chosen = served();
    for (const shape of shapes) {
      const on = chosen.has(shape.buurtId);
      shape.setStyle({ color: on ? "#0b6e4f" : "#7c8597", weight: on ? 2.5 : 1,
                       fillOpacity: on ? 0.18 : 0.04 });
    }
  }
  form.querySelectorAll("input[name=buurten]").forEach((i) => i.addEventListener("change", restyle));
  restyle();
  if (shapes.length) map.fitBounds(buurtLayer.getBounds(), { padding: [10, 10] });

  function place(moveMap) {
    const x = number(lon), y = number(lat);
    if (Number.isFinite(x) && Number.isFinite(y)) {
      if (marker) marker.setLatLng([y, x]);
      else marker = L.circleMarker([y, x], { radius: 9, color: "#0b6e4f", weight: 3, fillOpacity: 0.5 }).addTo(map);
      if (moveMap) map.setView([y, x], Math.max(map.getZoom(), 15));
    } else if (marker) {
      marker.remove();
      marker = null;
    }
  }

  map.on("click", (event) => {
    lon.value = event.latlng.lng.toFixed(6);
    lat.value = event.latlng.lat.toFixed(6);
    place(false);
  });
  lon.addEventListener("change", () => place(true));
  lat.addEventListener("change", () => place(true));
  document.getElementById("clear-location").addEventListener("click", () => {
    lon.value = "";
    lat.value = "";
    place(false);
  });
  place(true);
})();
