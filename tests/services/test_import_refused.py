"""Files an import must refuse: a clear Dutch message, a non-zero exit, and nothing changed."""

from pathlib import Path

import pytest
from sqlalchemy import text

from outreach.services import imports

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TABLES = ("buurten", "streets", "addresses", "audit_events")


def _counts(db) -> dict:
    return {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in TABLES}


@pytest.fixture()
def some_buurten(db):
    """Two buurten already in the database, so 'unchanged' means something."""
    imports.run_import("buurten", (FIXTURES / "buurten_small.geojson").read_bytes())
    return _counts(db)


@pytest.mark.parametrize("command, fixture, options, says", [
    ("import-buurten", "not_json.geojson", [], "geen geldige JSON"),
    ("import-buurten", "topojson.json", [],
     "wel JSON maar geen GeoJSON FeatureCollection of Feature (type 'Topology')"),
    ("import-buurten", "empty_collection.geojson", [], "bevat geen features"),
    ("import-buurten", "buurten_without_code.geojson", [],
     "Geen veld met de buurtcode gevonden"),
    ("import-buurten", "buurten_small.geojson", ["--code-field", "CBS_CODE"],
     "'CBS_CODE' komt in geen enkele feature voor"),
    ("import-buurten", "buurten_small.geojson", ["--name-field", "NAAM"],
     "'NAAM' komt in geen enkele feature voor"),
    ("import-buurten", "unknown_crs.geojson", [], "EPSG::3857 wordt niet ondersteund"),
    ("import-buurten", "rd_claiming_wgs84.geojson", [],
     "passen niet in EPSG:4326 (WGS84), volgens het crs-lid van het bestand"),
    ("import-buurten", "rd_without_crs.geojson", [], "--srid 28992"),
    ("import-buurten", "buurten_small.geojson", ["--srid", "3857"],
     "EPSG:3857 wordt niet ondersteund"),
    ("import-buurten", "buurten_small.geojson", ["--srid", "28992"],
     "Ze lijken in EPSG:4326 (WGS84) te staan"),
    ("import-streets", "not_json.geojson", [], "geen geldige JSON"),
    ("import-streets", "buurten_small.geojson", [], "geen bruikbare straatlijnen"),
    ("import-addresses", "empty_collection.geojson", [], "bevat geen features"),
    ("import-addresses", "buurten_small.geojson", [], "geen bruikbare adressen"),
])
def test_bad_file_is_refused_with_a_message_and_changes_nothing(
        db, runner, some_buurten, command, fixture, options, says):
    result = runner.invoke(args=["outreach", command, str(FIXTURES / fixture), *options])

    assert result.exit_code == 1
    assert says in result.stderr
    assert "Nothing was changed." in result.stderr or "niets gewijzigd" in result.stderr
    assert _counts(db) == some_buurten


def test_refusal_lists_why_every_feature_was_skipped(db):
    with pytest.raises(imports.ImportRefused) as refused:
        imports.run_import("streets", (FIXTURES / "buurten_small.geojson").read_bytes())
    assert refused.value.details == [
        "overgeslagen, zonder straatnaam: 3 (feature 1, feature 2, feature 3)"]


def test_streets_and_addresses_need_their_buurten_first(db, shared_data):
    for kind, name in [("streets", "amsterdam_watergraafsmeer_streets_osm.geojson"),
                       ("addresses", "amsterdam_watergraafsmeer_addresses_osm.geojson")]:
        with pytest.raises(imports.ImportRefused, match="Importeer eerst de buurten"):
            imports.run_import(kind, (shared_data / name).read_bytes())
    assert _counts(db) == dict.fromkeys(TABLES, 0)


def test_code_field_for_streets_is_refused(db):
    with pytest.raises(imports.ImportRefused, match="alleen bij buurten"):
        imports.run_import("streets", b"{}", code_field="x")


def test_unknown_kind_is_refused(db):
    with pytest.raises(imports.ImportRefused, match="Onbekende soort import 'wegen'"):
        imports.run_import("wegen", b"{}")


def test_failure_after_writing_rolls_everything_back(db, monkeypatch, some_buurten):
    def fail(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(imports, "record_event", fail)
    data = (FIXTURES / "buurten_small.geojson").read_bytes().replace(b"1200", b"1300")
    with pytest.raises(RuntimeError):
        imports.run_import("buurten", data)
    assert _counts(db) == some_buurten
    figures = db.session.scalar(text(
        "SELECT key_figures->'AANT_INW' FROM buurten WHERE code = 'BU99990001'"))
    assert figures == 1200
