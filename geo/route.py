"""Ordering streets into a walk: nearest neighbour, then 2-opt, distances in metres.

Each street is walked once from one end to the other, so it has an entry and an exit
and the order chooses its direction too. Between streets the walk is a straight line
from the last exit to the next entry: geo/ has no street graph, and neighbouring
streets share their corners, so most of these legs are short (a lower bound, not a
promise). All measuring happens on a local metric plane (geo.metric), never in degrees.

Time model: walking 4.5 km/h (75 m a minute) over the whole distance, plus one minute
per known address (a door: ringing, waiting, a short chat or a flyer), or, on a street
without known addresses, 15 seconds per 10 m of street (inviting passers-by, flyers in
the few doors there are).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

from .metric import LocalPlane

WALK_M_PER_MIN = 4500 / 60
DOOR_MINUTES = 1.0
NO_ADDRESS_MINUTES_PER_M = 15 / 60 / 10
_EPS = 1e-7


@dataclass(frozen=True)
class RouteStreet:
    """A street to walk: its id, its line (lon/lat), how many doors it has, and its name."""

    id: int
    geometry: BaseGeometry
    doors: int = 0
    name: str = ""


@dataclass(frozen=True)
class Stop:
    """A street in the walk: entered at ENTRY, left at EXIT (lon, lat)."""

    id: int
    entry: tuple[float, float]
    exit: tuple[float, float]
    length_m: float
    minutes_at_doors: float


@dataclass(frozen=True)
class Route:
    """Streets in walking order with the walk's length in metres and its time in minutes."""

    stops: tuple[Stop, ...]
    start: tuple[float, float] | None
    returns_to_start: bool
    street_m: float
    transit_m: float

    @property
    def ids(self) -> list[int]:
        return [stop.id for stop in self.stops]

    @property
    def distance_m(self) -> float:
        return self.street_m + self.transit_m

    @property
    def minutes(self) -> float:
        return walking_minutes(self.distance_m) + sum(s.minutes_at_doors for s in self.stops)

    def legs(self) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        """The straight walks between streets (lon/lat pairs), for drawing the route."""
        points = ([self.start] if self.start else [])
        legs = []
        for stop in self.stops:
            if points and points[-1] != stop.entry:
                legs.append((points[-1], stop.entry))
            points.append(stop.exit)
        if self.returns_to_start and self.start and self.stops and points[-1] != self.start:
            legs.append((points[-1], self.start))
        return legs


def walking_minutes(distance_m: float) -> float:
    """Minutes to walk DISTANCE_M at 4.5 km/h."""
    return distance_m / WALK_M_PER_MIN


def door_minutes(length_m: float, doors: int) -> float:
    """Minutes spent at the doors of a street: per address, or per metre without addresses."""
    return doors * DOOR_MINUTES if doors > 0 else length_m * NO_ADDRESS_MINUTES_PER_M


# --- the street set on the metric plane --------------------------------------------------

@dataclass
class _Problem:
    plane: LocalPlane
    ids: list[int]
    ends: np.ndarray  # (n, 2, 2): for each street its two ends (x, y) in metres
    length: np.ndarray  # (n,) metres
    doors: np.ndarray  # (n,) minutes at the doors
    start: np.ndarray | None  # (2,) metres
    returns: bool


def _line_ends(line: BaseGeometry) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two ends of a street line (metres); for a broken street, its two farthest ends."""
    if isinstance(line, MultiLineString):
        merged = shapely.line_merge(line)
        line = merged if isinstance(merged, LineString) else line
    if isinstance(line, LineString):
        coords = list(line.coords)
        return coords[0], coords[-1]
    ends = [c for part in getattr(line, "geoms", [line]) for c in (part.coords[0],
                                                                    part.coords[-1])]
    if not ends:
        raise ValueError("straat zonder geometrie")
    points = np.asarray(ends)
    gaps = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    i, j = np.unravel_index(int(np.argmax(gaps)), gaps.shape)
    return tuple(points[i]), tuple(points[j])


def _problem(streets: Sequence[RouteStreet], start: tuple[float, float] | None,
             returns: bool) -> _Problem:
    geometries = [s.geometry for s in streets] + ([Point(start)] if start else [])
    plane = LocalPlane.around(geometries)
    lines = [plane.to_metres(s.geometry) for s in streets]
    lengths = np.array([line.length for line in lines])
    return _Problem(
        plane=plane,
        ids=[s.id for s in streets],
        ends=np.array([_line_ends(line) for line in lines], dtype=float).reshape(-1, 2, 2),
        length=lengths,
        doors=np.array([door_minutes(length, s.doors) for s, length in zip(streets, lengths,
                                                                            strict=True)]),
        start=np.array(plane.point_to_metres(*start)) if start else None,
        returns=returns and start is not None,
    )


def _route(problem: _Problem, order: list[int], flipped: list[bool]) -> Route:
    stops = []
    for k, f in zip(order, flipped, strict=True):
        a, b = problem.ends[k][int(f)], problem.ends[k][1 - int(f)]
        stops.append(Stop(id=problem.ids[k], entry=problem.plane.point_to_lonlat(*a),
                          exit=problem.plane.point_to_lonlat(*b),
                          length_m=float(problem.length[k]),
                          minutes_at_doors=float(problem.doors[k])))
    entry, exit_ = _entries_exits(problem, order, flipped)
    start = (problem.plane.point_to_lonlat(*problem.start)
             if problem.start is not None else None)
    return Route(stops=tuple(stops), start=start, returns_to_start=problem.returns,
                 street_m=float(problem.length[order].sum()) if order else 0.0,
                 transit_m=_transit(problem, entry, exit_))


def _entries_exits(problem: _Problem, order: list[int], flipped: list[bool]):
    idx = np.asarray(order, dtype=int)
    flip = np.asarray(flipped, dtype=int)
    entry = problem.ends[idx, flip]
    exit_ = problem.ends[idx, 1 - flip]
    return entry, exit_


def _transit(problem: _Problem, entry: np.ndarray, exit_: np.ndarray) -> float:
    if len(entry) == 0:
        return 0.0
    total = float(np.linalg.norm(entry[1:] - exit_[:-1], axis=1).sum())
    if problem.start is not None:
        total += float(np.linalg.norm(entry[0] - problem.start))
        if problem.returns:
            total += float(np.linalg.norm(exit_[-1] - problem.start))
    return total


# --- ordering ------------------------------------------------------------------------------

def _nearest_neighbour(problem: _Problem) -> tuple[list[int], list[bool]]:
    """Always walk to the nearest free end of an unvisited street; leave by its other end."""
    n = len(problem.ids)
    left = np.ones(n, dtype=bool)
    order, flipped = [], []
    here = problem.start
    if here is None:  # no start: begin with the first street given (the most wanted)
        order, flipped = [0], [False]
        left[0] = False
        here = problem.ends[0][1]
    while left.any():
        gaps = np.linalg.norm(problem.ends - here, axis=2)  # (n, 2)
        gaps[~left] = np.inf
        k, end = np.unravel_index(int(np.argmin(gaps)), gaps.shape)
        order.append(int(k))
        flipped.append(bool(end == 1))
        left[k] = False
        here = problem.ends[k][1 - end]
    return order, flipped


def _two_opt(problem: _Problem, order: list[int], flipped: list[bool]):
    """Reverse stretches of the walk (and the direction of each street in them) while shorter."""
    n = len(order)
    entry, exit_ = _entries_exits(problem, order, flipped)
    improved = True
    while improved and n > 1:
        improved = False
        for i in range(n):
            before = problem.start if i == 0 else exit_[i - 1]
            # After street j: the next entry, the start on a round trip, else nothing.
            after = np.vstack([entry[i + 1:], _end_point(problem)])
            old_in = 0.0 if before is None else np.linalg.norm(entry[i] - before)
            new_in = (np.zeros(n - i) if before is None
                      else np.linalg.norm(exit_[i:] - before, axis=1))
            old_out = _gap(exit_[i:], after)
            new_out = _gap(entry[i], after)
            delta = new_in + new_out - old_in - old_out
            j = int(np.argmin(delta))
            if delta[j] < -_EPS:
                j += i + 1
                order[i:j] = order[i:j][::-1]
                flipped[i:j] = [not f for f in flipped[i:j][::-1]]
                # Walked backwards, each street's entry is its old exit and vice versa.
                entry[i:j], exit_[i:j] = exit_[i:j][::-1].copy(), entry[i:j][::-1].copy()
                improved = True
    return order, flipped


_NOWHERE = np.full((1, 2), np.nan)  # an open end of the walk: legs to it cost nothing


def _start_point(problem: _Problem) -> np.ndarray:
    return problem.start.reshape(1, 2) if problem.start is not None else _NOWHERE


def _end_point(problem: _Problem) -> np.ndarray:
    return problem.start.reshape(1, 2) if problem.returns else _NOWHERE


def _gap(points: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Distances from POINTS to AFTER row by row; nan rows (open end) cost nothing."""
    d = np.atleast_2d(points - after)
    gaps = np.sqrt(d[:, 0] ** 2 + d[:, 1] ** 2)
    gaps[np.isnan(gaps)] = 0.0
    return gaps


def _leg(p: np.ndarray, q: np.ndarray) -> float:
    """One walk from P to Q in metres; nothing when either is the open end (nan)."""
    gap = math.hypot(p[0] - q[0], p[1] - q[1])
    return 0.0 if math.isnan(gap) else gap


def _best_directions(problem: _Problem, order: list[int]) -> list[bool]:
    """For a fixed order, the direction of each street that makes the walk shortest (DP)."""
    if not order:
        return []
    ends = problem.ends[order]  # (n, 2, 2)
    # cost[d]: shortest walk so far ending with the current street entered at end d.
    if problem.start is None:
        cost = np.zeros(2)
    else:
        cost = np.linalg.norm(ends[0] - problem.start, axis=1)
    choice = []
    for k in range(1, len(order)):
        exits = ends[k - 1][::-1]  # entered at end d -> left at end 1-d
        # legs[d_prev, d]: from the exit of street k-1 (entered at d_prev) to entry d of k.
        legs = np.linalg.norm(exits[:, None, :] - ends[k][None, :, :], axis=2)
        total = cost[:, None] + legs
        choice.append(np.argmin(total, axis=0))
        cost = total.min(axis=0)
    if problem.returns:
        cost = cost + np.linalg.norm(ends[-1][::-1] - problem.start, axis=1)
    d = int(np.argmin(cost))
    directions = [d]
    for back in reversed(choice):
        d = int(back[d])
        directions.append(d)
    return [bool(x) for x in reversed(directions)]


def _or_opt(problem: _Problem, order: list[int], flipped: list[bool]):
    """Move stretches of 1 to 3 streets to where (and in the direction) they cost least.

    2-opt only reverses stretches; streets stranded on the wrong side of the walk need
    to be lifted out and put back elsewhere, which reversals alone often cannot do.
    """
    improved = True
    while improved and len(order) > 2:
        improved = False
        for size in (1, 2, 3):
            i = 0
            while i + size <= len(order) and size < len(order):
                entry, exit_ = _entries_exits(problem, order, flipped)
                j = i + size - 1
                before = _start_point(problem)[0] if i == 0 else exit_[i - 1]
                after = entry[j + 1] if j + 1 < len(order) else _end_point(problem)[0]
                saved = (_leg(before, entry[i]) + _leg(exit_[j], after)
                         - _leg(before, after))
                rest, rest_flipped = order[:i] + order[j + 1:], flipped[:i] + flipped[j + 1:]
                place, backwards, extra = _cheapest_place(
                    problem, *_entries_exits(problem, rest, rest_flipped), entry[i], exit_[j])
                if extra < saved - _EPS:
                    moved, moved_flipped = order[i:j + 1], flipped[i:j + 1]
                    if backwards:
                        moved = moved[::-1]
                        moved_flipped = [not f for f in moved_flipped[::-1]]
                    order = rest[:place] + moved + rest[place:]
                    flipped = rest_flipped[:place] + moved_flipped + rest_flipped[place:]
                    improved = True
                i += 1
    return order, flipped


def _improve(problem: _Problem, order: list[int], flipped: list[bool]):
    best = _transit(problem, *_entries_exits(problem, order, flipped))
    for _ in range(5):  # each pass only shortens; a few passes reach a fixed point
        order, flipped = _two_opt(problem, order, flipped)
        order, flipped = _or_opt(problem, order, flipped)
        flipped = _best_directions(problem, order)
        length = _transit(problem, *_entries_exits(problem, order, flipped))
        if length > best - _EPS:
            break
        best = length
    return order, flipped


def order_streets(streets: Sequence[RouteStreet], start: tuple[float, float] | None = None,
                  *, return_to_start: bool = False) -> Route:
    """STREETS in a short walking order from START (lon, lat): nearest neighbour, then 2-opt."""
    if not streets:
        return Route((), start, return_to_start and start is not None, 0.0, 0.0)
    problem = _problem(streets, start, return_to_start)
    order, flipped = _nearest_neighbour(problem)
    order, flipped = _improve(problem, order, flipped)
    return _route(problem, order, flipped)


def measure_route(streets: Sequence[RouteStreet], start: tuple[float, float] | None = None,
                  *, return_to_start: bool = False) -> Route:
    """STREETS in the order given, each walked in its best direction: length and time."""
    if not streets:
        return Route((), start, return_to_start and start is not None, 0.0, 0.0)
    problem = _problem(streets, start, return_to_start)
    order = list(range(len(streets)))
    return _route(problem, order, _best_directions(problem, order))


# --- a time budget -------------------------------------------------------------------------

def _cheapest_place(problem: _Problem, entry, exit_, a, b) -> tuple[int, bool, float]:
    """Cheapest place (index) and direction (from B to A?) to walk A..B into, and its cost.

    The cost is the extra transit in metres: the walk between A and B is the same
    either way, so only the legs in and out change.
    """
    before = np.vstack([_start_point(problem), exit_])
    after = np.vstack([entry, _end_point(problem)])
    current = _gap(before, after)
    forward = _gap(before, a) + _gap(b, after)
    backward = _gap(before, b) + _gap(a, after)
    both = np.stack([forward, backward]) - current
    d, place = np.unravel_index(int(np.argmin(both)), both.shape)
    return int(place), bool(d == 1), float(both[d, place])


def _insertion(problem: _Problem, entry, exit_, k: int) -> tuple[int, bool, float]:
    """Cheapest place (index), direction and extra metres of transit to add street K."""
    a, b = problem.ends[k]
    return _cheapest_place(problem, entry, exit_, a, b)


def _fill(problem: _Problem, ranked: list[int], minutes: float, order, flipped):
    """Add streets in rank order wherever they cost least, skipping those that do not fit."""
    used = _minutes(problem, order, flipped)
    for k in ranked:
        if k in order:
            continue
        entry, exit_ = _entries_exits(problem, order, flipped)
        place, flip, extra_m = _insertion(problem, entry, exit_, k)
        extra = walking_minutes(extra_m + problem.length[k]) + problem.doors[k]
        if used + extra <= minutes + _EPS:
            order.insert(place, k)
            flipped.insert(place, flip)
            used += extra
    return order, flipped


def _minutes(problem: _Problem, order, flipped) -> float:
    if not order:
        return 0.0
    transit = _transit(problem, *_entries_exits(problem, order, flipped))
    return walking_minutes(transit + problem.length[order].sum()) + problem.doors[order].sum()


def plan_within_minutes(ranked: Sequence[RouteStreet], minutes: float,
                        start: tuple[float, float] | None = None, *,
                        return_to_start: bool = False) -> Route:
    """The most wanted streets of RANKED (best first) that fit in MINUTES, as a short walk."""
    if not ranked or minutes <= 0:
        return Route((), start, return_to_start and start is not None, 0.0, 0.0)
    problem = _problem(ranked, start, return_to_start)
    everyone = list(range(len(ranked)))
    order, flipped = _fill(problem, everyone, minutes, [], [])
    order, flipped = _improve(problem, order, flipped)
    # A shorter walk frees minutes: offer them to the streets that did not fit before.
    order, flipped = _fill(problem, everyone, minutes, order, flipped)
    if order:
        order, flipped = _improve(problem, order, flipped)
    return _route(problem, order, flipped)
