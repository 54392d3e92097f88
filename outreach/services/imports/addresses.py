"""Importing address points: placed in their buurt, linked to their street, streets derived."""

from collections import defaultdict
from dataclasses import dataclass

import shapely
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import text

from geo.addresses import AddressRecord, HouseNumber, read_address
from geo.streets import line_through, walking_order

from ...extensions import db
from .report import ImportReport
from .source import Source, refuse_if_nothing, refuse_outside_buurten, to_wgs84
from .street_store import StreetRow, upsert_streets

NAME_LENGTH, LETTER_LENGTH, ADDITION_LENGTH = 200, 10, 20  # the column sizes


@dataclass
class Placed:
    """An address with its point in WGS84 and the buurt that holds it."""

    record: AddressRecord
    point: Point
    buurt_id: int


def _point(geometry: BaseGeometry) -> Point | None:
    if isinstance(geometry, Point):
        return geometry
    if isinstance(geometry, MultiPoint) and len(geometry.geoms) == 1:
        return geometry.geoms[0]
    return None


def _read(source: Source, report: ImportReport) -> list[tuple[AddressRecord, Point]]:
    found, seen = [], set()
    for feature in source.collection.features:
        example = f"feature {feature.number}"
        if feature.geometry is None:
            report.skip(feature.problem, example)
            continue
        point = _point(feature.geometry)
        record = read_address(feature.properties, feature.id)
        if point is None:
            report.skip("geen punt (Point)", example)
        elif isinstance(record, str):
            report.skip(record, example)
        elif record.source_key in seen:
            report.skip("adres komt vaker voor in het bestand (eerste gebruikt)",
                        record.source_key)
        else:
            seen.add(record.source_key)
            found.append((record, point))
    return found


# On a shared boundary a point touches two buurten; the lowest id takes it, every time.
_LOCATE = text("""
    SELECT u.n, b.id
    FROM unnest(CAST(:wkb AS bytea[])) WITH ORDINALITY AS u(wkb, n)
    CROSS JOIN LATERAL (
        SELECT id FROM buurten
        WHERE ST_Intersects(buurten.geom, ST_GeomFromWKB(u.wkb, 4326))
        ORDER BY id LIMIT 1
    ) AS b
""")


def _place(found: list, source: Source, report: ImportReport) -> list[Placed]:
    points = to_wgs84([point for _, point in found], source.srid)
    wkbs = [bytes(w) for w in shapely.to_wkb(points)]
    buurt_of = dict(db.session.execute(_LOCATE, {"wkb": wkbs}).tuples().all())
    placed = []
    for position, ((record, _), point) in enumerate(zip(found, points, strict=True), start=1):
        if position in buurt_of:
            placed.append(Placed(record, point, buurt_of[position]))
        else:
            report.skip("buiten alle buurten in de database", record.source_key)
    return placed


_SOURCE = """
    WITH src AS (
        SELECT u.*, ST_GeomFromWKB(u.wkb, 4326) AS geom,
               (SELECT st.id FROM streets st
                WHERE st.buurt_id = u.buurt_id AND st.name = u.street_name) AS street_id
        FROM unnest(CAST(:key AS text[]), CAST(:buurt_id AS integer[]),
                    CAST(:street_name AS text[]), CAST(:number AS integer[]),
                    CAST(:letter AS text[]), CAST(:addition AS text[]),
                    CAST(:postcode AS text[]), CAST(:wkb AS bytea[]))
             AS u(key, buurt_id, street_name, number, letter, addition, postcode, wkb)
    )
"""
_UPDATE = text(_SOURCE + """
    UPDATE addresses AS a SET
        buurt_id = src.buurt_id, street_id = src.street_id, street_name = src.street_name,
        house_number = src.number, house_letter = src.letter, addition = src.addition,
        postcode = src.postcode, geom = src.geom
    FROM src
    WHERE a.source_key = src.key AND (
        a.buurt_id IS DISTINCT FROM src.buurt_id
        OR a.street_id IS DISTINCT FROM src.street_id
        OR a.street_name IS DISTINCT FROM src.street_name
        OR a.house_number IS DISTINCT FROM src.number
        OR a.house_letter IS DISTINCT FROM src.letter
        OR a.addition IS DISTINCT FROM src.addition
        OR a.postcode IS DISTINCT FROM src.postcode
        OR ST_AsEWKB(a.geom) IS DISTINCT FROM ST_AsEWKB(src.geom))
    RETURNING a.id
""")
_INSERT = text(_SOURCE + """
    INSERT INTO addresses (source_key, buurt_id, street_id, street_name, house_number,
                           house_letter, addition, postcode, geom)
    SELECT key, buurt_id, street_id, street_name, number, letter, addition, postcode, geom
    FROM src
    WHERE NOT EXISTS (SELECT 1 FROM addresses a WHERE a.source_key = src.key)
    RETURNING id
""")


def _upsert(placed: list[Placed], report: ImportReport) -> None:
    params = {
        "key": [p.record.source_key for p in placed],
        "buurt_id": [p.buurt_id for p in placed],
        "street_name": [p.record.street_name[:NAME_LENGTH] for p in placed],
        "number": [p.record.house.number for p in placed],
        "letter": [(p.record.house.letter or "")[:LETTER_LENGTH] or None for p in placed],
        "addition": [(p.record.house.addition or "")[:ADDITION_LENGTH] or None for p in placed],
        "postcode": [p.record.postcode for p in placed],
        "wkb": [bytes(w) for w in shapely.to_wkb([p.point for p in placed])],
    }
    report.updated = len(db.session.execute(_UPDATE, params).all())
    report.created = len(db.session.execute(_INSERT, params).all())
    report.unchanged = len(placed) - report.updated - report.created


_PAIRS = """
    WITH pairs AS (
        SELECT DISTINCT p.buurt_id, p.name
        FROM unnest(CAST(:buurt_id AS integer[]), CAST(:name AS text[])) AS p(buurt_id, name)
    )
"""
# Doors of every (buurt, name) of this file that has no real street line, from the whole
# table: a second address file for the same street extends the derived line, never forks it.
_DOORS = text(_PAIRS + """
    SELECT a.buurt_id, a.street_name, a.house_number, a.house_letter, a.addition,
           a.source_key, ST_X(a.geom) AS x, ST_Y(a.geom) AS y
    FROM addresses a
    JOIN pairs ON a.buurt_id = pairs.buurt_id AND a.street_name = pairs.name
    WHERE NOT EXISTS (SELECT 1 FROM streets s WHERE s.buurt_id = a.buurt_id
                                              AND s.name = a.street_name AND NOT s.derived)
""")
_LINK = text("""
    UPDATE addresses AS a SET street_id = s.id
    FROM streets s
    WHERE a.source_key = ANY(CAST(:keys AS text[]))
      AND s.buurt_id = a.buurt_id AND s.name = a.street_name
      AND a.street_id IS DISTINCT FROM s.id
""")


def _derive_streets(placed: list[Placed], report: ImportReport) -> None:
    pairs = {"buurt_id": [p.buurt_id for p in placed],
             "name": [p.record.street_name[:NAME_LENGTH] for p in placed]}
    doors = defaultdict(list)
    for door in db.session.execute(_DOORS, pairs).mappings():
        house = HouseNumber(door["house_number"], door["house_letter"], door["addition"])
        doors[(door["buurt_id"], door["street_name"])].append(
            # The source key only breaks ties between equal numbers, so the order is stable.
            ((*house.sort_key(), door["source_key"]), (door["x"], door["y"])))
    rows = []
    for (buurt_id, name), numbered in sorted(doors.items()):
        rows.append(StreetRow(buurt_id, name, line_through(walking_order(numbered)), []))
    report.derived = upsert_streets(rows, derived=True)
    db.session.execute(_LINK, {"keys": [p.record.source_key for p in placed]})


def import_addresses(source: Source, report: ImportReport) -> None:
    """Upsert the file's addresses by source key, derive missing streets; counts into REPORT."""
    found = _read(source, report)
    if not found:
        refuse_if_nothing(report, "adressen")
    placed = _place(found, source, report)
    if not placed:
        refuse_outside_buurten(report, "Geen enkel adres")
    _upsert(placed, report)
    _derive_streets(placed, report)
