import json

import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape

from geo.repair import describe_invalidity, polygonal_parts, repair_polygonal

SQUARE = Polygon([(0, 0), (2, 0), (2, 2), (0, 2)])
BOWTIE = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
# A square with a spike: make_valid turns it into a polygon plus a dangling line.
SPIKE = Polygon([(0, 0), (4, 0), (4, 4), (2, 4), (2, 6), (2, 4), (0, 4)])


def test_valid_polygon_comes_back_as_multipolygon_without_reason():
    repair = repair_polygonal(SQUARE)
    assert isinstance(repair.geometry, MultiPolygon)
    assert repair.geometry.equals(SQUARE)
    assert repair.reason is None and not repair.repaired


def test_bowtie_is_repaired_and_the_reason_says_where():
    repair = repair_polygonal(BOWTIE)
    assert repair.repaired
    assert repair.geometry.is_valid
    assert repair.geometry.area == pytest.approx(2.0)
    assert repair.reason == "zelfdoorsnijding bij 1.000000, 1.000000"


def test_repair_keeps_only_the_polygonal_parts():
    repair = repair_polygonal(SPIKE)
    assert repair.repaired
    assert isinstance(repair.geometry, MultiPolygon)
    assert repair.geometry.area == pytest.approx(16.0)


@pytest.mark.parametrize("geometry", [LineString([(0, 0), (1, 1)]), Point(1, 1)])
def test_nothing_polygonal_is_not_a_buurt(geometry):
    repair = repair_polygonal(geometry)
    assert repair.geometry is None and not repair.repaired
    assert "geen vlak" in repair.reason


def test_collapsed_polygon_is_reported_not_silently_dropped():
    flat = Polygon([(0, 0), (1, 1), (2, 2), (0, 0)])
    repair = repair_polygonal(flat)
    assert repair.geometry is None
    assert "na herstel bleef geen vlak over" in repair.reason


def test_unknown_geos_reasons_are_passed_on():
    assert describe_invalidity(SQUARE) == "Valid Geometry"


def test_polygonal_parts_digs_into_collections():
    assert len(polygonal_parts(MultiPolygon([SQUARE, Polygon([(5, 5), (6, 5), (6, 6)])]))) == 2


def test_rotterdam_invalid_buurten_are_repaired_without_losing_area(shared_data):
    features = json.loads((shared_data / "rotterdam_buurten_cbs.geojson").read_text())["features"]
    invalid = [(f["properties"]["bu_code"], shape(f["geometry"])) for f in features
               if not shape(f["geometry"]).is_valid]
    assert len(invalid) == 8
    for code, geometry in invalid:
        repair = repair_polygonal(geometry)
        assert repair.repaired and repair.geometry.is_valid, code
        assert repair.reason.startswith("zelfdoorsnijding bij"), code
        assert repair.geometry.area == pytest.approx(geometry.area, rel=1e-6), code
