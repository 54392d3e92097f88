"""A small town with known visits, help questions and follow-ups, for the planning maps.

Built on tests.factories.make_town (one buurt, Tulpstraat with doors 1-20, Rozenlaan,
Molenweg, a partner, a bloemen round). Contact points carry odd decimals no street,
buurt or partner uses, so a test can look for them in any payload.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from geo.hexbins import cell_for
from outreach.extensions import db
from outreach.models import Address, Buurt, Contact, FollowUp, HelpQuestion, Round, Street, User
from outreach.services.plan_filter import PlanFilter
from tests.factories import Town, make_town

TODAY = date(2026, 6, 30)
PERIOD = PlanFilter(date_from=date(2026, 4, 1), date_to=TODAY, today=TODAY)
IN_PERIOD = datetime(2026, 6, 20, 10, 0, tzinfo=UTC)  # 10 days before TODAY
BEFORE_PERIOD = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)  # 149 days before TODAY
# One resolution-9 H3 cell in the south-west of the test buurt.
HOTSPOT_LON, HOTSPOT_LAT = 5.0971234, 52.0483217


@dataclass
class PlanTown:
    town: Town
    points: list[tuple[float, float]] = field(default_factory=list)


def add_contact(plan_town: PlanTown, street: str, *, at: datetime, lon: float, lat: float,
                number: int | None = None, outcome: str = "gesprek", setting: str = "deur",
                categories: tuple[str, ...] = (), in_round: bool = True) -> Contact:
    """Store one contact at (LON, LAT) on STREET with help questions in CATEGORIES."""
    town = plan_town.town
    contact = Contact(id=uuid.uuid4(), buurt_id=town.buurt.id,
                      street_id=town.streets[street].id, house_number=number,
                      outcome=outcome, setting=setting, recorded_at=at,
                      round_id=town.round.id if in_round else None,
                      geom=f"SRID=4326;POINT({lon} {lat})", h3_cell=cell_for(lon, lat))
    contact.help_questions = [HelpQuestion(category=c) for c in categories]
    db.session.add(contact)
    plan_town.points.append((lon, lat))
    return contact


def hotspot_contacts(plan_town: PlanTown, n: int, category: str = "geld_schulden") -> None:
    """N contacts with a help question, all in the one hotspot cell (a metre or so apart)."""
    for i in range(n):
        add_contact(plan_town, "Tulpstraat", at=IN_PERIOD, lon=HOTSPOT_LON + i * 0.0000113,
                    lat=HOTSPOT_LAT + i * 0.0000071, categories=(category,), in_round=False)
    db.session.commit()


def make_plan_town(worker: User, *, hotspot: int = 0) -> PlanTown:
    """The town with three door visits on Tulpstraat in the period, one old visit on
    Rozenlaan, none on Molenweg, an overdue and a closed follow-up, and HOTSPOT contacts
    with a debt question in one cell."""
    plan_town = PlanTown(make_town(worker, round_date=TODAY - timedelta(days=10)))
    visits = []
    for i, number in enumerate((1, 3, 5)):
        visits.append(add_contact(plan_town, "Tulpstraat", at=IN_PERIOD, number=number,
                                  lon=5.0964321 + 0.0008 * i, lat=52.0491357,
                                  outcome="gesprek" if number == 1 else "niet_thuis"))
    add_contact(plan_town, "Rozenlaan", at=BEFORE_PERIOD, lon=5.0987654, lat=52.0511234)
    db.session.flush()
    db.session.add(FollowUp(id=uuid.uuid4(), kind="terugbellen", status="open",
                            contact_id=visits[0].id, due_date=TODAY - timedelta(days=3)))
    db.session.add(FollowUp(id=uuid.uuid4(), kind="informatie", status="afgerond",
                            contact_id=visits[1].id,
                            closed_at=IN_PERIOD + timedelta(days=1)))
    db.session.commit()
    hotspot_contacts(plan_town, hotspot)
    return plan_town


def point_patterns(points: list[tuple[float, float]]) -> list[re.Pattern]:
    """How a contact's point could appear in a payload: lon and lat side by side (either
    order, as GeoJSON or Leaflet writes them), rounded to 4-7 decimals (10 m down to 1 cm)."""
    patterns = []
    for lon, lat in points:
        for digits in (4, 5, 6, 7):
            x, y = (re.escape(f"{v:.{digits}f}") for v in (lon, lat))
            patterns.append(re.compile(rf"{x}\d*[\s,]{{1,3}}{y}|{y}\d*[\s,]{{1,3}}{x}"))
    return patterns


# A second buurt east of the test buurt, reached only by a coffee round. Its outline is
# stored clockwise with a counter-clockwise hole (a pond), as RD New sources often come:
# an export must turn both round (RFC 7946 section 3.1.6).
COFFEE_BUURT_WKT = ("SRID=4326;MULTIPOLYGON(((5.105 52.0475,5.105 52.0525,5.115 52.0525,"
                    "5.115 52.0475,5.105 52.0475),(5.108 52.049,5.110 52.049,5.110 52.050,"
                    "5.108 52.050,5.108 52.049)))")
COFFEE_STREETS = {
    "Kerkpad": "SRID=4326;MULTILINESTRING((5.106 52.051,5.114 52.051))",
    "Schoolstraat": "SRID=4326;MULTILINESTRING((5.112 52.048,5.112 52.052))",
}
# North of both: streets, no contact ever. Further north: no streets, no contact.
QUIET_BUURT_WKT = ("SRID=4326;MULTIPOLYGON(((5.095 52.0525,5.115 52.0525,5.115 52.0575,"
                   "5.095 52.0575,5.095 52.0525)))")
EMPTY_BUURT_WKT = ("SRID=4326;MULTIPOLYGON(((5.095 52.0575,5.115 52.0575,5.115 52.0600,"
                   "5.095 52.0600,5.095 52.0575)))")


@dataclass
class CoverageTown:
    """The plan town plus a koffieplek-only buurt, a quiet buurt and an empty one."""

    plan_town: PlanTown
    coffee_buurt: Buurt
    quiet_buurt: Buurt
    empty_buurt: Buurt
    coffee_round: Round
    streets: dict[str, Street]


def _buurt(code: str, name: str, wkt: str) -> Buurt:
    buurt = Buurt(code=code, name=name, gemeente_code="GM9999", gemeente_name="Testdorp",
                  geom=wkt)
    db.session.add(buurt)
    db.session.flush()
    return buurt


def _streets(buurt: Buurt, lines: dict[str, str]) -> dict[str, Street]:
    streets = {name: Street(buurt_id=buurt.id, name=name, geom=wkt, length_m=0)
               for name, wkt in lines.items()}
    db.session.add_all(streets.values())
    db.session.flush()
    db.session.execute(sa.text("UPDATE streets SET length_m = ST_Length(geom::geography) "
                               "WHERE buurt_id = :b"), {"b": buurt.id})
    return streets


def add_address(street: Street, number: int, *, letter: str | None = None,
                addition: str | None = None) -> None:
    """One address on STREET (a BAG-style split: number, huisletter, toevoeging)."""
    label = f"{number}{letter or ''}{'-' + addition if addition else ''}"
    db.session.add(Address(source_key=f"test:{street.id}/{label}", buurt_id=street.buurt_id,
                           street_id=street.id, street_name=street.name, house_number=number,
                           house_letter=letter, addition=addition, postcode="9999AB",
                           geom="SRID=4326;POINT(5.11 52.051)"))


def add_visitor(town: CoverageTown, *, at: datetime = IN_PERIOD, lives_in: str | None = None,
                outcome: str = "gesprek") -> Contact:
    """A coffee-spot visitor of the coffee round, living in LIVES_IN if they said so."""
    contact = Contact(id=uuid.uuid4(), buurt_id=town.coffee_buurt.id,
                      street_id=town.streets[lives_in].id if lives_in else None,
                      outcome=outcome, setting="koffieplek", recorded_at=at,
                      round_id=town.coffee_round.id, geom="SRID=4326;POINT(5.1101 52.0501)",
                      h3_cell=cell_for(5.1101, 52.0501))
    db.session.add(contact)
    return contact


def make_coverage_town(worker: User) -> CoverageTown:
    """The plan town (a bloemen round: doors 1, 3, 5 of Tulpstraat's 1-20) and beside it
    Koffiebuurt, reached only by a coffee round: 6 visitors, 4 conversations, 2 living on
    Kerkpad (10 addresses), 1 on Schoolstraat (none), 3 who did not say. Stillebuurt has a
    street and no contact; Leegbuurt has neither."""
    plan_town = make_plan_town(worker)
    coffee = _buurt("BU99990002", "Koffiebuurt", COFFEE_BUURT_WKT)
    quiet = _buurt("BU99990003", "Stillebuurt", QUIET_BUURT_WKT)
    empty = _buurt("BU99990004", "Leegbuurt", EMPTY_BUURT_WKT)
    streets = _streets(coffee, COFFEE_STREETS)
    streets.update(_streets(quiet, {"Stilleweg":
                                    "SRID=4326;MULTILINESTRING((5.100 52.055,5.110 52.055))"}))
    for number in range(1, 11):
        add_address(streets["Kerkpad"], number)
    coffee_round = Round(kind="koffie", date=TODAY - timedelta(days=10), status="afgerond",
                         title="Koffie op het plein", coffee_spot_name="Plein",
                         coffee_spot="SRID=4326;POINT(5.1101 52.0501)")
    coffee_round.buurten.append(coffee)
    coffee_round.workers.append(worker)
    db.session.add(coffee_round)
    db.session.flush()
    town = CoverageTown(plan_town, coffee, quiet, empty, coffee_round, streets)
    for lives_in, outcome in (("Kerkpad", "gesprek"), ("Kerkpad", "gesprek"),
                              ("Schoolstraat", "gesprek"), (None, "gesprek"),
                              (None, "open_geen_gesprek"), (None, "open_geen_gesprek")):
        add_visitor(town, lives_in=lives_in, outcome=outcome)
    db.session.commit()
    return town


def add_door_spellings(plan_town: PlanTown) -> None:
    """Tulpstraat gets address 12A (BAG: 12 + huisletter A); contacts at '12a', '12 A' and
    '12-A' (one door), and at 99, 101 and '12 B', which the address list does not hold."""
    town = plan_town.town
    add_address(town.streets["Tulpstraat"], 12, letter="A")
    for number, suffix in ((12, "a"), (12, " A"), (12, "-A"), (99, None), (101, None),
                           (12, "B"), (99, None)):
        contact = add_contact(plan_town, "Tulpstraat", at=IN_PERIOD, number=number,
                              lon=5.0999, lat=52.0491, outcome="niet_thuis")
        contact.house_suffix = suffix
    db.session.commit()
