"""Coverage: what the rounds reached, per buurt and per street, defined once for every page.

The measures (docs/coverage.md says the same in words, with the reasons):

* A door is a distinct (street, door key) pair (the generated column `door`, migration
  0010). Known doors are the address list's doors on a street. A door is reached when a
  contact in the period was at it. Doors logged on a street with an address list that
  the list does not hold are counted apart ("nummers niet in de adressenlijst"), so
  reached doors never exceed known doors. On a street without addresses no door is
  counted: the street counts as visited or not.
* A street is visited when the team was in it: a contact at a door or on the street
  (setting `deur` or `straat`). A coffee-spot contact's street is where the visitor
  lives (when they said so), not a street the team walked.
* Coffee-spot work is reach: visitors (contacts with setting `koffieplek`), their
  conversations, and the distinct streets they live in where known.
* A buurt's class: door rounds by the share of known doors reached (streets visited
  where the buurt has no addresses); contacts without door work are "reach"; only a
  buurt without any contact in the period is "niets bezocht".

Everything is counted in PostGIS with GROUP BYs over the filtered contacts; Python only
shapes the rows. Geometry comes out simplified and rounded for maps when asked for, its
polygons counter-clockwise (RFC 7946).
"""

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import text

from ..extensions import db
from .plan_filter import PlanFilter, contact_conditions, kind_condition

# Settings at which the team was in the street itself (a coffee-spot visitor came to us).
TEAM_IN_STREET = "c.setting IN ('deur', 'straat')"


class VisitClass(StrEnum):
    """How long ago the team was last in a street, as the street map colours it."""

    nooit = "nooit"
    # Not walked by a round of the chosen kind, but by another (or without a round).
    andere_rondes = "andere_rondes"
    # Not walked (in the look-back), but residents of the street came to the coffee spot.
    via_koffieplek = "via_koffieplek"
    meer_dan_90 = "meer_dan_90"
    tussen_30_90 = "tussen_30_90"
    minder_dan_30 = "minder_dan_30"


def visit_class(days_since: int | None, visitors: int = 0,
                walked_by_other_kinds: bool = False) -> VisitClass:
    """The class of a street last visited DAYS_SINCE days before the period's end (None:
    not by the chosen kind of round), with VISITORS from it at the coffee spot."""
    if days_since is None:
        if visitors:
            return VisitClass.via_koffieplek
        return VisitClass.andere_rondes if walked_by_other_kinds else VisitClass.nooit
    if days_since > 90:
        return VisitClass.meer_dan_90
    if days_since >= 30:
        return VisitClass.tussen_30_90
    return VisitClass.minder_dan_30


class CoverageClass(StrEnum):
    """What the buurt choropleth shows, in legend order."""

    niets_bezocht = "niets_bezocht"  # no contact at all in the period
    andere_rondes = "andere_rondes"  # contacts, but none of the chosen kind of round
    bereik = "bereik"  # contacts, no door work: coffee spot or on the street
    deuren_0_25 = "deuren_0_25"  # door work: share of doors (else streets) below 25 %
    deuren_25_50 = "deuren_25_50"
    deuren_50_75 = "deuren_50_75"
    deuren_75_100 = "deuren_75_100"
    geen_straten = "geen_straten"  # nothing to visit and nobody met


# Lower bounds of the door-work classes.
SHARE_CLASSES = ((0.75, CoverageClass.deuren_75_100), (0.5, CoverageClass.deuren_50_75),
                 (0.25, CoverageClass.deuren_25_50), (0.0, CoverageClass.deuren_0_25))


@dataclass(frozen=True)
class Geometry:
    """How to hand geometry out: SIMPLIFY tolerance in degrees and DIGITS decimals."""

    simplify: float = 0.0
    digits: int = 6


CITY_GEOMETRY = Geometry(simplify=0.0001, digits=5)  # ~7-11 m: invisible at city zoom
BUURT_GEOMETRY = Geometry(simplify=0.00001, digits=5)
EXPORT_GEOMETRY = Geometry(simplify=0.0, digits=6)


def geometry_sql(column: str, geometry: Geometry | None) -> str:
    """SQL giving COLUMN as GeoJSON text, simplified and rounded per GEOMETRY (NULL for None).

    Polygons come out as RFC 7946 section 3.1.6 wants them: outer rings counter-clockwise,
    holes clockwise (lines and points pass unchanged). Oriented after simplifying, which
    may reverse a ring; in WGS84 lon/lat and without a `crs` member (SRID 4326).
    """
    if geometry is None:
        return "NULL"
    shape = (f"ST_SimplifyPreserveTopology({column}, {float(geometry.simplify)})"
             if geometry.simplify else column)
    return f"ST_AsGeoJSON(ST_ForcePolygonCCW({shape}), {int(geometry.digits)})"


def _share(part: int, total: int) -> float | None:
    return part / total if total else None


@dataclass
class BuurtCoverage:
    """One buurt's figures in the filter's period (round kind applied; category not)."""

    id: int
    code: str
    name: str
    wijk_name: str | None
    streets_total: int
    streets_visited: int  # the team was in it (door or street contact)
    streets_without_addresses: int
    streets_without_addresses_visited: int
    doors_known: int  # distinct doors in the address list
    doors_reached: int  # of those, with a contact in the period; never above doors_known
    doors_unlisted: int  # doors logged on streets with a list that the list lacks
    contacts: int
    conversations: int
    door_contacts: int  # contacts with setting deur
    visitors: int  # contacts with setting koffieplek
    visitor_conversations: int
    visitor_streets: int  # distinct streets coffee-spot visitors live in, where told
    contacts_any_kind: int  # contacts in the period whatever the round kind
    geometry: dict | None = None

    @property
    def by_doors(self) -> bool:
        """Door-level coverage where addresses exist, street-level otherwise."""
        return self.doors_known > 0

    @property
    def door_share(self) -> float | None:
        return _share(self.doors_reached, self.doors_known)

    @property
    def street_share(self) -> float | None:
        return _share(self.streets_visited, self.streets_total)

    @property
    def share(self) -> float | None:
        """Reached share (0..1) of known doors, else of streets; None when nothing to visit."""
        return self.door_share if self.by_doors else self.street_share

    @property
    def coverage_class(self) -> CoverageClass:
        """The class the map draws; never niets_bezocht while the period has contacts."""
        if self.contacts == 0:
            if self.contacts_any_kind:
                return CoverageClass.andere_rondes
            if self.share is None:
                return CoverageClass.geen_straten
            return CoverageClass.niets_bezocht
        share = self.share
        if self.door_contacts == 0 or share is None:
            return CoverageClass.bereik
        return next(cls for lower, cls in SHARE_CLASSES if share >= lower)


# The period's contacts are read twice from the covering index (index-only scans):
# once grouped per street for the counts, once for the distinct doors logged on streets
# with an address list, matched to that list. Grouping every contact per door in one
# pass is slower: six counts over 160,000 groups instead of 22,000 (bench/plan_map.py).
_BUURT_SQL = """
WITH known AS (
    SELECT a.street_id, count(DISTINCT a.door) AS doors
    FROM addresses a WHERE a.street_id IS NOT NULL {buurt_addresses}
    GROUP BY a.street_id
),
per_street AS (
    -- int, not bigint: sums of bigint are numeric, several times slower to add.
    SELECT c.buurt_id, c.street_id, count(*)::int AS contacts,
           count(*) FILTER (WHERE c.outcome = 'gesprek')::int AS conversations,
           count(*) FILTER (WHERE c.setting = 'deur')::int AS door_contacts,
           count(*) FILTER (WHERE {team})::int AS team,
           count(*) FILTER (WHERE c.setting = 'koffieplek')::int AS visitors,
           count(*) FILTER (WHERE c.setting = 'koffieplek' AND c.outcome = 'gesprek')::int
               AS visitor_conversations
    FROM contacts c
    WHERE {contacts} {buurt_contacts}
    GROUP BY c.buurt_id, c.street_id
),
logged AS (
    -- Doors only where the street has an address list: elsewhere the street counts.
    SELECT g.street_id, count(*)::int AS doors_logged, count(a.door)::int AS doors_reached
    FROM (SELECT c.street_id, c.door FROM contacts c
          WHERE {contacts} {buurt_contacts} AND c.door IS NOT NULL
            AND c.street_id IN (SELECT street_id FROM known)
          GROUP BY c.street_id, c.door) g
    LEFT JOIN (SELECT DISTINCT a.street_id, a.door FROM addresses a
               WHERE a.street_id IS NOT NULL {buurt_addresses}) a
           ON a.street_id = g.street_id AND a.door = g.door
    GROUP BY g.street_id
),
per_buurt AS (
    SELECT buurt_id, sum(contacts) AS contacts, sum(conversations) AS conversations,
           sum(door_contacts) AS door_contacts, sum(visitors) AS visitors,
           sum(visitor_conversations) AS visitor_conversations,
           count(street_id) FILTER (WHERE visitors > 0) AS visitor_streets
    FROM per_street GROUP BY buurt_id
),
-- One row per street (a contact's buurt is its street's buurt, as the sync places it).
street_work AS (
    SELECT street_id, sum(team)::int AS team
    FROM per_street WHERE street_id IS NOT NULL GROUP BY street_id
),
street_totals AS (
    SELECT st.buurt_id, count(*) AS total, count(*) FILTER (WHERE w.team > 0) AS visited,
           count(*) FILTER (WHERE k.street_id IS NULL) AS unlisted,
           count(*) FILTER (WHERE k.street_id IS NULL AND w.team > 0) AS unlisted_visited,
           coalesce(sum(k.doors), 0) AS doors_known,
           coalesce(sum(l.doors_reached), 0) AS doors_reached,
           coalesce(sum(l.doors_logged - l.doors_reached), 0) AS doors_unlisted
    FROM streets st
    LEFT JOIN known k ON k.street_id = st.id
    LEFT JOIN street_work w ON w.street_id = st.id
    LEFT JOIN logged l ON l.street_id = st.id
    WHERE TRUE {buurt_streets}
    GROUP BY st.buurt_id
){any_kind_cte}
SELECT b.id, b.code, b.name, b.wijk_name,
       coalesce(st.total, 0), coalesce(st.visited, 0),
       coalesce(st.unlisted, 0), coalesce(st.unlisted_visited, 0),
       coalesce(st.doors_known, 0)::int, coalesce(st.doors_reached, 0)::int,
       coalesce(st.doors_unlisted, 0)::int,
       coalesce(pb.contacts, 0)::int, coalesce(pb.conversations, 0)::int,
       coalesce(pb.door_contacts, 0)::int, coalesce(pb.visitors, 0)::int,
       coalesce(pb.visitor_conversations, 0)::int, coalesce(pb.visitor_streets, 0)::int,
       {any_kind}::int,
       {geometry}
FROM buurten b
LEFT JOIN street_totals st ON st.buurt_id = b.id
LEFT JOIN per_buurt pb ON pb.buurt_id = b.id {any_kind_join}
WHERE TRUE {buurt_only}
ORDER BY b.name, b.code
"""

# With a round-kind filter, whether a buurt had any contact at all: such a buurt is
# "visited by other rounds", never "niets bezocht".
_ANY_KIND_CTE = """,
any_kind AS (
    SELECT c.buurt_id, count(*) AS contacts FROM contacts c
    WHERE {contacts} {buurt_contacts}
    GROUP BY c.buurt_id
)"""
_FIELDS = 18


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
    """Coverage of every buurt (one with BUURT_ID) in the filter's period, zero rows included."""
    one = buurt_id is not None
    # The map's city outlines come from the cache; one buurt's is quick to make, and an
    # export (full detail, once) does not need keeping.
    outlines = buurt_outlines(geometry) if geometry in _MAP_GEOMETRIES and not one else None
    buurt_contacts = "AND c.buurt_id = :buurt_id" if one else ""
    by_kind = plan_filter.round_kind is not None
    sql = _BUURT_SQL.format(
        team=TEAM_IN_STREET,
        contacts=contact_conditions(plan_filter),
        buurt_contacts=buurt_contacts,
        buurt_streets="AND st.buurt_id = :buurt_id" if one else "",
        buurt_addresses="AND a.buurt_id = :buurt_id" if one else "",
        buurt_only="AND b.id = :buurt_id" if one else "",
        any_kind_cte=_ANY_KIND_CTE.format(
            contacts=contact_conditions(plan_filter, any_kind=True),
            buurt_contacts=buurt_contacts) if by_kind else "",
        any_kind="coalesce(ak.contacts, 0)" if by_kind else "coalesce(pb.contacts, 0)",
        any_kind_join="LEFT JOIN any_kind ak ON ak.buurt_id = b.id" if by_kind else "",
        geometry=geometry_sql("b.geom", None if outlines is not None else geometry))
    rows = db.session.execute(text(sql), {**plan_filter.sql_params(), "buurt_id": buurt_id})
    if outlines is not None:
        return [BuurtCoverage(*row[:_FIELDS], geometry=outlines.get(row[0])) for row in rows]
    return [BuurtCoverage(*row[:_FIELDS],
                          geometry=json.loads(row[_FIELDS]) if row[_FIELDS] else None)
            for row in rows]


@dataclass
class StreetCoverage:
    """One street: the team's last visit up to the period's end, and the period's figures."""

    id: int
    name: str
    buurt_id: int
    buurt_code: str
    buurt_name: str
    length_m: float
    last_visit: datetime | None  # last door or street contact, before the period's end
    days_since: int | None
    contacts: int  # every contact placed on the street in the period
    conversations: int
    doors_known: int
    doors_reached: int
    doors_unlisted: int
    visitors: int  # coffee-spot visitors who live here
    help_questions: int
    walked_by_other_kinds: bool  # the team was here before the period's end, any round
    geometry: dict | None = None

    @property
    def visit_class(self) -> VisitClass:
        return visit_class(self.days_since, self.visitors, self.walked_by_other_kinds)

    @property
    def door_share(self) -> float | None:
        return _share(self.doors_reached, self.doors_known)


_STREET_SQL = """
WITH s AS (
    SELECT st.id, st.name, st.buurt_id, st.length_m, st.geom
    FROM streets st WHERE {scope}
    ORDER BY st.id {limit}
),
v AS (
    SELECT c.street_id, max(c.recorded_at) FILTER (WHERE {team} AND {kind}) AS last_visit,
           coalesce(bool_or({team}), false) AS walked_any_kind,
           count(*) FILTER (WHERE c.recorded_at >= :start AND {kind}) AS contacts,
           count(*) FILTER (WHERE c.recorded_at >= :start AND {kind}
                            AND c.outcome = 'gesprek') AS conversations,
           count(*) FILTER (WHERE c.recorded_at >= :start AND {kind}
                            AND c.setting = 'koffieplek') AS visitors
    FROM contacts c
    WHERE c.street_id IN (SELECT id FROM s) AND c.recorded_at < :end
    GROUP BY c.street_id
),
address_doors AS (
    SELECT DISTINCT street_id, door FROM addresses WHERE street_id IN (SELECT id FROM s)
),
d AS (
    SELECT street_id, count(*) AS known FROM address_doors GROUP BY street_id
),
logged AS (
    -- From the streets in scope that have a list, each by its index on contacts.
    SELECT DISTINCT c.street_id, c.door
    FROM s JOIN d ON d.street_id = s.id JOIN contacts c ON c.street_id = s.id
    WHERE c.door IS NOT NULL AND {in_period}
),
r AS (
    -- Only a street with a list (logged keeps to those) has numbers "not in the list".
    SELECT g.street_id, count(a.door) AS reached, count(*) - count(a.door) AS unlisted
    FROM logged g
    LEFT JOIN address_doors a ON a.street_id = g.street_id AND a.door = g.door
    GROUP BY g.street_id
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
       coalesce(d.known, 0), coalesce(r.reached, 0), coalesce(r.unlisted, 0),
       coalesce(v.visitors, 0), coalesce(q.questions, 0), coalesce(v.walked_any_kind, false),
       {geometry}
FROM s
JOIN buurten b ON b.id = s.buurt_id
LEFT JOIN v ON v.street_id = s.id
LEFT JOIN d ON d.street_id = s.id
LEFT JOIN r ON r.street_id = s.id
LEFT JOIN q ON q.street_id = s.id
ORDER BY b.name, s.name, s.id
"""
_STREET_FIELDS = 16


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
    """Per street, zero rows included: last visit up to the period's end; the period's
    contacts, doors and coffee-spot visitors, and help questions (of the category).

    "Last visit" looks back past the period's start: a street walked 100 days ago must
    not read as never visited. Everything keeps to the filter's round kind."""
    scope, params = street_scope(buurt_id=buurt_id, bbox=bbox)
    sql = _STREET_SQL.format(
        scope=scope, limit="LIMIT :limit" if limit is not None else "", team=TEAM_IN_STREET,
        kind=kind_condition(plan_filter), in_period=contact_conditions(plan_filter),
        category="AND hq.category = :category" if plan_filter.category else "",
        geometry=geometry_sql("s.geom", geometry))
    rows = db.session.execute(text(sql), {**plan_filter.sql_params(), **params, "limit": limit})
    return [StreetCoverage(*row[:_STREET_FIELDS],
                           geometry=json.loads(row[_STREET_FIELDS]) if row[_STREET_FIELDS]
                           else None)
            for row in rows]


def count_streets(*, buurt_id: int | None = None) -> int:
    """How many streets the municipality (or one buurt) has."""
    scope, params = street_scope(buurt_id=buurt_id)
    return db.session.scalar(text(f"SELECT count(*) FROM streets st WHERE {scope}"), params)
