"""A warm handover ready for its partner link, built through the core services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from outreach.extensions import db
from outreach.models import Contact, FollowUp, HelpQuestion, User
from outreach.models.enums import (
    Consent,
    FollowUpKind,
    HelpCategory,
    Outcome,
    Urgency,
)
from outreach.services.followups import actions, partner_links
from tests.factories import Town, make_town

# Things that must never reach the partner's page.
SECRET_NOTE = "Intern: buurvrouw maakt zich zorgen om de kinderen"
CONTACT_NOTE = "Gesprek aan de deur, sprak over de schuldeiser"
OTHER_RESIDENT = "Pieter Geheimhouder"
OTHER_PHONE = "06-99887766"


@dataclass
class Handover:
    town: Town
    follow_up: FollowUp
    other: FollowUp
    token: str


def _contact(town: Town, worker: User, category: HelpCategory, note: str) -> Contact:
    contact = Contact(id=uuid.uuid4(), buurt_id=town.buurt.id,
                      street_id=town.streets["Tulpstraat"].id, house_number=7,
                      outcome=Outcome.gesprek, consent=Consent.opvolging, note=note,
                      worker_id=worker.id, recorded_at=datetime.now(UTC),
                      round_id=town.round.id)
    contact.help_questions.append(HelpQuestion(category=category, urgency=Urgency.normaal,
                                               note="hulpvraag-notitie " + note))
    db.session.add(contact)
    return contact


def make_handover(worker: User, teamleider: User, *, round_date: date | None = None,
                  town: Town | None = None) -> Handover:
    """A follow-up handed over (resident agreed) to the town's partner, with a live link."""
    town = town or make_town(worker, round_date=round_date or date.today())
    if not teamleider.phone:
        teamleider.phone = "010-5556677"
    contact = _contact(town, worker, HelpCategory.geld_schulden, CONTACT_NOTE)
    other_contact = _contact(town, worker, HelpCategory.eenzaamheid, "andere bewoner")
    follow_up = FollowUp(contact=contact, kind=FollowUpKind.warme_overdracht,
                         resident_name="Anna de Vries", resident_phone="06-12345678",
                         note=SECRET_NOTE, created_by_id=worker.id, assignee_id=worker.id)
    other = FollowUp(contact=other_contact, kind=FollowUpKind.terugbellen,
                     resident_name=OTHER_RESIDENT, resident_phone=OTHER_PHONE,
                     note="andere notitie", created_by_id=worker.id)
    db.session.add_all([follow_up, other])
    db.session.commit()
    actions.hand_over(follow_up.id, actions.Handover(
        partner_id=town.partner.id, resident_agreed=True, partner_reached=True,
        agreement="Mevrouw wordt donderdag gebeld voor een intake.",
        appointment_on=date(2026, 12, 3), note="overdracht-notitie"),
        actor=teamleider, expected_version=None)
    _link, token = partner_links.create_partner_link(follow_up.id, actor=teamleider)
    return Handover(town=town, follow_up=follow_up, other=other, token=token)
