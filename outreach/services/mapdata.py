"""Everything the planning map shows, for the whole municipality or one buurt, as plain data."""

import json
from dataclasses import dataclass, field

from sqlalchemy import text

from ..extensions import db
from ..models.enums import PartnerKind
from .coverage import (
    BUURT_GEOMETRY,
    CITY_GEOMETRY,
    BuurtCoverage,
    StreetCoverage,
    buurt_coverage,
    count_streets,
    street_coverage,
)
from .hotspots import HexCell, hotspot_cells
from .plan_filter import PlanFilter
from .street_followups import StreetFollowUps, follow_ups_per_street

# A resolution-8 cell (~0.7 km2) for the city: finer cells would mostly fall under the
# minimum count there. One buurt is shown at resolution 9 (~0.1 km2).
CITY_HEX_RESOLUTION = 8
BUURT_HEX_RESOLUTION = 9
# Street layers loaded by viewport ask for no more than this many streets at once.
VIEWPORT_STREET_LIMIT = 3000


@dataclass
class PartnerPoint:
    name: str
    kind: PartnerKind
    address: str | None
    opening_hours: str | None
    lon: float
    lat: float

    @property
    def is_meeting_place(self) -> bool:
        return self.kind == PartnerKind.ontmoetingsplek


@dataclass
class PlanMapData:
    """The layers' data. Streets and follow-ups are None when too many to put in the page."""

    buurt_id: int | None
    bounds: tuple[tuple[float, float], tuple[float, float]] | None
    buurten: list[BuurtCoverage]
    hexes: list[HexCell]
    partners: list[PartnerPoint]
    hex_resolution: int
    min_contacts: int
    streets: list[StreetCoverage] | None = None
    follow_ups: list[StreetFollowUps] | None = None
    outlines: list[dict] = field(default_factory=list)

    @property
    def streets_inline(self) -> bool:
        return self.streets is not None


def partner_points(*, buurt_id: int | None = None) -> list[PartnerPoint]:
    """Active partners with a location: all, or those serving or standing in one buurt."""
    where = ""
    if buurt_id is not None:
        where = """AND (p.id IN (SELECT partner_id FROM partner_buurten WHERE buurt_id = :b)
                        OR ST_Intersects(p.geom, (SELECT geom FROM buurten WHERE id = :b)))"""
    rows = db.session.execute(text(f"""
        SELECT p.name, p.kind, p.address, p.opening_hours,
               round(ST_X(p.geom)::numeric, 6), round(ST_Y(p.geom)::numeric, 6)
        FROM partners p WHERE p.active AND p.geom IS NOT NULL {where}
        ORDER BY p.name"""), {"b": buurt_id})
    return [PartnerPoint(name, PartnerKind(kind), address, hours, float(lon), float(lat))
            for name, kind, address, hours, lon, lat in rows]


def _bounds(buurt_id: int | None):
    row = db.session.execute(text(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
        "(SELECT ST_Extent(geom) AS e FROM buurten "
        "WHERE CAST(:b AS integer) IS NULL OR id = :b) x"),
        {"b": buurt_id}).one()
    if row[0] is None:
        return None
    west, south, east, north = (round(v, 5) for v in row)
    return (south, west), (north, east)


def _other_outlines(buurt_id: int) -> list[dict]:
    """Neighbouring buurten's outlines around one buurt, so the map shows where it lies."""
    rows = db.session.execute(text("""
        SELECT o.code, o.name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(o.geom, 0.00005), 5)
        FROM buurten o, buurten b
        WHERE b.id = :b AND o.id <> b.id AND ST_DWithin(o.geom, b.geom, 0.0005)
        ORDER BY o.name"""), {"b": buurt_id})
    return [{"code": code, "name": name, "geometry": json.loads(geom)}
            for code, name, geom in rows]


def plan_map_data(plan_filter: PlanFilter, *, buurt_id: int | None = None,
                  min_contacts: int, inline_streets_max: int) -> PlanMapData:
    """The map's data for the municipality, or for one buurt with BUURT_ID."""
    one = buurt_id is not None
    geometry = BUURT_GEOMETRY if one else CITY_GEOMETRY
    resolution = BUURT_HEX_RESOLUTION if one else CITY_HEX_RESOLUTION
    data = PlanMapData(
        buurt_id=buurt_id, bounds=_bounds(buurt_id),
        buurten=buurt_coverage(plan_filter, buurt_id=buurt_id, geometry=geometry),
        hexes=hotspot_cells(plan_filter, min_contacts=min_contacts, buurt_id=buurt_id,
                            resolution=resolution),
        partners=partner_points(buurt_id=buurt_id),
        hex_resolution=resolution, min_contacts=min_contacts,
        outlines=_other_outlines(buurt_id) if one else [])
    if count_streets(buurt_id=buurt_id) <= inline_streets_max:
        data.streets = street_coverage(plan_filter, buurt_id=buurt_id, geometry=geometry)
        data.follow_ups = follow_ups_per_street(plan_filter, buurt_id=buurt_id,
                                                geometry=geometry)
    return data


def streets_in_view(plan_filter: PlanFilter,
                    bbox: tuple[float, float, float, float]) -> list[StreetCoverage]:
    """Street coverage of the streets in BBOX (west, south, east, north), for a zoomed-in map."""
    return street_coverage(plan_filter, bbox=bbox, limit=VIEWPORT_STREET_LIMIT,
                           geometry=CITY_GEOMETRY)


def follow_ups_in_view(plan_filter: PlanFilter,
                       bbox: tuple[float, float, float, float]) -> list[StreetFollowUps]:
    """Follow-ups per street for the streets in BBOX, for a zoomed-in map."""
    return follow_ups_per_street(plan_filter, bbox=bbox, geometry=CITY_GEOMETRY)
