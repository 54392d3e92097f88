"""Coverage: which share of a buurt's streets (or doors) the rounds reached, and per street when.

Everything is counted in PostGIS with GROUP BYs over the filtered contacts; Python only
shapes the rows. Geometry comes out simplified and rounded for maps when asked for.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import text

from ..extensions import db
from .plan_filter import PlanFilter, contact_conditions


class VisitClass(StrEnum):
    """How long ago a street last had a visit, as the street map colours it."""

    nooit = "nooit"
    meer_dan_90 = "meer_dan_90"
    tussen_30_90 = "tussen_30_90"
    minder_dan_30 = "minder_dan_30"


def visit_class(days_since: int | None) -> VisitClass:
    """The class of a street last visited DAYS_SINCE days before the period's end."""
    if days_since is None:
        return VisitClass.nooit
    if days_since > 90:
        return VisitClass.meer_dan_90
    if days_since >= 30:
        return VisitClass.tussen_30_90
    return VisitClass.minder_dan_30


@dataclass(frozen=True)
class Geometry:
    """How to hand geometry out: SIMPLIFY tolerance in degrees and DIGITS decimals."""

    simplify: float = 0.0
    digits: int = 6


CITY_GEOMETRY = Geometry(simplify=0.0001, digits=5)  # ~7-11 m: invisible at city zoom
BUURT_GEOMETRY = Geometry(simplify=0.00001, digits=5)
EXPORT_GEOMETRY = Geometry(simplify=0.0, digits=6)


def geometry_sql(column: str, geometry: Geometry | None) -> str:
    """SQL giving COLUMN as GeoJSON text, simplified and rounded per GEOMETRY (NULL for None)."""
    if geometry is None:
        return "NULL"
    shape = (f"ST_SimplifyPreserveTopology({column}, {float(geometry.simplify)})"
             if geometry.simplify else column)
    return f"ST_AsGeoJSON({shape}, {int(geometry.digits)})"


def _share(part: int, total: int) -> float | None:
    return part / total if total else None


@dataclass
class BuurtCoverage:
    id: int
    code: str
    name: str
    wijk_name: str | None
    streets_total: int
    streets_visited: int
    doors_total: int
    doors_visited: int
    contacts: int
    conversations: int
    geometry: dict | None = None

    @property
    def by_doors(self) -> bool:
        """Door-level coverage where addresses exist, street-level otherwise."""
        return self.doors_total > 0

    @property
    def share(self) -> float | None:
        """Visited share (0..1) of doors, else of streets; None when there is nothing to visit."""
        if self.by_doors:
            return _share(self.doors_visited, self.doors_total)
        return _share(self.streets_visited, self.streets_total)

    @property
    def street_share(self) -> float | None:
        return _share(self.streets_visited, self.streets_total)

    @property
    def door_share(self) -> float | None:
        return _share(self.doors_visited, self.doors_total)


# One pass over the period's contacts (an index-only scan) grouped per street; buurt
# totals and visited streets come from those few thousand rows, not from the contacts.
_BUURT_SQL = """
WITH per_street AS (
    SELECT c.buurt_id, c.street_id, count(*) AS contacts,
           count(*) FILTER (WHERE c.outcome = 'gesprek') AS conversations
    FROM contacts c
    WHERE {contacts} {buurt_contacts}
    GROUP BY c.buurt_id, c.street_id
),
per_buurt AS (
    SELECT buurt_id, sum(contacts) AS contacts, sum(conversations) AS conversations
    FROM per_street GROUP BY buurt_id
),
street_totals AS (
    SELECT st.buurt_id, count(*) AS total, count(v.street_id) AS visited
    FROM streets st
    LEFT JOIN (SELECT DISTINCT street_id FROM per_street) v ON v.street_id = st.id
    WHERE TRUE {buurt_streets}
    GROUP BY st.buurt_id
),
doors AS (
    SELECT DISTINCT a.buurt_id, a.street_id, a.house_number
    FROM addresses a WHERE a.street_id IS NOT NULL {buurt_doors}
),
visited_doors AS (
    SELECT DISTINCT c.street_id, c.house_number FROM contacts c
    WHERE {contacts} {buurt_contacts} AND c.house_number IS NOT NULL
      AND c.street_id IN (SELECT street_id FROM doors)
),
door_totals AS (
    SELECT d.buurt_id, count(*) AS total, count(v.street_id) AS visited
    FROM doors d LEFT JOIN visited_doors v USING (street_id, house_number)
    GROUP BY d.buurt_id
)
SELECT b.id, b.code, b.name, b.wijk_name,
       coalesce(st.total, 0), coalesce(st.visited, 0),
       coalesce(dt.total, 0), coalesce(dt.visited, 0),
       coalesce(pb.contacts, 0)::int, coalesce(pb.conversations, 0)::int,
       {geometry}
FROM buurten b
LEFT JOIN street_totals st ON st.buurt_id = b.id
LEFT JOIN door_totals dt ON dt.buurt_id = b.id
LEFT JOIN per_buurt pb ON pb.buurt_id = b.id
WHERE TRUE {buurt_only}
ORDER BY b.name, b.code
"""


# Outlines of all buurten as GeoJSON, per database and Geometry: (version, {id: geometry}).
# Only an import changes them; simplifying and writing 92 outlines cost ~45 ms a page.
_OUTLINES: dict[tuple[str, Geometry], tuple[tuple, dict[int, dict]]] = {}
# Moves whenever a buurt is added, removed or changed: ids are never reused, and the
# import (like the ORM) sets updated_at on every row it changes.
_OUTLINES_VERSION_SQL = "SELECT count(*), max(id), sum(id), max(updated_at) FROM buurten"
_MAP_GEOMETRIES = (CITY_GEOMETRY, BUURT_GEOMETRY)


def buurt_outlines(geometry: Geometry) -> dict[int, dict]:
    """Every buurt's outline as GeoJSON per GEOMETRY, by id; kept until the buurten change.

    The dicts are shared between requests: read them, never change them.
    """
    version = tuple(db.session.execute(text(_OUTLINES_VERSION_SQL)).one())
    key = (db.engine.url.render_as_string(hide_password=True), geometry)
    cached = _OUTLINES.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = db.session.execute(text(f"SELECT id, {geometry_sql('geom', geometry)} FROM buurten"))
    outlines = {buurt_id: json.loads(geojson) for buurt_id, geojson in rows}
    _OUTLINES[key] = (version, outlines)
    return outlines


def buurt_coverage(plan_filter: PlanFilter, *, buurt_id: int | None = None,
                   geometry: Geometry | None = None) -> list[BuurtCoverage]:
    """Coverage per buurt in the filter's period (one buurt with BUURT_ID)."""
    one = buurt_id is not None
    # The map's city outlines come from the cache; one buurt's is quick to make, and an
    # export (full detail, once) does not need keeping.
    outlines = buurt_outlines(geometry) if geometry in _MAP_GEOMETRIES and not one else None
    sql = _BUURT_SQL.format(
        contacts=contact_conditions(plan_filter),
        buurt_contacts="AND c.buurt_id = :buurt_id" if one else "",
        buurt_streets="AND st.buurt_id = :buurt_id" if one else "",
        buurt_doors="AND a.buurt_id = :buurt_id" if one else "",
        buurt_only="AND b.id = :buurt_id" if one else "",
        geometry=geometry_sql("b.geom", None if outlines is not None else geometry))
    rows = db.session.execute(text(sql), {**plan_filter.sql_params(), "buurt_id": buurt_id})
    if outlines is not None:
        return [BuurtCoverage(*row[:10], geometry=outlines.get(row[0])) for row in rows]
    return [BuurtCoverage(*row[:10], geometry=json.loads(row[10]) if row[10] else None)
            for row in rows]


@dataclass
class StreetCoverage:
    id: int
    name: str
    buurt_id: int
    buurt_code: str
    buurt_name: str
    length_m: float
    last_visit: datetime | None
    days_since: int | None
    contacts: int
    conversations: int
    doors_total: int
    doors_visited: int
    help_questions: int
    geometry: dict | None = None

    @property
    def visit_class(self) -> VisitClass:
        return visit_class(self.days_since)

    @property
    def door_share(self) -> float | None:
        return _share(self.doors_visited, self.doors_total)


_STREET_SQL = """
WITH s AS (
    SELECT st.id, st.name, st.buurt_id, st.length_m, st.geom
    FROM streets st WHERE {scope}
    ORDER BY st.id {limit}
),
v AS (
    SELECT c.street_id, max(c.recorded_at) AS last_visit,
           count(*) FILTER (WHERE c.recorded_at >= :start) AS contacts,
           count(*) FILTER (WHERE c.recorded_at >= :start AND c.outcome = 'gesprek')
               AS conversations
    FROM contacts c
    WHERE c.street_id IN (SELECT id FROM s) AND {until_end}
    GROUP BY c.street_id
),
visited_doors AS (
    SELECT DISTINCT c.street_id, c.house_number FROM contacts c
    WHERE c.street_id IN (SELECT id FROM s) AND c.house_number IS NOT NULL AND {in_period}
),
d AS (
    SELECT a.street_id, count(*) AS total, count(vd.street_id) AS visited
    FROM (SELECT DISTINCT street_id, house_number FROM addresses
          WHERE street_id IN (SELECT id FROM s)) a
    LEFT JOIN visited_doors vd USING (street_id, house_number)
    GROUP BY a.street_id
),
q AS (
    SELECT c.street_id, count(*) AS questions
    FROM help_questions hq JOIN contacts c ON c.id = hq.contact_id
    WHERE c.street_id IN (SELECT id FROM s) AND {in_period} {category}
    GROUP BY c.street_id
)
SELECT s.id, s.name, s.buurt_id, b.code, b.name, s.length_m, v.last_visit,
       :end_date - (v.last_visit AT TIME ZONE 'Europe/Amsterdam')::date,
       coalesce(v.contacts, 0), coalesce(v.conversations, 0),
       coalesce(d.total, 0), coalesce(d.visited, 0), coalesce(q.questions, 0),
       {geometry}
FROM s
JOIN buurten b ON b.id = s.buurt_id
LEFT JOIN v ON v.street_id = s.id
LEFT JOIN d ON d.street_id = s.id
LEFT JOIN q ON q.street_id = s.id
ORDER BY b.name, s.name, s.id
"""


def street_scope(*, buurt_id: int | None = None,
                 bbox: tuple[float, float, float, float] | None = None) -> tuple[str, dict]:
    """SQL condition on streets `st` for one buurt, a (west, south, east, north) box, or all."""
    parts, params = ["TRUE"], {}
    if buurt_id is not None:
        parts.append("st.buurt_id = :buurt_id")
        params["buurt_id"] = buurt_id
    if bbox is not None:
        parts.append("st.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4326)")
        params.update(zip(("west", "south", "east", "north"), bbox, strict=True))
    return " AND ".join(parts), params


def street_coverage(plan_filter: PlanFilter, *, buurt_id: int | None = None,
                    bbox: tuple[float, float, float, float] | None = None,
                    limit: int | None = None,
                    geometry: Geometry | None = None) -> list[StreetCoverage]:
    """Per street: last visit up to the period's end; the period's contacts, doors, questions."""
    scope, params = street_scope(buurt_id=buurt_id, bbox=bbox)
    sql = _STREET_SQL.format(
        scope=scope, limit="LIMIT :limit" if limit is not None else "",
        until_end=contact_conditions(plan_filter, since_start=False),
        in_period=contact_conditions(plan_filter),
        category="AND hq.category = :category" if plan_filter.category else "",
        geometry=geometry_sql("s.geom", geometry))
    rows = db.session.execute(text(sql), {**plan_filter.sql_params(), **params, "limit": limit})
    return [StreetCoverage(*row[:13], geometry=json.loads(row[13]) if row[13] else None)
            for row in rows]


def count_streets(*, buurt_id: int | None = None) -> int:
    """How many streets the municipality (or one buurt) has."""
    scope, params = street_scope(buurt_id=buurt_id)
    return db.session.scalar(text(f"SELECT count(*) FROM streets st WHERE {scope}"), params)
