"""Reading the audit log: filter, page and export it for beheerders (writing is services.audit).

The log is append-only: the app never updates or deletes an event, and the database
refuses it too (migration 0006, a trigger on audit_events).
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, cast, func, select
from sqlalchemy.dialects.postgresql import INET

from ..clock import FIRST_DAY, LAST_DAY, TEAM_TIMEZONE, is_workable_day, local_midnight_utc
from ..extensions import db
from ..models import AuditEvent, User
from ..parsing import parse_id
from .audit import record_event
from .coverage_export import ExportFile, to_csv
from .errors import Invalid

PAGE_SIZE = 50
# An export holds at most this many events; narrow the filter for more.
EXPORT_MAX_ROWS = 100_000

# Every action the app records (grep `record_event(`), with the words a beheerder reads.
ACTION_LABELS = {
    "login.success": _l("Ingelogd"),
    "login.failure": _l("Inloggen mislukt"),
    "user.create": _l("Account aangemaakt"),
    "user.role_change": _l("Rol gewijzigd"),
    "user.activate": _l("Account geactiveerd"),
    "user.deactivate": _l("Account gedeactiveerd"),
    "user.update": _l("Accountgegevens gewijzigd"),
    "user.password_change": _l("Wachtwoord gewijzigd"),
    "user.password_change_refused": _l("Wachtwoord wijzigen geweigerd"),
    "user.logout_everywhere": _l("Overal uitgelogd door beheerder"),
    "login.logout": _l("Uitgelogd (alle apparaten)"),
    "partner.create": _l("Partner toegevoegd"),
    "partner.update": _l("Partner gewijzigd"),
    "partner_link.create": _l("Partnerlink gemaakt"),
    "partner_link.revoke": _l("Partnerlinks ingetrokken"),
    "partner_link.view": _l("Partnerlink geopend"),
    "partner_link.confirm": _l("Partner bevestigde via link"),
    "partner_link.refused": _l("Partnerlink geweigerd"),
    "followup.resident_view": _l("Bewonersgegevens bekeken"),
    "followup.service_levels": _l("Termijnen opvolging gewijzigd"),
    "personal_data.read": _l("Persoonsgegevens naar telefoon"),
    "sync.contacts": _l("Contacten gesynchroniseerd"),
    "sync.follow_ups": _l("Opvolgingen gesynchroniseerd"),
    "round.created": _l("Ronde gemaakt"),
    "round.updated": _l("Ronde gewijzigd"),
    "import.buurten": _l("Buurten geïmporteerd"),
    "import.streets": _l("Straten geïmporteerd"),
    "import.addresses": _l("Adressen geïmporteerd"),
    "export": _l("Dekking geëxporteerd"),
    "report.export": _l("Rapportage geëxporteerd"),
    "audit.export": _l("Auditlog geëxporteerd"),
    "demo.seed": _l("Demogegevens geladen"),
    "resident.search": _l("Bewoner gezocht"),
    "resident.view": _l("Alles over bewoner bekeken"),
    "resident.export": _l("Bewonersgegevens geëxporteerd"),
    "resident.erase": _l("Bewonersgegevens gewist"),
    "retention.run": _l("Bewaartermijnen toegepast"),
    "fields.rotate_keys": _l("Versleutelingssleutel vervangen"),
}
# Groups offered in the action filter (prefix match).
ACTION_GROUPS = {
    "login.": _l("Inloggen (alle)"),
    "user.": _l("Accounts (alle)"),
    "partner.": _l("Partners (alle)"),
    "partner_link.": _l("Partnerlinks (alle)"),
    "followup.": _l("Opvolging (alle)"),
    "sync.": _l("Synchronisatie (alle)"),
    "import.": _l("Imports (alle)"),
    "resident.": _l("Bewonersrechten (alle)"),
}
_ACTION_PATTERN = re.compile(r"^[a-z0-9_.]{1,60}$")
_SUBJECT_TYPE_PATTERN = re.compile(r"^[a-z0-9_]{1,40}$")
ANONYMOUS = "anoniem"


def action_label(action: str) -> str:
    """The Dutch label of ACTION, or the action itself when it has none."""
    return str(ACTION_LABELS.get(action, action))


def actor_label(event: AuditEvent, actor_name: str | None) -> str:
    """Who did it: the user's name, else who acts without an account."""
    if actor_name:
        return actor_name
    if event.action.startswith("partner_link."):
        return str(_l("partnerlink (zonder account)"))
    if event.action.startswith("login."):
        return str(_l("anoniem"))
    return str(_l("systeem (opdrachtregel)"))


@dataclass(frozen=True)
class AuditFilter:
    """What to show: every field optional; dates are Dutch local days, both inclusive."""

    action: str | None = None
    actor: int | str | None = None  # a user id, or ANONYMOUS for events without one
    subject_type: str | None = None
    subject_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    ip: str | None = None

    def describe(self) -> dict:
        """The filter as plain values, for the export's own audit event."""
        return {k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in self.__dict__.items() if v not in (None, "")}


def parse_filter(args) -> AuditFilter:
    """An AuditFilter from query-string ARGS; Invalid with a message per bad field."""
    errors: dict[str, list[str]] = {}
    values: dict = {}

    def text_arg(name: str) -> str | None:
        value = (args.get(name) or "").strip()
        return value or None

    action = text_arg("actie")
    if action is not None:
        if _ACTION_PATTERN.match(action.lower()):
            values["action"] = action.lower()
        else:
            errors["actie"] = [str(_l("Alleen kleine letters, cijfers, punt en liggend streepje."))]
    actor = text_arg("wie")
    if actor is not None:
        if actor == ANONYMOUS:
            values["actor"] = ANONYMOUS
        elif parse_id(actor) is not None:
            values["actor"] = parse_id(actor)
        else:
            errors["wie"] = [str(_l("Kies iemand uit de lijst."))]
    subject_type = text_arg("soort")
    if subject_type is not None:
        if _SUBJECT_TYPE_PATTERN.match(subject_type):
            values["subject_type"] = subject_type
        else:
            errors["soort"] = [str(_l("Kies een soort uit de lijst."))]
    subject_id = text_arg("onderwerp")
    if subject_id is not None:
        if len(subject_id) <= 64:
            values["subject_id"] = subject_id
        else:
            errors["onderwerp"] = [str(_l("Hoogstens 64 tekens."))]
    for name, key in (("van", "date_from"), ("tot", "date_to")):
        raw = text_arg(name)
        if raw is None:
            continue
        try:
            values[key] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = [str(_l("Geen geldige datum; kies een dag in de kalender."))]
            continue
        if not is_workable_day(values[key]):
            del values[key]
            errors[name] = [str(_l("Kies een datum tussen %(first)s en %(last)s.",
                                   first=FIRST_DAY.year, last=LAST_DAY.year))]
    start, end = values.get("date_from"), values.get("date_to")
    if start and end and end < start:
        errors["tot"] = [str(_l("De einddatum ligt voor de begindatum."))]
    ip = text_arg("ip")
    if ip is not None:
        try:
            values["ip"] = str(ipaddress.ip_network(ip, strict=False))
        except ValueError:
            errors["ip"] = [str(_l(
                "Geen geldig IP-adres (bijvoorbeeld 192.0.2.10 of 192.0.2.0/24)."))]
    if errors:
        raise Invalid(str(_l("Het filter klopt niet.")), errors)
    return AuditFilter(**values)


def _filtered(flt: AuditFilter) -> Select:
    query = select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.actor_id)
    if flt.action:
        prefix = flt.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.action.like(prefix + "%", escape="\\"))
    if flt.actor == ANONYMOUS:
        query = query.where(AuditEvent.actor_id.is_(None))
    elif flt.actor is not None:
        query = query.where(AuditEvent.actor_id == flt.actor)
    if flt.subject_type:
        query = query.where(AuditEvent.subject_type == flt.subject_type)
    if flt.subject_id:
        query = query.where(AuditEvent.subject_id == flt.subject_id)
    if flt.date_from:
        query = query.where(AuditEvent.at >= local_midnight_utc(flt.date_from))
    if flt.date_to:
        query = query.where(AuditEvent.at < local_midnight_utc(flt.date_to + timedelta(days=1)))
    if flt.ip:
        # `<<=`: the address lies in the network (a single address is a /32 or /128).
        query = query.where(AuditEvent.ip.op("<<=")(cast(flt.ip, INET)))
    return query


@dataclass
class AuditRow:
    """One event as the page and the export show it."""

    id: int
    at: datetime
    action: str
    action_label: str
    actor_id: int | None
    actor: str
    subject_type: str | None
    subject_id: str | None
    ip: str | None
    details: dict

    @property
    def details_text(self) -> str:
        """The details compactly: key=value, separated by commas."""
        return ", ".join(f"{k}={_compact(v)}" for k, v in sorted(self.details.items()))


def _compact(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return str(value)


def _row(event: AuditEvent, actor_name: str | None) -> AuditRow:
    return AuditRow(id=event.id, at=event.at, action=event.action,
                    action_label=action_label(event.action), actor_id=event.actor_id,
                    actor=actor_label(event, actor_name), subject_type=event.subject_type,
                    subject_id=event.subject_id, ip=str(event.ip) if event.ip else None,
                    details=event.details or {})


@dataclass
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int
    per_page: int = PAGE_SIZE
    filter: AuditFilter = field(default_factory=AuditFilter)


def audit_page(flt: AuditFilter, page: int = 1) -> AuditPage:
    """One page of events matching FLT, newest first."""
    query = _filtered(flt)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    result = db.session.execute(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return AuditPage(rows=[_row(e, name) for e, name in result], page=page, pages=pages,
                     total=total, filter=flt)


def actor_choices() -> list[tuple[int, str]]:
    """(id, name) of every user who appears in the log, by name."""
    ids = select(AuditEvent.actor_id).where(AuditEvent.actor_id.is_not(None)).distinct()
    return [(uid, name) for uid, name in db.session.execute(
        select(User.id, User.name).where(User.id.in_(ids)).order_by(User.name, User.id))]


def subject_types() -> list[str]:
    """Every subject type in the log, alphabetically."""
    return list(db.session.scalars(select(AuditEvent.subject_type).where(
        AuditEvent.subject_type.is_not(None)).distinct().order_by(AuditEvent.subject_type)))


EXPORT_COLUMNS = ("id", "tijd", "actie", "omschrijving", "gebruiker_id", "gebruiker",
                  "onderwerp_soort", "onderwerp_id", "ip", "details")


def export_audit_log(flt: AuditFilter, *, actor: User, ip: str | None = None) -> ExportFile:
    """The events matching FLT as CSV (newest first); the export itself is audited."""
    result = db.session.execute(_filtered(flt).order_by(AuditEvent.at.desc(),
                                                        AuditEvent.id.desc())
                                .limit(EXPORT_MAX_ROWS))
    rows = []
    for event, name in result:
        row = _row(event, name)
        rows.append({
            "id": row.id,
            "tijd": row.at.astimezone(TEAM_TIMEZONE).isoformat(timespec="seconds"),
            "actie": row.action, "omschrijving": row.action_label,
            "gebruiker_id": row.actor_id, "gebruiker": row.actor,
            "onderwerp_soort": row.subject_type, "onderwerp_id": row.subject_id,
            "ip": row.ip,
            "details": json.dumps(row.details, ensure_ascii=False, sort_keys=True)
            if row.details else None,
        })
    body = to_csv(rows, EXPORT_COLUMNS)
    record_event("audit.export", actor, subject_type="audit_log", ip=ip,
                 details={**flt.describe(), "rows": len(rows)})
    db.session.commit()
    stamp = datetime.now(TEAM_TIMEZONE).strftime("%Y%m%d-%H%M")
    return ExportFile(filename=f"auditlog-{stamp}.csv", mimetype="text/csv; charset=utf-8",
                      body=body)
