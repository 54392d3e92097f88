"""Veenhoven, the demo town: buurten, streets and addresses drawn in code with Shapely.

The town is laid out in metres on a local plane (x east, y north) around ORIGIN and turned
into WGS84 at the end, so every distance here is a real distance. Its shape does not
depend on the seed: the same street names sit in the same buurten in every demo, which
keeps screenshots and manuals comparable. The seed drives what happens in the town.
"""

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPoint, Point, Polygon

from .names import BUURT_SPECS, THROUGH_STREETS, BuurtSpec

GEMEENTE_CODE = "GM9901"  # 99xx is unused by CBS, so it never clashes with a real gemeente
GEMEENTE_NAME = "Veenhoven"
# In the peat polders between Woerden and Kockengen: plausible, and clear of real towns.
ORIGIN_LON, ORIGIN_LAT = 4.905, 52.125

_PHI = math.radians(ORIGIN_LAT)
_M_PER_DEG_LAT = (111132.92 - 559.82 * math.cos(2 * _PHI) + 1.175 * math.cos(4 * _PHI)
                  - 0.0023 * math.cos(6 * _PHI))
_M_PER_DEG_LON = (111412.84 * math.cos(_PHI) - 93.5 * math.cos(3 * _PHI)
                  + 0.118 * math.cos(5 * _PHI))

STREET_INSET_M = 22  # grid streets stay this far inside their buurt
HOUSE_OFFSET_M = 9  # front doors sit this far from the street's centre line
MIN_STREET_M = 110
# Postcode letters as PostNL uses them (no F, I, O, Q, U, Y).
_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"


@dataclass(frozen=True)
class BuurtPlan:
    code: str
    name: str
    wijk_code: str
    wijk_name: str
    geom: shapely.MultiPolygon  # WGS84
    key_figures: dict
    priority: int


@dataclass(frozen=True)
class StreetPlan:
    name: str
    buurt_code: str
    geom: shapely.MultiLineString  # WGS84
    length_m: float
    source_ids: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.buurt_code)


@dataclass(frozen=True)
class AddressPlan:
    source_key: str
    buurt_code: str
    street_name: str
    house_number: int
    postcode: str
    geom: Point  # WGS84

    @property
    def street_key(self) -> tuple[str, str]:
        return (self.street_name, self.buurt_code)


@dataclass(frozen=True)
class Town:
    buurten: tuple[BuurtPlan, ...]
    streets: tuple[StreetPlan, ...]
    addresses: tuple[AddressPlan, ...]


def to_wgs84(geom):
    """GEOM from the town's metre plane to lon/lat (SRID 4326)."""
    return shapely.transform(geom, lambda xy: np.column_stack(
        (ORIGIN_LON + xy[:, 0] / _M_PER_DEG_LON, ORIGIN_LAT + xy[:, 1] / _M_PER_DEG_LAT)))


def to_metres(geom):
    """GEOM from lon/lat to the town's metre plane."""
    return shapely.transform(geom, lambda xy: np.column_stack(
        ((xy[:, 0] - ORIGIN_LON) * _M_PER_DEG_LON, (xy[:, 1] - ORIGIN_LAT) * _M_PER_DEG_LAT)))


def _outline() -> Polygon:
    """A town about 2.6 by 2 km whose edge wobbles like one that grew along its dikes."""
    points = []
    for i in range(72):
        t = 2 * math.pi * i / 72
        wobble = 1 + 0.07 * math.sin(3 * t + 1) + 0.04 * math.cos(5 * t)
        points.append((1300 * wobble * math.cos(t), 1000 * wobble * math.sin(t)))
    return Polygon(points)


def _cells(outline: Polygon) -> dict[str, Polygon]:
    """One Voronoi cell per buurt seed point, clipped to the town: they tile it exactly."""
    seeds = MultiPoint([spec.seed_xy for spec in BUURT_SPECS])
    cells = shapely.voronoi_polygons(seeds, extend_to=outline, ordered=True)
    return {spec.code: cell.intersection(outline)
            for spec, cell in zip(BUURT_SPECS, cells.geoms, strict=True)}


def _through_line(spec) -> LineString:
    """A gently curving street that crosses buurt borders (and so becomes several rows)."""
    (x0, y0), (x1, y1) = spec.start, spec.end
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    points = []
    for i in range(41):
        f = i / 40
        bend = spec.bend * math.sin(math.pi * f)
        points.append((x0 + f * (x1 - x0) + bend * nx, y0 + f * (y1 - y0) + bend * ny))
    return LineString(points)


def _lines(geom) -> list[LineString]:
    return [part for part in shapely.get_parts(geom)
            if isinstance(part, LineString) and part.length > 0]


def _grid(spec: BuurtSpec, cell: Polygon, through: list[LineString]) -> list[tuple[str, list]]:
    """Parallel streets and cross streets at the buurt's own angle, named in order."""
    inset = cell.buffer(-STREET_INSET_M)
    centre = cell.centroid
    a = math.radians(spec.angle)
    along, across = (math.cos(a), math.sin(a)), (-math.sin(a), math.cos(a))
    busy = shapely.union_all([line.buffer(35) for line in through])
    named = []
    for names, direction, normal, spacing in (
        (spec.streets, along, across, spec.spacing),
        (spec.cross_streets, across, along, spec.cross_spacing),
    ):
        pieces = []
        for k in range(-12, 13):
            offset = (k + 0.5) * spacing
            cx, cy = centre.x + offset * normal[0], centre.y + offset * normal[1]
            line = LineString([(cx - 3000 * direction[0], cy - 3000 * direction[1]),
                               (cx + 3000 * direction[0], cy + 3000 * direction[1])])
            parts = [p for p in _lines(line.intersection(inset)) if p.length >= MIN_STREET_M]
            # A grid line running along a through street would be the same road twice.
            parts = [p for p in parts if p.intersection(busy).length < 0.3 * p.length]
            if parts:
                pieces.append(parts)
        # More lines than names: keep the longest, in their order across the buurt.
        keep = sorted(range(len(pieces)), key=lambda i: -sum(p.length for p in pieces[i]))
        keep = sorted(keep[:len(names)])
        named.extend(zip(names, (pieces[i] for i in keep), strict=False))
    return named


def _house_points(line: LineString, spacing: float):
    """(side, point) pairs along LINE: odd numbers on the left, even on the right."""
    for side, start in ((1, 14.0), (-1, 14.0 + spacing / 2)):
        distance = start
        while distance < line.length - 14:
            here = line.interpolate(distance)
            ahead = line.interpolate(min(distance + 1, line.length))
            behind = line.interpolate(max(distance - 1, 0))
            dx, dy = ahead.x - behind.x, ahead.y - behind.y
            norm = math.hypot(dx, dy) or 1
            yield side, Point(here.x - side * HOUSE_OFFSET_M * dy / norm,
                              here.y + side * HOUSE_OFFSET_M * dx / norm)
            distance += spacing


def _postcode(buurt_index: int, street_index: int, side: int, number: int) -> str:
    """Digits per buurt, letters per side of a street in blocks of about twenty doors."""
    block = (street_index * 4 + (0 if side == 1 else 2) + number // 40) % (
        len(_POSTCODE_LETTERS) ** 2)
    letters = (_POSTCODE_LETTERS[block // len(_POSTCODE_LETTERS)]
               + _POSTCODE_LETTERS[block % len(_POSTCODE_LETTERS)])
    return f"{3461 + buurt_index}{letters}"


@cache
def build_town() -> Town:
    """The whole town: 7 buurten, their streets and the addresses along them."""
    outline = _outline()
    cells = _cells(outline)
    specs = {spec.code: spec for spec in BUURT_SPECS}
    through = {spec.name: _through_line(spec).intersection(outline.buffer(-25))
               for spec in THROUGH_STREETS}

    # Whole lines per street name (before cutting by buurt), and the rows they become.
    whole: list[tuple[str, list[LineString], float]] = []
    rows: dict[tuple[str, str], list[LineString]] = {}
    for name, line in through.items():
        whole.append((name, _lines(line), 85.0))
        for code, cell in cells.items():
            parts = [p for p in _lines(line.intersection(cell)) if p.length >= 40]
            if parts:
                rows[(name, code)] = parts
    for code, cell in cells.items():
        for name, parts in _grid(specs[code], cell, list(through.values())):
            whole.append((name, parts, specs[code].house_spacing))
            rows[(name, code)] = parts

    streets = tuple(
        StreetPlan(name=name, buurt_code=code,
                   geom=to_wgs84(MultiLineString(parts)),
                   length_m=round(sum(p.length for p in parts), 1),
                   source_ids=(f"demo:{_slug(name)}",))
        for (name, code), parts in rows.items())

    all_lines = [(name, p) for name, parts, _ in whole for p in parts]
    inner = {code: cell.buffer(-2) for code, cell in cells.items()}
    codes = [spec.code for spec in BUURT_SPECS]
    addresses = []
    for street_index, (name, parts, spacing) in enumerate(whole):
        others = shapely.union_all([p for n, p in all_lines if n != name])
        numbers = {1: 1, -1: 2}
        for part in parts:
            for side, point in _house_points(part, spacing):
                if others.distance(point) < 14:  # a side street, not a front door
                    continue
                code = next((c for c in codes if inner[c].contains(point)), None)
                row = rows.get((name, code))
                if row is None or min(p.distance(point) for p in row) > HOUSE_OFFSET_M + 1:
                    continue
                number = numbers[side]
                numbers[side] += 2
                addresses.append(AddressPlan(
                    source_key=f"demo:{_slug(name)}:{number}",
                    buurt_code=code, street_name=name, house_number=number,
                    postcode=_postcode(codes.index(code), street_index, side, number),
                    geom=to_wgs84(point)))

    buurten = tuple(
        BuurtPlan(code=spec.code, name=spec.name, wijk_code=spec.wijk_code,
                  wijk_name=spec.wijk_name,
                  geom=to_wgs84(shapely.MultiPolygon([cells[spec.code]])),
                  key_figures=dict(spec.key_figures), priority=spec.priority)
        for spec in BUURT_SPECS)
    return Town(buurten=buurten, streets=streets, addresses=tuple(addresses))


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
