"""Street lines: taking the linear part of an input, and drawing a street through its doors."""

from collections.abc import Sequence

from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

# A street known from one door only still needs a line: about a metre east of it.
TINY_STEP_DEGREES = 0.00001


def line_parts(geometry: BaseGeometry) -> MultiLineString | None:
    """The LineStrings of GEOMETRY with a length as one MultiLineString; None if there are none."""
    if isinstance(geometry, LineString):
        lines = [geometry]
    else:
        lines = [part for part in getattr(geometry, "geoms", []) if isinstance(part, LineString)]
    lines = [line for line in lines if not line.is_empty and line.length > 0]
    return MultiLineString(lines) if lines else None


def walking_order(doors: Sequence[tuple[tuple, tuple[float, float]]]) -> list[tuple[float, float]]:
    """Points of DOORS ((number, ...sort key), point): odd numbers up, then even numbers back."""
    # Dutch streets have odd numbers on one side and even on the other. Strict number order
    # would zig-zag across the street at every door (Barentszstraat: 7.8 km for a 240 m
    # street); one side up and the other side back is also how a round walks the doors.
    ordered = sorted(doors)
    odd = [point for key, point in ordered if key[0] % 2]
    even = [point for key, point in ordered if not key[0] % 2]
    return odd + even[::-1]


def line_through(points: Sequence[tuple[float, float]]) -> LineString:
    """A line visiting POINTS (lon, lat) in the order given, skipping repeats; one point: a stub."""
    coords: list[tuple[float, float]] = []
    for point in points:
        if not coords or coords[-1] != tuple(point):
            coords.append(tuple(point))
    if len(set(coords)) == 1:
        x, y = coords[0]
        coords = [(x, y), (x + TINY_STEP_DEGREES, y)]
    return LineString(coords)
