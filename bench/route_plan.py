"""Benchmark route planning: 150 streets on a real Rotterdam buurt, ordered into a walk.

Streets are generated inside the real outline of a Rotterdam buurt (CBS, from
../shared/data): a slightly skewed grid of 80 m blocks, clipped by the polygon and cut
into separate named streets, as the street import makes them. Times geo.route's
order_streets (nearest neighbour + 2-opt + or-opt), plan_within_minutes and the coffee
spot suggestion; the PostGIS ranking query is not in here (it runs per buurt, in ms).

Prints one line per figure. Run: .venv/bin/python bench/route_plan.py [--buurt NAME]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

from shapely.geometry import LineString, MultiLineString, shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.coffee import suggest_coffee_spots  # noqa: E402
from geo.metric import LocalPlane  # noqa: E402
from geo.route import RouteStreet, order_streets, plan_within_minutes  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "rotterdam_buurten_cbs.geojson"


def buurt_outline(name: str | None):
    features = json.loads(DATA.read_text())["features"]
    if name:
        chosen = next(f for f in features if f["properties"]["bu_naam"] == name)
    else:  # the largest buurt by area gives the longest walks
        chosen = max(features, key=lambda f: shape(f["geometry"]).area)
    return chosen["properties"]["bu_naam"], shape(chosen["geometry"])


def generate_streets(outline, count: int, block_m: float = 80.0) -> list[RouteStreet]:
    """COUNT street pieces on a grid inside OUTLINE, each a block or two long."""
    plane = LocalPlane.around([outline])
    area = plane.to_metres(outline).buffer(0)  # CBS outlines can self-touch
    minx, miny, maxx, maxy = area.bounds
    lines = []
    tilt = math.radians(7)
    for k in range(int((maxy - miny) / block_m) + 1):
        y = miny + k * block_m
        lines.append(LineString([(minx, y), (maxx, y + (maxx - minx) * math.tan(tilt))]))
    for k in range(int((maxx - minx) / block_m) + 1):
        x = minx + k * block_m
        lines.append(LineString([(x, miny), (x - (maxy - miny) * math.tan(tilt), maxy)]))
    pieces = []
    for line in lines:
        inside = line.intersection(area)
        for part in getattr(inside, "geoms", [inside]):
            if part.length < 40:
                continue
            # Cut long lines into streets of about 2 blocks.
            steps = max(1, int(part.length // (2 * block_m)))
            for s in range(steps):
                a, b = part.length * s / steps, part.length * (s + 1) / steps
                piece = LineString([part.interpolate(a), part.interpolate(b)])
                pieces.append(piece)
    pieces = pieces[::max(1, len(pieces) // count)][:count]
    return [RouteStreet(i, MultiLineString([plane.to_lonlat(p)]), doors=(i * 7) % 40)
            for i, p in enumerate(pieces)]


def timed(work, repeat: int):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurt", default=None)
    parser.add_argument("--streets", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    name, outline = buurt_outline(args.buurt)
    streets = generate_streets(outline, args.streets)
    start = streets[0].geometry.geoms[0].coords[0]
    print(f"buurt: {name}; streets: {len(streets)}")

    route, median, worst = timed(lambda: order_streets(streets, start, return_to_start=True),
                                 args.repeat)
    print(f"order_streets {len(streets)} streets: median {median * 1000:.0f} ms, "
          f"max {worst * 1000:.0f} ms; walk {route.distance_m / 1000:.1f} km "
          f"({route.street_m / 1000:.1f} km of street)")
    budget, median, worst = timed(lambda: plan_within_minutes(streets, 180, start,
                                                              return_to_start=True),
                                  args.repeat)
    print(f"plan_within_minutes 180 min from {len(streets)}: median {median * 1000:.0f} ms, "
          f"max {worst * 1000:.0f} ms; {len(budget.stops)} streets, {budget.minutes:.0f} min")
    spot_streets = [RouteStreet(s.id, s.geometry, s.doors, f"straat {s.id}") for s in streets]
    spots, median, worst = timed(lambda: suggest_coffee_spots(spot_streets), args.repeat)
    print(f"suggest_coffee_spots {len(streets)} streets: median {median * 1000:.0f} ms, "
          f"max {worst * 1000:.0f} ms; best mean walk {spots[0].mean_m:.0f} m")


if __name__ == "__main__":
    main()
