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

from geo.hexbins import cell_for
from outreach.extensions import db
from outreach.models import Contact, FollowUp, HelpQuestion, User
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
