"""Resident rights (AVG articles 15, 17 and 20): find, show, export and erase a resident.

A resident is known to us through a follow-up (name and phone, given with consent
`opvolging`) and the contact it came from (notes, help questions, talents). The record
of one resident is the contact of a follow-up with every follow-up of that contact, or
the follow-up alone when it has no contact. Names are found through their blind index
(models/crypto.name_index), never by decrypting the whole table. Every search, view,
export and erasure is audited, without the name itself.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import Buurt, Contact, FollowUp, PartnerLink, Street, User
from ..models.base import utcnow
from ..models.crypto import name_index
from ..models.enums import Role
from .audit import record_event
from .errors import Forbidden, Invalid
from .followups.actions import get_follow_up

SEARCH_MAX = 200


@dataclass(frozen=True)
class Match:
    """One follow-up a search found: enough to pick the right one, no personal details."""

    follow_up_id: uuid.UUID
    created_at: datetime
    kind: str
    status: str
    buurt_name: str | None
    street_name: str | None


def _require_beheerder(actor: User) -> None:
    if actor.role != Role.beheerder:
        raise Forbidden("Alleen een beheerder behandelt verzoeken van bewoners.")


def _as_follow_up_id(query: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(query.strip())
    except ValueError:
        return None


def find_residents(query: str, *, actor: User, ip: str | None = None) -> list[Match]:
    """Follow-ups matching QUERY: a follow-up id, or a name (exact after normalising)."""
    _require_beheerder(actor)
    query = (query or "").strip()
    if not query:
        raise Invalid("Vul een naam of opvolgingsnummer in.",
                      {"q": ["Vul een naam of opvolgingsnummer in."]})
    if len(query) > SEARCH_MAX:
        raise Invalid("Zoekterm te lang.", {"q": [f"Maximaal {SEARCH_MAX} tekens."]})
    follow_up_id = _as_follow_up_id(query)
    if follow_up_id is not None:
        condition, by = FollowUp.id == follow_up_id, "follow_up"
    else:
        condition, by = FollowUp.resident_name_hmac == name_index(query), "name"
    rows = db.session.execute(
        sa.select(FollowUp.id, FollowUp.created_at, FollowUp.kind, FollowUp.status,
                  Buurt.name.label("buurt_name"), Street.name.label("street_name"))
        .outerjoin(Contact, Contact.id == FollowUp.contact_id)
        .outerjoin(Buurt, Buurt.id == Contact.buurt_id)
        .outerjoin(Street, Street.id == Contact.street_id)
        .where(condition).order_by(FollowUp.created_at.desc())).all()
    matches = [Match(r.id, r.created_at, r.kind, r.status, r.buurt_name, r.street_name)
               for r in rows]
    # The audit row says how and how much, never the name searched for.
    record_event("resident.search", actor, subject_type="resident", ip=ip,
                 details={"by": by, "found": len(matches)})
    db.session.commit()
    return matches


def _scope(follow_up_id) -> tuple[FollowUp, Contact | None, list[FollowUp]]:
    """The follow-up, its contact, and every follow-up of that contact (oldest first)."""
    anchor = get_follow_up(follow_up_id)
    contact = anchor.contact
    if contact is None:
        return anchor, None, [anchor]
    follow_ups = db.session.scalars(
        sa.select(FollowUp).where(FollowUp.contact_id == contact.id)
        .order_by(FollowUp.created_at, FollowUp.id)).all()
    return anchor, contact, list(follow_ups)


def _iso(value):
    return value.isoformat() if value is not None else None


def _value(value):
    return getattr(value, "value", value)


def _follow_up_record(f: FollowUp) -> dict:
    return {
        "id": str(f.id), "kind": _value(f.kind), "status": _value(f.status),
        "created_at": _iso(f.created_at), "closed_at": _iso(f.closed_at),
        "due_date": _iso(f.due_date),
        "resident_name": f.resident_name, "resident_phone": f.resident_phone,
        "note": f.note, "handover_agreement": f.handover_agreement,
        "handover_resident_agreed": f.handover_resident_agreed,
        "handover_appointment_on": _iso(f.handover_appointment_on),
        "partner": f.partner.name if f.partner else None,
        "partner_outcome": _value(f.partner_outcome),
        "assignee": f.assignee.name if f.assignee else None,
        "events": [{"at": _iso(e.at), "action": e.action,
                    "from_status": _value(e.from_status), "to_status": _value(e.to_status),
                    "note": e.note} for e in f.events],
        "partner_links": [{"created_at": _iso(link.created_at),
                           "expires_at": _iso(link.expires_at),
                           "revoked_at": _iso(link.revoked_at),
                           "last_used_at": _iso(link.last_used_at)}
                          for link in _links(f)],
    }


def _links(f: FollowUp) -> list[PartnerLink]:
    return list(db.session.scalars(sa.select(PartnerLink).where(
        PartnerLink.follow_up_id == f.id).order_by(PartnerLink.created_at)))


def _contact_record(c: Contact) -> dict:
    street = db.session.get(Street, c.street_id) if c.street_id else None
    buurt = db.session.get(Buurt, c.buurt_id)
    return {
        "id": str(c.id), "recorded_at": _iso(c.recorded_at),
        "buurt": buurt.name if buurt else None, "street": street.name if street else None,
        "house_number": c.house_number, "house_suffix": c.house_suffix,
        "outcome": _value(c.outcome), "setting": _value(c.setting),
        "consent": _value(c.consent), "note": c.note,
        "help_questions": [{"category": _value(q.category), "urgency": _value(q.urgency),
                            "note": q.note} for q in c.help_questions],
        "talents": [{"kind": _value(t.kind), "wants_to_participate": t.wants_to_participate,
                     "note": t.note} for t in c.talents],
    }


def _record(follow_up_id) -> tuple[FollowUp, dict]:
    anchor, contact, follow_ups = _scope(follow_up_id)
    return anchor, {
        "follow_up_id": str(anchor.id),
        "contact": _contact_record(contact) if contact is not None else None,
        "follow_ups": [_follow_up_record(f) for f in follow_ups],
    }


def resident_record(follow_up_id, *, actor: User, ip: str | None = None) -> dict:
    """Everything stored about the resident of FOLLOW_UP_ID (audited as a view)."""
    _require_beheerder(actor)
    anchor, record = _record(follow_up_id)
    record_event("resident.view", actor, subject_type="follow_up", subject_id=anchor.id,
                 ip=ip, details={"follow_ups": len(record["follow_ups"])})
    db.session.commit()
    return record


def export_resident(follow_up_id, *, actor: User, ip: str | None = None) -> dict:
    """The resident's record as a JSON-ready document (audited as an export)."""
    _require_beheerder(actor)
    anchor, record = _record(follow_up_id)
    record_event("resident.export", actor, subject_type="follow_up", subject_id=anchor.id,
                 ip=ip, details={"follow_ups": len(record["follow_ups"])})
    db.session.commit()
    return {"exported_at": utcnow().isoformat(), **record}


def erase_preview(follow_up_id, *, actor: User) -> dict[str, int]:
    """How much an erasure would touch (counts only, nothing personal; not audited)."""
    _require_beheerder(actor)
    _anchor, contact, follow_ups = _scope(follow_up_id)
    notes = [contact, *contact.help_questions, *contact.talents] if contact else []
    return {"follow_ups": len(follow_ups),
            "follow_up_events": sum(1 for f in follow_ups for e in f.events if e.note),
            "contact_notes": sum(1 for holder in notes if holder.note)}


def erase_resident(follow_up_id, *, actor: User, ip: str | None = None) -> dict[str, int]:
    """Erase the resident's name, phone and notes; rows and their counts stay."""
    _require_beheerder(actor)
    _anchor, contact, follow_ups = _scope(follow_up_id)
    counts = {"follow_ups": 0, "follow_up_events": 0, "partner_links": 0,
              "contact_notes": 0}
    now = utcnow()
    for f in follow_ups:
        f.resident_name = None  # the ORM event clears the blind index too
        f.resident_phone = None
        f.note = None
        f.handover_agreement = None
        counts["follow_ups"] += 1
        for event in f.events:
            if event.note is not None:
                event.note = None
                counts["follow_up_events"] += 1
        counts["partner_links"] += db.session.execute(
            sa.update(PartnerLink).where(PartnerLink.follow_up_id == f.id,
                                         PartnerLink.revoked_at.is_(None))
            .values(revoked_at=now)).rowcount
    if contact is not None:
        notes = [contact, *contact.help_questions, *contact.talents]
        for holder in notes:
            if holder.note is not None:
                holder.note = None
                counts["contact_notes"] += 1
        # With a help-question category, a house number or a GPS point still points at
        # one household. The street, the buurt and the H3 cell (about 0.1 km2) stay, so
        # the street's coverage and the hotspot counts do not change.
        contact.house_number = contact.house_suffix = None
        contact.geom = None
        contact.location_accuracy_m = None
    record_event("resident.erase", actor, subject_type="follow_up",
                 subject_id=follow_up_id, ip=ip, details=counts)
    db.session.commit()
    return counts
