"""Where each contact was: street and buurt, and one point, for a whole batch in one query.

Order of evidence: the street the worker picked; else the nearest street within
NEAR_STREET_M of the GPS fix; else the buurt containing the fix; else, at a coffee
spot, the buurt of the round's coffee spot. A coffee-spot contact's street is the
street the visitor lives in, as the worker picked it ("woont in straat"); the street
nearest the coffee spot is never guessed for it (docs/coverage.md counts those streets).
The point is the GPS fix, else the address point of the house number, else the
street's point nearest its centroid, else the coffee spot. The batch goes in as one
JSON parameter (json_to_recordset): cheaper to build than a dozen typed arrays.
"""

import json
from dataclasses import dataclass

NEAR_STREET_M = 75
# Degrees of latitude per metre, padded: the bounding box only needs to be large enough
# for the GiST index to pre-select; the distance on the sphere (geography, no spheroid:
# off by under 0.5 % at 75 m and cheaper) then decides in metres.
_DEG_PER_M = 1.02 / 111_000

_SQL = f"""
WITH item AS (
  SELECT t.ord, t.street_id, t.house_number, upper(coalesce(t.house_suffix, '')) AS suffix,
         t.round_id, t.koffie,
         CASE WHEN t.lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) END AS pt,
         CASE WHEN t.lon IS NOT NULL
              THEN ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)::geography END AS here,
         {NEAR_STREET_M * _DEG_PER_M} AS dy,
         {NEAR_STREET_M * _DEG_PER_M} / greatest(cos(radians(t.lat)), 0.01) AS dx
    FROM json_to_recordset(%s::json)
         AS t(ord int, street_id int, lon float8, lat float8, house_number int,
              house_suffix text, round_id int, koffie bool)
)
SELECT i.ord,
       i.street_id IS NOT NULL AND picked.id IS NULL AS unknown_street,
       coalesce(picked.id, near.id) AS street_id,
       coalesce(picked.buurt_id, near.buurt_id, inside.id, spot.buurt_id) AS buurt_id,
       ST_X(final.pt), ST_Y(final.pt)
  FROM item i
  LEFT JOIN streets picked ON picked.id = i.street_id
  LEFT JOIN LATERAL (
        SELECT d.id, d.buurt_id, d.geom
          FROM (SELECT s.id, s.buurt_id, s.geom,
                       ST_Distance(s.geom::geography, i.here, false) AS m
                  FROM streets s
                 WHERE i.street_id IS NULL AND i.pt IS NOT NULL AND NOT i.koffie
                   AND s.geom && ST_Expand(i.pt, i.dx, i.dy)
                OFFSET 0) d  -- a fence: one distance per street, not one per use of m
         WHERE d.m <= {NEAR_STREET_M}
         ORDER BY d.m, d.id
         LIMIT 1) near ON true
  LEFT JOIN LATERAL (
        SELECT b.id FROM buurten b
         WHERE i.street_id IS NULL AND near.id IS NULL AND i.pt IS NOT NULL
           AND ST_Intersects(b.geom, i.pt)
         ORDER BY b.id
         LIMIT 1) inside ON true
  LEFT JOIN LATERAL (
        SELECT b.id AS buurt_id, r.coffee_spot FROM rounds r
          JOIN buurten b ON ST_Intersects(b.geom, r.coffee_spot)
         WHERE i.street_id IS NULL AND near.id IS NULL AND inside.id IS NULL
           AND i.koffie AND r.id = i.round_id
         ORDER BY b.id
         LIMIT 1) spot ON true
  LEFT JOIN LATERAL (
        SELECT a.geom FROM addresses a
         WHERE i.pt IS NULL AND i.house_number IS NOT NULL
           AND a.street_id = picked.id AND a.house_number = i.house_number
         ORDER BY (upper(coalesce(a.house_letter, '')) = i.suffix
                   OR upper(coalesce(a.addition, '')) = i.suffix) DESC,
                  a.house_letter NULLS FIRST, a.addition NULLS FIRST, a.id
         LIMIT 1) door ON true
 CROSS JOIN LATERAL (
        SELECT coalesce(i.pt, door.geom,
                        ST_ClosestPoint(coalesce(picked.geom, near.geom),
                                        ST_Centroid(coalesce(picked.geom, near.geom))),
                        spot.coffee_spot) AS pt) final
"""


@dataclass(slots=True)
class Placement:
    """Where one contact goes; PROBLEM is "unknown_street" or "nowhere" when it cannot."""

    street_id: int | None
    buurt_id: int | None
    lon: float | None
    lat: float | None
    problem: str | None


def send_placement(cur, items: list[dict]) -> None:
    """Run the placement query for validated ITEMS on CUR (in a pipeline: only queue it)."""
    rows = [{"ord": n, "street_id": data["street_id"],
             "lon": data["location"]["lon"] if data["location"] else None,
             "lat": data["location"]["lat"] if data["location"] else None,
             "house_number": data["house_number"], "house_suffix": data["house_suffix"],
             "round_id": data["round_id"], "koffie": data["setting"] == "koffieplek"}
            for n, data in enumerate(items)]
    cur.execute(_SQL, (json.dumps(rows),))


def read_placement(cur, count: int) -> list[Placement]:
    """The COUNT placements from CUR after send_placement, in the items' order."""
    placements: list[Placement | None] = [None] * count
    for n, unknown_street, street_id, buurt_id, lon, lat in cur.fetchall():
        if unknown_street:
            placements[n] = Placement(None, None, None, None, "unknown_street")
        elif buurt_id is None:
            placements[n] = Placement(None, None, None, None, "nowhere")
        else:
            placements[n] = Placement(street_id, buurt_id, lon, lat, None)
    return placements
