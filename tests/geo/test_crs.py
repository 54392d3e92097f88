import pytest

from geo import crs
from geo.errors import OutOfRange, UnsupportedCRS

ROTTERDAM_DEGREES = (4.40, 51.88, 4.55, 51.98)
ROTTERDAM_RD = (88_000.0, 432_000.0, 96_000.0, 440_000.0)


@pytest.mark.parametrize("value, srid", [
    (None, None),
    ("", None),
    (4326, 4326),
    ("28992", 28992),
    (" 28992 ", 28992),
    ("EPSG:28992", 28992),
    ("epsg:4326", 4326),
    ("urn:ogc:def:crs:EPSG::28992", 28992),
    ("urn:ogc:def:crs:EPSG:6.3:4326", 4326),
    ("http://www.opengis.net/def/crs/EPSG/0/28992", 28992),
    ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
    ("urn:ogc:def:crs:OGC::CRS84", 4326),
    ("CRS84", 4326),
])
def test_parse_srid_reads_every_common_spelling(value, srid):
    assert crs.parse_srid(value) == srid


@pytest.mark.parametrize("value, says", [
    (3857, "EPSG:3857 wordt niet ondersteund"),
    ("EPSG:31370", "EPSG:31370 wordt niet ondersteund"),
    ("urn:ogc:def:crs:EPSG::3857", "wordt niet ondersteund"),
    ("Amersfoort", "Onbekend coördinatenstelsel 'Amersfoort'"),
    (True, "geen EPSG-code"),
])
def test_parse_srid_refuses_what_it_cannot_place(value, says):
    with pytest.raises(UnsupportedCRS, match=says):
        crs.parse_srid(value)


@pytest.mark.parametrize("member, srid", [
    (None, None),
    ({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}, 28992),
    ({"type": "name", "properties": {"name": "EPSG:28992"}}, 28992),
    ({"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, 4326),
    ({"type": "EPSG", "properties": {"code": 28992}}, 28992),
])
def test_crs_member_forms(member, srid):
    assert crs.srid_from_member(member) == srid


def test_crs_member_of_a_kind_we_cannot_follow_is_refused():
    with pytest.raises(UnsupportedCRS, match="crs-lid"):
        crs.srid_from_member({"type": "link", "properties": {"href": "http://x/crs.prj"}})


def test_choose_crs_defaults_to_wgs84_and_says_why():
    choice = crs.choose_crs(None, None)
    assert choice.srid == 4326
    assert "standaard" in choice.source


def test_choose_crs_takes_the_file_or_the_given_srid():
    member = {"type": "name", "properties": {"name": "EPSG:28992"}}
    assert crs.choose_crs(member, None).srid == 28992
    assert crs.choose_crs(member, "EPSG:28992").srid == 28992
    assert crs.choose_crs(None, "28992").srid == 28992


def test_choose_crs_refuses_a_file_and_option_that_disagree():
    member = {"type": "name", "properties": {"name": "EPSG:4326"}}
    with pytest.raises(UnsupportedCRS, match="EPSG:4326.*EPSG:28992"):
        crs.choose_crs(member, 28992)


def test_check_range_accepts_coordinates_that_fit():
    crs.check_range(ROTTERDAM_DEGREES, crs.CrsChoice(4326, "x"))
    crs.check_range(ROTTERDAM_RD, crs.CrsChoice(28992, "x"))


def test_rd_coordinates_claiming_wgs84_are_refused_with_a_hint():
    choice = crs.choose_crs({"type": "name", "properties": {"name": "EPSG:4326"}}, None)
    with pytest.raises(OutOfRange) as refused:
        crs.check_range(ROTTERDAM_RD, choice)
    message = str(refused.value)
    assert "EPSG:4326" in message and "crs-lid" in message
    assert "EPSG:28992 (RD New)" in message and "--srid 28992" in message


def test_degrees_claiming_rd_are_refused_with_a_hint():
    with pytest.raises(OutOfRange, match="EPSG:4326 \\(WGS84\\)"):
        crs.check_range(ROTTERDAM_DEGREES, crs.CrsChoice(28992, "zoals opgegeven"))


def test_coordinates_that_fit_nowhere_get_no_hint():
    with pytest.raises(OutOfRange) as refused:
        crs.check_range((1e7, 1e7, 2e7, 2e7), crs.CrsChoice(4326, "x"))
    assert "lijken" not in str(refused.value)
