"""Making polygons valid, keeping only their polygonal parts, and saying what was wrong."""

import re
from dataclasses import dataclass

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity, make_valid

# GEOS reasons in Dutch, for the admin page; unknown ones are shown as GEOS says them.
_REASONS = {
    "Self-intersection": "zelfdoorsnijding",
    "Ring Self-intersection": "ring snijdt zichzelf",
    "Too few points in geometry component": "te weinig punten",
    "Hole lies outside shell": "gat ligt buiten de buitenrand",
    "Nested holes": "gat in een gat",
    "Interior is disconnected": "binnenkant is onderbroken",
    "Nested shells": "buitenrand in buitenrand",
    "Duplicate Rings": "dubbele ring",
    "Invalid Coordinate": "ongeldige coördinaat",
    "Ring is not closed": "ring is niet gesloten",
}
_EXPLANATION = re.compile(r"^(?P<what>[^\[]+)\[(?P<x>\S+) (?P<y>\S+)\]$")


@dataclass(frozen=True)
class Repair:
    """A polygonal geometry as MultiPolygon (None if nothing polygonal is left) and the reason."""

    geometry: MultiPolygon | None
    reason: str | None = None

    @property
    def repaired(self) -> bool:
        """True when the input was invalid and a valid geometry was made from it."""
        return self.reason is not None and self.geometry is not None


def describe_invalidity(geometry: BaseGeometry) -> str:
    """Why GEOS finds GEOMETRY invalid, in Dutch where known: 'zelfdoorsnijding bij 4.42, 51.95'."""
    explanation = explain_validity(geometry)
    match = _EXPLANATION.match(explanation)
    if not match:
        return _REASONS.get(explanation, explanation)
    what = _REASONS.get(match["what"], match["what"])
    return f"{what} bij {float(match['x']):.6f}, {float(match['y']):.6f}"


def polygonal_parts(geometry: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons inside GEOMETRY, however deeply collected."""
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [part for sub in getattr(geometry, "geoms", []) for part in polygonal_parts(sub)]


def repair_polygonal(geometry: BaseGeometry) -> Repair:
    """GEOMETRY as a valid MultiPolygon; invalid input is fixed by make_valid, reason kept."""
    if geometry.is_valid:
        parts = polygonal_parts(geometry)
        return Repair(MultiPolygon(parts) if parts else None,
                      None if parts else "geen vlak (geen Polygon of MultiPolygon)")
    reason = describe_invalidity(geometry)
    # make_valid may add lines or points where a ring touched itself; a buurt is only its area.
    parts = polygonal_parts(make_valid(geometry))
    if not parts:
        return Repair(None, f"{reason}; na herstel bleef geen vlak over")
    fixed = MultiPolygon(parts)
    if not fixed.is_valid:  # make_valid's parts can touch along an edge; merge them
        fixed = MultiPolygon(polygonal_parts(make_valid(fixed.buffer(0))))
    return Repair(fixed, reason)
