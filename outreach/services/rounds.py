"""Rounds (rondes): create and edit, lists with progress, and the printable walk list."""

from dataclasses import dataclass, field
from datetime import date

from geoalchemy2.shape import to_shape
from sqlalchemy import select, text

from ..extensions import db
from ..models import Buurt, Round, RoundStreet, Street, User
from ..models.enums import Role, RoundKind, RoundStatus
from .audit import record_event
from .errors import Invalid, NotFound


@dataclass
class RoundInput:
    """What the round form sends, already parsed into Python types."""

    kind: str
    date: date
    status: str = RoundStatus.gepland.value
    title: str | None = None
    buurt_ids: list[int] = field(default_factory=list)
    street_ids: list[int] = field(default_factory=list)
    worker_ids: list[int] = field(default_factory=list)
    coffee_spot: tuple[float, float] | None = None
    coffee_spot_name: str | None = None
    announcement_text: str | None = None
    announcement_date: date | None = None
    key_contact: str | None = None


def buurt_choices() -> list[Buurt]:
    """Every buurt, by name, for the form."""
    return list(db.session.scalars(select(Buurt).order_by(Buurt.name, Buurt.code)))


def worker_choices() -> list[User]:
    """Active veldwerkers, by name: the people a round can be assigned to."""
    return list(db.session.scalars(select(User).where(User.role == Role.veldwerker,
                                                      User.active).order_by(User.name)))


def get_round(round_id: int) -> Round:
    """The round with ROUND_ID, or NotFound."""
    found = db.session.get(Round, round_id)
    if found is None:
        raise NotFound("Ronde niet gevonden.")
    return found


def _check(data: RoundInput) -> tuple[list[Buurt], list[Street], list[User]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in RoundKind.__members__:
        errors["kind"] = ["Kies een soort ronde."]
    if data.status not in RoundStatus.__members__:
        errors["status"] = ["Kies een status."]
    buurten = list(db.session.scalars(select(Buurt).where(Buurt.id.in_(data.buurt_ids))))
    if not buurten:
        errors["buurten"] = ["Kies minstens één buurt."]
    elif len(buurten) != len(set(data.buurt_ids)):
        errors["buurten"] = ["Onbekende buurt gekozen."]
    street_ids = list(dict.fromkeys(data.street_ids))
    streets = {s.id: s for s in db.session.scalars(select(Street)
                                                   .where(Street.id.in_(street_ids)))}
    if len(streets) != len(street_ids):
        errors["streets"] = ["Onbekende straat in de lijst."]
    elif buurten and any(s.buurt_id not in {b.id for b in buurten} for s in streets.values()):
        errors["streets"] = ["Elke straat moet in een gekozen buurt liggen."]
    workers = list(db.session.scalars(select(User).where(User.id.in_(data.worker_ids))))
    if len(workers) != len(set(data.worker_ids)) or any(
            w.role != Role.veldwerker or not w.active for w in workers):
        errors["workers"] = ["Alleen actieve veldwerkers kunnen een ronde lopen."]
    if data.coffee_spot is not None:
        lon, lat = data.coffee_spot
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            errors["coffee_spot_name"] = ["Koffieplek heeft geen geldige coördinaten."]
    if data.announcement_date and data.announcement_date > data.date:
        errors["announcement_date"] = ["De aankondiging moet vóór de ronde komen."]
    if errors:
        raise Invalid("De ronde is niet opgeslagen.", errors)
    return buurten, [streets[i] for i in street_ids], workers


def _apply(round_: Round, data: RoundInput, buurten, streets, workers) -> None:
    round_.kind = RoundKind(data.kind)
    round_.date = data.date
    round_.status = RoundStatus(data.status)
    round_.title = (data.title or "").strip() or None
    round_.coffee_spot = (f"SRID=4326;POINT({data.coffee_spot[0]} {data.coffee_spot[1]})"
                          if data.coffee_spot else None)
    round_.coffee_spot_name = (data.coffee_spot_name or "").strip() or None
    round_.announcement_text = (data.announcement_text or "").strip() or None
    round_.announcement_date = data.announcement_date
    round_.key_contact = (data.key_contact or "").strip() or None
    round_.buurten = buurten
    round_.workers = workers
    # Keep the rows of streets that stay (their primary key is round+street) and renumber;
    # the position constraint is deferred, so a reorder never trips over itself.
    kept = {rs.street_id: rs for rs in round_.round_streets}
    round_.round_streets = [kept.get(s.id) or RoundStreet(street=s) for s in streets]
    round_.round_streets.reorder()


def create_round(data: RoundInput, *, actor: User) -> Round:
    """A new round from DATA; Invalid with field messages for bad input."""
    buurten, streets, workers = _check(data)
    round_ = Round(created_by_id=actor.id)
    _apply(round_, data, buurten, streets, workers)
    db.session.add(round_)
    db.session.flush()
    record_event("round.created", actor, subject_type="round", subject_id=str(round_.id))
    db.session.commit()
    return round_


def update_round(round_id: int, data: RoundInput, *, actor: User) -> Round:
    """Change the round: streets, workers, everything the form has."""
    round_ = get_round(round_id)
    buurten, streets, workers = _check(data)
    _apply(round_, data, buurten, streets, workers)
    record_event("round.updated", actor, subject_type="round", subject_id=str(round_.id))
    db.session.commit()
    return round_


def coffee_spot_of(round_: Round) -> tuple[float, float] | None:
    """The round's coffee spot as (lon, lat), or None."""
    if round_.coffee_spot is None:
        return None
    point = to_shape(round_.coffee_spot)
    return (round(point.x, 6), round(point.y, 6))


# Progress counts the round's own contacts: streets with at least one, distinct doors
# (the door key, so '12a' and '12 A' are one door; docs/coverage.md).
_PROGRESS = text("""
SELECT r.id,
       (SELECT count(*) FROM round_streets rs WHERE rs.round_id = r.id) AS streets,
       (SELECT count(DISTINCT c.street_id) FROM contacts c
         WHERE c.round_id = r.id
           AND c.street_id IN (SELECT street_id FROM round_streets WHERE round_id = r.id))
         AS streets_done,
       (SELECT count(DISTINCT (c.street_id, c.door))
          FROM contacts c WHERE c.round_id = r.id AND c.door IS NOT NULL) AS doors,
       (SELECT count(*) FROM contacts c WHERE c.round_id = r.id) AS contacts
  FROM rounds r
 WHERE r.id = ANY(CAST(:ids AS int[]))
""")


@dataclass
class RoundRow:
    round: Round
    streets: int
    streets_done: int
    doors: int
    contacts: int


def list_rounds(today: date) -> tuple[list[RoundRow], list[RoundRow]]:
    """Upcoming rounds (soonest first) and past or finished ones (latest first), with progress."""
    rounds = list(db.session.scalars(select(Round).order_by(Round.date, Round.id)))
    progress = {r["id"]: r for r in db.session.execute(
        _PROGRESS, {"ids": [r.id for r in rounds]}).mappings()}
    rows = [RoundRow(r, progress[r.id]["streets"], progress[r.id]["streets_done"],
                     progress[r.id]["doors"], progress[r.id]["contacts"]) for r in rounds]
    upcoming = [row for row in rows
                if row.round.date >= today and row.round.status != RoundStatus.afgerond]
    past = [row for row in reversed(rows) if row not in upcoming]
    return upcoming, past


_WALK_STREETS = text("""
SELECT rs.position, s.id, s.name, b.name AS buurt_name, s.length_m,
       array_remove(array_agg(DISTINCT a.house_number) , NULL) AS numbers,
       count(DISTINCT a.door) AS doors
  FROM round_streets rs
  JOIN streets s ON s.id = rs.street_id
  JOIN buurten b ON b.id = s.buurt_id
  LEFT JOIN addresses a ON a.street_id = s.id
 WHERE rs.round_id = :round
 GROUP BY rs.position, s.id, s.name, b.name, s.length_m
 ORDER BY rs.position
""")

_WALK_PARTNERS = text("""
SELECT DISTINCT p.id, p.name, p.kind, p.phone, p.address, p.opening_hours
  FROM partners p JOIN partner_buurten pb ON pb.partner_id = p.id
 WHERE p.active AND p.phone IS NOT NULL
   AND pb.buurt_id IN (SELECT buurt_id FROM round_buurten WHERE round_id = :round)
 ORDER BY p.name
""")


def number_ranges(numbers: list[int]) -> list[str]:
    """House numbers as the sides of the street are walked: '1–19 oneven', '2–20 even'."""
    found = sorted(set(numbers))
    sides = []
    for label, side in (("oneven", [n for n in found if n % 2]),
                        ("even", [n for n in found if not n % 2])):
        if side:
            sides.append(f"{side[0]}–{side[-1]} {label}" if len(side) > 1
                         else f"{side[0]} {label}")
    return sides


def walk_list(round_id: int) -> dict:
    """What the printed walk list shows: streets in order with their doors, spot, partners."""
    round_ = get_round(round_id)
    streets = [{"position": r["position"] + 1, "name": r["name"], "buurt_name": r["buurt_name"],
                "length_m": round(r["length_m"]), "doors": r["doors"],
                "ranges": number_ranges(list(r["numbers"]))}
               for r in db.session.execute(_WALK_STREETS, {"round": round_id}).mappings()]
    partners = [dict(r) for r in db.session.execute(_WALK_PARTNERS,
                                                     {"round": round_id}).mappings()]
    return {"round": round_, "streets": streets, "partners": partners,
            "coffee_spot": coffee_spot_of(round_)}


def fill_form(form, round_: Round) -> None:
    """Put ROUND_'s relations and coffee spot into the round form (the plain fields fill by obj)."""
    form.kind.data = round_.kind.value
    form.status.data = round_.status.value
    form.buurten.data = [b.id for b in round_.buurten]
    form.workers.data = [w.id for w in round_.workers]
    form.street_ids.data = ",".join(str(rs.street_id) for rs in round_.round_streets)
    spot = coffee_spot_of(round_)
    form.coffee_lon.data, form.coffee_lat.data = spot if spot else (None, None)
