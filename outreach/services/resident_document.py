"""A resident's record in words: what the page, the printed overview and the PDF show.

Made from the same dict as the JSON export (services.residents), so the readable and the
machine export cannot drift apart: every code becomes its label, every moment Dutch
local time, every history event a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l

from ..maps.labels import (
    CATEGORY_LABELS,
    CONSENT_LABELS,
    FOLLOW_UP_EVENT_LABELS,
    FOLLOW_UP_KIND_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    OUTCOME_LABELS,
    PARTNER_OUTCOME_LABELS,
    SETTING_LABELS,
    TALENT_LABELS,
    URGENCY_LABELS,
)

EMPTY = "–"


def _label(labels: dict, value) -> str:
    """The label of an enum VALUE (as stored: its text) in LABELS, else the value."""
    if value is None:
        return EMPTY
    for member, label in labels.items():
        if getattr(member, "value", member) == value:
            return str(label)
    return str(value).replace("_", " ")


def _moment(value) -> str:
    """An ISO 8601 moment as Dutch local time: '3 mei 2026 14:05'."""
    if not value:
        return EMPTY
    try:
        return format_datetime(datetime.fromisoformat(value), "d MMMM yyyy HH:mm")
    except (TypeError, ValueError):
        return str(value)


def _day(value) -> str:
    """An ISO 8601 day: '3 mei 2026'."""
    if not value:
        return EMPTY
    try:
        return format_date(date.fromisoformat(value), "d MMMM yyyy")
    except (TypeError, ValueError):
        return str(value)


def _yes_no(value) -> str:
    return str(_l("ja")) if value else str(_l("nee"))


def _text(value) -> str:
    return EMPTY if value in (None, "") else str(value)


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class HistoryLine:
    """One event of a follow-up: when, what happened in words, and its note."""

    at: str
    text: str
    note: str | None


@dataclass
class FollowUpWords:
    title: str
    status: str
    name: str | None
    facts: list[Fact]
    history: list[HistoryLine]


@dataclass
class ContactWords:
    title: str
    facts: list[Fact]
    help_questions: list[Fact]
    talents: list[Fact]


@dataclass
class ResidentDocument:
    """The record for people: sections of facts and sentences, no codes."""

    follow_up_id: str
    exported_at: str | None
    follow_ups: list[FollowUpWords] = field(default_factory=list)
    contacts: list[ContactWords] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """The names this resident is known by (usually one)."""
        return list(dict.fromkeys(f.name for f in self.follow_ups if f.name))


def event_sentence(event: dict) -> str:
    """What a follow-up event did, as a sentence: 'Status gewijzigd: open → bezig'."""
    action = event.get("action")
    details = event.get("details") or {}
    label = _label(FOLLOW_UP_EVENT_LABELS, action)
    before, after = event.get("from_status"), event.get("to_status")
    if action == "created":
        return f"{label} ({_label(FOLLOW_UP_STATUS_LABELS, after)})" if after else label
    if action == "status":
        return f"{label}: {_label(FOLLOW_UP_STATUS_LABELS, before)} → " \
               f"{_label(FOLLOW_UP_STATUS_LABELS, after)}"
    if action == "assignee":
        nobody = str(_l("niemand"))
        return f"{label}: {details.get('from') or nobody} → {details.get('to') or nobody}"
    if action == "due_date":
        none = str(_l("geen termijn"))
        return (f"{label}: {_day(details['from']) if details.get('from') else none} → "
                f"{_day(details['to']) if details.get('to') else none}")
    if action == "handover":
        parts = [f"{label}: {_text(details.get('partner'))}"]
        if details.get("appointment_on"):
            parts.append(str(_l("afspraak op %(day)s", day=_day(details["appointment_on"]))))
        if details.get("partner_reached"):
            parts.append(str(_l("partner bereikt")))
        return "; ".join(parts)
    if action == "partner_link":
        return str(_l("%(what)s voor %(partner)s, geldig tot %(until)s", what=label,
                      partner=_text(details.get("partner")),
                      until=_moment(details.get("expires_at"))))
    if action == "partner_confirmed":
        outcome = _label(PARTNER_OUTCOME_LABELS, details.get("outcome")).lower()
        if details.get("partner"):
            return f"{label} {details['partner']}: {outcome}"
        return f"{label}: {outcome}"
    return label


def _follow_up_words(f: dict) -> FollowUpWords:
    facts = [
        Fact(str(_l("Naam")), _text(f.get("resident_name"))),
        Fact(str(_l("Telefoon")), _text(f.get("resident_phone"))),
        Fact(str(_l("Aangemaakt")), _moment(f.get("created_at"))),
        Fact(str(_l("Termijn")), _day(f.get("due_date"))),
        Fact(str(_l("Afgesloten")), _moment(f.get("closed_at"))),
        Fact(str(_l("Toegewezen aan")), _text(f.get("assignee"))),
        Fact(str(_l("Partner")), _text(f.get("partner"))),
        Fact(str(_l("Bevestigd door partner")),
             _label(PARTNER_OUTCOME_LABELS, f.get("partner_outcome"))),
        Fact(str(_l("Notitie")), _text(f.get("note"))),
        Fact(str(_l("Afspraak met bewoner en partner")), _text(f.get("handover_agreement"))),
        Fact(str(_l("Bewoner akkoord met overdracht")),
             _yes_no(f.get("handover_resident_agreed"))),
        Fact(str(_l("Afspraak bij de partner")), _day(f.get("handover_appointment_on"))),
    ]
    links = f.get("partner_links") or []
    if links:
        lines = []
        for link in links:
            state = (str(_l("ingetrokken %(when)s", when=_moment(link["revoked_at"])))
                     if link.get("revoked_at")
                     else str(_l("geldig tot %(when)s", when=_moment(link.get("expires_at")))))
            lines.append(str(_l("link voor %(partner)s van %(made)s, %(state)s",
                                partner=_text(link.get("partner")),
                                made=_moment(link.get("created_at")), state=state)))
        facts.append(Fact(str(_l("Partnerlinks")), "; ".join(lines)))
    history = [HistoryLine(_moment(e.get("at")), event_sentence(e), e.get("note"))
               for e in f.get("events") or []]
    return FollowUpWords(title=_label(FOLLOW_UP_KIND_LABELS, f.get("kind")),
                         status=_label(FOLLOW_UP_STATUS_LABELS, f.get("status")),
                         name=f.get("resident_name"), facts=facts, history=history)


def _contact_words(c: dict) -> ContactWords:
    number = "".join(str(p) for p in (c.get("house_number"), c.get("house_suffix")) if p)
    where = ", ".join(p for p in (" ".join(p for p in (c.get("street"), number) if p),
                                  c.get("buurt")) if p) or EMPTY
    facts = [
        Fact(str(_l("Wanneer")), _moment(c.get("recorded_at"))),
        Fact(str(_l("Waar")), where),
        Fact(str(_l("Hoe")), _label(SETTING_LABELS, c.get("setting"))),
        Fact(str(_l("Uitkomst")), _label(OUTCOME_LABELS, c.get("outcome"))),
        Fact(str(_l("Toestemming")), _label(CONSENT_LABELS, c.get("consent"))),
        Fact(str(_l("Notitie")), _text(c.get("note"))),
    ]
    questions = [Fact(f"{_label(CATEGORY_LABELS, q.get('category'))} "
                      f"({str(_l('urgentie'))} {_label(URGENCY_LABELS, q.get('urgency'))})",
                      _text(q.get("note"))) for q in c.get("help_questions") or []]
    talents = [Fact(f"{_label(TALENT_LABELS, t.get('kind'))}"
                    + (f" ({str(_l('wil meedoen'))})" if t.get("wants_to_participate") else ""),
                    _text(t.get("note"))) for t in c.get("talents") or []]
    return ContactWords(title=str(_l("Gesprek van %(when)s", when=_moment(c.get("recorded_at")))),
                        facts=facts, help_questions=questions, talents=talents)


def resident_document(record: dict) -> ResidentDocument:
    """RECORD (services.residents' dict, the JSON export) as a document in words."""
    return ResidentDocument(
        follow_up_id=record["follow_up_id"],
        exported_at=_moment(record["exported_at"]) if record.get("exported_at") else None,
        follow_ups=[_follow_up_words(f) for f in record.get("follow_ups") or []],
        contacts=[_contact_words(c) for c in record.get("contacts") or []])
