"""Links a partner uses without an account to confirm one warm handover.

The token is 32 random bytes (URL-safe); only its sha256 is stored. A link works for
one follow-up (the URL carries the follow-up id too, and both must match), until it
expires or the team lead makes a new one, and only while the follow-up is handed over.
Every use, refused ones included, goes into the audit log.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from ...extensions import db
from ...models import FollowUp, PartnerLink, User
from ...models.base import utcnow
from ...models.enums import FollowUpStatus, PartnerOutcome
from ..audit import record_event
from ..errors import Forbidden, Gone, Invalid, NotFound
from .actions import MANAGERS, _clean_note, _event, _locked, _set_status

DEFAULT_VALID_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_partner_link(follow_up_id, *, actor: User, valid_days: int = DEFAULT_VALID_DAYS,
                        expected_version: int | None = None, ip: str | None = None
                        ) -> tuple[PartnerLink, str]:
    """A new link for the follow-up's partner (earlier links stop working); returns the token."""
    if actor.role not in MANAGERS:
        raise Forbidden("Alleen een teamleider maakt een partnerlink.")
    follow_up = _locked(follow_up_id, actor, expected_version)
    if follow_up.status != FollowUpStatus.overgedragen or follow_up.partner_id is None:
        raise Invalid("Draag de opvolging eerst over aan een partner.",
                      {"partner_id": ["Nog niet overgedragen."]})
    if not 1 <= valid_days <= 60:
        raise Invalid("Een link geldt 1 tot 60 dagen.", {"valid_days": ["1 tot 60 dagen."]})
    now = utcnow()
    db.session.execute(update(PartnerLink)
                       .where(PartnerLink.follow_up_id == follow_up.id,
                              PartnerLink.revoked_at.is_(None))
                       .values(revoked_at=now))
    token = secrets.token_urlsafe(32)
    link = PartnerLink(follow_up_id=follow_up.id, partner_id=follow_up.partner_id,
                       token_hash=_hash(token), created_by_id=actor.id, created_at=now,
                       expires_at=now + timedelta(days=valid_days))
    db.session.add(link)
    _event(follow_up, actor, "partner_link", details={
        "partner": follow_up.partner.name, "expires_at": link.expires_at.isoformat()})
    # The version moves too: a colleague's open page should not think nothing happened.
    follow_up.updated_at = now
    db.session.flush()
    record_event("partner_link.create", actor, subject_type="follow_up",
                 subject_id=follow_up.id, ip=ip, details={"link_id": link.id,
                                                          "partner_id": follow_up.partner_id})
    db.session.commit()
    return link, token


def revoke_partner_links(follow_up_id, *, actor: User, expected_version: int | None = None,
                         ip: str | None = None) -> int:
    """Stop every link of the follow-up; returns how many were live."""
    if actor.role not in MANAGERS:
        raise Forbidden("Alleen een teamleider trekt een partnerlink in.")
    follow_up = _locked(follow_up_id, actor, expected_version)
    now = utcnow()
    result = db.session.execute(update(PartnerLink)
                                .where(PartnerLink.follow_up_id == follow_up.id,
                                       PartnerLink.revoked_at.is_(None))
                                .values(revoked_at=now))
    if result.rowcount:
        # In the history like the link's making, and the version moves for open pages.
        _event(follow_up, actor, "partner_link_revoked",
               details={"revoked": result.rowcount})
        follow_up.updated_at = now
    record_event("partner_link.revoke", actor, subject_type="follow_up",
                 subject_id=follow_up.id, ip=ip, details={"revoked": result.rowcount})
    db.session.commit()
    return result.rowcount


@dataclass
class PartnerView:
    """Only what a partner needs for the handover: no note, no street, no worker's notes."""

    follow_up_id: str
    partner_name: str
    kind: str
    resident_name: str | None
    resident_phone: str | None
    help_categories: list[str]
    agreement: str | None
    appointment_on: object
    team_contact: str | None
    team_phone: str | None
    outcome: str | None
    closed: bool
    expires_at: object


def _live_link(follow_up_id, token: str, ip: str | None, action: str) -> PartnerLink:
    try:
        key = uuid.UUID(str(follow_up_id))
    except ValueError:
        key = None
    link = db.session.scalar(select(PartnerLink).where(PartnerLink.token_hash == _hash(token)))
    if link is None or key is None or link.follow_up_id != key:
        # Unknown token, or a real token tried on another follow-up: the same answer for
        # both, so the page does not confirm that a guessed token exists.
        # subject_id holds 64 characters: a long made-up id must not make this a 500.
        record_event("partner_link.refused", None, subject_type="follow_up",
                     subject_id=key if key is not None else str(follow_up_id)[:64], ip=ip,
                     details={"reason": "unknown", "action": action})
        db.session.commit()
        raise NotFound("Deze link bestaat niet.")
    if link.revoked_at is not None or link.expires_at <= utcnow():
        reason = "revoked" if link.revoked_at is not None else "expired"
        record_event("partner_link.refused", None, subject_type="follow_up",
                     subject_id=link.follow_up_id, ip=ip,
                     details={"reason": reason, "link_id": link.id, "action": action})
        db.session.commit()
        raise Gone("Deze link is verlopen. Vraag het team om een nieuwe.")
    follow_up = link.follow_up
    closed_through_link = (follow_up.status == FollowUpStatus.afgerond
                           and follow_up.partner_outcome == PartnerOutcome.afgerond)
    if link.partner_id != follow_up.partner_id or (
            follow_up.status != FollowUpStatus.overgedragen and not closed_through_link):
        # The team took the case back, cancelled it or gave it to another partner: this
        # partner no longer gets to see the resident's name and phone.
        record_event("partner_link.refused", None, subject_type="follow_up",
                     subject_id=link.follow_up_id, ip=ip,
                     details={"reason": "taken_back", "link_id": link.id, "action": action})
        db.session.commit()
        raise Gone("Het team heeft deze overdracht teruggenomen.")
    return link


def _view(link: PartnerLink) -> PartnerView:
    from ...models import HelpQuestion

    follow_up: FollowUp = link.follow_up
    categories = []
    if follow_up.contact_id:
        categories = sorted({c.value for c in db.session.scalars(
            select(HelpQuestion.category).where(HelpQuestion.contact_id == follow_up.contact_id))})
    creator = db.session.get(User, link.created_by_id) if link.created_by_id else None
    return PartnerView(
        follow_up_id=str(follow_up.id), partner_name=follow_up.partner.name
        if follow_up.partner else "", kind=follow_up.kind.value,
        resident_name=follow_up.resident_name, resident_phone=follow_up.resident_phone,
        help_categories=categories, agreement=follow_up.handover_agreement,
        appointment_on=follow_up.handover_appointment_on,
        team_contact=creator.name if creator else None,
        team_phone=creator.phone if creator else None,
        outcome=follow_up.partner_outcome.value if follow_up.partner_outcome else None,
        closed=follow_up.status != FollowUpStatus.overgedragen,
        expires_at=link.expires_at)


def open_partner_link(follow_up_id, token: str, *, ip: str | None = None) -> PartnerView:
    """What the partner sees; each opening is audited."""
    link = _live_link(follow_up_id, token, ip, "view")
    link.last_used_at = utcnow()
    record_event("partner_link.view", None, subject_type="follow_up",
                 subject_id=link.follow_up_id, ip=ip, details={"link_id": link.id})
    view = _view(link)
    db.session.commit()
    return view


# What a partner may confirm, in the order a handover goes.
OUTCOME_ORDER = (PartnerOutcome.contact_gelegd, PartnerOutcome.opgepakt,
                 PartnerOutcome.afgerond)


def _refuse(link: PartnerLink, reason: str, ip: str | None, **details) -> None:
    # A refused confirmation is a use of the link too: it goes into the audit log.
    record_event("partner_link.refused", None, subject_type="follow_up",
                 subject_id=link.follow_up_id, ip=ip,
                 details={"reason": reason, "link_id": link.id, "action": "confirm", **details})
    db.session.commit()


def confirm_through_link(follow_up_id, token: str, outcome: str, *, note: str | None = None,
                         ip: str | None = None) -> PartnerView:
    """The partner confirms a step; `afgerond` closes the follow-up."""
    link = _live_link(follow_up_id, token, ip, "confirm")
    try:
        outcome = PartnerOutcome(outcome)
    except ValueError:
        _refuse(link, "unknown_outcome", ip)
        raise Invalid("Kies wat u wilt bevestigen.", {"outcome": ["Onbekende keuze."]}) from None
    note = _clean_note(note)
    follow_up = link.follow_up
    db.session.refresh(follow_up, with_for_update=True)
    if follow_up.status != FollowUpStatus.overgedragen:
        record_event("partner_link.refused", None, subject_type="follow_up",
                     subject_id=follow_up.id, ip=ip,
                     details={"reason": f"status_{follow_up.status.value}",
                              "link_id": link.id, "action": "confirm"})
        db.session.commit()
        raise Invalid("Deze overdracht is al afgesloten of door het team teruggenomen.",
                      {"outcome": ["Niet meer te bevestigen."]})
    current = follow_up.partner_outcome
    if current is not None and OUTCOME_ORDER.index(outcome) <= OUTCOME_ORDER.index(current):
        _refuse(link, "not_forward", ip, outcome=outcome.value, current=current.value)
        raise Invalid("Dit is al bevestigd.", {"outcome": ["Al bevestigd."]})
    now = utcnow()
    follow_up.partner_outcome = outcome
    follow_up.partner_outcome_at = now
    follow_up.handover_partner_reached = True
    link.last_used_at = now
    previous = follow_up.status
    if outcome == PartnerOutcome.afgerond:
        _set_status(follow_up, FollowUpStatus.afgerond)
    _event(follow_up, None, "partner_confirmed", note=note, from_status=previous,
           to_status=follow_up.status if follow_up.status != previous else None,
           details={"outcome": outcome.value, "partner": follow_up.partner.name
                    if follow_up.partner else None, "link_id": link.id})
    record_event("partner_link.confirm", None, subject_type="follow_up",
                 subject_id=follow_up.id, ip=ip,
                 details={"link_id": link.id, "outcome": outcome.value})
    db.session.commit()
    return _view(link)
