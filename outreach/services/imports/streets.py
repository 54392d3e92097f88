"""Importing street lines: grouped by name and cut by buurt in PostGIS, one Street per pair."""

import json
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import text

from geo.fields import STREET_ID_FIELDS, STREET_NAME_FIELDS, find_field, first_text
from geo.streets import line_parts

from ...extensions import db
from .report import ImportReport
from .source import Source, refuse_if_nothing, refuse_outside_buurten, to_wgs84
from .street_store import StreetRow, upsert_streets

NAME_LENGTH = 200
# Where a street ends on the street that forms a buurt boundary, a few metres of it poke
# into the next buurt; a "street" that short there has no doors and only clutters the plan.
MIN_PIECE_M = 5.0


@dataclass
class Line:
    """A named source line."""

    number: int
    name: str
    source_id: object
    geometry: BaseGeometry


def _source_id(properties: dict, feature_id: object) -> object:
    field = find_field(properties, STREET_ID_FIELDS)
    value = properties.get(field) if field else None
    value = feature_id if value is None else value
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None


def _read_lines(source: Source, report: ImportReport) -> list[Line]:
    lines = []
    for feature in source.collection.features:
        example = f"feature {feature.number}"
        if feature.geometry is None:
            report.skip(feature.problem, example)
            continue
        name = first_text(feature.properties, STREET_NAME_FIELDS)
        geometry = line_parts(feature.geometry)
        if name is None:
            report.skip("zonder straatnaam", example)
        elif geometry is None:
            report.skip("geen lijn (LineString of MultiLineString)", f"{example} ({name})")
        else:
            lines.append(Line(feature.number, name[:NAME_LENGTH],
                              _source_id(feature.properties, feature.id), geometry))
    return lines


# Each line is cut by every buurt it crosses; the pieces of one name in one buurt become one
# street, merged where they connect. Pieces along a boundary belong to both buurten.
_CUT = text("""
    WITH src AS (
        SELECT u.n, u.name, CAST(u.source_id AS jsonb) AS source_id,
               ST_GeomFromWKB(u.wkb, 4326) AS geom
        FROM unnest(CAST(:name AS text[]), CAST(:source_id AS text[]), CAST(:wkb AS bytea[]))
             WITH ORDINALITY AS u(name, source_id, wkb, n)
    ), pieces AS (
        SELECT src.n, src.name, src.source_id, b.id AS buurt_id, d.path, d.geom
        FROM src
        JOIN buurten b ON ST_Intersects(b.geom, src.geom)
        CROSS JOIN LATERAL ST_Dump(ST_CollectionExtract(ST_Intersection(src.geom, b.geom), 2)) d
    ), streets AS (
        SELECT buurt_id, name,
               COALESCE(jsonb_agg(DISTINCT source_id ORDER BY source_id)
                        FILTER (WHERE source_id IS NOT NULL), '[]'::jsonb) AS ids,
               ST_Multi(ST_LineMerge(ST_Collect(geom ORDER BY n, path))) AS geom,
               array_agg(DISTINCT n) AS lines
        FROM pieces
        GROUP BY buurt_id, name
    )
    SELECT buurt_id, name, ids, ST_AsBinary(geom) AS wkb, lines,
           ST_Length(geom::geography) >= :min_length AS kept
    FROM streets
    ORDER BY buurt_id, name
""")


def _cut(lines: list[Line], source: Source, report: ImportReport) -> list[StreetRow]:
    moved = to_wgs84([line.geometry for line in lines], source.srid)
    params = {
        "name": [line.name for line in lines],
        "source_id": [None if line.source_id is None else json.dumps(line.source_id)
                      for line in lines],
        "wkb": [bytes(w) for w in shapely.to_wkb(moved)],
        "min_length": MIN_PIECE_M,
    }
    rows, placed, stubs = [], set(), 0
    for result in db.session.execute(_CUT, params).mappings():
        if not result["kept"]:
            stubs += 1
            continue
        placed.update(result["lines"])
        rows.append(StreetRow(result["buurt_id"], result["name"],
                              shapely.from_wkb(bytes(result["wkb"])), result["ids"]))
    for position, line in enumerate(lines, start=1):
        if position not in placed:
            report.skip("buiten alle buurten in de database",
                        f"feature {line.number} ({line.name})")
    if stubs:
        report.notes.append(f"{stubs} stukjes straat korter dan {MIN_PIECE_M:g} m over een "
                            f"buurtgrens niet als straat opgenomen")
    return rows


def import_streets(source: Source, report: ImportReport) -> None:
    """Upsert one Street per (name, buurt) from the file's named lines; counts into REPORT."""
    lines = _read_lines(source, report)
    if not lines:
        refuse_if_nothing(report, "straatlijnen")
    rows = _cut(lines, source, report)
    if not rows:
        refuse_outside_buurten(report, "Geen enkele straat")
    counts = upsert_streets(rows, derived=False)
    report.created, report.updated, report.unchanged = (
        counts["created"], counts["updated"], counts["unchanged"])
