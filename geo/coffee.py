"""Where to park the coffee bike: the spot on public space closest to the round's doors.

Each street is sampled every SAMPLE_M metres; the samples share the street's weight
(its known doors, or one door per 10 m without addresses), so a long street with many
doors pulls harder than a short one. A spot's cost is the weighted mean straight-line
distance to those samples: the walk the average resident has to the coffee. Candidates
stand on public space only: street crossings, street midpoints, meeting places, and the
weighted geometric median (Weiszfeld) snapped onto the nearest street.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point

from .metric import LocalPlane
from .route import RouteStreet

SAMPLE_M = 20.0
DISTINCT_M = 25.0  # suggestions closer together than this are the same place
_KIND_ORDER = {"ontmoetingsplek": 0, "kruising": 1, "midden": 2, "straat": 3}


@dataclass(frozen=True)
class MeetingPlace:
    """A place with a roof and a host (buurthuis, huiskamer) at POINT (lon, lat)."""

    name: str
    point: tuple[float, float]
    id: int | None = None


@dataclass(frozen=True)
class CoffeeSpot:
    """A suggested spot: where, what it is, and the weighted mean and longest walk to it."""

    point: tuple[float, float]
    kind: str  # kruising, midden, ontmoetingsplek, straat
    label: str
    mean_m: float
    max_m: float
    partner_id: int | None = None


@dataclass
class _Candidate:
    xy: tuple[float, float]
    kind: str
    label: str
    partner_id: int | None = None


def _samples(lines, streets: Sequence[RouteStreet]) -> tuple[np.ndarray, np.ndarray]:
    points, weights = [], []
    for line, street in zip(lines, streets, strict=True):
        count = max(2, int(np.ceil(line.length / SAMPLE_M)) + 1)
        at = shapely.line_interpolate_point(line, np.linspace(0, line.length, count))
        points.append(shapely.get_coordinates(at))
        doors = street.doors if street.doors > 0 else line.length / 10
        weights.append(np.full(count, max(doors, 1.0) / count))
    return np.vstack(points), np.concatenate(weights)


def _crossings(lines, streets: Sequence[RouteStreet]) -> list[_Candidate]:
    tree = shapely.STRtree(lines)
    found = []
    left, right = tree.query(lines, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        shared = lines[i].intersection(lines[j])
        for point in shapely.get_parts(shapely.points(shapely.get_coordinates(shared))):
            found.append(_Candidate((point.x, point.y), "kruising",
                                    f"Kruising {streets[i].name} / {streets[j].name}"))
    return found


def _median(samples: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted geometric median of SAMPLES (Weiszfeld's iteration)."""
    here = np.average(samples, axis=0, weights=weights)
    for _ in range(200):
        gaps = np.maximum(np.linalg.norm(samples - here, axis=1), 1e-6)
        pull = weights / gaps
        step = (samples * pull[:, None]).sum(axis=0) / pull.sum()
        if np.linalg.norm(step - here) < 0.05:
            return step
        here = step
    return here


def _on_nearest_street(xy: np.ndarray, lines, streets) -> _Candidate:
    point = Point(xy)
    k = int(np.argmin([line.distance(point) for line in lines]))
    snapped = lines[k].interpolate(lines[k].project(point))
    return _Candidate((snapped.x, snapped.y), "straat", f"Op de {streets[k].name}")


def _cost(xy, samples: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    gaps = np.linalg.norm(samples - np.asarray(xy), axis=1)
    return float(np.average(gaps, weights=weights)), float(gaps.max())


def suggest_coffee_spots(streets: Sequence[RouteStreet],
                         meeting_places: Sequence[MeetingPlace] = (),
                         *, limit: int = 3) -> list[CoffeeSpot]:
    """Up to LIMIT distinct spots for STREETS, the shortest mean walk for residents first."""
    streets = [s for s in streets if s.geometry is not None and not s.geometry.is_empty]
    if not streets:
        return []
    plane = LocalPlane.around([s.geometry for s in streets])
    lines = [plane.to_metres(s.geometry) for s in streets]
    samples, weights = _samples(lines, streets)
    candidates = _crossings(lines, streets)
    for line, street in zip(lines, streets, strict=True):
        middle = line.interpolate(0.5, normalized=True)
        candidates.append(_Candidate((middle.x, middle.y), "midden", f"Midden {street.name}"))
    for place in meeting_places:
        candidates.append(_Candidate(plane.point_to_metres(*place.point), "ontmoetingsplek",
                                     place.name, place.id))
    candidates.append(_on_nearest_street(_median(samples, weights), lines, streets))

    scored = sorted(((*_cost(c.xy, samples, weights), _KIND_ORDER[c.kind], c.label, c)
                     for c in candidates), key=lambda row: row[:4])
    chosen: list[CoffeeSpot] = []
    taken: list[tuple[float, float]] = []
    for mean_m, max_m, _order, _label, c in scored:
        if any(np.hypot(c.xy[0] - x, c.xy[1] - y) < DISTINCT_M for x, y in taken):
            continue
        taken.append(c.xy)
        chosen.append(CoffeeSpot(point=plane.point_to_lonlat(*c.xy), kind=c.kind,
                                 label=c.label, mean_m=round(mean_m, 1),
                                 max_m=round(max_m, 1), partner_id=c.partner_id))
        if len(chosen) == limit:
            break
    return chosen
