"""Ordering streets into a walk, on layouts whose best walk is known by hand or brute force."""

import itertools
import math

import numpy as np
import pytest
from shapely.geometry import LineString, MultiLineString

from geo.metric import LocalPlane
from geo.route import (
    RouteStreet,
    door_minutes,
    measure_route,
    order_streets,
    plan_within_minutes,
    walking_minutes,
)

PLANE = LocalPlane((4.43, 51.91))  # Rotterdam-West


def lonlat(x: float, y: float) -> tuple[float, float]:
    return PLANE.point_to_lonlat(x, y)


def street(id_: int, *xy: tuple[float, float], doors: int = 0) -> RouteStreet:
    """A street through the points XY given in metres on PLANE, as lon/lat like the database."""
    line = PLANE.to_lonlat(LineString(xy))
    return RouteStreet(id_, MultiLineString([line]), doors)


# Four parallel streets of 100 m, 50 m apart: A at y=0 up to D at y=150.
LADDER = {
    "A": street(1, (0, 0), (100, 0)),
    "B": street(2, (0, 50), (100, 50)),
    "C": street(3, (100, 100), (0, 100)),
    "D": street(4, (100, 150), (0, 150)),
}


def test_metric_plane_round_trip_and_scale():
    lon, lat = lonlat(1000, 0)
    back = PLANE.point_to_metres(lon, lat)
    assert back == pytest.approx((1000, 0), abs=0.1)
    # A degree of latitude is about 111.2 km at 52 N; a degree of longitude about 68.7 km.
    assert PLANE.m_per_deg_lat == pytest.approx(111_250, rel=2e-3)
    assert PLANE.m_per_deg_lon == pytest.approx(68_700, rel=5e-3)


def test_ladder_is_walked_as_a_zigzag_from_the_corner():
    shuffled = [LADDER[k] for k in "CADB"]
    route = order_streets(shuffled, start=lonlat(0, 0))
    assert route.ids == [1, 2, 3, 4]
    # 4 x 100 m of street and 3 x 50 m between them; every street entered where the last ended.
    assert route.street_m == pytest.approx(400, abs=0.5)
    assert route.transit_m == pytest.approx(150, abs=0.5)
    assert route.distance_m == pytest.approx(550, abs=1)
    assert route.stops[0].entry == lonlat(0, 0)
    assert route.stops[1].entry == lonlat(100, 50)  # B is walked backwards
    assert len(route.legs()) == 3


def test_from_the_far_corner_the_walk_starts_at_the_far_street():
    route = order_streets(list(LADDER.values()), start=lonlat(0, 150))
    assert route.ids == [4, 3, 2, 1]
    assert route.distance_m == pytest.approx(550, abs=1)


def test_round_trip_counts_the_walk_back_to_the_start():
    route = order_streets(list(LADDER.values()), start=lonlat(0, 0), return_to_start=True)
    # Zigzag ends at (100,150) or (0,150): best is to finish at (0,150), 150 m back.
    assert route.distance_m == pytest.approx(700, abs=1)
    assert route.legs()[-1][1] == lonlat(0, 0)


def test_two_opt_fixes_the_greedy_detour():
    # Short streets at x=100, -300 and 600 on a line through the start at x=0.
    # Greedy walks 0 -> 100 -> -300 -> 600 (1395 m between streets); best is -300 first:
    # 295 m to its near end, 400 m from its far end to x=95, 490 m from x=105 to x=595.
    streets = [street(1, (95, 0), (105, 0)), street(2, (-305, 0), (-295, 0)),
               street(3, (595, 0), (605, 0))]
    route = order_streets(streets, start=lonlat(0, 0))
    assert route.ids == [2, 1, 3]
    assert route.transit_m == pytest.approx(295 + 400 + 490, abs=1)


def _brute_force(streets, start):
    plane = LocalPlane.around([s.geometry for s in streets])
    ends = [[np.array(c) for c in (line.coords[0], line.coords[-1])]
            for line in (plane.to_metres(s.geometry).geoms[0] for s in streets)]
    here0 = np.array(plane.point_to_metres(*start))
    best = math.inf
    for order in itertools.permutations(range(len(streets))):
        for flips in itertools.product((0, 1), repeat=len(streets)):
            here, total = here0, 0.0
            for k, f in zip(order, flips, strict=True):
                total += np.linalg.norm(ends[k][f] - here)
                here = ends[k][1 - f]
            best = min(best, total)
    return best


@pytest.mark.parametrize("seed", range(16))
def test_order_is_never_longer_than_measuring_the_given_order_and_close_to_best(seed):
    rng = np.random.default_rng(seed)
    streets = []
    for k in range(5):
        x, y = rng.uniform(0, 800, 2)
        angle = rng.uniform(0, math.pi)
        dx, dy = 60 * math.cos(angle), 60 * math.sin(angle)
        streets.append(street(k, (x - dx, y - dy), (x + dx, y + dy)))
    start = lonlat(400, 400)
    ordered = order_streets(streets, start=start)
    as_given = measure_route(streets, start=start)
    assert sorted(ordered.ids) == list(range(5))
    assert ordered.distance_m <= as_given.distance_m + 1e-6
    best = _brute_force(streets, start)
    assert best - 1 <= ordered.transit_m <= best * 1.15 + 1


def test_measure_route_keeps_the_order_and_picks_directions():
    route = measure_route([LADDER["D"], LADDER["A"]], start=lonlat(0, 0))
    assert route.ids == [4, 1]
    # To D's nearest end (0,150): 150 m; walk D to (100,150); down to A's end (100,0): 150 m.
    assert route.transit_m == pytest.approx(300, abs=0.5)


def test_empty_and_single():
    assert order_streets([]).ids == []
    assert order_streets([], start=lonlat(0, 0)).distance_m == 0
    route = order_streets([LADDER["A"]])
    assert route.ids == [1] and route.transit_m == 0


def test_time_model_doors_or_metres():
    assert walking_minutes(75) == pytest.approx(1)
    assert door_minutes(100, 12) == 12  # a minute a door
    assert door_minutes(100, 0) == pytest.approx(2.5)  # 15 s per 10 m without addresses
    route = order_streets([street(1, (0, 0), (150, 0), doors=10)], start=lonlat(0, 0))
    assert route.minutes == pytest.approx(2 + 10, abs=0.05)


def test_time_budget_takes_the_wanted_streets_that_fit():
    ranked = list(LADDER.values())
    start = lonlat(0, 0)
    # A alone: 100 m (1.33 min) + 2.5 min at doors = 3.83; with B: +50+100 m and 2.5 = 8.33.
    two = plan_within_minutes(ranked, 9, start=start)
    assert two.ids == [1, 2]
    assert two.minutes == pytest.approx(8.33, abs=0.02)
    assert two.minutes <= 9
    assert plan_within_minutes(ranked, 3, start=start).ids == []
    assert plan_within_minutes(ranked, 0, start=start).ids == []
    everything = plan_within_minutes(ranked, 60, start=start)
    assert everything.ids == [1, 2, 3, 4]


def test_time_budget_skips_a_wanted_far_street_for_nearer_ones():
    far = street(9, (5000, 0), (5100, 0))
    ranked = [far, LADDER["A"], LADDER["B"]]
    route = plan_within_minutes(ranked, 20, start=lonlat(0, 0))
    # The far street alone is 5000 m away (67 min): it never fits, the ladder does.
    assert route.ids == [1, 2]
    assert route.minutes <= 20


def test_time_budget_order_is_a_short_walk_not_the_rank_order():
    ranked = [LADDER["D"], LADDER["A"], LADDER["C"], LADDER["B"]]
    route = plan_within_minutes(ranked, 60, start=lonlat(0, 0))
    assert route.ids == [1, 2, 3, 4]
    assert route.distance_m == pytest.approx(550, abs=1)
