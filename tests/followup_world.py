"""A hand-built set of ten follow-ups in two buurten, with known counts, for the board tests.

Each follow-up is written straight into the tables (not through the services) so that
statuses, dates and ages are exactly what the tests expect.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from outreach.clock import TEAM_TIMEZONE, local_today
from outreach.extensions import db
from outreach.models import Buurt, Contact, FollowUp, HelpQuestion, Partner, Street, User
from outreach.models.enums import (
    Consent,
    FollowUpKind,
    FollowUpStatus,
    HelpCategory,
    Outcome,
    PartnerKind,
    PartnerOutcome,
    Urgency,
)
from outreach.services.users import create_user
from tests.conftest import TEST_PASSWORD
from tests.factories import Town, make_town

K, S = FollowUpKind, FollowUpStatus
B_WKT = ("SRID=4326;MULTIPOLYGON(((5.105 52.0475,5.115 52.0475,5.115 52.0525,"
         "5.105 52.0525,5.105 52.0475)))")

# n: (buurt, kind, status, assignee, partner, due in days, created days ago, closed days ago)
SPECS = {
    1: ("A", K.terugbellen, S.open, "V", None, -3, 10, None),
    2: ("A", K.huisbezoek, S.open, None, None, 2, 2, None),
    3: ("B", K.terugbellen, S.bezig, "V2", None, -1, 5, None),
    4: ("B", K.warme_overdracht, S.overgedragen, "T", "P2", -10, 20, None),
    5: ("A", K.warme_overdracht, S.overgedragen, "V", "P1", 5, 4, None),
    6: ("A", K.informatie, S.afgerond, "V", None, -5, 12, 3),
    7: ("B", K.huisbezoek, S.afgerond, "V2", None, None, 60, 45),
    8: ("A", K.terugbellen, S.niet_bereikbaar, "V", None, -2, 15, None),
    9: ("B", K.informatie, S.geannuleerd, None, None, 1, 1, 0),
    10: ("A", K.terugbellen, S.open, "V2", None, None, 0, None),
}
RESIDENT = ("Anna de Vries", "06-12345678")


@dataclass
class World:
    today: date
    town: Town
    buurt_b: Buurt
    partner_b: Partner
    worker2: User
    ids: dict[int, uuid.UUID]

    def n(self, follow_up_id) -> int:
        """The spec number of a follow-up id."""
        return {v: k for k, v in self.ids.items()}[follow_up_id]


def _moment(today: date, days_ago: int) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(11, 0), TEAM_TIMEZONE)


def make_world(users: dict[str, User], today: date | None = None) -> World:
    """Two buurten, two partners, a second veldwerker and the ten follow-ups of SPECS."""
    today = today or local_today()
    town = make_town(users["veldwerker"], round_date=today)
    buurt_b = Buurt(code="BU99990002", name="Andere buurt", geom=B_WKT)
    db.session.add(buurt_b)
    db.session.flush()
    street_b = Street(buurt_id=buurt_b.id, name="Beukenlaan", length_m=400,
                      geom="SRID=4326;MULTILINESTRING((5.106 52.049,5.114 52.049))")
    partner_b = Partner(name="Wijkteam Testdorp", kind=PartnerKind.wijkteam, phone="010-1111111")
    partner_b.buurten.append(buurt_b)
    db.session.add_all([street_b, partner_b])
    worker2 = create_user("veldwerker2@test.example", "Bram Veld", "veldwerker", TEST_PASSWORD)
    people = {"V": users["veldwerker"], "V2": worker2, "T": users["teamleider"], None: None}
    partners = {"P1": town.partner, "P2": partner_b, None: None}
    where = {"A": (town.buurt, town.streets["Tulpstraat"]), "B": (buurt_b, street_b)}
    ids = {}
    for n, (buurt, kind, status, who, partner, due, age, closed) in SPECS.items():
        b, street = where[buurt]
        created = _moment(today, age)
        contact = Contact(id=uuid.uuid4(), buurt_id=b.id, street_id=street.id, house_number=n,
                          outcome=Outcome.gesprek, consent=Consent.opvolging,
                          note=f"deurnotitie {n}", worker_id=users["veldwerker"].id,
                          recorded_at=created - timedelta(minutes=5), round_id=town.round.id)
        contact.help_questions.append(HelpQuestion(category=HelpCategory.geld_schulden,
                                                   urgency=Urgency.hoog))
        db.session.add(contact)
        assignee = people[who]
        follow_up = FollowUp(
            contact=contact, kind=kind, status=status, assignee_id=assignee.id if assignee
            else None, partner_id=partners[partner].id if partner else None,
            due_date=today + timedelta(days=due) if due is not None else None,
            resident_name=RESIDENT[0], resident_phone=RESIDENT[1],
            note=f"opvolgnotitie {n}", created_by_id=users["veldwerker"].id,
            created_at=created, updated_at=created,
            closed_at=_moment(today, closed) if closed is not None else None)
        if status == S.overgedragen:
            follow_up.handover_resident_agreed = True
            follow_up.handed_over_at = created + timedelta(days=1)
        if n == 5:
            follow_up.partner_outcome = PartnerOutcome.contact_gelegd
        db.session.add(follow_up)
        db.session.flush()
        ids[n] = follow_up.id
    db.session.commit()
    return World(today=today, town=town, buurt_b=buurt_b, partner_b=partner_b,
                 worker2=worker2, ids=ids)
