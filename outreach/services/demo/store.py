"""Writing the demo plan into the database: one transaction, refused if the town exists."""

import secrets

from argon2 import PasswordHasher
from geoalchemy2.shape import from_shape
from sqlalchemy import func, insert, select, text

from geo.hexbins import cell_for

from ...clock import local_today
from ...extensions import db
from ...models import (
    Address,
    Buurt,
    Contact,
    FollowUp,
    FollowUpEvent,
    HelpQuestion,
    Partner,
    Round,
    RoundStreet,
    Street,
    Talent,
    User,
)
from ..audit import record_event
from ..errors import Conflict
from .accounts import COLLEAGUES, DEMO_ACCOUNTS
from .plan import DemoPlan, build_plan
from .town import GEMEENTE_CODE, GEMEENTE_NAME

_hasher = PasswordHasher()  # the defaults users.authenticate() verifies against


def _wkb(geom):
    return from_shape(geom, srid=4326) if geom is not None else None


def database_is_empty() -> bool:
    """True while no buurt has been imported or seeded yet."""
    return db.session.scalar(select(Buurt.id).limit(1)) is None


def _refuse_if_present(plan: DemoPlan) -> None:
    """Raise Conflict when any part of the demo town is already stored."""
    emails = [a.email for a in DEMO_ACCOUNTS + COLLEAGUES]
    found = {
        "buurten": db.session.scalars(select(Buurt.code).where(
            Buurt.code.in_([b.code for b in plan.town.buurten]))).all(),
        "accounts": db.session.scalars(select(User.email).where(
            func.lower(User.email).in_(emails))).all(),
        "partners": db.session.scalars(select(Partner.name).where(
            Partner.name.in_([p.name for p in plan.partners]))).all(),
    }
    found = {what: names for what, names in found.items() if names}
    if found:
        raise Conflict(
            f"De demostad {GEMEENTE_NAME} staat al (deels) in de database; er is niets "
            "toegevoegd. Gebruik een lege database om de demo opnieuw te laden.",
            {what: sorted(names) for what, names in found.items()})


def seed_demo(seed: int = 2026) -> dict[str, int]:
    """Store the demo town with a few weeks of work; refuses (Conflict) if it is there."""
    plan = build_plan(seed, local_today())
    _refuse_if_present(plan)

    buurten = {b.code: Buurt(code=b.code, name=b.name, wijk_code=b.wijk_code,
                             wijk_name=b.wijk_name, gemeente_code=GEMEENTE_CODE,
                             gemeente_name=GEMEENTE_NAME, geom=_wkb(b.geom),
                             key_figures=b.key_figures, priority=b.priority)
               for b in plan.town.buurten}
    db.session.add_all(buurten.values())
    db.session.flush()

    streets = {s.key: Street(buurt_id=buurten[s.buurt_code].id, name=s.name, geom=_wkb(s.geom),
                             length_m=s.length_m, source_ids=list(s.source_ids))
               for s in plan.town.streets}
    db.session.add_all(streets.values())
    db.session.flush()
    # Measured on the spheroid, as imported streets are; the plane length was a stand-in.
    db.session.execute(text("UPDATE streets SET length_m = ST_Length(geom::geography) "
                            "WHERE id = ANY(:ids)"), {"ids": [s.id for s in streets.values()]})

    db.session.execute(insert(Address), [
        {"source_key": a.source_key, "buurt_id": buurten[a.buurt_code].id,
         "street_id": streets[a.street_key].id, "street_name": a.street_name,
         "house_number": a.house_number, "postcode": a.postcode, "geom": _wkb(a.geom)}
        for a in plan.town.addresses])

    users = _store_users()
    partners = _store_partners(plan, buurten)
    rounds = _store_rounds(plan, buurten, streets, users)
    _store_contacts(plan, buurten, streets, users, rounds)
    _store_follow_ups(plan, users, partners)

    counts = {
        "buurten": len(buurten), "straten": len(streets),
        "adressen": len(plan.town.addresses), "partners": len(partners),
        "gebruikers": len(users), "rondes": len(rounds), "contacten": len(plan.contacts),
        "hulpvragen": sum(len(c.help_questions) for c in plan.contacts),
        "talenten": sum(len(c.talents) for c in plan.contacts),
        "opvolgingen": len(plan.follow_ups),
    }
    record_event("demo.seed", details={"seed": seed, **counts})
    db.session.commit()
    return counts


def _store_users() -> dict[str, User]:
    users = {}
    for account in DEMO_ACCOUNTS + COLLEAGUES:
        # Not users.create_user(): it commits, and the demo goes in as one transaction.
        password = account.password or secrets.token_urlsafe(24)
        users[account.email] = User(email=account.email, name=account.name, role=account.role,
                                    password_hash=_hasher.hash(password), active=account.active)
    db.session.add_all(users.values())
    db.session.flush()
    for user in users.values():
        record_event("user.create", None, subject_type="user", subject_id=user.id,
                     details={"role": user.role.value, "demo": True})
    return users


def _store_partners(plan: DemoPlan, buurten: dict[str, Buurt]) -> dict[str, Partner]:
    partners = {p.name: Partner(name=p.name, kind=p.kind, contact_name=p.contact_name,
                                phone=p.phone, email=p.email, address=p.address,
                                geom=_wkb(p.geom), opening_hours=p.opening_hours,
                                active=p.active,
                                buurten=[buurten[code] for code in p.buurt_codes])
                for p in plan.partners}
    db.session.add_all(partners.values())
    return partners


def _store_rounds(plan, buurten, streets, users) -> dict[int, Round]:
    coordinator = next(a.email for a in DEMO_ACCOUNTS if a.role == "coordinator")
    rounds = {}
    for r in plan.rounds:
        rounds[r.key] = Round(
            kind=r.kind, date=r.date, status=r.status, title=r.title,
            coffee_spot=_wkb(r.coffee_spot), coffee_spot_name=r.coffee_spot_name,
            announcement_text=r.announcement_text, announcement_date=r.announcement_date,
            key_contact=r.key_contact, created_by_id=users[coordinator].id,
            created_at=r.created_at, updated_at=r.created_at,
            buurten=[buurten[code] for code in r.buurt_codes],
            workers=[users[email] for email in r.worker_emails],
            round_streets=[RoundStreet(street_id=streets[key].id) for key in r.street_keys])
    db.session.add_all(rounds.values())
    db.session.flush()
    return rounds


def _store_contacts(plan, buurten, streets, users, rounds) -> None:
    db.session.execute(insert(Contact), [
        {"id": c.id, "round_id": rounds[c.round_key].id, "buurt_id": buurten[c.buurt_code].id,
         "street_id": streets[c.street_key].id if c.street_key else None,
         "house_number": c.house_number, "geom": _wkb(c.geom), "outcome": c.outcome,
         "setting": c.setting, "flower_given": c.flower_given, "mug_given": c.mug_given,
         "consent": c.consent, "note": c.note, "worker_id": users[c.worker_email].id,
         "recorded_at": c.recorded_at, "received_at": c.received_at,
         # As the sync API does, so the hotspot map can GROUP BY cell.
         "h3_cell": cell_for(c.geom.x, c.geom.y) if c.geom is not None else None}
        for c in plan.contacts])
    questions = [{"id": q.id, "contact_id": c.id, "category": q.category, "urgency": q.urgency,
                  "note": q.note} for c in plan.contacts for q in c.help_questions]
    if questions:
        db.session.execute(insert(HelpQuestion), questions)
    talents = [{"id": t.id, "contact_id": c.id, "kind": t.kind,
                "wants_to_participate": t.wants_to_participate, "note": t.note}
               for c in plan.contacts for t in c.talents]
    if talents:
        db.session.execute(insert(Talent), talents)


def _handover_columns(f) -> dict:
    h = f.handover
    if h is None:
        return {"handover_agreement": None, "handover_resident_agreed": False,
                "handover_partner_reached": False, "handover_appointment_on": None,
                "handed_over_at": None, "partner_outcome": None, "partner_outcome_at": None}
    return {"handover_agreement": h.agreement, "handover_resident_agreed": True,
            "handover_partner_reached": h.partner_reached,
            "handover_appointment_on": h.appointment_on, "handed_over_at": h.handed_over_at,
            "partner_outcome": h.outcome, "partner_outcome_at": h.outcome_at}


def _store_follow_ups(plan, users, partners) -> None:
    if not plan.follow_ups:
        return
    db.session.execute(insert(FollowUp), [
        {"id": f.id, "contact_id": f.contact_id, "help_question_id": f.help_question_id,
         "kind": f.kind, "status": f.status,
         "partner_id": partners[f.partner_name].id if f.partner_name else None,
         "assignee_id": users[f.assignee_email].id, "due_date": f.due_date,
         "resident_name": f.resident_name, "resident_phone": f.resident_phone, "note": f.note,
         "created_by_id": users[f.created_by_email].id, "created_at": f.created_at,
         "updated_at": f.updated_at, "closed_at": f.closed_at, **_handover_columns(f)}
        for f in plan.follow_ups])
    db.session.execute(insert(FollowUpEvent), [
        {"follow_up_id": f.id, "at": e.at,
         "actor_id": users[e.actor_email].id if e.actor_email else None,
         "action": e.action, "from_status": e.from_status, "to_status": e.to_status,
         "note": e.note, "details": e.details or {}}
        for f in plan.follow_ups for e in f.events])
