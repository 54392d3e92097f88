"""Changing a follow-up: status, assignee, due date, warm handover.

Every change locks the row, checks the version the user saw, applies, writes one
FollowUpEvent (who, when, from, to, note) and commits. A stale version raises
StaleVersion carrying the current state, so the page or the phone can show both.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from ...clock import local_today
from ...extensions import db
from ...models import FollowUp, FollowUpEvent, Partner, User
from ...models.base import utcnow
from ...models.enums import FollowUpStatus, Role
from ..errors import Forbidden, Invalid, NotFound, StaleVersion
from .transitions import FINAL, check_handover, check_transition

NOTE_MAX = 2000
# Roles that may change any follow-up; a veldwerker only the ones assigned to them.
MANAGERS = frozenset({Role.teamleider})
ASSIGNABLE_ROLES = frozenset({Role.veldwerker, Role.teamleider})


def snapshot(follow_up: FollowUp) -> dict:
    """The state a user needs to compare with their own change (no resident details)."""
    last = follow_up.events[-1] if follow_up.events else None
    # Who changed it last, so a worker on a phone can ask that person rather than guess.
    last_actor = db.session.get(User, last.actor_id) if last and last.actor_id else None
    return {
        "id": str(follow_up.id),
        "version": follow_up.version,
        "status": follow_up.status.value,
        "assignee_id": follow_up.assignee_id,
        "assignee_name": follow_up.assignee.name if follow_up.assignee else None,
        "partner_id": follow_up.partner_id,
        "partner_name": follow_up.partner.name if follow_up.partner else None,
        "due_date": follow_up.due_date.isoformat() if follow_up.due_date else None,
        "updated_at": follow_up.updated_at.isoformat() if follow_up.updated_at else None,
        "last_note": next((e.note for e in reversed(follow_up.events) if e.note), None),
        "changed_by": last_actor.name if last_actor else None,
        "changed_at": last.at.isoformat() if last and last.at else None,
    }


def get_follow_up(follow_up_id) -> FollowUp:
    """The follow-up with FOLLOW_UP_ID, or NotFound."""
    try:
        key = uuid.UUID(str(follow_up_id))
    except ValueError:
        raise NotFound("Opvolging niet gevonden.") from None
    found = db.session.get(FollowUp, key)
    if found is None:
        raise NotFound("Opvolging niet gevonden.")
    return found


def may_change(follow_up: FollowUp, actor: User) -> bool:
    """True when ACTOR may change FOLLOW_UP (coordinators only read)."""
    if actor.role in MANAGERS:
        return True
    return actor.role == Role.veldwerker and follow_up.assignee_id == actor.id


def _locked(follow_up_id, actor: User, expected_version: int | None) -> FollowUp:
    """The follow-up locked for update, after the access and version checks."""
    found = get_follow_up(follow_up_id)
    db.session.refresh(found, with_for_update=True)
    if not may_change(found, actor):
        raise Forbidden("Je mag deze opvolging niet wijzigen.")
    if expected_version is not None and expected_version != found.version:
        raise StaleVersion("Iemand anders heeft deze opvolging intussen gewijzigd.",
                           snapshot(found))
    return found


def _clean_note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise Invalid("Notitie te lang.", {"note": [f"Maximaal {NOTE_MAX} tekens."]})
    return note


def _event(follow_up: FollowUp, actor: User | None, action: str, *, note=None,
           from_status=None, to_status=None, details=None, client_id=None) -> FollowUpEvent:
    event = FollowUpEvent(follow_up=follow_up, actor_id=actor.id if actor else None,
                          action=action, note=note, from_status=from_status,
                          to_status=to_status, details=details or {}, client_id=client_id,
                          at=utcnow())
    db.session.add(event)
    return event


def _set_status(follow_up: FollowUp, target: FollowUpStatus) -> None:
    follow_up.status = target
    if target in FINAL:
        follow_up.closed_at = utcnow()
    else:
        follow_up.closed_at = None


def change_status(follow_up_id, target: str, *, actor: User, expected_version: int | None,
                  note: str | None = None, client_id: uuid.UUID | None = None,
                  details: dict | None = None) -> FollowUp:
    """Move a follow-up to TARGET if the state machine allows it; one event, one commit."""
    try:
        target = FollowUpStatus(target)
    except ValueError:
        raise Invalid("Onbekende status.", {"status": ["Kies een status."]}) from None
    follow_up = _locked(follow_up_id, actor, expected_version)
    note = _clean_note(note)
    check_transition(follow_up.status, target, actor.role)
    if target == FollowUpStatus.niet_bereikbaar and not note:
        raise Invalid("Schrijf kort wat je geprobeerd hebt.",
                      {"note": ["Een notitie is nodig bij 'niet bereikbaar'."]})
    previous = follow_up.status
    _set_status(follow_up, target)
    _event(follow_up, actor, "status", note=note, from_status=previous, to_status=target,
           client_id=client_id, details=details)
    db.session.commit()
    return follow_up


def assign(follow_up_id, assignee_id: int | None, *, actor: User,
           expected_version: int | None, note: str | None = None) -> FollowUp:
    """Give the follow-up to another veldwerker or teamleider (or to nobody)."""
    if actor.role not in MANAGERS:
        raise Forbidden("Alleen een teamleider verdeelt opvolging.")
    follow_up = _locked(follow_up_id, actor, expected_version)
    note = _clean_note(note)
    assignee = None
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or not assignee.active or assignee.role not in ASSIGNABLE_ROLES:
            raise Invalid("Kies een actieve veldwerker of teamleider.",
                          {"assignee_id": ["Kies een actieve veldwerker of teamleider."]})
    if follow_up.status in FINAL:
        raise Invalid("Een afgesloten opvolging wijs je niet meer toe; heropen hem eerst.",
                      {"assignee_id": ["Heropen de opvolging eerst."]})
    if follow_up.assignee_id == assignee_id:
        raise Invalid("Deze opvolging ligt al bij die persoon.",
                      {"assignee_id": ["Kies iemand anders."]})
    old = follow_up.assignee
    follow_up.assignee_id = assignee_id
    _event(follow_up, actor, "assignee", note=note, details={
        "from": old.name if old else None, "from_id": old.id if old else None,
        "to": assignee.name if assignee else None, "to_id": assignee_id})
    db.session.commit()
    return follow_up


def set_due_date(follow_up_id, due: date | None, *, actor: User,
                 expected_version: int | None, note: str | None = None) -> FollowUp:
    """Set or clear the due date; a date in the past is refused (that is 'te laat', not a plan)."""
    follow_up = _locked(follow_up_id, actor, expected_version)
    note = _clean_note(note)
    if due is not None and due < local_today():
        raise Invalid("Kies vandaag of een latere datum.",
                      {"due_date": ["Kies vandaag of een latere datum."]})
    if follow_up.status in FINAL:
        raise Invalid("Een afgesloten opvolging heeft geen termijn meer.",
                      {"due_date": ["Heropen de opvolging eerst."]})
    old = follow_up.due_date
    if old == due:
        # Nothing would change (and the version would not move): say so instead.
        raise Invalid("Deze termijn staat er al.", {"due_date": ["Kies een andere datum."]})
    follow_up.due_date = due
    _event(follow_up, actor, "due_date", note=note, details={
        "from": old.isoformat() if old else None, "to": due.isoformat() if due else None})
    db.session.commit()
    return follow_up


@dataclass
class Handover:
    """What the team lead records about a warm handover."""

    partner_id: int
    agreement: str | None = None
    resident_agreed: bool = False
    partner_reached: bool = False
    appointment_on: date | None = None
    note: str | None = None


def hand_over(follow_up_id, handover: Handover, *, actor: User,
              expected_version: int | None) -> FollowUp:
    """Hand the follow-up to a partner (or update the handover): status `overgedragen`."""
    if actor.role not in MANAGERS:
        raise Forbidden("Alleen een teamleider draagt een opvolging over.")
    follow_up = _locked(follow_up_id, actor, expected_version)
    note = _clean_note(handover.note)
    agreement = _clean_note(handover.agreement)
    partner = db.session.get(Partner, handover.partner_id) if handover.partner_id else None
    errors = {}
    if partner is None or not partner.active:
        errors["partner_id"] = ["Kies een actieve partner."]
    if not handover.resident_agreed:
        # A warm handover without the resident's yes is passing on their data behind
        # their back: the AVG and the profession both forbid it.
        errors["resident_agreed"] = ["De bewoner moet akkoord zijn met de overdracht."]
    if errors:
        raise Invalid("Overdracht niet opgeslagen.", errors)
    previous = follow_up.status
    check_handover(previous)
    changed_partner = follow_up.partner_id != partner.id
    follow_up.partner_id = partner.id
    follow_up.handover_agreement = agreement
    follow_up.handover_resident_agreed = True
    follow_up.handover_partner_reached = bool(handover.partner_reached)
    follow_up.handover_appointment_on = handover.appointment_on
    if previous != FollowUpStatus.overgedragen or changed_partner:
        follow_up.handed_over_at = utcnow()
        follow_up.partner_outcome = None
        follow_up.partner_outcome_at = None
    _set_status(follow_up, FollowUpStatus.overgedragen)
    _event(follow_up, actor, "handover", note=note, from_status=previous,
           to_status=FollowUpStatus.overgedragen, details={
               "partner": partner.name, "partner_id": partner.id,
               "resident_agreed": True, "partner_reached": bool(handover.partner_reached),
               "appointment_on": handover.appointment_on.isoformat()
               if handover.appointment_on else None})
    db.session.commit()
    return follow_up


def is_overdue(follow_up: FollowUp, today: date | None = None) -> bool:
    """Open work past its due date."""
    today = today or local_today()
    return (follow_up.status not in FINAL and follow_up.due_date is not None
            and follow_up.due_date < today)
