"""Streets and addresses for Amsterdam: cut by buurt, linked, derived where no lines exist."""

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from outreach.services import imports

BUURTEN = "amsterdam_buurten_gemeente2015.geojson"
STREETS = "amsterdam_watergraafsmeer_streets_osm.geojson"
OSM_ADDRESSES = "amsterdam_watergraafsmeer_addresses_osm.geojson"
BAG_ADDRESSES = "amsterdam_westelijke_eilanden_addresses_bag.geojson"
BAG_PER_BUURT = {"BU03630500": 144, "BU03630503": 483, "BU03631201": 260, "BU03631300": 1017}


@pytest.fixture()
def amsterdam(db, shared_data):
    """Amsterdam's 479 buurten with a CBS code, imported as a municipality would."""
    imports.run_import("buurten", (shared_data / BUURTEN).read_bytes(),
                       code_field="cbs_bu_code", name_field="buurt_naam")
    return shared_data


def _invoke(runner, command: str, path: Path) -> str:
    result = runner.invoke(args=["outreach", command, str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def _rows(db, sql: str, **params):
    return db.session.execute(text(sql), params).all()


def _streets(db) -> dict:
    return {(code, name): (length, derived, ids) for code, name, length, derived, ids in _rows(
        db, "SELECT b.code, s.name, s.length_m, s.derived, s.source_ids "
            "FROM streets s JOIN buurten b ON b.id = s.buurt_id")}


def test_osm_streets_are_cut_into_one_row_per_name_and_buurt(db, runner, amsterdam):
    output = _invoke(runner, "import-streets", amsterdam / STREETS)

    assert "13 nieuw, 0 bijgewerkt, 0 ongewijzigd" in output
    streets = _streets(db)
    assert len(streets) == 13
    kruislaan = {code for code, name in streets if name == "Kruislaan"}
    assert kruislaan == {"BU03635506", "BU03635507", "BU03635701", "BU03635702"}
    assert Counter(code for code, _ in streets) == {
        "BU03635506": 5, "BU03635507": 3, "BU03635701": 2, "BU03635505": 1,
        "BU03635700": 1, "BU03635702": 1}
    assert streets[("BU03635506", "Von Liebigweg")][2] == [
        7047126, 7047491, 74171016, 74171236, 74171276]
    assert not any(derived for _, derived, _ in streets.values())
    valid = _rows(db, "SELECT bool_and(ST_IsValid(geom)), bool_and(NOT ST_IsEmpty(geom)), "
                      "min(GeometryType(geom)) FROM streets")
    assert valid == [(True, True, "MULTILINESTRING")]


def test_cut_streets_keep_the_length_of_their_lines_in_metres(db, runner, amsterdam):
    _invoke(runner, "import-streets", amsterdam / STREETS)
    features = json.loads((amsterdam / STREETS).read_text())["features"]
    source_length = dict(_rows(db, """
        SELECT u.name, sum(ST_Length(ST_GeomFromGeoJSON(u.g)::geography))
        FROM unnest(CAST(:names AS text[]), CAST(:g AS text[])) AS u(name, g)
        GROUP BY u.name""", names=[f["properties"]["name"] for f in features],
                                   g=[json.dumps(f["geometry"]) for f in features]))
    stored_length = Counter()
    for (_, name), (length, _, _) in _streets(db).items():
        stored_length[name] += length

    assert 700 < stored_length["Kruislaan"] < 850
    for name, length in source_length.items():
        # Only stubs under 5 m past a buurt boundary are left out (Fizeaustraat: 0.3 m).
        assert stored_length[name] == pytest.approx(length, abs=1.0), name


def test_second_street_import_changes_nothing(db, runner, amsterdam):
    _invoke(runner, "import-streets", amsterdam / STREETS)
    before = _rows(db, "SELECT id, updated_at, ST_AsEWKB(geom) FROM streets ORDER BY id")

    output = _invoke(runner, "import-streets", amsterdam / STREETS)

    assert "0 nieuw, 0 bijgewerkt, 13 ongewijzigd" in output
    assert _rows(db, "SELECT id, updated_at, ST_AsEWKB(geom) FROM streets ORDER BY id") == before


def test_unnamed_lines_and_lines_outside_buurten_are_skipped_and_counted(db, amsterdam):
    kruislaan = next(f for f in json.loads((amsterdam / STREETS).read_text())["features"]
                     if f["properties"]["osm_id"] == 7047089)
    lines = {"type": "FeatureCollection", "features": [
        {**kruislaan, "properties": {"STT_NAAM": "Kruislaan", "WVK_ID": 600}},  # NWB names
        {**kruislaan, "properties": {"highway": "cycleway"}},
        {"type": "Feature", "properties": {"name": "Herestraat"},
         "geometry": {"type": "LineString", "coordinates": [[6.566, 53.214], [6.567, 53.215]]}},
    ]}

    report = imports.run_import("streets", json.dumps(lines).encode())

    assert report.created == 2  # Kruislaan in the two buurten it crosses
    assert report.skipped == {"zonder straatnaam": 1, "buiten alle buurten in de database": 1}
    assert "overgeslagen, buiten alle buurten in de database: 1 (feature 3 (Herestraat))" in (
        report.lines())
    assert {tuple(ids) for _, _, ids in _streets(db).values()} == {(600,)}


def test_osm_addresses_link_to_the_osm_streets_of_their_buurt(db, runner, amsterdam):
    _invoke(runner, "import-streets", amsterdam / STREETS)
    output = _invoke(runner, "import-addresses", amsterdam / OSM_ADDRESSES)

    assert "66 nieuw, 0 bijgewerkt, 0 ongewijzigd" in output
    assert "afgeleide straten (lijn door de adressen): 0 nieuw" in output
    per_buurt = dict(_rows(db, "SELECT b.code, count(*) FROM addresses a "
                               "JOIN buurten b ON b.id = a.buurt_id GROUP BY b.code"))
    assert per_buurt == {"BU03635506": 64, "BU03635507": 2}
    linked = dict(_rows(db, """
        SELECT s.name, count(*) FROM addresses a JOIN streets s ON s.id = a.street_id
        WHERE NOT s.derived AND s.buurt_id = a.buurt_id AND s.name = a.street_name
        GROUP BY s.name"""))
    assert linked == {"Von Liebigweg": 27, "Zwaardemakerstraat": 27, "Fizeaustraat": 10,
                      "Darwinplantsoen": 2}
    split = dict(_rows(db, "SELECT source_key, (house_number, house_letter, addition)::text "
                           "FROM addresses"))
    assert "(66,,H)" in split.values() and "(37,A,)" in split.values()
    assert all(key.startswith("osm:node/") for key in split)


def test_bag_addresses_without_street_lines_derive_their_streets(db, runner, amsterdam):
    output = _invoke(runner, "import-addresses", amsterdam / BAG_ADDRESSES)

    assert "1904 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 hersteld, 0 overgeslagen" in output
    assert "afgeleide straten (lijn door de adressen): 31 nieuw" in output
    per_buurt = dict(_rows(db, "SELECT b.code, count(*) FROM addresses a "
                               "JOIN buurten b ON b.id = a.buurt_id GROUP BY b.code"))
    assert per_buurt == BAG_PER_BUURT
    streets = _streets(db)
    assert all(derived for _, derived, _ in streets.values())
    assert len({name for _, name in streets}) == 27  # every street name of the file
    unlinked = _rows(db, "SELECT count(*) FROM addresses a LEFT JOIN streets s "
                         "ON s.id = a.street_id WHERE s.id IS NULL OR s.name <> a.street_name "
                         "OR s.buurt_id <> a.buurt_id")
    assert unlinked == [(0,)]
    assert _rows(db, "SELECT bool_and(ST_IsValid(geom)) FROM streets") == [(True,)]
    # Prinseneiland has one door: a tiny line, still valid.
    length, _, _ = streets[("BU03630503", "Prinseneiland")]
    assert 0 < length < 2
    key = _rows(db, "SELECT source_key, house_number, addition FROM addresses "
                    "WHERE source_key = 'bag:0363200000039881'")
    assert key == [("bag:0363200000039881", 1, "H")]


def test_second_address_import_changes_nothing(db, runner, amsterdam):
    _invoke(runner, "import-addresses", amsterdam / BAG_ADDRESSES)
    before = _rows(db, "SELECT id, updated_at, ST_AsEWKB(geom) FROM streets ORDER BY id")

    output = _invoke(runner, "import-addresses", amsterdam / BAG_ADDRESSES)

    assert "0 nieuw, 0 bijgewerkt, 1904 ongewijzigd" in output
    assert "afgeleide straten (lijn door de adressen): 0 nieuw, 0 bijgewerkt, 31 ongewijzigd" in (
        output)
    assert _rows(db, "SELECT id, updated_at, ST_AsEWKB(geom) FROM streets ORDER BY id") == before


def test_more_addresses_update_derived_streets_instead_of_duplicating(db, amsterdam):
    source = json.loads((amsterdam / BAG_ADDRESSES).read_text())
    half = {**source, "features": source["features"][::2]}
    imports.run_import("addresses", json.dumps(half).encode())
    ids_before = dict(_rows(db, "SELECT name || '@' || buurt_id, id FROM streets"))

    report = imports.run_import("addresses", json.dumps(source).encode())

    assert report.created == 952 and report.unchanged == 952
    assert report.derived["updated"] > 0
    ids_after = dict(_rows(db, "SELECT name || '@' || buurt_id, id FROM streets"))
    assert len(ids_after) == 31
    assert all(ids_after[key] == street_id for key, street_id in ids_before.items())


def test_street_lines_replace_a_derived_street_and_keep_its_doors(db, amsterdam):
    imports.run_import("addresses", (amsterdam / BAG_ADDRESSES).read_bytes())
    street_id, doors = _rows(db, """
        SELECT s.id, count(a.id) FROM streets s JOIN addresses a ON a.street_id = s.id
        WHERE s.name = 'Zandhoek' GROUP BY s.id""")[0]
    ends = _rows(db, "SELECT ST_X(geom), ST_Y(geom) FROM addresses WHERE street_name = "
                     "'Zandhoek' ORDER BY house_number, source_key")
    line = {"type": "Feature", "properties": {"name": "Zandhoek", "osm_id": 7},
            "geometry": {"type": "LineString", "coordinates": [list(ends[0]), list(ends[-1])]}}

    report = imports.run_import("streets", json.dumps(line).encode())

    assert report.updated == 1 and report.created == 0
    assert _rows(db, "SELECT id, derived, source_ids FROM streets WHERE name = 'Zandhoek'") == [
        (street_id, False, [7])]
    assert _rows(db, "SELECT count(*) FROM addresses WHERE street_id = :s", s=street_id) == [
        (doors,)]
    again = imports.run_import("addresses", (amsterdam / BAG_ADDRESSES).read_bytes())
    assert again.updated == 0  # the doors stay on the real street; no derived line comes back
    assert _rows(db, "SELECT derived FROM streets WHERE name = 'Zandhoek'") == [(False,)]
