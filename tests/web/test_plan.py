"""/plan pages and exports: what they show, what they never show, and files Excel and QGIS open."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from geo.hexbins import cell_for, cell_polygon, coarsen
from outreach.models import AuditEvent
from tests.plan_town import (
    HOTSPOT_LAT,
    HOTSPOT_LON,
    PERIOD,
    hotspot_contacts,
    make_plan_town,
    point_patterns,
)

K = 5
FILTER = {"van": PERIOD.date_from.isoformat(), "tot": PERIOD.date_to.isoformat()}
CODE = "BU99990001"


@pytest.fixture()
def plan_town(db, users):
    return make_plan_town(users["veldwerker"])


@pytest.fixture()
def coordinator(login_as):
    return login_as("coordinator")


def _payloads(client, inline_max=None):
    """Every map and export payload of the test town: (name, text)."""
    urls = [
        "/plan", f"/plan?buurt={CODE}", f"/plan/buurt/{CODE}",
        "/plan/kaart/straten.json?bbox=5.09,52.04,5.11,52.06",
        *(f"/plan/export/{level}.{fmt}" for level in ("buurten", "straten")
          for fmt in ("csv", "geojson")),
    ]
    out = []
    for url in urls:
        response = client.get(_with_filter(url))
        assert response.status_code == 200, (url, response.status_code)
        out.append((url, response.get_data(as_text=True)))
    return out


def _with_filter(url: str) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(FILTER)


def _polygon_strings(cell: str) -> set[str]:
    ring = cell_polygon(cell)["coordinates"][0]
    return {f"[{lon}, {lat}]" for lon, lat in ring} | {f"[{lon},{lat}]" for lon, lat in ring}


def test_plan_page_embeds_the_folium_map_with_our_leaflet_and_no_cdn(plan_town, coordinator):
    html = coordinator.get("/plan", query_string=FILTER).get_data(as_text=True)
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet/leaflet.css" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    assert "cdn" not in html.lower()
    assert '"maxZoom": 19' in html
    assert "L.tileLayer" not in html  # no TILE_URL in tests
    for title in ("Dekking per buurt", "Straten naar laatste bezoek", "Hotspots hulpvragen",
                  "Opvolging per straat", "Partners en ontmoetingsplekken"):
        assert html.count(title) >= 2  # in the layer control and in the legend
    assert "Tulpstraat" in html and "Schuldhulp Testdorp" in html


def test_tile_layer_only_with_tile_url(plan_town, coordinator, app):
    app.config["TILE_URL"] = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"
    try:
        html = coordinator.get("/plan").get_data(as_text=True)
    finally:
        app.config["TILE_URL"] = None
    assert "L.tileLayer" in html and "127.0.0.1:9/tiles" in html
    assert "OpenStreetMap-bijdragers" in html


def test_invalid_filter_shows_the_error_and_falls_back(plan_town, coordinator):
    response = coordinator.get("/plan", query_string={"van": "2026-06-30", "tot": "2026-06-01",
                                                       "soort": "onzin", "buurt": "BU000"})
    assert response.status_code == 200
    assert "De einddatum ligt voor de begindatum." in response.get_data(as_text=True)


def test_no_payload_contains_a_contacts_coordinates(plan_town, coordinator):
    hotspot_contacts(plan_town, K)  # a shown hotspot: its cell, not its points
    patterns = point_patterns(plan_town.points)
    for url, text in _payloads(coordinator):
        leaked = [m.group(0) for p in patterns for m in [p.search(text)] if m]
        assert not leaked, (url, leaked)


def test_hex_cell_with_k_minus_1_contacts_never_appears_in_any_payload(plan_town, coordinator):
    hotspot_contacts(plan_town, K - 1)
    cell = cell_for(HOTSPOT_LON, HOTSPOT_LAT)
    parent = coarsen(cell, 8)
    for url, text in _payloads(coordinator):
        for hexagon in (cell, parent):
            assert not any(s in text for s in _polygon_strings(hexagon)), (url, hexagon)
        assert '"hq":' not in text, url


def test_hex_cell_with_k_contacts_appears_with_its_outline(plan_town, coordinator):
    hotspot_contacts(plan_town, K)
    cell = cell_for(HOTSPOT_LON, HOTSPOT_LAT)
    html = coordinator.get(f"/plan/buurt/{CODE}", query_string=FILTER).get_data(as_text=True)
    assert any(s in html for s in _polygon_strings(cell))
    assert re.search(rf'"hq": \[[\d, ]+\], "n": {K}\b', html)
    city = coordinator.get("/plan", query_string=FILTER).get_data(as_text=True)
    assert any(s in city for s in _polygon_strings(coarsen(cell, 8)))


def test_buurt_page_shows_cbs_beside_our_figures_and_sorts_streets(plan_town, coordinator):
    response = coordinator.get(f"/plan/buurt/{CODE}",
                               query_string={**FILTER, "sorteer": "laatste_bezoek"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kerncijfers CBS" in html and "Inwoners" in html and "1.200" in html
    assert "Opvolging te laat" in html
    table = html[html.index('class="table street-table"'):]
    order = [table.index(name) for name in ("Molenweg", "Rozenlaan", "Tulpstraat")]
    assert order == sorted(order)


def test_unknown_buurt_is_404(plan_town, coordinator):
    assert coordinator.get("/plan/buurt/BU00000000").status_code == 404


def test_streets_in_view_needs_a_valid_box(plan_town, coordinator):
    assert coordinator.get("/plan/kaart/straten.json?bbox=1,2,3").status_code == 400
    body = coordinator.get(_with_filter("/plan/kaart/straten.json?bbox=5.09,52.04,5.11,52.06")
                           ).get_json()
    assert len(body["straten"]["features"]) == 3
    assert len(body["opvolging"]["features"]) == 1


def test_csv_export_opens_in_dutch_excel(plan_town, coordinator, db):
    response = coordinator.get("/plan/export/buurten.csv", query_string=FILTER)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, [row] = rows[0], rows[1:]
    values = dict(zip(header, row, strict=True))
    assert values["buurtcode"] == CODE and values["buurt"] == "Testbuurt"
    assert values["dekking_straten_pct"] == "33,3"
    assert values["dekking_deuren_pct"] == "15,0"
    assert (values["deuren"], values["deuren_bezocht"]) == ("20", "3")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.details["format"] == "csv" and event.details["rows"] == 1


def test_street_csv_has_decimal_comma_and_iso_dates(plan_town, coordinator):
    raw = coordinator.get("/plan/export/straten.csv", query_string=FILTER).data
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    streets = {r["straat"]: r for r in rows}
    tulp = streets["Tulpstraat"]
    assert tulp["laatste_bezoek"] == "2026-06-20" and tulp["bezoekklasse"] == "minder_dan_30"
    assert re.fullmatch(r"\d+,\d", tulp["lengte_m"])
    assert float(tulp["lengte_m"].replace(",", ".")) == pytest.approx(547, abs=5)
    assert streets["Molenweg"]["laatste_bezoek"] == ""


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(db, plan_town, coordinator):
    # Imported names are text from outside: a leading = + - @ (or tab, CR) is a formula.
    db.session.execute(sa.text("UPDATE streets SET name = :name WHERE name = 'Tulpstraat'"),
                       {"name": '=HYPERLINK("http://evil.example","Tulpstraat")'})
    db.session.execute(sa.text("UPDATE streets SET name = '@SUM(1+1)' WHERE name = 'Molenweg'"))
    db.session.execute(sa.text("UPDATE buurten SET name = '-2+3' WHERE code = :code"),
                       {"code": CODE})
    raw = coordinator.get("/plan/export/straten.csv", query_string=FILTER).data
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    names = {r["straat"] for r in rows}
    assert "'=HYPERLINK(\"http://evil.example\",\"Tulpstraat\")" in names
    assert "'@SUM(1+1)" in names
    assert {r["buurt"] for r in rows} == {"'-2+3"}
    # Numbers stay numbers: no quote before a count or a decimal.
    assert all(re.fullmatch(r"\d+(,\d)?", r["lengte_m"]) for r in rows)


@pytest.mark.parametrize("level", ["buurten", "straten"])
def test_geojson_export_is_a_valid_feature_collection(plan_town, coordinator, level):
    from shapely.geometry import shape

    response = coordinator.get(f"/plan/export/{level}.geojson", query_string=FILTER)
    assert response.mimetype == "application/geo+json"
    body = json.loads(response.data)
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == (1 if level == "buurten" else 3)
    for feature in body["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.is_valid and not geometry.is_empty
        assert 5.09 < geometry.centroid.x < 5.11 and 52.04 < geometry.centroid.y < 52.06
    if level == "buurten":
        assert body["features"][0]["properties"]["dekking_deuren"] == pytest.approx(0.15)


def test_export_of_one_buurt_and_unknown_format(plan_town, coordinator):
    assert coordinator.get(f"/plan/export/straten.csv?buurt={CODE}").status_code == 200
    assert coordinator.get("/plan/export/straten.xlsx").status_code == 404
    assert coordinator.get("/plan/export/straten.csv?buurt=BU00000000").status_code == 404


def test_privacy_check_would_catch_a_point(plan_town):
    """The check above finds a contact's point written either way round."""
    [pattern] = point_patterns([(5.0964321, 52.0491357)])[1:2]
    assert pattern.search('"coordinates": [5.09643, 52.04914]')
    assert pattern.search("L.circleMarker([52.04914, 5.09643]")
    assert not pattern.search("[5.09643, 52.05112]")
