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


# --- Coverage classes, legends, tooltips, doors and RFC 7946 (issue 11) --------------

from outreach.services.coverage import CoverageClass  # noqa: E402
from tests.plan_town import add_door_spellings, make_coverage_town  # noqa: E402

_LEGEND_LABELS = {
    "niets_bezocht": "niets bezocht", "andere_rondes": "alleen andere soort ronde",
    "bereik": "bereikt bij koffieplek of op straat",
    "deuren_0_25": "aan de deur: minder dan 25%", "deuren_25_50": "aan de deur: 25–50%",
    "deuren_50_75": "aan de deur: 50–75%", "deuren_75_100": "aan de deur: 75% of meer",
    "geen_straten": "geen straten bekend"}
_JSON_TEXT = r'"((?:[^"\\]|\\.)*)"'
# On the city map only buurten carry a link (to their page).
_BUURT_FEATURE = re.compile(
    rf'"cls": "(\w+)", "color": "(#\w+)", "link": {_JSON_TEXT}, "tip": {_JSON_TEXT}')


@pytest.fixture()
def coverage_town(db, users):
    return make_coverage_town(users["veldwerker"])


def _legend(html: str, layer: str) -> dict[str, tuple[str, str]]:
    """The legend entries of LAYER in the page: class -> (label, swatch colour)."""
    section = re.search(rf'<section class="legend-layer[^"]*" data-layer="{layer}">(.*?)'
                        r"</section>", html, re.S).group(1)
    entries = re.findall(r'<li data-class="(\w+)"[^>]*><span class="swatch [^"]*'
                         rf'swatch-(\d+)-{layer}"></span>([^<]*)</li>', section)
    colors = dict(re.findall(rf"\.swatch-(\d+)-{layer} {{ --swatch: (#\w+); }}", html))
    return {cls: (label.strip(), colors[index]) for cls, index, label in entries}


def _buurt_features(html: str) -> list[tuple[str, str, str]]:
    """(class, colour, tooltip text) of every buurt drawn on the city choropleth."""
    found = []
    for cls, color, _link, tip in _BUURT_FEATURE.findall(html):
        found.append((cls, color, json.loads(f'"{tip}"')))
    return found


@pytest.mark.parametrize("soort", ["", "bloemen", "koffie", "anders"])
def test_classes_legend_and_tooltips_agree(coverage_town, coordinator, soort):
    html = coordinator.get("/plan", query_string={**FILTER, "soort": soort}).get_data(
        as_text=True)
    legend = _legend(html, "dekking")
    features = _buurt_features(html)
    assert len(features) == 4
    # The legend names every class drawn, and only those, in the colours drawn.
    assert set(legend) == {cls for cls, _color, _tip in features}
    for cls, color, tip in features:
        label, legend_color = legend[cls]
        assert label == _LEGEND_LABELS[cls]
        assert color == legend_color
        assert tip.split("<br>")[1] == label, tip  # the tooltip says its class first
    by_name = {re.match(r"<b>(.*?)</b>", tip).group(1): (cls, tip) for cls, _c, tip in features}
    expected = {"": ("deuren_0_25", "bereik"), "bloemen": ("deuren_0_25", "andere_rondes"),
                "koffie": ("andere_rondes", "bereik"),
                "anders": ("andere_rondes", "andere_rondes")}[soort]
    assert (by_name["Testbuurt"][0], by_name["Koffiebuurt"][0]) == expected
    assert by_name["Stillebuurt"][0] == "niets_bezocht"
    assert by_name["Leegbuurt"][0] == "geen_straten"
    if soort in ("", "koffie"):
        tip = by_name["Koffiebuurt"][1]
        assert "Koffieplek: 6 bezoekers, 4 gesprekken" in tip
        assert "Bezoekers wonen in 2 bekende straten" in tip
        assert "Deuren bereikt: 0 van 10 (0%)" in tip
        assert "Straten bezocht: 0 van 2 (0%)" in tip
    if soort == "":
        assert "Deuren bereikt: 3 van 20 (15%)" in by_name["Testbuurt"][1]


def test_koffie_filter_legend_names_only_the_classes_drawn(coverage_town, coordinator):
    html = coordinator.get("/plan", query_string={**FILTER, "soort": "koffie"}).get_data(
        as_text=True)
    assert [label for label, _color in _legend(html, "dekking").values()] == [
        "niets bezocht", "alleen andere soort ronde", "bereikt bij koffieplek of op straat",
        "geen straten bekend"]
    assert "Alleen rondes van de gekozen soort tellen mee." in html
    streets = _legend(html, "straten")
    # Kerkpad and Schoolstraat: residents came to the coffee spot; Tulpstraat and
    # Rozenlaan were walked by the bloemen round; Molenweg and Stilleweg never.
    assert list(streets) == ["nooit", "andere_rondes", "via_koffieplek"]
    assert streets["andere_rondes"][0] == "alleen andere soort ronde"


def test_unlisted_numbers_are_shown_on_the_map_the_buurt_page_and_in_exports(
        coverage_town, coordinator):
    add_door_spellings(coverage_town.plan_town)
    html = coordinator.get("/plan", query_string=FILTER).get_data(as_text=True)
    [tip] = [t for _c, _col, t in _buurt_features(html) if t.startswith("<b>Testbuurt")]
    assert "Deuren bereikt: 4 van 21 (19%)" in tip
    assert "3 nummers niet in de adressenlijst" in tip
    page = coordinator.get(f"/plan/buurt/{CODE}", query_string=FILTER).get_data(as_text=True)
    assert "3 nummers niet in de adressenlijst" in page
    table = page[page.index('class="table street-table"'):]
    row = re.search(r"<tr>\s*<td>Tulpstraat</td>(.*?)</tr>", table, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    # Laatste bezoek, contacten, gesprekken, deuren bereikt, niet in lijst, bezoekers, vragen
    assert cells[1:] == ["10", "1", "4 van 21", "3", "0", "0"]
    raw = coordinator.get("/plan/export/straten.csv", query_string=FILTER).data
    rows = {r["straat"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")),
                                                   delimiter=";")}
    assert (rows["Tulpstraat"]["deuren"], rows["Tulpstraat"]["deuren_bezocht"],
            rows["Tulpstraat"]["nummers_niet_in_adressenlijst"]) == ("21", "4", "3")
    assert rows["Kerkpad"]["koffieplek_bezoekers"] == "2"
    assert rows["Kerkpad"]["bezoekklasse"] == "via_koffieplek"


def test_buurt_csv_lists_every_buurt_with_its_class_zero_rows_included(coverage_town,
                                                                        coordinator):
    raw = coordinator.get("/plan/export/buurten.csv",
                          query_string={**FILTER, "soort": "koffie"}).data
    rows = {r["buurt"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")),
                                                  delimiter=";")}
    assert list(rows) == ["Koffiebuurt", "Leegbuurt", "Stillebuurt", "Testbuurt"]
    assert {name: r["dekkingsklasse"] for name, r in rows.items()} == {
        "Koffiebuurt": "bereik", "Leegbuurt": "geen_straten", "Stillebuurt": "niets_bezocht",
        "Testbuurt": "andere_rondes"}
    coffee = rows["Koffiebuurt"]
    assert (coffee["koffieplek_bezoekers"], coffee["koffieplek_gesprekken"],
            coffee["straten_van_bezoekers"], coffee["contacten_aan_deur"]) == ("6", "4", "2", "0")
    empty = rows["Leegbuurt"]
    assert (empty["straten"], empty["deuren"], empty["contacten"], empty["dekking_deuren_pct"]
            ) == ("0", "0", "0", "")


@pytest.mark.parametrize("level", ["buurten", "straten"])
@pytest.mark.parametrize("soort", ["", "koffie"])
def test_every_geojson_export_is_rfc_7946(coverage_town, coordinator, level, soort):
    import shapely
    from shapely.geometry import shape

    response = coordinator.get(f"/plan/export/{level}.geojson",
                               query_string={**FILTER, "soort": soort})
    assert response.headers["Content-Type"] == "application/geo+json"
    body = json.loads(response.data)
    assert "crs" not in body and all("crs" not in f for f in body["features"])
    polygons = 0
    for feature in body["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        for lon, lat in shapely.get_coordinates(geometry):  # lon/lat, not lat/lon
            assert 5.09 < lon < 5.12 and 52.04 < lat < 52.07
        for polygon in getattr(geometry, "geoms", [geometry]):
            if polygon.geom_type != "Polygon":
                continue
            polygons += 1
            assert shapely.is_ccw(polygon.exterior), feature["properties"]
            assert all(not shapely.is_ccw(hole) for hole in polygon.interiors)
    if level == "buurten":
        assert polygons == 4
        coffee = next(f for f in body["features"] if f["properties"]["buurt"] == "Koffiebuurt")
        assert len(coffee["geometry"]["coordinates"][0]) == 2  # the pond is still a hole
        assert coffee["properties"]["dekkingsklasse"] == "bereik"


def test_map_geometry_is_oriented_as_the_exports(coverage_town):
    """The stored outline is clockwise; the maps' outlines (cached for the city, made for
    one buurt) come out counter-clockwise like the exports."""
    import shapely
    from geoalchemy2.shape import to_shape
    from shapely.geometry import shape

    from outreach.services.coverage import BUURT_GEOMETRY, CITY_GEOMETRY, buurt_coverage

    coffee = coverage_town.coffee_buurt
    assert not shapely.is_ccw(to_shape(coffee.geom).geoms[0].exterior)  # as meant
    city = {b.id: b.geometry for b in buurt_coverage(PERIOD, geometry=CITY_GEOMETRY)}
    [one] = buurt_coverage(PERIOD, buurt_id=coffee.id, geometry=BUURT_GEOMETRY)
    for geometry in (city[coffee.id], one.geometry):
        # Simplifying writes a one-part MultiPolygon as a Polygon.
        [polygon] = getattr(shape(geometry), "geoms", [shape(geometry)])
        assert shapely.is_ccw(polygon.exterior)
        assert [shapely.is_ccw(hole) for hole in polygon.interiors] == [False]


@pytest.mark.parametrize("level", ["buurten", "straten"])
def test_csv_has_exactly_one_charset(plan_town, coordinator, level):
    response = coordinator.get(f"/plan/export/{level}.csv", query_string=FILTER)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_export_file_takes_a_charset_off_once_and_refuses_another():
    from outreach.services.coverage_export import ExportFile

    assert ExportFile("a.csv", "text/csv; charset=UTF-8", b"").mimetype == "text/csv"
    assert ExportFile("a.csv", "text/csv", b"").mimetype == "text/csv"
    with pytest.raises(ValueError):
        ExportFile("a.csv", "text/csv; charset=latin-1", b"")


def test_buurt_page_with_the_koffie_filter_shows_reach(coverage_town, coordinator):
    html = coordinator.get("/plan/buurt/BU99990002",
                           query_string={**FILTER, "soort": "koffie"}).get_data(as_text=True)
    figures = html[html.index("Onze cijfers"):html.index("Kerncijfers CBS")]
    assert "bereikt bij koffieplek of op straat" in figures
    assert "6 bezoekers, 4 gesprekken" in figures
    assert "wonen in 2 bekende straten" in figures
    assert "0 van 10" in figures  # doors of Kerkpad, none knocked
    assert "niets bezocht" not in figures
    assert CoverageClass.bereik.value in figures  # the swatch's class
