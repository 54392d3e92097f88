"""Reading address points from BAG and OpenStreetMap properties."""

import re
from dataclasses import dataclass

from .fields import first_text, text_value

STREET_FIELDS = ("straatnaam", "openbareruimtenaam", "addr:street", "street")
NUMBER_FIELDS = ("huisnummer", "addr:housenumber", "housenumber")
LETTER_FIELDS = ("huisletter",)
ADDITION_FIELDS = ("toevoeging", "huisnummertoevoeging")
POSTCODE_FIELDS = ("postcode", "addr:postcode")

# 12, 12a, 12 A, 12-2, 12-H, 12a-2, 12 bis, 12/3. A single letter is the huisletter;
# anything after '-', '/' or a longer word is the toevoeging (BAG's split).
_HOUSE_NUMBER = re.compile(
    r"^\s*(?P<number>\d{1,6})\s*(?P<letter>[A-Za-z](?![A-Za-z0-9]))?"
    r"\s*(?:[-/]\s*)?(?P<addition>[A-Za-z0-9]{1,8})?\s*$"
)
_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
MAX_SOURCE_KEY = 100


@dataclass(frozen=True)
class HouseNumber:
    """A Dutch house number split as BAG does: number, huisletter, toevoeging."""

    number: int
    letter: str | None = None
    addition: str | None = None

    def label(self) -> str:
        """As written on the door: 12, 12A, 12-2, 12A-2."""
        text = f"{self.number}{self.letter or ''}"
        return f"{text}-{self.addition}" if self.addition else text

    def sort_key(self) -> tuple:
        """Order along a street: number, then letter, then addition."""
        return (self.number, self.letter or "", self.addition or "")


def parse_house_number(text: object) -> HouseNumber | None:
    """Split '12', '12a', '12-2', '12a-2', '12 bis' into a HouseNumber; None if it is not one."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int):
        return HouseNumber(text) if text > 0 else None
    match = _HOUSE_NUMBER.match(str(text))
    if not match or int(match["number"]) <= 0:
        return None
    letter = match["letter"].upper() if match["letter"] else None
    return HouseNumber(int(match["number"]), letter, match["addition"] or None)


# What tells doors apart: the number and the letters and digits after it. '12a', '12 A',
# '12-A' and BAG's 12 + huisletter A are one door; '12-2' and 12 + toevoeging 2 another.
_NOT_OF_A_DOOR = re.compile(r"[^A-Za-z0-9]")


def door_key(number: int | None, suffix: str | None = None) -> str | None:
    """The door NUMBER and SUFFIX name, as '12:A' ('12:' without suffix); None without number.

    The database computes the same key as the generated column `door` of contacts and
    addresses (migration 0010, DOOR_SQL); tests/db/test_door_keys.py keeps them equal.
    """
    if number is None:
        return None
    return f"{number}:{_NOT_OF_A_DOOR.sub('', suffix or '').upper()}"


def normalise_postcode(text: str | None) -> str | None:
    """'1097 ez' -> '1097EZ'; anything that is not a Dutch postcode is kept trimmed."""
    if not text:
        return None
    match = _POSTCODE.match(text)
    return f"{match[1]}{match[2].upper()}" if match else (text.strip()[:10] or None)


@dataclass(frozen=True)
class AddressRecord:
    """An address as the import needs it, with a stable key for idempotent re-imports."""

    source_key: str
    street_name: str
    house: HouseNumber
    postcode: str | None


def _house(properties: dict) -> HouseNumber | None:
    raw = next((properties[f] for f in NUMBER_FIELDS if properties.get(f) is not None), None)
    house = parse_house_number(raw)
    if house is None:
        return None
    letter = first_text(properties, LETTER_FIELDS)
    addition = first_text(properties, ADDITION_FIELDS)
    if letter or addition:  # BAG delivers the parts separately
        house = HouseNumber(house.number, (letter or house.letter or "").upper() or None,
                            addition or house.addition)
    return house


def _osm_key(properties: dict, feature_id: object) -> str | None:
    kind, number = text_value(properties, "osm_type"), text_value(properties, "osm_id")
    if kind and number:
        return f"osm:{kind.lower()}/{number}"
    # osmtogeojson and Overpass turbo write "@id": "node/42", or the feature id "node/42".
    for candidate in (text_value(properties, "@id"), feature_id):
        if isinstance(candidate, str) and re.fullmatch(r"(node|way|relation)/\d+", candidate):
            return f"osm:{candidate}"
    return None


def source_key(properties: dict, feature_id: object, street: str, house: HouseNumber,
               postcode: str | None) -> str:
    """'bag:<nummeraanduiding_id>', 'osm:<type>/<id>', else 'adres:<postcode|street>:<nr>'."""
    bag_id = text_value(properties, "nummeraanduiding_id")
    if bag_id:
        return f"bag:{bag_id}"
    osm = _osm_key(properties, feature_id)
    if osm:
        return osm
    place = postcode or street
    return f"adres:{place}:{house.label()}".lower()[:MAX_SOURCE_KEY]


def read_address(properties: dict, feature_id: object = None) -> AddressRecord | str:
    """An AddressRecord from BAG or OSM properties, or the Dutch reason why it is not one."""
    street = first_text(properties, STREET_FIELDS)
    if street is None:
        return "geen straatnaam"
    house = _house(properties)
    if house is None:
        return "geen bruikbaar huisnummer"
    postcode = normalise_postcode(first_text(properties, POSTCODE_FIELDS))
    key = source_key(properties, feature_id, street, house, postcode)
    return AddressRecord(key, street, house, postcode)
