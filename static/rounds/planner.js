// Route planner in the round form: streets on a Leaflet map, an ordered list, the route.
// The server ranks and orders (services/planning.py, geo/route.py); this file only keeps
// the list, the hidden field and the map in step.
(function () {
  "use strict";
  const form = document.getElementById("round-form");
  if (!form) return;
  const T = JSON.parse(document.getElementById("planner-text").textContent);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  // Tooltip content as an element: Leaflet puts a string in as HTML, and street names come
  // from imports (a street named '<img onerror=...>' must stay a name).
  const asText = (text) => Object.assign(document.createElement("span"), { textContent: text });
  const hidden = form.querySelector("input[name=street_ids]");
  const listEl = document.getElementById("street-list");
  const message = document.getElementById("planner-message");
  const summary = document.getElementById("route-summary");
  const startSelect = document.getElementById("planner-start");
  const lonField = form.querySelector("input[name=coffee_lon]");
  const latField = form.querySelector("input[name=coffee_lat]");
  const COLOURS = ["#27ae60", "#f1c40f", "#e67e22", "#c0392b"]; // by tier 0..3
  const ROUTE = "#1d4ed8";

  let chosen = JSON.parse(listEl.dataset.initial || "[]"); // [{id, name, buurt_name}]
  let clickedStart = null;
  const features = new Map(); // street id -> {layer, props}

  const map = L.map("planner-map", { maxZoom: 19, zoomSnap: 0.25 }).setView([51.92, 4.45], 12);
  if (form.dataset.tileUrl) L.tileLayer(form.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  const streetLayer = L.featureGroup().addTo(map);
  const routeLayer = L.layerGroup().addTo(map);
  const markerLayer = L.layerGroup().addTo(map);

  function buurtIds() {
    return [...form.querySelectorAll("input[name=buurten]:checked")].map((i) => i.value);
  }

  function say(text) { message.textContent = text; }

  async function getJSON(url, params) {
    const query = new URLSearchParams();
    for (const [k, v] of params) if (v !== null && v !== undefined && v !== "") query.append(k, v);
    const response = await fetch(url + "?" + query, { credentials: "same-origin",
                                                    headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const fields = (body.error && body.error.fields) || {};
      const first = Object.values(fields)[0];
      throw new Error((first && first[0]) || (body.error && body.error.message) || T.failed);
    }
    return body;
  }

  function startParam() {
    const choice = startSelect.value;
    if (choice === "coffee" && lonField.value && latField.value) return lonField.value + "," + latField.value;
    if (choice === "map" && clickedStart) return clickedStart.join(",");
    if (choice.startsWith("at:")) return choice.slice(3);
    return "";
  }

  function styleFor(id) {
    const f = features.get(id);
    const inRound = chosen.some((s) => s.id === id);
    return { color: inRound ? ROUTE : COLOURS[f.props.tier] || "#888", weight: inRound ? 7 : 4,
             opacity: 0.9 };
  }

  function restyle() { for (const [id, f] of features) f.layer.setStyle(styleFor(id)); }

  function sync() {
    hidden.value = chosen.map((s) => s.id).join(",");
    listEl.replaceChildren(...chosen.map((s, i) => {
      const li = document.createElement("li");
      li.dataset.id = s.id;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = s.name;
      li.append(name);
      for (const [label, action, text] of [["↑", "up", T.up], ["↓", "down", T.down], ["✕", "remove", T.remove]]) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = label;
        b.title = text;
        b.setAttribute("aria-label", text + ": " + s.name);
        b.addEventListener("click", () => change(i, action));
        li.append(b);
      }
      return li;
    }));
    if (!chosen.length) summary.textContent = T.none;
    restyle();
  }

  function change(i, action) {
    if (action === "remove") chosen.splice(i, 1);
    if (action === "up" && i > 0) [chosen[i - 1], chosen[i]] = [chosen[i], chosen[i - 1]];
    if (action === "down" && i < chosen.length - 1) [chosen[i + 1], chosen[i]] = [chosen[i], chosen[i + 1]];
    sync();
    measure(false);
  }

  function drawRoute(route) {
    routeLayer.clearLayers();
    route.streets.forEach((s, i) => {
      const [lon, lat] = s.entry;
      L.marker([lat, lon], { icon: L.divIcon({ className: "stop-label", html: String(i + 1),
                                               iconSize: [22, 22] }), interactive: false })
        .addTo(routeLayer);
    });
    for (const [a, b] of route.legs) {
      L.polyline([[a[1], a[0]], [b[1], b[0]]], { color: ROUTE, weight: 2, dashArray: "4 6" })
        .addTo(routeLayer);
    }
    summary.textContent = fmt(T.summary, { n: route.streets.length,
      km: (route.distance_m / 1000).toLocaleString("nl-NL", { maximumFractionDigits: 1 }),
      min: route.minutes });
  }

  function takeRoute(route) {
    chosen = route.streets.map((s) => ({ id: s.id, name: s.name, buurt_name: s.buurt_name }));
    sync();
    drawRoute(route);
  }

  async function measure(optimise) {
    if (!chosen.length) { routeLayer.clearLayers(); return; }
    try {
      const params = chosen.map((s) => ["street", s.id]);
      params.push(["start", startParam()], ["optimise", optimise ? "1" : "0"]);
      takeRoute(await getJSON(form.dataset.routeUrl, params));
    } catch (error) { say(error.message); }
  }

  async function loadStreets() {
    const ids = buurtIds();
    streetLayer.clearLayers();
    features.clear();
    [...startSelect.querySelectorAll("option[data-partner]")].forEach((o) => o.remove());
    if (!ids.length) return;
    try {
      const data = await getJSON(form.dataset.streetsUrl, ids.map((id) => ["buurt", id]));
      L.geoJSON(data.streets, {
        style: (f) => ({ color: COLOURS[f.properties.tier], weight: 4 }),
        onEachFeature: (f, layer) => {
          features.set(f.properties.id, { layer, props: f.properties });
          layer.bindTooltip(asText(f.properties.name));
          layer.on("click", (event) => { L.DomEvent.stopPropagation(event); toggle(f.properties); });
        },
      }).eachLayer((l) => streetLayer.addLayer(l));
      for (const place of data.starts) {
        const option = new Option(place.name, "at:" + place.lon + "," + place.lat);
        option.dataset.partner = place.id;
        startSelect.append(option);
      }
      if (streetLayer.getLayers().length) map.fitBounds(streetLayer.getBounds(), { padding: [20, 20] });
      restyle();
      drawMarkers();
    } catch (error) { say(error.message); }
  }

  function toggle(props) {
    const at = chosen.findIndex((s) => s.id === props.id);
    if (at >= 0) chosen.splice(at, 1);
    else chosen.push({ id: props.id, name: props.name, buurt_name: props.buurt_name });
    sync();
    measure(false);
  }

  function drawMarkers() {
    markerLayer.clearLayers();
    if (lonField.value && latField.value) {
      L.circleMarker([+latField.value, +lonField.value], { radius: 9, color: "#7a4a0b",
        fillColor: "#fbeedb", fillOpacity: 1, weight: 3 }).bindTooltip("☕").addTo(markerLayer);
    }
    if (clickedStart) {
      L.circleMarker([clickedStart[1], clickedStart[0]], { radius: 7, color: "#111",
        fillColor: "#fff", fillOpacity: 1 }).bindTooltip(asText(T.start)).addTo(markerLayer);
    }
  }

  map.on("click", (event) => {
    clickedStart = [event.latlng.lng.toFixed(6), event.latlng.lat.toFixed(6)].map(Number);
    startSelect.value = "map";
    say(T.start_set);
    drawMarkers();
  });

  document.getElementById("propose").addEventListener("click", async () => {
    const ids = buurtIds();
    if (!ids.length) { say(T.pick_buurt); return; }
    const [kind, amount] = document.getElementById("planner-amount").value.split(":");
    const params = ids.map((id) => ["buurt", id]);
    params.push(["start", startParam()], [kind, amount]);
    try {
      const route = await getJSON(form.dataset.proposalUrl, params);
      takeRoute(route);
      say(fmt(T.proposed, { n: route.streets.length }));
    } catch (error) { say(error.message); }
  });

  document.getElementById("optimise").addEventListener("click", () => {
    if (!chosen.length) { say(T.pick_streets); return; }
    measure(true);
  });

  document.getElementById("suggest-coffee").addEventListener("click", async () => {
    const spotsEl = document.getElementById("spots");
    spotsEl.replaceChildren();
    if (!chosen.length) { say(T.pick_streets); return; }
    try {
      const data = await getJSON(form.dataset.coffeeUrl, chosen.map((s) => ["street", s.id]));
      for (const spot of data.spots) {
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button";
        b.className = "button";
        b.textContent = T.choose + ": " + spot.label + " (" + fmt(T.walk, { m: Math.round(spot.mean_m) }) + ")";
        b.addEventListener("click", () => {
          form.querySelector("input[name=coffee_spot_name]").value = spot.label;
          lonField.value = spot.lon;
          latField.value = spot.lat;
          drawMarkers();
          say(T.spot_set);
        });
        li.append(b);
        spotsEl.append(li);
      }
    } catch (error) { say(error.message); }
  });

  form.querySelectorAll("input[name=buurten]").forEach((box) => box.addEventListener("change", loadStreets));
  sync();
  loadStreets().then(() => measure(false));
})();
