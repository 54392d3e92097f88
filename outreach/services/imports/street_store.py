"""Writing Street rows (one per name and buurt) from lines already in WGS84."""

import json
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import text

from ...extensions import db
from ...models.base import utcnow


@dataclass
class StreetRow:
    """A street within one buurt, ready to store."""

    buurt_id: int
    name: str
    geometry: BaseGeometry  # LineString or MultiLineString, SRID 4326
    source_ids: list


_SOURCE = """
    WITH src AS (
        SELECT u.buurt_id, u.name, CAST(u.ids AS jsonb) AS ids,
               ST_Multi(ST_GeomFromWKB(u.wkb, 4326)) AS geom
        FROM unnest(CAST(:buurt_id AS integer[]), CAST(:name AS text[]), CAST(:ids AS text[]),
                    CAST(:wkb AS bytea[])) AS u(buurt_id, name, ids, wkb)
    )
"""
# Derived lines (drawn through doors) may replace derived lines only; real lines replace both.
_UPDATE = text(_SOURCE + """
    UPDATE streets AS s SET
        geom = src.geom,
        length_m = ST_Length(src.geom::geography),
        source_ids = src.ids,
        derived = CAST(:derived AS boolean),
        updated_at = :now
    FROM src
    WHERE s.buurt_id = src.buurt_id AND s.name = src.name
      AND (NOT CAST(:derived AS boolean) OR s.derived)
      AND (ST_AsEWKB(s.geom) IS DISTINCT FROM ST_AsEWKB(src.geom)
           OR s.source_ids IS DISTINCT FROM src.ids
           OR s.derived IS DISTINCT FROM CAST(:derived AS boolean))
    RETURNING s.id
""")
_INSERT = text(_SOURCE + """
    INSERT INTO streets (buurt_id, name, geom, length_m, source_ids, derived, created_at,
                         updated_at)
    SELECT buurt_id, name, geom, ST_Length(geom::geography), ids, CAST(:derived AS boolean),
           :now, :now
    FROM src
    WHERE NOT EXISTS (SELECT 1 FROM streets s WHERE s.buurt_id = src.buurt_id
                                               AND s.name = src.name)
    RETURNING id
""")


def upsert_streets(rows: list[StreetRow], *, derived: bool) -> dict[str, int]:
    """Insert or update ROWS by (buurt, name); return created/updated/unchanged counts."""
    if not rows:
        return {"created": 0, "updated": 0, "unchanged": 0}
    params = {
        "buurt_id": [row.buurt_id for row in rows],
        "name": [row.name for row in rows],
        "ids": [json.dumps(row.source_ids) for row in rows],
        "wkb": [bytes(w) for w in shapely.to_wkb([row.geometry for row in rows])],
        "derived": derived,
        "now": utcnow(),
    }
    updated = len(db.session.execute(_UPDATE, params).all())
    created = len(db.session.execute(_INSERT, params).all())
    return {"created": created, "updated": updated, "unchanged": len(rows) - created - updated}
