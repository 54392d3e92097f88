"""Coffee-spot suggestions on layouts where the best spot is known."""

import pytest
from shapely.geometry import LineString, MultiLineString, Point

from geo.coffee import MeetingPlace, suggest_coffee_spots
from geo.metric import LocalPlane
from geo.route import RouteStreet

PLANE = LocalPlane((4.43, 51.91))


def lonlat(x, y):
    return PLANE.point_to_lonlat(x, y)


def street(id_, name, *xy, doors=0):
    return RouteStreet(id_, MultiLineString([PLANE.to_lonlat(LineString(xy))]), doors, name)


def metres(point):
    return PLANE.point_to_metres(*point)


def test_the_crossing_of_two_equal_streets_wins():
    streets = [street(1, "Dorpsstraat", (-100, 0), (100, 0)),
               street(2, "Kerkweg", (0, -100), (0, 100))]
    spots = suggest_coffee_spots(streets)
    best = spots[0]
    assert best.kind == "kruising"
    assert "Dorpsstraat" in best.label and "Kerkweg" in best.label
    assert metres(best.point) == pytest.approx((0, 0), abs=0.5)
    # 11 samples 20 m apart on each street: 0, 20, 20, ... 100, 100 m from the crossing.
    assert best.mean_m == pytest.approx(600 / 11, abs=0.1)
    assert best.max_m == pytest.approx(100, abs=0.5)


def test_the_street_with_the_doors_pulls_the_spot_towards_it():
    # A long street with 200 doors and a short side street with 4: the spot is on the long one.
    streets = [street(1, "Lange Straat", (0, 0), (400, 0), doors=200),
               street(2, "Steeg", (400, 0), (400, 60), doors=4)]
    best = suggest_coffee_spots(streets)[0]
    x, y = metres(best.point)
    assert y == pytest.approx(0, abs=1)
    assert 150 <= x <= 250


def test_suggestions_stand_on_a_street_or_at_a_meeting_place():
    streets = [street(1, "A-straat", (0, 0), (300, 0)),
               street(2, "B-straat", (0, 200), (300, 200)),
               street(3, "C-laan", (300, 0), (300, 200))]
    lines = [PLANE.to_metres(s.geometry) for s in streets]
    spots = suggest_coffee_spots(streets, limit=5)
    assert 1 <= len(spots) <= 5
    for spot in spots:
        here = Point(metres(spot.point))
        assert min(line.distance(here) for line in lines) < 1
    # Distinct places, best first.
    assert [s.mean_m for s in spots] == sorted(s.mean_m for s in spots)
    points = [Point(metres(s.point)) for s in spots]
    assert all(a.distance(b) >= 25 for i, a in enumerate(points) for b in points[i + 1:])


def test_a_meeting_place_in_the_middle_beats_street_spots():
    streets = [street(1, "Noordzijde", (0, 100), (200, 100)),
               street(2, "Zuidzijde", (0, -100), (200, -100))]
    huiskamer = MeetingPlace("Huiskamer De Brug", lonlat(100, 0), id=7)
    far = MeetingPlace("Buurthuis ver weg", lonlat(3000, 3000), id=8)
    spots = suggest_coffee_spots(streets, [huiskamer, far])
    assert spots[0].kind == "ontmoetingsplek"
    assert spots[0].partner_id == 7
    assert all(s.partner_id != 8 for s in spots)


def test_no_streets_no_spot():
    assert suggest_coffee_spots([]) == []
