"""Resident rights (AVG articles 15, 17 and 20): find, show, export and erase a resident.

A resident is known to us through follow-ups (name and phone, given with consent
`opvolging`) and the contacts they came from (notes, help questions, talents). There is
no resident table, so "one resident" is worked out: the follow-ups that carry the same
name (equal blind index) in the same buurt, together with every follow-up of the same
contacts, and those contacts. A follow-up without a name is its contact's resident.

Finding a name: the exact name goes through its blind index (models/crypto.name_index).
Part of a name cannot: the index only tells equal names apart, and the names are Fernet
tokens with a fresh IV each. So a partial search decrypts the names that are still
stored, one by one in the app's memory, and compares them there (never in SQL, never
written anywhere). That costs one decryption per stored name; retention clears the
names of closed follow-ups, so the number stays that of open and recent cases
(bench/resident_search.py measures it). The search lists residents, not names: enough to
choose (buurt, street, first contact, how many follow-ups), never a name or phone.

Every search, view, export and erasure is audited, without the name itself.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import Buurt, Contact, FollowUp, FollowUpEvent, PartnerLink, Street, User
from ..models.base import utcnow
from ..models.crypto import name_index, normalise_name
from ..models.enums import Role
from ..parsing import is_clean_text
from .audit import record_event
from .errors import Conflict, Forbidden, Invalid
from .followups.actions import get_follow_up

SEARCH_MAX = 200
# Part of a name is searched from this many letters on; fewer would list half the town.
PARTIAL_MIN = 3
# A search lists at most this many residents; the page says how many more there were.
MATCHES_MAX = 20
# Names decrypted per round trip during a partial search.
SCAN_BATCH = 1000
# The JSON export's format; docs/privacy.md describes every key.
EXPORT_SCHEMA = "buurtronde.resident/2"


def _require_beheerder(actor: User) -> None:
    if actor.role != Role.beheerder:
        raise Forbidden("Alleen een beheerder behandelt verzoeken van bewoners.")


def _as_follow_up_id(query: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(query.strip())
    except ValueError:
        return None


def folded(name: str) -> str:
    """NAME as a partial search compares it: case and accents folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", normalise_name(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --- who is one resident ------------------------------------------------------------------

def _same_resident(ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """IDS and every follow-up of the same resident: same name in the same buurt, or the
    same contact; repeated until nothing new joins (usually once)."""
    ids = set(ids)
    while True:
        rows = db.session.execute(
            sa.select(FollowUp.resident_name_hmac, FollowUp.contact_id, Contact.buurt_id)
            .outerjoin(Contact, Contact.id == FollowUp.contact_id)
            .where(FollowUp.id.in_(ids))).all()
        options = []
        contacts = {r.contact_id for r in rows if r.contact_id is not None}
        if contacts:
            options.append(FollowUp.contact_id.in_(contacts))
        for name_hmac, buurt_id in {(r.resident_name_hmac, r.buurt_id) for r in rows
                                    if r.resident_name_hmac is not None}:
            options.append(sa.and_(FollowUp.resident_name_hmac == name_hmac,
                                   Contact.buurt_id == buurt_id if buurt_id is not None
                                   else FollowUp.contact_id.is_(None)))
        if not options:
            return ids
        found = set(db.session.scalars(
            sa.select(FollowUp.id).outerjoin(Contact, Contact.id == FollowUp.contact_id)
            .where(sa.or_(*options))))
        if found <= ids:
            return ids
        ids |= found


@dataclass(frozen=True)
class ResidentMatch:
    """One resident a search found: enough to choose, no name, no phone, no note."""

    follow_up_id: uuid.UUID  # the resident's first follow-up: it opens the record
    follow_up_ids: tuple[uuid.UUID, ...]
    first_contact_at: datetime
    buurt_names: tuple[str, ...]
    street_names: tuple[str, ...]

    @property
    def follow_ups(self) -> int:
        """How many follow-ups this resident has."""
        return len(self.follow_up_ids)

    @property
    def street_name(self) -> str | None:
        """The streets, comma-separated (None when no contact had one)."""
        return ", ".join(self.street_names) or None

    @property
    def buurt_name(self) -> str | None:
        """The buurten, comma-separated."""
        return ", ".join(self.buurt_names) or None


class ResidentMatches(list):
    """The residents a search lists, with how many more it found than it lists."""

    def __init__(self, matches=(), more: int = 0, partial: bool = False):
        super().__init__(matches)
        self.more = more
        self.partial = partial


def _match(ids: set[uuid.UUID]) -> ResidentMatch:
    rows = db.session.execute(
        sa.select(FollowUp.id, FollowUp.created_at, Contact.recorded_at,
                  Buurt.name.label("buurt"), Street.name.label("street"))
        .outerjoin(Contact, Contact.id == FollowUp.contact_id)
        .outerjoin(Buurt, Buurt.id == Contact.buurt_id)
        .outerjoin(Street, Street.id == Contact.street_id)
        .where(FollowUp.id.in_(ids))
        .order_by(FollowUp.created_at, FollowUp.id)).all()
    first = min((r.recorded_at or r.created_at) for r in rows)
    return ResidentMatch(
        follow_up_id=rows[0].id, follow_up_ids=tuple(r.id for r in rows),
        first_contact_at=first,
        buurt_names=tuple(dict.fromkeys(r.buurt for r in rows if r.buurt)),
        street_names=tuple(dict.fromkeys(r.street for r in rows if r.street)))


def _name_matches(query: str) -> tuple[set[uuid.UUID], bool]:
    """Follow-ups whose name is QUERY or (long enough) contains every word of it."""
    exact = set(db.session.scalars(sa.select(FollowUp.id).where(
        FollowUp.resident_name_hmac == name_index(query))))
    words = folded(query).split()
    if sum(len(w) for w in words) < PARTIAL_MIN:
        return exact, False
    found = set(exact)
    # Only names still stored; each is decrypted here and compared, then dropped.
    rows = db.session.execute(
        sa.select(FollowUp.id, FollowUp.resident_name)
        .where(FollowUp.resident_name_hmac.is_not(None))
        .execution_options(yield_per=SCAN_BATCH))
    for follow_up_id, name in rows:
        if name and all(word in folded(name) for word in words):
            found.add(follow_up_id)
    return found, bool(found - exact)


def find_residents(query: str, *, actor: User, ip: str | None = None) -> ResidentMatches:
    """Residents matching QUERY: a follow-up number, a whole name or part of one."""
    _require_beheerder(actor)
    query = (query or "").strip()
    if not query:
        raise Invalid("Vul een naam of opvolgingsnummer in.",
                      {"q": ["Vul een naam of opvolgingsnummer in."]})
    if len(query) > SEARCH_MAX:
        raise Invalid("Zoekterm te lang.", {"q": [f"Maximaal {SEARCH_MAX} tekens."]})
    if not is_clean_text(query):
        raise Invalid("Zoekterm met een onzichtbaar stuurteken.",
                      {"q": ["Bevat een teken dat hier niet kan (zoals een onzichtbaar "
                             "stuurteken). Typ het opnieuw."]})
    follow_up_id = _as_follow_up_id(query)
    partial = False
    if follow_up_id is not None:
        by = "follow_up"
        seeds = set(db.session.scalars(sa.select(FollowUp.id).where(
            FollowUp.id == follow_up_id)))
    else:
        by = "name"
        seeds, partial = _name_matches(query)
    groups: list[set[uuid.UUID]] = []
    remaining = set(seeds)
    while remaining:
        group = _same_resident({min(remaining)})
        groups.append(group)
        remaining -= group
    matches = sorted((_match(g) for g in groups), key=lambda m: m.first_contact_at,
                     reverse=True)
    # The audit row says how and how much, never the name searched for.
    record_event("resident.search", actor, subject_type="resident", ip=ip,
                 details={"by": by, "match": "partial" if partial else "exact",
                          "found": len(matches),
                          "follow_ups": sum(m.follow_ups for m in matches)})
    db.session.commit()
    return ResidentMatches(matches[:MATCHES_MAX], more=max(len(matches) - MATCHES_MAX, 0),
                           partial=partial)


# --- everything about one resident --------------------------------------------------------

@dataclass
class Scope:
    """One resident's follow-ups (oldest first) and the contacts they came from."""

    anchor: FollowUp
    follow_ups: list[FollowUp]
    contacts: list[Contact]

    @property
    def follow_up_ids(self) -> list[uuid.UUID]:
        """The ids of the follow-ups, oldest first."""
        return [f.id for f in self.follow_ups]


def _scope(follow_up_id) -> Scope:
    """The resident of FOLLOW_UP_ID: every follow-up of theirs and its contacts."""
    anchor = get_follow_up(follow_up_id)
    ids = _same_resident({anchor.id})
    follow_ups = list(db.session.scalars(
        sa.select(FollowUp).where(FollowUp.id.in_(ids))
        .order_by(FollowUp.created_at, FollowUp.id)))
    contact_ids = {f.contact_id for f in follow_ups if f.contact_id is not None}
    contacts = list(db.session.scalars(
        sa.select(Contact).where(Contact.id.in_(contact_ids))
        .order_by(Contact.recorded_at, Contact.id))) if contact_ids else []
    return Scope(anchor, follow_ups, contacts)


def _iso(value):
    return value.isoformat() if value is not None else None


def _value(value):
    return getattr(value, "value", value)


def _links(f: FollowUp) -> list[PartnerLink]:
    return list(db.session.scalars(sa.select(PartnerLink).where(
        PartnerLink.follow_up_id == f.id).order_by(PartnerLink.created_at)))


def _follow_up_record(f: FollowUp) -> dict:
    return {
        "id": str(f.id), "contact_id": str(f.contact_id) if f.contact_id else None,
        "kind": _value(f.kind), "status": _value(f.status),
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
                    "note": e.note, "details": _event_details(e)} for e in f.events],
        "partner_links": [{"partner": link.partner.name if link.partner else None,
                           "created_at": _iso(link.created_at),
                           "expires_at": _iso(link.expires_at),
                           "revoked_at": _iso(link.revoked_at),
                           "last_used_at": _iso(link.last_used_at)}
                          for link in _links(f)],
    }


def _event_details(event: FollowUpEvent) -> dict:
    # Ids of colleagues and partners mean nothing to a resident; their names say it.
    return {k: v for k, v in (event.details or {}).items() if not k.endswith("_id")}


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


def _record(follow_up_id) -> tuple[Scope, dict]:
    scope = _scope(follow_up_id)
    return scope, {
        "schema": EXPORT_SCHEMA,
        "follow_up_id": str(scope.anchor.id),
        "contacts": [_contact_record(c) for c in scope.contacts],
        "follow_ups": [_follow_up_record(f) for f in scope.follow_ups],
    }


def resident_record(follow_up_id, *, actor: User, ip: str | None = None) -> dict:
    """Everything stored about the resident of FOLLOW_UP_ID (audited as a view)."""
    _require_beheerder(actor)
    scope, record = _record(follow_up_id)
    record_event("resident.view", actor, subject_type="follow_up", subject_id=scope.anchor.id,
                 ip=ip, details={"follow_ups": len(record["follow_ups"]),
                                 "contacts": len(record["contacts"])})
    db.session.commit()
    return record


EXPORT_FORMATS = ("json", "html")


def export_resident(follow_up_id, *, actor: User, ip: str | None = None,
                    fmt: str = "json") -> dict:
    """The resident's record as a document to hand over, JSON-ready (audited as an
    export in FMT: the JSON file, or the page to print)."""
    _require_beheerder(actor)
    if fmt not in EXPORT_FORMATS:
        raise Invalid("Onbekend formaat.", {"format": [f"Kies uit {', '.join(EXPORT_FORMATS)}."]})
    scope, record = _record(follow_up_id)
    record_event("resident.export", actor, subject_type="follow_up",
                 subject_id=scope.anchor.id, ip=ip,
                 details={"format": fmt, "follow_ups": len(record["follow_ups"]),
                          "contacts": len(record["contacts"])})
    db.session.commit()
    return {"schema": EXPORT_SCHEMA, "exported_at": utcnow().isoformat(), **record}


# --- erasure ------------------------------------------------------------------------------

@dataclass
class ErasePlan:
    """What an erasure of one resident clears, for the confirmation (nothing personal)."""

    follow_up_id: uuid.UUID
    follow_ups: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def follow_up_ids(self) -> list[uuid.UUID]:
        """The follow-ups that go, oldest first."""
        return [f["id"] for f in self.follow_ups]


def _place(contact: Contact | None) -> tuple[str | None, str | None]:
    if contact is None:
        return None, None
    street = db.session.get(Street, contact.street_id) if contact.street_id else None
    buurt = db.session.get(Buurt, contact.buurt_id)
    return (street.name if street else None), (buurt.name if buurt else None)


def erase_plan(follow_up_id, *, actor: User) -> ErasePlan:
    """Every follow-up and contact an erasure of this resident touches, with counts."""
    _require_beheerder(actor)
    scope = _scope(follow_up_id)
    plan = ErasePlan(follow_up_id=scope.anchor.id)
    for f in scope.follow_ups:
        street, buurt = _place(f.contact)
        plan.follow_ups.append({"id": f.id, "kind": f.kind, "status": f.status,
                                "created_at": f.created_at, "street": street, "buurt": buurt,
                                "partner": f.partner.name if f.partner else None})
    for c in scope.contacts:
        street, buurt = _place(c)
        plan.contacts.append({"id": c.id, "recorded_at": c.recorded_at, "street": street,
                              "buurt": buurt,
                              "help_questions": len(c.help_questions),
                              "talents": len(c.talents)})
    notes = [holder for c in scope.contacts for holder in (c, *c.help_questions, *c.talents)]
    plan.counts = {"follow_ups": len(scope.follow_ups),
                   "follow_up_events": sum(1 for f in scope.follow_ups for e in f.events
                                           if e.note),
                   "contact_notes": sum(1 for holder in notes if holder.note)}
    return plan


def erase_preview(follow_up_id, *, actor: User) -> dict[str, int]:
    """How much an erasure would touch (counts only, nothing personal; not audited)."""
    return erase_plan(follow_up_id, actor=actor).counts


def erase_resident(follow_up_id, *, actor: User, ip: str | None = None,
                   expected: list | None = None) -> dict[str, int]:
    """Erase the name, phone and notes of every follow-up and contact of the resident;
    rows and their counts stay. EXPECTED: the follow-up ids the confirmation listed; when
    the resident has others by now, Conflict (nothing is erased that was not shown)."""
    _require_beheerder(actor)
    scope = _scope(follow_up_id)
    if expected is not None and {str(i) for i in expected} != {
            str(i) for i in scope.follow_up_ids}:
        raise Conflict("Er is intussen iets veranderd bij deze bewoner. Kijk de lijst "
                       "opnieuw na.")
    counts = {"follow_ups": 0, "follow_up_events": 0, "partner_links": 0,
              "contact_notes": 0}
    now = utcnow()
    for f in scope.follow_ups:
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
    for contact in scope.contacts:
        for holder in (contact, *contact.help_questions, *contact.talents):
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
                 subject_id=scope.anchor.id, ip=ip,
                 details={**counts, "contacts": len(scope.contacts),
                          "follow_up_ids": [str(i) for i in scope.follow_up_ids]})
    db.session.commit()
    return counts
