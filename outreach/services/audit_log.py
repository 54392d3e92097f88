"""Reading the audit log: filter, page and export it for beheerders (writing is services.audit).

The log is append-only: the app never updates or deletes an event, and the database
refuses it too (migration 0006, a trigger on audit_events). It stores machine codes
(action, subject type and id, detail keys); this module turns them into words: a label
per action, the name behind a subject id, and every detail as "label: value".
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import format_date, format_datetime, format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.dialects.postgresql import INET

from ..clock import FIRST_DAY, LAST_DAY, TEAM_TIMEZONE, is_workable_day, local_midnight_utc
from ..extensions import db
from ..maps.labels import (
    CATEGORY_LABELS,
    FOLLOW_UP_KIND_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    PARTNER_KIND_LABELS,
    PARTNER_OUTCOME_LABELS,
    ROLE_LABELS,
    ROUND_KIND_LABELS,
)
from ..models import AuditEvent, Buurt, FollowUp, Partner, Round, User
from ..parsing import is_clean_text, parse_id
from .audit import record_event
from .coverage_export import ExportFile, to_csv
from .errors import Invalid

PAGE_SIZE = 50
# An export holds at most this many events; narrow the filter for more.
EXPORT_MAX_ROWS = 100_000

# Every action the app records (grep `record_event(`), with the words a beheerder reads.
# tests/web/test_audit_words.py fails when an action in the code has no label here.
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
    "round.": _l("Rondes (alle)"),
    "import.": _l("Imports (alle)"),
    "resident.": _l("Bewonersrechten (alle)"),
}
# What an event is about (AuditEvent.subject_type), as a beheerder says it.
SUBJECT_LABELS = {
    "user": _l("Account"),
    "follow_up": _l("Opvolging"),
    "partner": _l("Partner"),
    "round": _l("Ronde"),
    "buurt": _l("Buurt"),
    "report": _l("Rapportage"),
    "coverage": _l("Dekking"),
    "audit_log": _l("Auditlog"),
    "resident": _l("Bewoner"),
    "encryption": _l("Versleuteling"),
    "contact_batch": _l("Contacten van een telefoon"),
    "veld_bundle": _l("Gegevens naar een telefoon"),
    "retention": _l("Bewaartermijnen"),
    "import": _l("Import"),
    "export": _l("Export"),
}
# Every detail key the app records, as a short Dutch label ("rol: veldwerker"). The
# database keeps details as jsonb, which does not keep their order: they are shown in
# the order of this dict, so related details stand together (van before tot).
DETAIL_LABELS = {
    "role": _l("rol"),
    "from": _l("van"),
    "to": _l("naar"),
    "demo": _l("demo-account"),
    "email": _l("e-mailadres"),
    "reason": _l("reden"),
    "name": _l("naam"),
    "kind": _l("soort"),
    "changed": _l("gewijzigd"),
    "active": _l("actief"),
    "van": _l("van"),
    "tot": _l("tot en met"),
    "soort": _l("soort ronde"),
    "hulpvraag": _l("hulpvraag"),
    "buurt": _l("buurt"),
    "format": _l("formaat"),
    "by": _l("gezocht op"),
    "match": _l("zoekwijze"),
    "found": _l("gevonden"),
    "source": _l("bestand"),
    "read": _l("gelezen"),
    "received": _l("ontvangen"),
    "created": _l("nieuw"),
    "applied": _l("verwerkt"),
    "updated": _l("bijgewerkt"),
    "unchanged": _l("ongewijzigd"),
    "repaired": _l("gerepareerd"),
    "duplicate": _l("al ontvangen"),
    "conflict": _l("conflict"),
    "rejected": _l("geweigerd"),
    "clock_suspect": _l("klok telefoon verdacht"),
    "skipped": _l("overgeslagen"),
    "skipped_reasons": _l("redenen"),
    "derived_streets": _l("straten uit adressen"),
    "outcome": _l("bevestigd"),
    "current": _l("al bevestigd"),
    "link_id": _l("link"),
    "partner_id": _l("partner"),
    "action": _l("bij"),
    "revoked": _l("ingetrokken"),
    "follow_ups": _l("opvolgingen"),
    "follow_up_events": _l("notities in de geschiedenis"),
    "partner_links": _l("partnerlinks"),
    "contact_notes": _l("notities bij het gesprek"),
    "contacts": _l("contacten"),
    "help_questions": _l("hulpvragen"),
    "talents": _l("talenten"),
    "follow_up_ids": _l("opvolgingsnummers"),
    "follow_up_days": _l("bewaartermijn opvolging (dagen)"),
    "contact_months": _l("bewaartermijn contacten (maanden)"),
    "follow_up_cutoff": _l("opvolgingen gesloten voor"),
    "contact_cutoff": _l("contacten van voor"),
    "audit_events": _l("auditregels"),
    "audit_months": _l("bewaartermijn auditlog (maanden)"),
    "audit_cutoff": _l("auditregels van voor"),
    "sessions_ended": _l("overal uitgelogd"),
    "levels": _l("termijnen"),
    "seed": _l("startgetal"),
    # demo.seed counts its rows with Dutch keys already.
    "buurten": _l("buurten"),
    "straten": _l("straten"),
    "adressen": _l("adressen"),
    "partners": _l("partners"),
    "gebruikers": _l("gebruikers"),
    "rondes": _l("rondes"),
    "contacten": _l("contacten"),
    "hulpvragen": _l("hulpvragen"),
    "talenten": _l("talenten"),
    "opvolgingen": _l("opvolgingen"),
    "rows": _l("regels"),
}
# Where one key means something else for one action.
DETAIL_LABELS_BY_ACTION = {
    # The export's details are the filter it used.
    "audit.export": {"action": _l("actie"), "actor": _l("wie"),
                     "subject_type": _l("soort onderwerp"), "subject_id": _l("onderwerp"),
                     "date_from": _l("van"), "date_to": _l("tot en met"), "ip": _l("IP")},
    "sync.follow_ups": {"received": _l("ontvangen"), "applied": _l("verwerkt"),
                        "duplicate": _l("al verwerkt")},
}
# Why something was refused (login.failure, partner_link.refused).
REASON_LABELS = {
    "bad_credentials": _l("e-mailadres of wachtwoord onjuist"),
    "inactive": _l("account staat uit"),
    "unknown": _l("onbekende link"),
    "revoked": _l("link ingetrokken"),
    "expired": _l("link verlopen"),
    "taken_back": _l("team nam de overdracht terug"),
    "unknown_outcome": _l("onbekende keuze"),
    "not_forward": _l("stap was al bevestigd"),
}
# Fields named in "changed" (partner.update, and account changes).
FIELD_LABELS = {
    "name": _l("naam"),
    "kind": _l("soort"),
    "contact_name": _l("contactpersoon"),
    "phone": _l("telefoon"),
    "email": _l("e-mailadres"),
    "address": _l("adres"),
    "location": _l("locatie"),
    "buurt_ids": _l("buurten"),
    "opening_hours": _l("openingstijden"),
    "active": _l("actief"),
    "role": _l("rol"),
    "password": _l("wachtwoord"),
}
# A detail left empty means "all" for the filters an export used.
EMPTY_MEANS = {
    "buurt": _l("alle buurten"),
    "soort": _l("alle soorten"),
    "hulpvraag": _l("alle hulpvragen"),
}
_PARTNER_LINK_STEPS = {"view": _l("openen"), "confirm": _l("bevestigen")}
_SEARCHED_BY = {"name": _l("naam"), "follow_up": _l("opvolgingsnummer")}
_MATCHES = {"exact": _l("volledige naam"), "partial": _l("deel van de naam")}
_COVERAGE_LEVELS = {"buurten": _l("per buurt"), "straten": _l("per straat")}
_ACTION_PATTERN = re.compile(r"^[a-z0-9_.]{1,60}$")
_SUBJECT_TYPE_PATTERN = re.compile(r"^[a-z0-9_]{1,40}$")
_FOLLOW_UP_PREFIX = re.compile(r"^[0-9a-f-]{4,36}$")
ANONYMOUS = "anoniem"
# Longest value a filter field takes; anything longer is a typing slip or a probe.
FIELD_MAX = 64
# How many ids a detail lists before it only counts the rest.
IDS_SHOWN = 5


def action_label(action: str) -> str:
    """The Dutch label of ACTION, or the action itself when it has none."""
    return str(ACTION_LABELS.get(action, action))


def subject_label(subject_type: str | None) -> str:
    """The Dutch name of a subject type, or the code itself when it has none."""
    if not subject_type:
        return ""
    return str(SUBJECT_LABELS.get(subject_type, subject_type))


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
    subject_id: str | None = None  # an id, the start of a follow-up number, or a name
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
        if not value:
            return None
        # Checked before anything else reads it: a NUL or a lone surrogate would reach
        # PostgreSQL (a 500), and 10,000 characters are never a filter.
        if not is_clean_text(value):
            errors[name] = [str(_l("Bevat een teken dat hier niet kan (zoals een "
                                   "onzichtbaar stuurteken). Typ het opnieuw."))]
            return None
        if len(value) > FIELD_MAX:
            errors[name] = [str(_l("Hoogstens %(n)s tekens.", n=FIELD_MAX))]
            return None
        return value

    action = text_arg("actie")
    if action is not None:
        if _ACTION_PATTERN.match(action.lower()):
            values["action"] = action.lower()
        else:
            errors["actie"] = [str(_l("Kies een actie uit de lijst."))]
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
        values["subject_id"] = subject_id
    for name, key in (("van", "date_from"), ("tot", "date_to")):
        raw = text_arg(name)
        if raw is None:
            continue
        try:
            # Only the form a date field sends (2026-03-01): fromisoformat also reads
            # 20260301 and week dates, which nobody means to type here.
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
                raise ValueError(raw)
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


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _subject_condition(text: str, subject_type: str | None):
    """Events about TEXT: its id, the start of a follow-up number, or a name containing it."""
    named = f"%{_like_escaped(text)}%"
    options = [AuditEvent.subject_id == text]
    if _FOLLOW_UP_PREFIX.match(text.lower()):
        options.append((AuditEvent.subject_type == "follow_up")
                       & AuditEvent.subject_id.like(_like_escaped(text.lower()) + "%",
                                                    escape="\\"))
    # The few tables whose rows have a name; each is small (accounts, partners, rounds).
    for kind, id_column, name_columns in (
            ("user", User.id, (User.name, User.email)),
            ("partner", Partner.id, (Partner.name,)),
            ("round", Round.id, (Round.title,)),
            ("buurt", Buurt.code, (Buurt.name, Buurt.code))):
        if subject_type not in (None, kind):
            continue
        ids = select(cast(id_column, String)).where(
            or_(*(column.ilike(named, escape="\\") for column in name_columns)))
        options.append((AuditEvent.subject_type == kind) & AuditEvent.subject_id.in_(ids))
    return or_(*options)


def _filtered(flt: AuditFilter) -> Select:
    query = select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.actor_id)
    if flt.action:
        query = query.where(AuditEvent.action.like(_like_escaped(flt.action) + "%",
                                                   escape="\\"))
    if flt.actor == ANONYMOUS:
        query = query.where(AuditEvent.actor_id.is_(None))
    elif flt.actor is not None:
        query = query.where(AuditEvent.actor_id == flt.actor)
    if flt.subject_type:
        query = query.where(AuditEvent.subject_type == flt.subject_type)
    if flt.subject_id:
        query = query.where(_subject_condition(flt.subject_id, flt.subject_type))
    if flt.date_from:
        query = query.where(AuditEvent.at >= local_midnight_utc(flt.date_from))
    if flt.date_to:
        query = query.where(AuditEvent.at < local_midnight_utc(flt.date_to + timedelta(days=1)))
    if flt.ip:
        # `<<=`: the address lies in the network (a single address is a /32 or /128).
        query = query.where(AuditEvent.ip.op("<<=")(cast(flt.ip, INET)))
    return query


# --- names behind ids -----------------------------------------------------------------------

_CHUNK = 5000


def _chunks(values: set) -> list[list]:
    ordered = sorted(values, key=str)
    return [ordered[i:i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


def _as_uuid(text) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


class Names:
    """The names behind the ids in a batch of events, read with one query per table."""

    def __init__(self, events: list[AuditEvent]):
        users: set[int] = set()
        partners: set[int] = set()
        rounds: set[int] = set()
        follow_ups: set[uuid.UUID] = set()
        buurten: set[str] = set()
        for event in events:
            if event.actor_id is not None:
                users.add(event.actor_id)
            kind, sid = event.subject_type, event.subject_id
            if sid and kind == "user" and parse_id(sid) is not None:
                users.add(parse_id(sid))
            elif sid and kind == "partner" and parse_id(sid) is not None:
                partners.add(parse_id(sid))
            elif sid and kind == "round" and parse_id(sid) is not None:
                rounds.add(parse_id(sid))
            elif sid and kind == "follow_up" and _as_uuid(sid) is not None:
                follow_ups.add(_as_uuid(sid))
            elif sid and kind == "buurt":
                buurten.add(sid)
            details = event.details or {}
            if isinstance(details.get("partner_id"), int):
                partners.add(details["partner_id"])
            if isinstance(details.get("buurt"), str):
                buurten.add(details["buurt"])
            if event.action == "audit.export" and isinstance(details.get("actor"), int):
                users.add(details["actor"])
        self.users: dict[int, tuple[str, object]] = {}
        self.partners: dict[int, str] = {}
        self.rounds: dict[int, tuple] = {}
        self.follow_ups: dict[str, object] = {}
        self.buurten: dict[str, str] = {}
        for chunk in _chunks(users):
            self.users.update((uid, (name, role)) for uid, name, role in db.session.execute(
                select(User.id, User.name, User.role).where(User.id.in_(chunk))))
        for chunk in _chunks(partners):
            self.partners.update((pid, name) for pid, name in db.session.execute(
                select(Partner.id, Partner.name).where(Partner.id.in_(chunk))))
        for chunk in _chunks(rounds):
            self.rounds.update((rid, (title, kind, day)) for rid, title, kind, day in
                               db.session.execute(select(Round.id, Round.title, Round.kind,
                                                         Round.date).where(Round.id.in_(chunk))))
        for chunk in _chunks(follow_ups):
            self.follow_ups.update((str(fid), kind) for fid, kind in db.session.execute(
                select(FollowUp.id, FollowUp.kind).where(FollowUp.id.in_(chunk))))
        for chunk in _chunks(buurten):
            self.buurten.update((code, name) for code, name in db.session.execute(
                select(Buurt.code, Buurt.name).where(Buurt.code.in_(chunk))))

    def user(self, user_id) -> str:
        """'Name (Role)', or the id with a note when the account is gone."""
        found = self.users.get(parse_id(str(user_id)))
        if found is None:
            return str(_l("account %(id)s (onbekend)", id=user_id))
        name, role = found
        return f"{name} ({ROLE_LABELS.get(role, role)})"

    def partner(self, partner_id) -> str:
        """The partner's name, or its id when it is gone."""
        found = self.partners.get(parse_id(str(partner_id)))
        return found or str(_l("partner %(id)s (onbekend)", id=partner_id))

    def buurt(self, code: str) -> str:
        """'Name (code)', or the code alone."""
        name = self.buurten.get(code)
        return f"{name} ({code})" if name else code

    def subject(self, subject_type: str | None, subject_id: str | None) -> str:
        """What the subject id stands for, in words ('' when the event has none)."""
        if not subject_id:
            return ""
        if subject_type == "user":
            return self.user(subject_id)
        if subject_type == "partner":
            return self.partner(subject_id)
        if subject_type == "round":
            found = self.rounds.get(parse_id(subject_id))
            if found is None:
                return str(_l("ronde %(id)s (onbekend)", id=subject_id))
            title, kind, day = found
            return f"{title or ROUND_KIND_LABELS.get(kind, kind)}, {format_date(day, 'd MMM yyyy')}"
        if subject_type == "follow_up":
            kind = self.follow_ups.get(subject_id)
            short = subject_id[:8]
            return f"{FOLLOW_UP_KIND_LABELS[kind]} · {short}" if kind else short
        if subject_type == "buurt":
            return self.buurt(subject_id)
        if subject_type == "report":
            return str(_l("tabel %(name)s", name=subject_id))
        if subject_type == "coverage":
            return str(_COVERAGE_LEVELS.get(subject_id, subject_id))
        return subject_id


# --- details in words -----------------------------------------------------------------------

def _yes_no(value) -> str:
    return str(_l("ja")) if value else str(_l("nee"))


def _day(value) -> str:
    try:
        return format_date(date.fromisoformat(str(value)), "d MMM yyyy")
    except ValueError:
        return str(value)


def _moment(value) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        return format_date(moment.date(), "d MMM yyyy")
    return format_datetime(moment.astimezone(TEAM_TIMEZONE), "d MMM yyyy HH:mm")


def _label_of(labels: dict, value) -> str:
    """The label of an enum VALUE in LABELS (keyed by enum members), else the value."""
    for member, label in labels.items():
        if getattr(member, "value", member) == value:
            return str(label)
    return str(value)


def _reason(value) -> str:
    text = str(value)
    if text.startswith("status_"):
        status = _label_of(FOLLOW_UP_STATUS_LABELS, text.removeprefix("status_"))
        return str(_l("opvolging staat op %(status)s", status=status))
    return str(REASON_LABELS.get(text, text.replace("_", " ")))


def _generic(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(_generic(v) for v in value)
    if isinstance(value, dict):
        # Counts per reason or per street: the largest first (jsonb keeps no order).
        items = sorted(value.items(), key=lambda item: (
            -item[1] if isinstance(item[1], int | float) else 0, str(item[0])))
        return ", ".join(f"{str(k).replace('_', ' ')} {_generic(v)}" for k, v in items)
    return str(value)


def _ids(value) -> str:
    ids = [str(v)[:8] for v in value] if isinstance(value, list) else [str(value)]
    shown = ", ".join(ids[:IDS_SHOWN])
    if len(ids) > IDS_SHOWN:
        shown += " " + str(_l("en %(n)s meer", n=len(ids) - IDS_SHOWN))
    return shown


def _levels(value) -> str:
    if not isinstance(value, dict):
        return _generic(value)
    order = [kind.value for kind in FOLLOW_UP_KIND_LABELS]
    return ", ".join(f"{_label_of(FOLLOW_UP_KIND_LABELS, kind)} {days}" for kind, days in
                     sorted(value.items(), key=lambda item: (
                         order.index(item[0]) if item[0] in order else len(order), item[0])))


def _detail_value(action: str, key: str, value, names: Names) -> str:
    """VALUE of detail KEY of an ACTION event, in words."""
    if value is None or value == "" or value == [] or value == {}:
        return str(EMPTY_MEANS.get(key, "–"))
    if action == "audit.export":
        if key == "action":
            return str(ACTION_LABELS.get(value) or ACTION_GROUPS.get(value) or value)
        if key == "actor":
            return str(_l("zonder account")) if value == ANONYMOUS else names.user(value)
        if key == "subject_type":
            return subject_label(value)
        if key in ("date_from", "date_to"):
            return _day(value)
    if key == "role" or (action == "user.role_change" and key in ("from", "to")):
        return _label_of(ROLE_LABELS, value)
    if key == "kind" and action.startswith("partner."):
        return _label_of(PARTNER_KIND_LABELS, value)
    if key == "reason":
        return _reason(value)
    if key == "changed" and isinstance(value, list):
        return ", ".join(str(FIELD_LABELS.get(v, str(v).replace("_", " "))) for v in value)
    if key == "action" and action.startswith("partner_link."):
        return str(_PARTNER_LINK_STEPS.get(value, value))
    if key in ("outcome", "current"):
        return _label_of(PARTNER_OUTCOME_LABELS, value)
    if key == "partner_id":
        return names.partner(value)
    if key == "buurt":
        return str(_l("hele gemeente")) if value == "gemeente" else names.buurt(str(value))
    if key == "soort":
        return _label_of(ROUND_KIND_LABELS, value)
    if key == "hulpvraag":
        return _label_of(CATEGORY_LABELS, value)
    if key in ("van", "tot"):
        return _day(value)
    if key.endswith("_cutoff"):
        return _moment(value)
    if key == "format":
        return str(value).upper()
    if key == "by":
        return str(_SEARCHED_BY.get(value, value))
    if key == "match":
        return str(_MATCHES.get(value, value))
    if key == "link_id":
        return f"#{value}"
    if key == "follow_up_ids":
        return _ids(value)
    if key == "levels":
        return _levels(value)
    return _generic(value)


def detail_label(action: str, key: str) -> str:
    """The words for detail KEY of an ACTION event."""
    label = DETAIL_LABELS_BY_ACTION.get(action, {}).get(key) or DETAIL_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


@dataclass(frozen=True)
class Detail:
    """One detail of an event: its code, its label and its value, both in words."""

    key: str
    label: str
    text: str


def _detail_order(action: str, key: str) -> tuple:
    own = list(DETAIL_LABELS_BY_ACTION.get(action, {}))
    if key in own:
        return (0, own.index(key), key)
    if key in DETAIL_LABELS:
        return (1, list(DETAIL_LABELS).index(key), key)
    return (2, 0, key)


def describe_details(action: str, details: dict, names: Names) -> list[Detail]:
    """Every detail of an event as (label, value) words, related details together."""
    return [Detail(key, detail_label(action, key), _detail_value(action, key, value, names))
            for key, value in sorted((details or {}).items(),
                                     key=lambda item: _detail_order(action, item[0]))]


@dataclass
class AuditRow:
    """One event as the page and the export show it: its codes and their words."""

    id: int
    at: datetime
    action: str
    action_label: str
    actor_id: int | None
    actor: str
    actor_role: str | None
    subject_type: str | None
    subject_id: str | None
    subject_kind: str
    subject_name: str
    ip: str | None
    details: dict
    detail_words: list[Detail] = field(default_factory=list)

    @property
    def details_text(self) -> str:
        """The details in words: 'rol: Veldwerker; demo-account: ja'."""
        return "; ".join(f"{d.label}: {d.text}" for d in self.detail_words)


def _rows(result) -> list[AuditRow]:
    pairs = list(result)
    names = Names([event for event, _name in pairs])
    rows = []
    for event, actor_name in pairs:
        role = names.users.get(event.actor_id, (None, None))[1] if event.actor_id else None
        rows.append(AuditRow(
            id=event.id, at=event.at, action=event.action,
            action_label=action_label(event.action), actor_id=event.actor_id,
            actor=actor_label(event, actor_name),
            actor_role=str(ROLE_LABELS[role]) if role in ROLE_LABELS else None,
            subject_type=event.subject_type, subject_id=event.subject_id,
            subject_kind=subject_label(event.subject_type),
            subject_name=names.subject(event.subject_type, event.subject_id),
            ip=str(event.ip) if event.ip else None, details=event.details or {},
            detail_words=describe_details(event.action, event.details or {}, names)))
    return rows


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
    return AuditPage(rows=_rows(result), page=page, pages=pages, total=total, filter=flt)


def actor_choices() -> list[tuple[int, str]]:
    """(id, 'Name (Role)') of every user who appears in the log, by name."""
    ids = select(AuditEvent.actor_id).where(AuditEvent.actor_id.is_not(None)).distinct()
    return [(uid, f"{name} ({ROLE_LABELS.get(role, role)})")
            for uid, name, role in db.session.execute(
                select(User.id, User.name, User.role).where(User.id.in_(ids))
                .order_by(User.name, User.id))]


def subject_types() -> list[tuple[str, str]]:
    """(code, label) of every subject type in the log, by label."""
    codes = db.session.scalars(select(AuditEvent.subject_type).where(
        AuditEvent.subject_type.is_not(None)).distinct())
    return sorted(((code, subject_label(code)) for code in codes), key=lambda c: c[1].lower())


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The action filter's options: per group its 'all' entry and its actions, by label."""
    groups: dict[str, list[tuple[str, str]]] = {prefix: [] for prefix in ACTION_GROUPS}
    others: list[tuple[str, str]] = []
    for action, label in ACTION_LABELS.items():
        prefix = next((p for p in ACTION_GROUPS if action.startswith(p)), None)
        (groups[prefix] if prefix else others).append((action, str(label)))
    choices = [(str(ACTION_GROUPS[prefix]), [(prefix, str(ACTION_GROUPS[prefix])),
                                             *sorted(actions, key=lambda a: a[1])])
               for prefix, actions in groups.items()]
    choices.append((str(_l("Overig")), sorted(others, key=lambda a: a[1])))
    return choices


EXPORT_COLUMNS = ("id", "tijd", "actie", "omschrijving", "gebruiker_id", "gebruiker",
                  "gebruiker_rol", "onderwerp_soort", "onderwerp_id", "onderwerp", "ip",
                  "details", "toelichting")


def export_audit_log(flt: AuditFilter, *, actor: User, ip: str | None = None) -> ExportFile:
    """The events matching FLT as CSV (newest first), codes and words side by side; the
    export itself is audited."""
    result = db.session.execute(_filtered(flt).order_by(AuditEvent.at.desc(),
                                                        AuditEvent.id.desc())
                                .limit(EXPORT_MAX_ROWS))
    rows = []
    for row in _rows(result):
        rows.append({
            "id": row.id,
            "tijd": row.at.astimezone(TEAM_TIMEZONE).isoformat(timespec="seconds"),
            "actie": row.action, "omschrijving": row.action_label,
            "gebruiker_id": row.actor_id, "gebruiker": row.actor,
            "gebruiker_rol": row.actor_role,
            "onderwerp_soort": row.subject_type, "onderwerp_id": row.subject_id,
            "onderwerp": " · ".join(p for p in (row.subject_kind, row.subject_name) if p)
            or None,
            "ip": row.ip,
            "details": json.dumps(row.details, ensure_ascii=False, sort_keys=True)
            if row.details else None,
            "toelichting": row.details_text or None,
        })
    body = to_csv(rows, EXPORT_COLUMNS)
    record_event("audit.export", actor, subject_type="audit_log", ip=ip,
                 details={**flt.describe(), "rows": len(rows)})
    db.session.commit()
    stamp = datetime.now(TEAM_TIMEZONE).strftime("%Y%m%d-%H%M")
    return ExportFile(filename=f"auditlog-{stamp}.csv", mimetype="text/csv; charset=utf-8",
                      body=body)
