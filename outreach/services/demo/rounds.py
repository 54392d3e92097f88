"""A few weeks of rounds around today: done, today's, and planned."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shapely.geometry import Point

from ...models.enums import RoundKind, RoundStatus
from . import accounts as who
from .town import Town, to_metres, to_wgs84
from .util import at_local

_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")

_COFFEE_SPOTS = {
    "Centrum": "Marktplein", "Oude Haven": "Pleintje Oude Haven", "Kerkpad": "Kerkplein",
    "Molenwijk": "Pleintje Molenwijk", "Bloemenbuurt": "Speeltuin Bloemenbuurt",
    "De Weide": "Bankjes bij de vijver", "Rietland": "Grasveld Rietland",
}
_KEY_CONTACTS = {
    "Centrum": "Kapsalon aan de Marktstraat",
    "Oude Haven": "Bewonerscommissie Loswal",
    "Kerkpad": "Koster van de dorpskerk",
    "Molenwijk": "Speeltuinvereniging Molenwijk",
    "Bloemenbuurt": "Beheerder buurtapp Tulpstraat",
    "De Weide": "Gastvrouw Huiskamer De Linde",
    "Rietland": "Basisschool De Lisdodde",
}

# (days from today, kind, buurt, status today or None, fixed workers or None).
# Fixed on purpose: the priority buurten (Oude Haven, De Weide) get the most rounds,
# Rietland none yet, so coverage and hotspot maps have a story to tell.
_SCHEDULE = (
    (-33, RoundKind.bloemen, "Oude Haven", None, None),
    (-30, RoundKind.koffie, "De Weide", None, None),
    (-26, RoundKind.bloemen, "Molenwijk", None, None),
    (-23, RoundKind.koffie, "Oude Haven", None, None),
    (-19, RoundKind.bloemen, "De Weide", None, None),
    (-16, RoundKind.bloemen, "Kerkpad", None, None),
    (-12, RoundKind.koffie, "Molenwijk", None, None),
    (-9, RoundKind.bloemen, "Oude Haven", None, None),
    (-5, RoundKind.bloemen, "Bloemenbuurt", None, None),
    (-2, RoundKind.koffie, "Centrum", None, None),
    (0, RoundKind.bloemen, "Oude Haven", RoundStatus.gepland,
     (who.FIELD_WORKER, who.FIELD_WORKER_2)),
    (0, RoundKind.koffie, "De Weide", RoundStatus.bezig, (who.LOTTE,)),
    (2, RoundKind.bloemen, "De Weide", None, (who.FIELD_WORKER, who.LOTTE)),
    (6, RoundKind.koffie, "Oude Haven", None, None),
    (9, RoundKind.anders, "Molenwijk", None, None),
    (13, RoundKind.bloemen, "Rietland", None, (who.FIELD_WORKER, who.FIELD_WORKER_2)),
)


@dataclass(frozen=True)
class RoundPlan:
    key: int
    kind: RoundKind
    date: date
    status: RoundStatus
    title: str
    buurt_codes: tuple[str, ...]
    street_keys: tuple[tuple[str, str], ...]  # in walking order
    worker_emails: tuple[str, ...]
    start: datetime
    coffee_spot: Point | None
    coffee_spot_name: str | None
    coffee_street_key: tuple[str, str] | None
    announcement_text: str | None
    announcement_date: date | None
    key_contact: str | None
    created_at: datetime


def _weekday_shift(day: date, today: date) -> date:
    """Move a round off the weekend, keeping past rounds past and future ones future."""
    if day == today or day.weekday() < 5:
        return day
    if day < today:
        return day - timedelta(days=day.weekday() - 4)
    return day + timedelta(days=7 - day.weekday())


def _spell(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def coffee_spot(town: Town, buurt_code: str) -> tuple[Point, tuple[str, str]]:
    """Where the coffee cart stands in a buurt: on the street nearest its middle."""
    buurt = next(b for b in town.buurten if b.code == buurt_code)
    middle = to_metres(buurt.geom).centroid
    street = min((s for s in town.streets if s.buurt_code == buurt_code),
                 key=lambda s: to_metres(s.geom).distance(middle))
    line = to_metres(street.geom)
    return to_wgs84(line.interpolate(line.project(middle))), street.key


def _walk(rng: random.Random, town: Town, buurt_code: str, doors_wanted: int,
          max_streets: int) -> tuple[tuple[str, str], ...]:
    """Streets in a buurt, each next one the nearest, until enough doors are planned."""
    doors: dict[tuple[str, str], int] = {}
    for address in town.addresses:
        if address.buurt_code == buurt_code:
            doors[address.street_key] = doors.get(address.street_key, 0) + 1
    middles = {s.key: to_metres(s.geom).centroid for s in town.streets if s.key in doors}
    left = sorted(middles)
    here = rng.choice(left)
    walk = []
    while left and len(walk) < max_streets:
        left.remove(here)
        walk.append(here)
        if sum(doors[k] for k in walk) >= doors_wanted or not left:
            break
        here = min(left, key=lambda k, at=middles[here]: at.distance(middles[k]))
    return tuple(walk)


def _near_spot(town: Town, buurt_code: str, spot: Point, count: int):
    """The streets around a coffee spot, nearest first: where the flyers went."""
    at = to_metres(spot)
    streets = sorted((s for s in town.streets if s.buurt_code == buurt_code),
                     key=lambda s: (to_metres(s.geom).distance(at), s.name))
    return tuple(s.key for s in streets[:count])


def _planned_on(rng: random.Random, day: date, today: date) -> datetime:
    """When the coordinator saved the round: about two weeks ahead, never after today."""
    planned = min(day - timedelta(days=rng.randint(10, 16)), today - timedelta(days=1))
    return at_local(planned, 15, rng.randint(0, 59))


def plan_rounds(rng: random.Random, town: Town, today: date) -> tuple[RoundPlan, ...]:
    """Rounds from about five weeks ago to two weeks ahead, with streets and workers."""
    codes = {b.name: b.code for b in town.buurten}
    plans = []
    for key, (offset, kind, buurt, status, workers) in enumerate(_SCHEDULE):
        day = _weekday_shift(today + timedelta(days=offset), today)
        code = codes[buurt]
        if status is None:
            status = RoundStatus.afgerond if day < today else RoundStatus.gepland
        if workers is None:
            # Kees left the team three weeks ago; he still shows on the rounds he walked.
            pool = list(who.ACTIVE_FIELD_WORKERS) + ([who.KEES] if offset <= -21 else [])
            workers = tuple(rng.sample(pool, 2))
        spot = spot_name = spot_street = None
        if kind == RoundKind.koffie:
            spot, spot_street = coffee_spot(town, code)
            spot_name = _COFFEE_SPOTS[buurt]
            streets = _near_spot(town, code, spot, rng.randint(3, 4))
            title = f"Koffieochtend {buurt}"
            start = at_local(day, 10)
            text = (f"Op {_spell(day)} staan we van 10.00 tot 12.00 uur met koffie en thee "
                    f"op {spot_name}. Kom gezellig langs, ook als u alleen even wilt kletsen!")
        elif kind == RoundKind.bloemen:
            streets = _walk(rng, town, code, rng.randint(45, 70), 6)
            title = f"Bloemenronde {buurt}"
            start = at_local(day, rng.choice((10, 13)), rng.choice((0, 30)))
            text = (f"Op {_spell(day)} komen we bij u langs met een bos bloemen om kennis "
                    "te maken. We horen graag hoe het met u en de buurt gaat.")
        else:
            streets = _walk(rng, town, code, 40, 3)
            title = f"Buurtschouw {buurt} met Woonstichting Veenland"
            start = at_local(day, 14)
            text = None
        plans.append(RoundPlan(
            key=key, kind=kind, date=day, status=status, title=title, buurt_codes=(code,),
            street_keys=streets, worker_emails=workers, start=start, coffee_spot=spot,
            coffee_spot_name=spot_name, coffee_street_key=spot_street,
            announcement_text=text,
            announcement_date=day - timedelta(days=5) if text else None,
            key_contact=_KEY_CONTACTS[buurt],
            created_at=_planned_on(rng, day, today)))
    return tuple(plans)
