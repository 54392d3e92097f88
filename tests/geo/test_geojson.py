import json

import pytest

from geo.errors import NoFeatures, NotGeoJSON
from geo.geojson import read_collection


def _collection(*features, **extra) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra}).encode()


def _point_feature(x=4.9, y=52.37, **properties):
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Point", "coordinates": [x, y]}}


@pytest.mark.parametrize("data, says", [
    (b"dit is geen json {", "geen geldige JSON"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b"[1, 2, 3]", "geen GeoJSON FeatureCollection of Feature .geen 'type'."),
    (b'{"type": "Topology", "objects": {}}', "type 'Topology'"),
    (b'{"type": "Point", "coordinates": [4.9, 52.3]}', "type 'Point'"),
    (b'{"type": "FeatureCollection", "features": {}}', "geen lijst 'features'"),
    (b'{"type": "FeatureCollection", "features": [NaN]}', "geen geldige JSON"),
])
def test_what_is_not_geojson_is_refused_with_the_reason(data, says):
    with pytest.raises(NotGeoJSON, match=says):
        read_collection(data)


def _nested_property(depth: int) -> bytes:
    return (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,'
            b' "properties": {"a": ' + b"[" * depth + b"]" * depth + b"}}]}")


@pytest.mark.parametrize("data", [
    b"[" * 100_000 + b"]" * 100_000,  # deeper than Python's json can recurse
    _nested_property(500),  # parses, but no GeoJSON nests like this
    _nested_property(29),  # one level over the limit (collection, list, feature, properties: 4)
])
def test_deeply_nested_json_is_refused_as_not_geojson(data):
    with pytest.raises(NotGeoJSON, match="dieper genest dan 32 niveaus"):
        read_collection(data)


def test_nesting_up_to_the_limit_is_read():
    collection = read_collection(_nested_property(28))
    assert len(collection.features) == 1


def test_empty_feature_collection_is_refused():
    with pytest.raises(NoFeatures, match="geen features"):
        read_collection(_collection())


def test_a_single_feature_is_a_collection_of_one():
    data = json.dumps(_point_feature(name="x")).encode()
    collection = read_collection(data)
    assert len(collection.features) == 1
    assert collection.property_names == ["name"]


def test_byte_order_mark_is_accepted():
    collection = read_collection(b"\xef\xbb\xbf" + _collection(_point_feature()))
    assert collection.features[0].geometry.x == pytest.approx(4.9)


def test_features_without_usable_geometry_carry_the_reason():
    broken = {"type": "Feature", "properties": {},
              "geometry": {"type": "Polygon", "coordinates": "x"}}
    no_geometry = {"type": "Feature", "properties": None, "geometry": None}
    collection = read_collection(_collection(broken, no_geometry, {"type": "Point"}))
    problems = [f.problem for f in collection.features]
    assert problems == ["geometrie onleesbaar", "geen geometrie", "geen GeoJSON-feature"]
    assert collection.bounds() is None


def test_3d_coordinates_become_2d_and_crs_member_is_kept():
    feature = {"type": "Feature", "properties": {"a": 1}, "id": "node/1",
               "geometry": {"type": "LineString", "coordinates": [[1, 2, 3], [4, 5, 6]]}}
    crs_member = {"type": "name", "properties": {"name": "EPSG:28992"}}
    collection = read_collection(_collection(feature, crs=crs_member))
    assert not collection.features[0].geometry.has_z
    assert collection.features[0].id == "node/1"
    assert collection.crs == crs_member
    assert collection.bounds() == (1.0, 2.0, 4.0, 5.0)
