"""Small, known places and rounds for tests: one square buurt with three streets.

Geometry (lon/lat, WGS84) around 5.100 E, 52.050 N; the buurt is about 690 x 560 m.
Streets run inside it; their lengths are computed by PostGIS on insert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from outreach.extensions import db
from outreach.models import Address, Buurt, Partner, Round, RoundStreet, Street, User
from outreach.models.enums import PartnerKind, RoundKind, RoundStatus

BUURT_WKT = ("SRID=4326;MULTIPOLYGON(((5.095 52.0475,5.105 52.0475,5.105 52.0525,"
             "5.095 52.0525,5.095 52.0475)))")
STREETS = {
    "Tulpstraat": "SRID=4326;MULTILINESTRING((5.096 52.049,5.104 52.049))",
    "Rozenlaan": "SRID=4326;MULTILINESTRING((5.096 52.051,5.104 52.051))",
    "Molenweg": "SRID=4326;MULTILINESTRING((5.100 52.048,5.100 52.052))",
}


@dataclass
class Town:
    buurt: Buurt
    streets: dict[str, Street]
    round: Round
    partner: Partner


def make_town(worker: User, *, round_date: date, kind: RoundKind = RoundKind.bloemen,
              with_addresses: bool = True) -> Town:
    """A buurt, three streets (Tulpstraat with addresses 1-20), a partner and a round for WORKER."""
    buurt = Buurt(code="BU99990001", name="Testbuurt", gemeente_code="GM9999",
                  gemeente_name="Testdorp", geom=BUURT_WKT,
                  key_figures={"aantal_inwoners": 1200})
    db.session.add(buurt)
    db.session.flush()
    streets = {name: Street(buurt_id=buurt.id, name=name, geom=wkt, length_m=0)
               for name, wkt in STREETS.items()}
    db.session.add_all(streets.values())
    db.session.flush()
    db.session.execute(text("UPDATE streets SET length_m = ST_Length(geom::geography) "
                            "WHERE buurt_id = :b"), {"b": buurt.id})
    if with_addresses:
        tulp = streets["Tulpstraat"]
        for number in range(1, 21):
            lon = 5.096 + 0.0004 * number
            lat = 52.0491 if number % 2 else 52.0489
            db.session.add(Address(source_key=f"test:tulp/{number}", buurt_id=buurt.id,
                                   street_id=tulp.id, street_name=tulp.name,
                                   house_number=number, postcode="9999AA",
                                   geom=f"SRID=4326;POINT({lon} {lat})"))
    partner = Partner(name="Schuldhulp Testdorp", kind=PartnerKind.schuldhulp,
                      phone="010-0000000", geom="SRID=4326;POINT(5.101 52.050)")
    partner.buurten.append(buurt)
    db.session.add(partner)
    round_ = Round(kind=kind, date=round_date, status=RoundStatus.gepland,
                   title="Testronde", coffee_spot_name="Pleintje" if kind == RoundKind.koffie
                   else None,
                   coffee_spot="SRID=4326;POINT(5.100 52.050)" if kind == RoundKind.koffie
                   else None,
                   key_contact="Mevrouw de Bakker (bakkerij)",
                   announcement_text="Dinsdag komen we langs met bloemen.")
    round_.buurten.append(buurt)
    round_.workers.append(worker)
    for name in ("Tulpstraat", "Rozenlaan", "Molenweg"):
        round_.round_streets.append(RoundStreet(street=streets[name]))
    db.session.add(round_)
    db.session.commit()
    return Town(buurt=buurt, streets=streets, round=round_, partner=partner)
