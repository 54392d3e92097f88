import pytest

from geo.addresses import (
    HouseNumber,
    normalise_postcode,
    parse_house_number,
    read_address,
)


@pytest.mark.parametrize("text, parsed", [
    ("12", HouseNumber(12)),
    (12, HouseNumber(12)),
    ("12a", HouseNumber(12, "A")),
    ("12 a", HouseNumber(12, "A")),
    ("37A", HouseNumber(37, "A")),
    ("12-2", HouseNumber(12, None, "2")),
    ("66-H", HouseNumber(66, None, "H")),
    ("12a-2", HouseNumber(12, "A", "2")),
    ("12/3", HouseNumber(12, None, "3")),
    ("12bis", HouseNumber(12, None, "bis")),
    ("12 hs", HouseNumber(12, None, "hs")),
    (" 7 ", HouseNumber(7)),
])
def test_house_numbers_are_split_as_bag_does(text, parsed):
    assert parse_house_number(text) == parsed


@pytest.mark.parametrize("text", ["", "abc", "0", 0, -4, "12;14", "a12", None, True])
def test_what_is_not_a_house_number(text):
    assert parse_house_number(text) is None


def test_house_number_label_and_order():
    assert HouseNumber(12, "A", "2").label() == "12A-2"
    numbers = [HouseNumber(12, None, "2"), HouseNumber(2), HouseNumber(12, "A"), HouseNumber(12)]
    assert [h.label() for h in sorted(numbers, key=HouseNumber.sort_key)] == [
        "2", "12", "12-2", "12A"]


@pytest.mark.parametrize("text, normal", [
    ("1097 ez", "1097EZ"), ("1097EZ", "1097EZ"), ("  ", None), (None, None), ("B-1000", "B-1000"),
])
def test_postcodes(text, normal):
    assert normalise_postcode(text) == normal


def test_bag_address():
    record = read_address({
        "nummeraanduiding_id": "0363200000039881", "straatnaam": "Barentszplein",
        "huisnummer": 1, "huisletter": None, "toevoeging": "H", "postcode": "1013NJ"})
    assert record.source_key == "bag:0363200000039881"
    assert record.street_name == "Barentszplein"
    assert record.house == HouseNumber(1, None, "H")
    assert record.postcode == "1013NJ"


def test_bag_letter_is_upper_case():
    record = read_address({"nummeraanduiding_id": "1", "straatnaam": "X", "huisnummer": 3,
                           "huisletter": "b"})
    assert record.house == HouseNumber(3, "B")


@pytest.mark.parametrize("properties, feature_id, key", [
    ({"addr:street": "Kruislaan", "addr:housenumber": "12a", "osm_type": "node",
      "osm_id": 42}, None, "osm:node/42"),
    ({"street": "Kruislaan", "housenumber": "66-H", "osm_type": "node", "osm_id": 2830233030},
     None, "osm:node/2830233030"),
    ({"addr:street": "Kruislaan", "addr:housenumber": "12", "@id": "way/7"}, None, "osm:way/7"),
    ({"addr:street": "Kruislaan", "addr:housenumber": "12"}, "node/9", "osm:node/9"),
    ({"addr:street": "Kruislaan", "addr:housenumber": "12-2", "addr:postcode": "1098 sm"},
     None, "adres:1098sm:12-2"),
    ({"addr:street": "Kruislaan", "addr:housenumber": "12"}, 17, "adres:kruislaan:12"),
])
def test_osm_addresses_and_their_keys(properties, feature_id, key):
    assert read_address(properties, feature_id).source_key == key


def test_osm_house_number_is_split():
    record = read_address({"street": "Zwaardemakerstraat", "housenumber": "66-H",
                           "postcode": "1098SL", "osm_type": "node", "osm_id": 1})
    assert record.house == HouseNumber(66, None, "H")


@pytest.mark.parametrize("properties, reason", [
    ({"housenumber": "12"}, "geen straatnaam"),
    ({"street": "Kruislaan"}, "geen bruikbaar huisnummer"),
    ({"street": "Kruislaan", "housenumber": "12;14"}, "geen bruikbaar huisnummer"),
])
def test_unusable_addresses_say_why(properties, reason):
    assert read_address(properties) == reason
