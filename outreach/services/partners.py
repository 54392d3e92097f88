"""Partner organisations: the beheerder keeps the list the team hands residents over to.

A partner is never deleted, only deactivated: follow-ups handed over earlier keep
pointing at it, and it simply stops being offered for new handovers.
"""

import re
from dataclasses import dataclass, field

from geoalchemy2 import WKTElement
from geoalchemy2.shape import to_shape
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Buurt, Partner, User
from ..models.enums import PartnerKind
from .audit import record_event
from .errors import Invalid, NotFound

# The Netherlands and Belgium with a little margin (lon/lat, WGS84): a point outside is
# almost always swapped coordinates or a typo, not a partner across the border.
AREA = (2.5, 49.4, 7.3, 53.7)
NAME_MAX, TEXT_MAX = 200, 200
# Digits with the usual separators, optionally +country code: 010-1234567, +31 6 12345678.
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-./]{5,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class PartnerInput:
    """What the beheerder fills in for a partner."""

    name: str
    kind: str
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    lon: float | None = None
    lat: float | None = None
    buurt_ids: list[int] = field(default_factory=list)
    opening_hours: str | None = None
    active: bool = True


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def list_partners(kind: str | None = None, buurt_id: int | None = None) -> list[Partner]:
    """Partners, active first then by name; optionally of one kind or serving one buurt."""
    query = select(Partner).options(selectinload(Partner.buurten))
    if kind in PartnerKind.__members__:
        query = query.where(Partner.kind == PartnerKind(kind))
    if buurt_id is not None:
        query = query.where(Partner.buurten.any(Buurt.id == buurt_id))
    return list(db.session.scalars(query.order_by(Partner.active.desc(), Partner.name)))


def get_partner(partner_id: int) -> Partner:
    """The partner with PARTNER_ID, or NotFound."""
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        raise NotFound("Partner niet gevonden.")
    return partner


def buurt_choices() -> list[Buurt]:
    """Every buurt, by name, for the form and the filter."""
    return list(db.session.scalars(select(Buurt).order_by(Buurt.name, Buurt.code)))


def buurt_map() -> list[dict]:
    """Every buurt's simplified outline with id and name, so the location map has a backdrop."""
    from .coverage import CITY_GEOMETRY, buurt_outlines

    outlines = buurt_outlines(CITY_GEOMETRY)
    return [{"id": b.id, "name": b.name, "geometry": outlines[b.id]}
            for b in buurt_choices() if outlines.get(b.id)]


def location_of(partner: Partner) -> tuple[float, float] | None:
    """The partner's location as (lon, lat) rounded to 6 decimals, or None."""
    if partner.geom is None:
        return None
    point = to_shape(partner.geom)
    return (round(point.x, 6), round(point.y, 6))


def _check(data: PartnerInput, existing_id: int | None) -> tuple[dict, list[Buurt]]:
    errors: dict[str, list[str]] = {}
    name = _text(data.name)
    if not name:
        errors["name"] = ["Vul een naam in."]
    elif len(name) > NAME_MAX:
        errors["name"] = [f"Maximaal {NAME_MAX} tekens."]
    elif db.session.scalar(select(Partner.id).where(
            func.lower(Partner.name) == name.lower(), Partner.id != (existing_id or 0))):
        errors["name"] = ["Er is al een partner met deze naam."]
    if data.kind not in PartnerKind.__members__:
        errors["kind"] = ["Kies een soort partner."]
    phone = _text(data.phone)
    if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 3):
        errors["phone"] = ["Vul een geldig telefoonnummer in, bijvoorbeeld 010-1234567."]
    email = _text(data.email)
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        errors["email"] = ["Vul een geldig e-mailadres in."]
    for key, limit in (("contact_name", 120), ("address", TEXT_MAX),
                       ("opening_hours", TEXT_MAX)):
        value = _text(getattr(data, key))
        if value and len(value) > limit:
            errors[key] = [f"Maximaal {limit} tekens."]
    if (data.lon is None) != (data.lat is None):
        which = "lat" if data.lat is None else "lon"
        errors[which] = ["Vul lengte- en breedtegraad allebei in, of allebei niet."]
    elif data.lon is not None:
        min_lon, min_lat, max_lon, max_lat = AREA
        if not min_lon <= data.lon <= max_lon:
            errors["lon"] = [f"Lengtegraad ligt buiten Nederland en België "
                             f"({min_lon} tot {max_lon})."]
        if not min_lat <= data.lat <= max_lat:
            errors["lat"] = [f"Breedtegraad ligt buiten Nederland en België "
                             f"({min_lat} tot {max_lat})."]
    ids = sorted(set(data.buurt_ids or []))
    buurten = list(db.session.scalars(select(Buurt).where(Buurt.id.in_(ids)))) if ids else []
    if len(buurten) != len(ids):
        errors["buurten"] = ["Een gekozen buurt bestaat niet (meer)."]
    return errors, buurten


def _apply(partner: Partner, data: PartnerInput, buurten: list[Buurt]) -> None:
    partner.name = _text(data.name)
    partner.kind = PartnerKind(data.kind)
    partner.contact_name = _text(data.contact_name)
    partner.phone = _text(data.phone)
    partner.email = (_text(data.email) or "").lower() or None
    partner.address = _text(data.address)
    partner.opening_hours = _text(data.opening_hours)
    partner.active = bool(data.active)
    partner.geom = (WKTElement(f"POINT({round(data.lon, 6)} {round(data.lat, 6)})", srid=4326)
                    if data.lon is not None else None)
    partner.buurten = buurten


def create_partner(data: PartnerInput, *, actor: User) -> Partner:
    """Add a partner; raise Invalid with field messages for bad input."""
    errors, buurten = _check(data, None)
    if errors:
        raise Invalid("De partner is niet opgeslagen.", errors)
    partner = Partner()
    _apply(partner, data, buurten)
    db.session.add(partner)
    db.session.flush()
    record_event("partner.create", actor, subject_type="partner", subject_id=partner.id,
                 details={"name": partner.name, "kind": partner.kind.value})
    db.session.commit()
    return partner


def _state(partner: Partner) -> dict:
    return {"name": partner.name, "kind": partner.kind.value if partner.kind else None,
            "contact_name": partner.contact_name, "phone": partner.phone,
            "email": partner.email, "address": partner.address,
            "location": list(location_of(partner) or []) or None,
            "buurt_ids": sorted(b.id for b in partner.buurten),
            "opening_hours": partner.opening_hours, "active": partner.active}


def update_partner(partner_id: int, data: PartnerInput, *, actor: User) -> Partner:
    """Change a partner; the audit event names the fields that changed."""
    partner = get_partner(partner_id)
    errors, buurten = _check(data, partner.id)
    if errors:
        raise Invalid("De wijziging is niet opgeslagen.", errors)
    before = _state(partner)
    _apply(partner, data, buurten)
    db.session.flush()
    after = _state(partner)
    changed = sorted(k for k in after if after[k] != before[k])
    details = {"changed": changed}
    if "active" in changed:
        details["active"] = partner.active
    record_event("partner.update", actor, subject_type="partner", subject_id=partner.id,
                 details=details)
    db.session.commit()
    return partner
