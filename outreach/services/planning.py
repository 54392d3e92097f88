"""Route planning: which streets a round should take, in which order, and where the coffee goes.

Ranking runs in PostGIS (one query per proposal); ordering and coffee spots are pure
geometry in geo/. Staleness decides first, the weights order streets within a tier:
a street nobody has visited always goes before one visited long ago, whatever its
neighbours, because coverage is the reason rounds exist.
"""

from dataclasses import dataclass
from datetime import datetime

from shapely import wkb
from shapely.geometry import mapping
from sqlalchemy import text

from geo.coffee import MeetingPlace, suggest_coffee_spots
from geo.route import Route, RouteStreet, measure_route, order_streets, plan_within_minutes

from ..extensions import db
from ..models.enums import FollowUpStatus, PartnerKind
from .coverage import TEAM_IN_STREET
from .errors import Invalid

MAX_STREETS = 150
NEARBY_M = 150  # open follow-ups this close to a street count for it
HELP_PERIOD_DAYS = 365

# Tiers: 3 never visited, 2 over 90 days, 1 30 to 90 days, 0 under 30 days.
# Weights within a tier: help questions on the street (last year), open follow-ups
# near it and the buurt's priority (0-3, set by the coordinator), each capped so that
# no weight can lift a street into a higher tier.
# A street's last visit and its doors are counted as coverage counts them
# (services/coverage.py): the team in the street, distinct door keys.
_CANDIDATES = text(f"""
WITH chosen AS (
  SELECT s.id, s.name, s.buurt_id, s.length_m, s.geom, b.name AS buurt_name, b.priority
    FROM streets s JOIN buurten b ON b.id = s.buurt_id
   WHERE s.buurt_id = ANY(CAST(:buurten AS int[]))
), visits AS (
  SELECT c.street_id, max(c.recorded_at) AS last_visit
    FROM contacts c
   WHERE c.street_id IN (SELECT id FROM chosen) AND {TEAM_IN_STREET}
   GROUP BY c.street_id
), help AS (
  SELECT c.street_id, count(*) AS questions
    FROM help_questions hq JOIN contacts c ON c.id = hq.contact_id
   WHERE c.street_id IN (SELECT id FROM chosen)
     AND c.recorded_at >= CAST(:now AS timestamptz) - make_interval(days => :help_days)
   GROUP BY c.street_id
), open_follow_ups AS (
  SELECT s.id AS street_id, count(DISTINCT f.id) AS follow_ups
    FROM chosen s
    JOIN contacts c ON ST_DWithin(c.geom::geography, s.geom::geography, :nearby)
    JOIN follow_ups f ON f.contact_id = c.id
   WHERE f.status = ANY(CAST(:open AS text[]))
   GROUP BY s.id
), doors AS (
  SELECT street_id, count(DISTINCT door) AS doors FROM addresses
   WHERE street_id IN (SELECT id FROM chosen) GROUP BY street_id
), scored AS (
  SELECT s.*, v.last_visit,
         coalesce(h.questions, 0) AS questions, coalesce(o.follow_ups, 0) AS follow_ups,
         coalesce(d.doors, 0) AS doors,
         CASE WHEN v.last_visit IS NULL THEN 3
              WHEN v.last_visit < CAST(:now AS timestamptz) - interval '90 days' THEN 2
              WHEN v.last_visit < CAST(:now AS timestamptz) - interval '30 days' THEN 1
              ELSE 0 END AS tier
    FROM chosen s
    LEFT JOIN visits v ON v.street_id = s.id
    LEFT JOIN help h ON h.street_id = s.id
    LEFT JOIN open_follow_ups o ON o.street_id = s.id
    LEFT JOIN doors d ON d.street_id = s.id
)
SELECT id, name, buurt_id, buurt_name, length_m, doors, last_visit, questions, follow_ups,
       priority, tier,
       tier * 1000 + least(questions, 10) * 40 + least(follow_ups, 10) * 30 + priority * 20
         + least(coalesce(extract(epoch FROM CAST(:now AS timestamptz) - last_visit) / 86400,
                          0), 365) / 73 AS score,
       ST_AsBinary(geom) AS wkb
  FROM scored
 ORDER BY score DESC, length_m DESC, id
""")

_STREETS_BY_ID = text("""
SELECT s.id, s.name, s.buurt_id, b.name AS buurt_name, s.length_m,
       (SELECT count(DISTINCT a.door) FROM addresses a WHERE a.street_id = s.id) AS doors,
       ST_AsBinary(s.geom) AS wkb
  FROM streets s JOIN buurten b ON b.id = s.buurt_id
 WHERE s.id = ANY(CAST(:ids AS int[]))
""")

_MEETING_PLACES = text("""
SELECT DISTINCT p.id, p.name, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
  FROM partners p JOIN partner_buurten pb ON pb.partner_id = p.id
 WHERE p.active AND p.geom IS NOT NULL AND p.kind = :kind
   AND pb.buurt_id = ANY(CAST(:buurten AS int[]))
 ORDER BY p.name
""")

_STARTS = text("""
SELECT DISTINCT p.id, p.name, p.kind, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
  FROM partners p JOIN partner_buurten pb ON pb.partner_id = p.id
 WHERE p.active AND p.geom IS NOT NULL AND pb.buurt_id = ANY(CAST(:buurten AS int[]))
 ORDER BY p.name
""")

OPEN_FOLLOW_UPS = [s.value for s in (FollowUpStatus.open, FollowUpStatus.bezig,
                                     FollowUpStatus.overgedragen)]


@dataclass
class Candidate:
    """A street the planner may propose, with why."""

    id: int
    name: str
    buurt_id: int
    buurt_name: str
    length_m: float
    doors: int
    last_visit: datetime | None
    questions: int
    follow_ups: int
    tier: int
    score: float
    geometry: object

    def as_route_street(self) -> RouteStreet:
        return RouteStreet(self.id, self.geometry, self.doors)


def _check_start(start):
    if start is None:
        return None
    lon, lat = start
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise Invalid("Startpunt buiten bereik.", {"start": ["Geen geldige coördinaten."]})
    return (float(lon), float(lat))


def rank_streets(buurt_ids: list[int], *, now: datetime) -> list[Candidate]:
    """Every street of BUURT_IDS, most wanted first (tier, then help, follow-ups, priority)."""
    rows = db.session.execute(_CANDIDATES, {
        "buurten": list(buurt_ids), "now": now, "help_days": HELP_PERIOD_DAYS,
        "nearby": NEARBY_M, "open": OPEN_FOLLOW_UPS}).mappings()
    return [Candidate(id=r["id"], name=r["name"], buurt_id=r["buurt_id"],
                      buurt_name=r["buurt_name"], length_m=float(r["length_m"]),
                      doors=r["doors"], last_visit=r["last_visit"], questions=r["questions"],
                      follow_ups=r["follow_ups"], tier=r["tier"], score=float(r["score"]),
                      geometry=wkb.loads(bytes(r["wkb"]))) for r in rows]


def _stop_rows(route: Route, names: dict[int, dict]) -> list[dict]:
    return [{**names[s.id], "position": i, "entry": list(s.entry), "exit": list(s.exit),
             "length_m": round(s.length_m, 1)} for i, s in enumerate(route.stops)]


def route_payload(route: Route, streets: dict[int, dict]) -> dict:
    """ROUTE as JSON: stops with their street facts, legs between them, metres and minutes."""
    return {
        "streets": _stop_rows(route, streets),
        "distance_m": round(route.distance_m),
        "street_m": round(route.street_m),
        "transit_m": round(route.transit_m),
        "minutes": round(route.minutes),
        "legs": [[list(a), list(b)] for a, b in route.legs()],
        "start": list(route.start) if route.start else None,
    }


def _facts(c: Candidate) -> dict:
    return {"id": c.id, "name": c.name, "buurt_id": c.buurt_id, "buurt_name": c.buurt_name,
            "doors": c.doors, "questions": c.questions, "follow_ups": c.follow_ups,
            "tier": c.tier, "score": round(c.score, 1),
            "last_visit": c.last_visit.date().isoformat() if c.last_visit else None}


def propose_route(buurt_ids: list[int], *, now: datetime, start=None, count: int | None = None,
                  minutes: float | None = None) -> dict:
    """The most wanted streets of BUURT_IDS (COUNT of them, or what fits in MINUTES) as a walk."""
    if not buurt_ids:
        raise Invalid("Kies eerst een buurt.", {"buurten": ["Kies minstens één buurt."]})
    if count is None and minutes is None:
        count = 10
    if count is not None and not 1 <= count <= MAX_STREETS:
        raise Invalid("Aantal straten buiten bereik.",
                      {"count": [f"Kies 1 tot {MAX_STREETS} straten."]})
    if minutes is not None and not 10 <= minutes <= 600:
        raise Invalid("Tijd buiten bereik.", {"minutes": ["Kies 10 tot 600 minuten."]})
    start = _check_start(start)
    ranked = rank_streets(buurt_ids, now=now)
    facts = {c.id: _facts(c) for c in ranked}
    if minutes is not None:
        route = plan_within_minutes([c.as_route_street() for c in ranked[:MAX_STREETS * 2]],
                                    minutes, start, return_to_start=start is not None)
    else:
        route = order_streets([c.as_route_street() for c in ranked[:count]], start,
                              return_to_start=start is not None)
    return route_payload(route, facts)


def _streets_by_id(street_ids: list[int]) -> tuple[list[RouteStreet], dict[int, dict]]:
    rows = db.session.execute(_STREETS_BY_ID, {"ids": list(street_ids)}).mappings().all()
    by_id = {r["id"]: r for r in rows}
    missing = [i for i in street_ids if i not in by_id]
    if missing:
        raise Invalid("Onbekende straat.", {"streets": [f"Onbekende straat: {missing[0]}."]})
    facts = {r["id"]: {"id": r["id"], "name": r["name"], "buurt_id": r["buurt_id"],
                       "buurt_name": r["buurt_name"], "doors": r["doors"]} for r in rows}
    streets = [RouteStreet(i, wkb.loads(bytes(by_id[i]["wkb"])), by_id[i]["doors"])
               for i in street_ids]
    return streets, facts


def plan_route(street_ids: list[int], *, start=None, optimise: bool = True) -> dict:
    """STREET_IDS as a walk from START: reordered when OPTIMISE, else measured as given."""
    street_ids = list(dict.fromkeys(street_ids))
    if len(street_ids) > MAX_STREETS:
        raise Invalid("Te veel straten.", {"streets": [f"Hoogstens {MAX_STREETS} straten."]})
    start = _check_start(start)
    streets, facts = _streets_by_id(street_ids)
    walk = order_streets if optimise else measure_route
    return route_payload(walk(streets, start, return_to_start=start is not None), facts)


def suggest_spots(street_ids: list[int], *, limit: int = 3) -> list[dict]:
    """Coffee spots for a round through STREET_IDS: on its streets or at a meeting place."""
    streets, facts = _streets_by_id(list(dict.fromkeys(street_ids)))
    buurten = sorted({f["buurt_id"] for f in facts.values()})
    places = [MeetingPlace(r["name"], (r["lon"], r["lat"]), r["id"]) for r in db.session.execute(
        _MEETING_PLACES, {"buurten": buurten,
                          "kind": PartnerKind.ontmoetingsplek.value}).mappings()]
    spots = suggest_coffee_spots(
        [RouteStreet(s.id, s.geometry, s.doors, facts[s.id]["name"]) for s in streets], places,
        limit=limit)
    return [{"lon": s.point[0], "lat": s.point[1], "kind": s.kind, "label": s.label,
             "mean_m": s.mean_m, "max_m": s.max_m, "partner_id": s.partner_id} for s in spots]


def start_places(buurt_ids: list[int]) -> list[dict]:
    """Partners and meeting places with a location in BUURT_IDS: ready-made starts."""
    if not buurt_ids:
        return []
    return [dict(r) for r in db.session.execute(_STARTS, {"buurten": list(buurt_ids)})
            .mappings()]


def street_layer(buurt_ids: list[int], *, now: datetime) -> dict:
    """The streets of BUURT_IDS as GeoJSON for the planner map, with tier and rank facts."""
    features = [{"type": "Feature", "geometry": mapping(c.geometry), "properties": _facts(c)}
                for c in rank_streets(buurt_ids, now=now)] if buurt_ids else []
    return {"type": "FeatureCollection", "features": features}


def street_names(street_ids: list[int]) -> list[dict]:
    """Id, name and buurt of the known streets among STREET_IDS, in the order given."""
    if not street_ids:
        return []
    rows = db.session.execute(text(
        "SELECT s.id, s.name, b.name AS buurt_name FROM streets s "
        "JOIN buurten b ON b.id = s.buurt_id WHERE s.id = ANY(CAST(:ids AS int[]))"),
        {"ids": list(street_ids)}).mappings()
    by_id = {r["id"]: dict(r) for r in rows}
    return [by_id[i] for i in dict.fromkeys(street_ids) if i in by_id]
