"""A tiny hand-made world for the sync and bundle tests, and checks that it is what we say.

Two square buurten side by side around 4.41 E, 51.903 N (each about 690 x 670 m):
"Kerkbuurt" (west) with two streets, "Veldbuurt" (east) without streets.
Kerkstraat runs east-west at 51.902 N, Dorpsweg north-south at 4.405 E; Kerkstraat has
doors 1 to 10 and 12A. 0.001 degree is about 111 m north-south and 69 m east-west here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from outreach.models import Address, Buurt, Partner, Round, RoundStreet, Street, User
from outreach.models.enums import PartnerKind, RoundKind, RoundStatus


def _square(west: float, east: float) -> str:
    return (f"SRID=4326;MULTIPOLYGON((({west} 51.900,{east} 51.900,{east} 51.906,"
            f"{west} 51.906,{west} 51.900)))")


KERKBUURT = _square(4.400, 4.410)
VELDBUURT = _square(4.410, 4.420)
KERKSTRAAT = "SRID=4326;MULTILINESTRING((4.401 51.902,4.409 51.902))"
DORPSWEG = "SRID=4326;MULTILINESTRING((4.405 51.9005,4.405 51.9055))"
COFFEE_SPOT = (4.412, 51.903)  # in Veldbuurt, far from any street

# Points for placement, (lon, lat):
NEAR_KERKSTRAAT = (4.402, 51.9024)   # about 44 m north of Kerkstraat
FAR_FROM_STREETS = (4.401, 51.9050)  # in Kerkbuurt, over 250 m from either street
IN_VELDBUURT = (4.415, 51.903)       # a buurt without streets
NOWHERE = (4.500, 51.950)            # outside every buurt


def contact_item(**overrides) -> dict:
    """A valid posted contact (a door not answered on Kerkstraat by GPS), with OVERRIDES."""
    item = {
        "id": str(uuid.uuid4()), "round_id": None, "street_id": None, "house_number": None,
        "house_suffix": None, "location": {"lon": NEAR_KERKSTRAAT[0], "lat": NEAR_KERKSTRAAT[1],
                                           "accuracy_m": 8.0},
        "outcome": "niet_thuis", "setting": "deur", "flower_given": False, "mug_given": False,
        "consent": "geen", "note": None, "recorded_at": "2026-05-01T10:15:00+02:00",
        "help_questions": [], "talents": [], "follow_up": None,
    }
    item.update(overrides)
    return item


def door_point(number: int) -> tuple[float, float]:
    """Where door NUMBER of Kerkstraat stands."""
    return (4.401 + 0.0007 * number, 51.90205 if number % 2 else 51.90195)


@dataclass
class World:
    kerkbuurt: Buurt
    veldbuurt: Buurt
    kerkstraat: Street
    dorpsweg: Street
    round: Round
    coffee_round: Round
    partner: Partner


def build_world(db, worker: User, *, round_date: date) -> World:
    """Insert the world; WORKER is assigned to its door round and its coffee round."""
    kerkbuurt = Buurt(code="BU00000001", name="Kerkbuurt", geom=KERKBUURT)
    veldbuurt = Buurt(code="BU00000002", name="Veldbuurt", geom=VELDBUURT)
    db.session.add_all([kerkbuurt, veldbuurt])
    db.session.flush()
    kerkstraat = Street(buurt_id=kerkbuurt.id, name="Kerkstraat", geom=KERKSTRAAT, length_m=0)
    dorpsweg = Street(buurt_id=kerkbuurt.id, name="Dorpsweg", geom=DORPSWEG, length_m=0)
    db.session.add_all([kerkstraat, dorpsweg])
    db.session.flush()
    db.session.execute(text("UPDATE streets SET length_m = ST_Length(geom::geography) "
                            "WHERE buurt_id = :b"), {"b": kerkbuurt.id})
    for number in range(1, 11):
        lon, lat = door_point(number)
        db.session.add(Address(source_key=f"test:kerk/{number}", buurt_id=kerkbuurt.id,
                               street_id=kerkstraat.id, street_name="Kerkstraat",
                               house_number=number, geom=f"SRID=4326;POINT({lon} {lat})"))
    db.session.add(Address(source_key="test:kerk/12A", buurt_id=kerkbuurt.id,
                           street_id=kerkstraat.id, street_name="Kerkstraat", house_number=12,
                           house_letter="A", geom="SRID=4326;POINT(4.4094 51.90205)"))
    partner = Partner(name="Wijkteam Kerkbuurt", kind=PartnerKind.wijkteam, phone="010-1234567",
                      geom="SRID=4326;POINT(4.404 51.903)")
    partner.buurten.append(kerkbuurt)
    db.session.add(partner)
    door_round = Round(kind=RoundKind.bloemen, date=round_date, status=RoundStatus.gepland,
                       title="Bloemenronde Kerkbuurt")
    door_round.buurten.append(kerkbuurt)
    door_round.workers.append(worker)
    door_round.round_streets.append(RoundStreet(street=kerkstraat))
    door_round.round_streets.append(RoundStreet(street=dorpsweg))
    coffee_round = Round(kind=RoundKind.koffie, date=round_date, status=RoundStatus.gepland,
                         title="Koffie op het veld", coffee_spot_name="Veldje",
                         coffee_spot=f"SRID=4326;POINT({COFFEE_SPOT[0]} {COFFEE_SPOT[1]})")
    coffee_round.buurten.append(veldbuurt)
    coffee_round.workers.append(worker)
    db.session.add_all([door_round, coffee_round])
    db.session.commit()
    return World(kerkbuurt, veldbuurt, kerkstraat, dorpsweg, door_round, coffee_round, partner)


def test_world_points_are_where_the_docstring_says(db, users):
    world = build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))
    distance = text("SELECT ST_Distance(geom::geography, "
                    "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) "
                    "FROM streets WHERE id = :id")

    def metres(point, street):
        return db.session.scalar(distance, {"lon": point[0], "lat": point[1], "id": street.id})

    assert 30 < metres(NEAR_KERKSTRAAT, world.kerkstraat) < 75
    assert metres(FAR_FROM_STREETS, world.kerkstraat) > 75
    assert metres(FAR_FROM_STREETS, world.dorpsweg) > 75
    assert world.kerkstraat.length_m > 500
