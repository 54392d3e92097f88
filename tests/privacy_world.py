"""A resident with everything we may store about one: a contact with notes, a help
question and a talent, a follow-up with name, phone, note, handover agreement, events
with notes and a partner link. Used by the encryption, retention and resident-rights tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from outreach.extensions import db
from outreach.models import (
    Contact,
    FollowUp,
    FollowUpEvent,
    HelpQuestion,
    PartnerLink,
    Talent,
    User,
)
from outreach.models.enums import (
    Consent,
    FollowUpKind,
    FollowUpStatus,
    HelpCategory,
    Outcome,
    TalentKind,
)
from tests.factories import Town, make_town

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


@dataclass
class Resident:
    contact: Contact
    follow_up: FollowUp
    name: str


def make_resident(town: Town, worker: User, *, name: str = "Mevr. A. Jansen",
                  phone: str = "0612345678", status: FollowUpStatus = FollowUpStatus.open,
                  closed_at: datetime | None = None,
                  recorded_at: datetime | None = None, tag: str = "") -> Resident:
    """One resident's contact and follow-up, every personal field filled."""
    recorded_at = recorded_at or NOW - timedelta(days=30)
    contact = Contact(
        buurt_id=town.buurt.id, street_id=town.streets["Tulpstraat"].id, house_number=7,
        geom="SRID=4326;POINT(5.0988 52.0491)", outcome=Outcome.gesprek,
        consent=Consent.opvolging, worker_id=worker.id, recorded_at=recorded_at,
        round_id=town.round.id, note=f"Deurnotitie schulden{tag}")
    contact.help_questions.append(HelpQuestion(category=HelpCategory.geld_schulden,
                                               note=f"Achterstand huur{tag}"))
    contact.talents.append(Talent(kind=TalentKind.koken, wants_to_participate=True,
                                  note=f"Kookt graag Surinaams{tag}"))
    db.session.add(contact)
    db.session.flush()
    follow_up = FollowUp(
        contact_id=contact.id, help_question_id=contact.help_questions[0].id,
        kind=FollowUpKind.warme_overdracht, status=status, assignee_id=worker.id,
        partner_id=town.partner.id, resident_name=name, resident_phone=phone,
        note=f"Bellen na 17 uur{tag}", handover_agreement=f"Afspraak bij schuldhulp{tag}",
        created_by_id=worker.id, created_at=recorded_at, closed_at=closed_at,
        due_date=date(2026, 5, 10))
    follow_up.events.append(FollowUpEvent(actor_id=worker.id, action="created",
                                          to_status=FollowUpStatus.open, at=recorded_at))
    follow_up.events.append(FollowUpEvent(actor_id=worker.id, action="status",
                                          from_status=FollowUpStatus.open, to_status=status,
                                          note=f"Gesproken met dochter{tag}",
                                          at=closed_at or recorded_at + timedelta(days=1)))
    db.session.add(follow_up)
    db.session.flush()
    db.session.add(PartnerLink(follow_up_id=follow_up.id, partner_id=town.partner.id,
                               token_hash=f"{follow_up.id.hex}{'0' * 32}",
                               created_by_id=worker.id, expires_at=NOW + timedelta(days=14)))
    db.session.commit()
    return Resident(contact, follow_up, name)


def town_for(users) -> Town:
    """The factories' test town, for the veldwerker."""
    return make_town(users["veldwerker"], round_date=date(2026, 5, 1))
