"""Importing buurten from real CBS, PDOK and municipal files, through the CLI and the service."""

import json
from pathlib import Path

import pytest
from shapely.geometry import shape
from sqlalchemy import text

from outreach.models import AuditEvent
from outreach.services import imports

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROTTERDAM = "rotterdam_buurten_cbs.geojson"
ROTTERDAM_INVALID = {"BU05990454", "BU05990456", "BU05990660", "BU05990662", "BU05990842",
                     "BU05990841", "BU05991446", "BU05992308"}


def _import(runner, path: Path, *options: str):
    result = runner.invoke(args=["outreach", "import-buurten", str(path), *options])
    assert result.exit_code == 0, result.output
    return result.output


def _rows(db, sql: str, **params):
    return db.session.execute(text(sql), params).all()


def _snapshot(db, prefix: str) -> dict:
    return dict(_rows(db, "SELECT code, updated_at FROM buurten WHERE code LIKE :p", p=prefix))


def test_rotterdam_imports_92_buurten_and_repairs_the_8_invalid_ones(db, runner, shared_data):
    output = _import(runner, shared_data / ROTTERDAM)

    assert "92 nieuw, 0 bijgewerkt, 0 ongewijzigd, 8 hersteld, 0 overgeslagen" in output
    for code in ROTTERDAM_INVALID:
        assert f"hersteld: {code}" in output
    stored = _rows(db, "SELECT code, ST_IsValid(geom), GeometryType(geom), ST_SRID(geom) "
                       "FROM buurten WHERE gemeente_code = 'GM0599'")
    assert len(stored) == 92
    assert all(valid and kind == "MULTIPOLYGON" and srid == 4326
               for _, valid, kind, srid in stored)


def test_rotterdam_repair_keeps_the_area_of_each_invalid_buurt(db, runner, shared_data):
    _import(runner, shared_data / ROTTERDAM)
    features = json.loads((shared_data / ROTTERDAM).read_text())["features"]
    source_area = {f["properties"]["bu_code"]: shape(f["geometry"]).area for f in features}
    stored = dict(_rows(db, "SELECT code, ST_Area(geom) FROM buurten WHERE code = ANY(:c)",
                        c=list(ROTTERDAM_INVALID)))
    for code in ROTTERDAM_INVALID:
        assert stored[code] == pytest.approx(source_area[code], rel=1e-6)


def test_rotterdam_point_in_oud_mathenesse_is_found_there_by_postgis(db, runner, shared_data):
    _import(runner, shared_data / ROTTERDAM)
    features = json.loads((shared_data / ROTTERDAM).read_text())["features"]
    oud_mathenesse = next(f for f in features if f["properties"]["bu_code"] == "BU05990327")
    point = shape(oud_mathenesse["geometry"]).representative_point()

    found = _rows(db, "SELECT code, name FROM buurten "
                      "WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint(:x, :y), 4326))",
                  x=point.x, y=point.y)
    assert found == [("BU05990327", "Oud-Mathenesse")]


def test_rotterdam_key_figures_are_numbers_and_suppressed_ones_null(db, runner, shared_data):
    _import(runner, shared_data / ROTTERDAM)
    features = json.loads((shared_data / ROTTERDAM).read_text())["features"]
    suppressed = next(f["properties"] for f in features
                      if f["properties"]["gem_inkomen_per_inwoner_x1000"] is None)
    figures = dict(_rows(db, "SELECT code, key_figures FROM buurten WHERE gemeente_code='GM0599'"))

    stadsdriehoek = figures["BU05990110"]
    assert stadsdriehoek["aantal_inwoners"] == 13770
    assert stadsdriehoek["gem_inkomen_per_inwoner_x1000"] == 37.4
    assert all(isinstance(f["aantal_inwoners"], int) for f in figures.values())
    assert "gem_inkomen_per_inwoner_x1000" in figures[suppressed["bu_code"]]
    assert figures[suppressed["bu_code"]]["gem_inkomen_per_inwoner_x1000"] is None
    assert "bu_naam" not in stadsdriehoek and "gm_code" not in stadsdriehoek


def test_rotterdam_second_import_changes_nothing(db, runner, shared_data):
    _import(runner, shared_data / ROTTERDAM)
    before = _snapshot(db, "BU0599%")
    geometry_before = dict(_rows(db, "SELECT code, ST_AsEWKB(geom) FROM buurten"))

    output = _import(runner, shared_data / ROTTERDAM)

    assert "0 nieuw, 0 bijgewerkt, 92 ongewijzigd, 8 hersteld" in output
    assert _snapshot(db, "BU0599%") == before
    assert dict(_rows(db, "SELECT code, ST_AsEWKB(geom) FROM buurten")) == geometry_before


def test_import_writes_an_audit_event_with_the_counts(db, shared_data):
    report = imports.run_import("buurten", (shared_data / ROTTERDAM).read_bytes(),
                                source_name=ROTTERDAM)
    event = db.session.query(AuditEvent).filter_by(action="import.buurten").one()
    assert event.details["created"] == report.created == 92
    assert event.details["repaired"] == 8
    assert event.details["source"] == ROTTERDAM


def test_den_haag_without_names_uses_the_code_and_keeps_a_known_name(db, runner, shared_data,
                                                                     tmp_path):
    source = json.loads((shared_data / "denhaag_buurten_cbs2019_generalised.geojson").read_text())
    named = dict(source["features"][0])
    named["properties"] = {**named["properties"], "bu_naam": "Bouwlust"}
    first = tmp_path / "een_buurt.geojson"
    first.write_text(json.dumps({"type": "FeatureCollection", "features": [named]}))
    _import(runner, first)

    output = _import(runner, shared_data / "denhaag_buurten_cbs2019_generalised.geojson")

    assert "113 nieuw, 0 bijgewerkt, 1 ongewijzigd" in output
    names = dict(_rows(db, "SELECT code, name FROM buurten WHERE gemeente_code = 'GM0518'"))
    assert len(names) == 114
    assert names["BU05183387"] == "Bouwlust"
    assert names["BU05183620"] == "BU05183620"
    gemeente = _rows(db, "SELECT DISTINCT gemeente_name FROM buurten WHERE code LIKE 'BU0518%'")
    assert gemeente == [("'s-Gravenhage",)]


def test_amsterdam_with_own_code_and_name_fields_skips_rows_without_code(db, runner,
                                                                        shared_data):
    output = _import(runner, shared_data / "amsterdam_buurten_gemeente2015.geojson",
                     "--code-field", "cbs_bu_code", "--name-field", "buurt_naam")

    assert "479 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 hersteld, 2 overgeslagen" in output
    assert "overgeslagen, zonder buurtcode: 2" in output
    assert "Middeneiland Noordoost" in output and "Middeneiland Noordwest" in output
    count, = _rows(db, "SELECT count(*) FROM buurten WHERE code LIKE 'BU0363%'")
    assert count == (479,)
    row, = _rows(db, "SELECT name, wijk_code, wijk_name, gemeente_code FROM buurten "
                     "WHERE code = 'BU03630503'")
    # Amsterdam's own wijk_code (A05, a buurtcombinatie) is no CBS wijk code: not taken.
    assert row == ("Westelijke eilanden", None, None, "GM0363")


def test_amsterdam_without_code_field_is_refused_naming_its_fields(db, runner, shared_data):
    result = runner.invoke(args=["outreach", "import-buurten",
                                 str(shared_data / "amsterdam_buurten_gemeente2015.geojson")])
    assert result.exit_code == 1
    assert "Geen veld met de buurtcode gevonden" in result.output
    assert "cbs_bu_code" in result.output and "--code-field" in result.output


def test_baarn_pdok_fields_and_cbs_secret_codes_become_null(db, runner, shared_data):
    output = _import(runner, shared_data / "baarn_buurten_cbs2024.geojson")

    assert "21 nieuw" in output
    centrum, = _rows(db, "SELECT name, wijk_code, gemeente_code, gemeente_name, key_figures "
                         "FROM buurten WHERE code = 'BU03080000'")
    name, wijk, gemeente, gemeente_name, figures = centrum
    assert (name, wijk, gemeente, gemeente_name) == ("Centrum", "WK030800", "GM0308", "Baarn")
    assert figures["aantal_inwoners"] == 1825
    assert figures["aantal_huishoudens"] == 1075
    assert figures["gemiddelde_huishoudsgrootte"] == 1.7
    assert figures["geboorte_totaal"] is None  # -99995 in the file
    assert "meest_voorkomende_postcode" not in figures and "water" not in figures
    negative_codes, = _rows(db, """
        SELECT count(*) FROM buurten, jsonb_each(key_figures) AS f(k, v)
        WHERE code LIKE 'BU0308%'
          AND CASE WHEN jsonb_typeof(v) = 'number' THEN v::numeric END <= -99990""")
    assert negative_codes == (0,)
    nulls, = _rows(db, """
        SELECT count(*) FROM buurten, jsonb_each(key_figures) AS f(k, v)
        WHERE code LIKE 'BU0308%' AND jsonb_typeof(v) = 'null'""")
    assert nulls[0] == 3675 + 9  # every -99995 and -99997 in the file


def test_rd_new_file_gives_the_same_buurten_within_a_metre(db, runner, shared_data, tmp_path):
    wgs84 = shared_data / "baarn_buurten_cbs2024.geojson"
    _import(runner, wgs84)
    original = _rows(db, "SELECT code, ST_AsEWKB(geom) FROM buurten WHERE code LIKE 'BU0308%'")
    rd_file = tmp_path / "baarn_rd.geojson"
    rd_file.write_text(json.dumps(_in_rd(db, wgs84)))

    output = _import(runner, rd_file)

    assert "0 nieuw" in output and "21 bijgewerkt" in output
    distances = _rows(db, """
        SELECT b.code, ST_HausdorffDistance(ST_Transform(b.geom, 28992),
                                            ST_Transform(ST_GeomFromEWKB(o.geom), 28992))
        FROM buurten b
        JOIN unnest(CAST(:codes AS text[]), CAST(:geoms AS bytea[])) AS o(code, geom)
          ON o.code = b.code""",
                      codes=[c for c, _ in original], geoms=[bytes(g) for _, g in original])
    assert len(distances) == 21
    assert max(d for _, d in distances) < 1.0
    assert "0 nieuw, 0 bijgewerkt, 21 ongewijzigd" in _import(runner, rd_file)
    key_figures, = _rows(db, "SELECT key_figures->'aantal_inwoners' FROM buurten "
                             "WHERE code = 'BU03080000'")
    assert key_figures == (1825,)


def test_rd_file_without_crs_member_imports_with_srid_option(db, runner):
    result = runner.invoke(args=["outreach", "import-buurten",
                                 str(FIXTURES / "rd_without_crs.geojson"), "--srid", "28992"])
    assert result.exit_code == 0, result.output
    inside, = _rows(db, "SELECT ST_Contains(geom, ST_Transform(ST_SetSRID("
                        "ST_MakePoint(92250, 437250), 28992), 4326)) FROM buurten "
                        "WHERE code = 'BU99990005'")
    assert inside == (True,)


def test_small_file_reports_repaired_skipped_and_cleans_figures(db):
    report = imports.run_import("buurten", (FIXTURES / "buurten_small.geojson").read_bytes())

    assert (report.created, report.updated, report.repaired) == (2, 0, 1)
    assert report.skipped == {"zonder buurtcode": 1}
    assert "hersteld: BU99990002 Zuidhoek: zelfdoorsnijding bij 5.205000, 52.085000" in (
        report.lines())
    figures = dict(_rows(db, "SELECT code, key_figures FROM buurten WHERE code LIKE 'BU9999%'"))
    assert figures["BU99990001"] == {"AANT_INW": 1200, "AANT_HH": 540, "P_KOOPWON": 41.5,
                                     "GEBOORTE": None, "P_UITKMINAOW": None}
    assert figures["BU99990002"]["P_KOOPWON"] is None


def test_changed_file_updates_and_touches_updated_at_only_where_changed(db, tmp_path):
    data = json.loads((FIXTURES / "buurten_small.geojson").read_text())
    imports.run_import("buurten", json.dumps(data).encode())
    before = _snapshot(db, "BU9999%")
    data["features"][0]["properties"]["AANT_INW"] = 1250

    report = imports.run_import("buurten", json.dumps(data).encode())

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    after = _snapshot(db, "BU9999%")
    assert after["BU99990001"] > before["BU99990001"]
    assert after["BU99990002"] == before["BU99990002"]


def _in_rd(db, path: Path) -> dict:
    """The file's features with their geometry moved to RD New by PostGIS, with a crs member."""
    source = json.loads(path.read_text())
    geometries = [json.dumps(f["geometry"]) for f in source["features"]]
    moved = db.session.execute(text("""
        SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326), 28992), 3)
        FROM unnest(CAST(:g AS text[])) WITH ORDINALITY AS u(g, n) ORDER BY n"""),
                               {"g": geometries}).scalars().all()
    features = [{**f, "geometry": json.loads(m)} for f, m in zip(source["features"], moved,
                                                                   strict=True)]
    return {"type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
            "features": features}
