"""Follow-ups after the doors closed, in every status, each with the history that led there."""

import random
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from ...clock import TEAM_TIMEZONE
from ...models.enums import (
    Consent,
    FollowUpKind,
    FollowUpStatus,
    HelpCategory,
    PartnerOutcome,
    Urgency,
)
from . import accounts as who
from . import texts
from .contacts import ContactPlan, HelpQuestionPlan
from .town import Town
from .util import at_local, new_uuid, pick

S = FollowUpStatus
# Final as the follow-up core has it: unreachable is not closed (a later round may help).
CLOSED = (S.afgerond, S.geannuleerd)
# Share of each status, and how far along it typically is (old contacts are mostly closed).
_STATUS_SHARE = {S.afgerond: 0.30, S.open: 0.18, S.bezig: 0.16, S.overgedragen: 0.16,
                 S.niet_bereikbaar: 0.10, S.geannuleerd: 0.10}
_STATUS_AGE = {S.afgerond: 0.0, S.geannuleerd: 0.5, S.niet_bereikbaar: 0.5,
               S.overgedragen: 1.0, S.bezig: 1.6, S.open: 2.2}
_KINDS = {FollowUpKind.terugbellen: 35, FollowUpKind.huisbezoek: 30,
          FollowUpKind.warme_overdracht: 12, FollowUpKind.informatie: 15}
_DUE_DAYS = {Urgency.hoog: 3, Urgency.normaal: 7, Urgency.laag: 14}
_LABELS = {
    HelpCategory.geld_schulden: "geld en schulden",
    HelpCategory.inkomen_regelingen: "inkomen en regelingen",
    HelpCategory.psychisch: "psychische klachten",
    HelpCategory.juridisch: "een juridische vraag",
    HelpCategory.anders: "een overige vraag",
}
_PARTNER_FOR = {
    HelpCategory.geld_schulden: "Schuldhulpmaatje Veenhoven",
    HelpCategory.wonen: "Woonstichting Veenland",
    HelpCategory.leefbaarheid: "Woonstichting Veenland",
    HelpCategory.taal: "Taalhuis Veenhoven",
}
_MEETING_PLACE = {"De Weide": "Huiskamer De Linde", "Kerkpad": "Huiskamer De Linde",
                  "Oude Haven": "Buurthuis 't Anker", "Centrum": "Buurthuis 't Anker",
                  "Molenwijk": "Sociaal makelaar Veenhoven-Noord",
                  "Bloemenbuurt": "Sociaal makelaar Veenhoven-Noord",
                  "Rietland": "Sociaal makelaar Veenhoven-Zuid"}
_DOCTOR = {"Centrum": "Huisartsenpraktijk De Vaart", "Oude Haven": "Huisartsenpraktijk De Vaart",
           "Kerkpad": "Huisartsenpraktijk De Vaart", "Molenwijk": "Gezondheidscentrum Molenwijk",
           "Bloemenbuurt": "Gezondheidscentrum Molenwijk"}


@dataclass(frozen=True)
class EventPlan:
    at: datetime
    actor_email: str | None  # None: the partner, through its link
    action: str
    from_status: FollowUpStatus | None
    to_status: FollowUpStatus | None
    note: str | None
    details: dict | None = None


@dataclass(frozen=True)
class HandoverPlan:
    """The warm handover's checklist and what the partner confirmed."""

    agreement: str
    partner_reached: bool
    appointment_on: date | None
    handed_over_at: datetime
    outcome: PartnerOutcome | None
    outcome_at: datetime | None


@dataclass(frozen=True)
class FollowUpPlan:
    id: uuid.UUID
    contact_id: uuid.UUID
    help_question_id: uuid.UUID
    kind: FollowUpKind
    status: FollowUpStatus
    partner_name: str | None
    assignee_email: str
    due_date: date
    resident_name: str | None
    resident_phone: str | None
    note: str
    created_by_email: str
    created_at: datetime
    closed_at: datetime | None
    events: tuple[EventPlan, ...]
    handover: HandoverPlan | None = None

    @property
    def updated_at(self) -> datetime:
        return self.events[-1].at


def _local_date(moment: datetime) -> date:
    return moment.astimezone(TEAM_TIMEZONE).date()


def _label(category: HelpCategory) -> str:
    return _LABELS.get(category, category.value)


def _partner(rng: random.Random, question: HelpQuestionPlan, buurt: str) -> str:
    """The organisation a warm handover for QUESTION goes to."""
    category = question.category
    if category == HelpCategory.geld_schulden and question.urgency == Urgency.hoog:
        return rng.choice(("Schuldhulpmaatje Veenhoven", "Voedselbank Veenhoven"))
    if category == HelpCategory.eenzaamheid:
        return _MEETING_PLACE[buurt]
    if category == HelpCategory.gezondheid:
        return _DOCTOR.get(buurt, "Wijkteam Veenhoven")
    if category == HelpCategory.veiligheid and buurt in ("Centrum", "Oude Haven"):
        return "Wijkagent Centrum en Oude Haven"
    return _PARTNER_FOR.get(category, "Wijkteam Veenhoven")


def _statuses(rng: random.Random, count: int) -> list[FollowUpStatus]:
    """COUNT statuses, every one at least once, oldest contacts first in line to be closed."""
    quota = {status: max(1, round(share * count)) for status, share in _STATUS_SHARE.items()}
    while sum(quota.values()) > count:
        quota[max(quota, key=quota.get)] -= 1
    while sum(quota.values()) < count:
        quota[S.open] += 1
    pool = [status for status, n in quota.items() for _ in range(n)]
    return sorted(pool, key=lambda status: _STATUS_AGE[status] + rng.uniform(0, 2.0))


def _kinds(rng: random.Random, statuses: list[FollowUpStatus]) -> list[FollowUpKind]:
    """A kind per follow-up: handed over means warm handover; every kind occurs."""
    kinds = [FollowUpKind.warme_overdracht if status == S.overgedragen else pick(rng, _KINDS)
             for status in statuses]
    free = [i for i, status in enumerate(statuses) if status != S.overgedragen]
    for kind in FollowUpKind:
        if kind not in kinds:
            spare = next(i for i in free if kinds.count(kinds[i]) > 1)
            kinds[spare] = kind
    return kinds


def _moments(rng: random.Random, after: datetime, today: date, count: int) -> list[datetime]:
    """COUNT office-hour moments after AFTER and before today, in order."""
    first = _local_date(after) + timedelta(days=1)
    days = max(min((today - first).days, 21), 1)  # most follow-ups move within three weeks
    picks = sorted((rng.randrange(days), rng.randint(9 * 60, 16 * 60 + 59))
                   for _ in range(count))
    moments: list[datetime] = []
    for day, minute in picks:
        moment = at_local(first + timedelta(days=day), minute // 60, minute % 60)
        if moments and moment <= moments[-1]:
            moment = moments[-1] + timedelta(minutes=7)
        moments.append(moment)
    return moments


def _history(status: FollowUpStatus, kind: FollowUpKind, partner: str | None,
             assignee: str) -> list[tuple[str, str, FollowUpStatus, FollowUpStatus, str]]:
    """The status steps after `created` that lead to STATUS: (actor, action, from, to, note)."""
    start = {
        FollowUpKind.terugbellen: "Gebeld, afspraak gemaakt om verder te praten.",
        FollowUpKind.huisbezoek: "Huisbezoek gepland.",
        FollowUpKind.warme_overdracht: f"Contact gelegd met {partner}.",
        FollowUpKind.informatie: "Informatie opgezocht.",
    }[kind]
    begin = (assignee, "status", S.open, S.bezig, start)
    if status == S.open:
        return []
    if status == S.bezig:
        return [begin]
    if status == S.overgedragen:
        return [begin, (assignee, "handover", S.bezig, S.overgedragen,
                        f"Warm overgedragen aan {partner}; bewoner was erbij.")]
    if status == S.geannuleerd:
        return [(who.TEAM_LEAD, "status", S.open, S.geannuleerd,
                 "Bewoner heeft het zelf al geregeld.")]
    if status == S.niet_bereikbaar and kind == FollowUpKind.huisbezoek:
        return [(assignee, "status", S.open, S.bezig, "Aangebeld, niemand thuis."),
                (assignee, "status", S.bezig, S.niet_bereikbaar,
                 "Nog twee keer aangebeld en een briefje achtergelaten, geen reactie.")]
    if status == S.niet_bereikbaar:
        return [(assignee, "status", S.open, S.bezig, "Gebeld, geen gehoor."),
                (assignee, "status", S.bezig, S.niet_bereikbaar,
                 "Drie keer gebeld en een keer aangebeld, geen reactie.")]
    if kind == FollowUpKind.informatie:
        return [(assignee, "status", S.open, S.afgerond, "Folder in de bus gedaan.")]
    if kind == FollowUpKind.warme_overdracht:
        return [begin,
                (assignee, "handover", S.bezig, S.overgedragen,
                 f"Warm overgedragen aan {partner}."),
                (who.TEAM_LEAD, "status", S.overgedragen, S.afgerond,
                 f"{partner} bevestigt dat de hulp loopt.")]
    return [begin, (assignee, "status", S.bezig, S.afgerond, "Bewoner is geholpen.")]


_AGREEMENTS = (
    "{partner} belt de bewoner deze week voor een eerste gesprek.",
    "Bewoner gaat samen met de veldwerker langs bij {partner}.",
    "{partner} komt op huisbezoek; de bewoner is thuis na drie uur.",
    "Bewoner belt zelf; {partner} weet dat het telefoontje komt.",
)


def _with_handover(n: int, status: FollowUpStatus, partner: str, events: list[EventPlan]
                   ) -> tuple[list[EventPlan], HandoverPlan | None]:
    """The checklist of a handover, and for some of them the partner's confirmation."""
    index = next((i for i, e in enumerate(events) if e.action == "handover"), None)
    if index is None:
        return events, None
    handed = events[index]
    events[index] = replace(handed, details={
        "partner": partner, "resident_agreed": True, "partner_reached": n % 4 != 3,
        "appointment_on": None})
    appointment = _local_date(handed.at) + timedelta(days=2 + n % 5) if n % 3 else None
    if appointment:
        events[index].details["appointment_on"] = appointment.isoformat()
    outcome = outcome_at = None
    if status == S.afgerond:
        outcome, outcome_at = PartnerOutcome.afgerond, events[-1].at
    elif status == S.overgedragen and n % 3:
        # Confirmed through the partner link a couple of hours after the handover.
        outcome = PartnerOutcome.contact_gelegd if n % 3 == 1 else PartnerOutcome.opgepakt
        outcome_at = handed.at + timedelta(hours=2)
        events.append(EventPlan(outcome_at, None, "partner_confirmed", None, None,
                                "Bewoner is gebeld, afspraak staat."
                                if outcome == PartnerOutcome.opgepakt else None,
                                {"outcome": outcome.value, "partner": partner}))
    return events, HandoverPlan(
        agreement=_AGREEMENTS[n % len(_AGREEMENTS)].format(partner=partner),
        partner_reached=n % 4 != 3 or outcome is not None, appointment_on=appointment,
        handed_over_at=handed.at, outcome=outcome, outcome_at=outcome_at)


def plan_follow_ups(rng: random.Random, town: Town, contacts: tuple[ContactPlan, ...],
                    today: date) -> tuple[FollowUpPlan, ...]:
    """Follow-ups for help questions: full ones with consent, leaflets for anonymous ones."""
    names = {b.code: b.name for b in town.buurten}
    rank = {Urgency.hoog: 0, Urgency.normaal: 1, Urgency.laag: 2}
    asked = sorted((c for c in contacts if c.help_questions), key=lambda c: c.recorded_at)
    consented = [c for c in asked if c.consent == Consent.opvolging]
    anonymous = [c for c in asked if c.consent == Consent.anoniem and rng.random() < 0.3]
    statuses = _statuses(rng, len(consented))
    kinds = _kinds(rng, statuses)
    residents = rng.sample(texts.RESIDENT_NAMES, len(texts.RESIDENT_NAMES))
    plans = []
    for n, contact in enumerate(consented + anonymous):
        question = min(contact.help_questions, key=lambda q: rank[q.urgency])
        if n < len(consented):
            status, kind = statuses[n], kinds[n]
            name = residents[n % len(residents)]
            phone = f"06-{n + 1:08d}" if kind != FollowUpKind.huisbezoek else None
        else:
            kind, name, phone = FollowUpKind.informatie, None, None
            status = S.afgerond if (today - _local_date(contact.recorded_at)).days > 10 else S.open
        partner = (_partner(rng, question, names[contact.buurt_code])
                   if kind == FollowUpKind.warme_overdracht else None)
        worker = contact.worker_email
        assignee = worker if worker in who.ACTIVE_FIELD_WORKERS else rng.choice(
            who.ACTIVE_FIELD_WORKERS)
        if kind == FollowUpKind.warme_overdracht and rng.random() < 0.5:
            assignee = who.TEAM_LEAD
        created = contact.recorded_at + timedelta(minutes=1)
        steps = _history(status, kind, partner, assignee)
        if assignee != worker:
            steps.insert(0, (who.TEAM_LEAD, "assignee", None, None,
                             "Toegewezen door de teamleider."))
        moments = _moments(rng, created, today, len(steps))
        events = [EventPlan(created, worker, "created", None, S.open, "Aangemaakt aan de deur.")]
        events += [EventPlan(at, actor, action, old, new, note)
                   for at, (actor, action, old, new, note) in zip(moments, steps, strict=True)]
        handover = None
        if partner:
            events, handover = _with_handover(n, status, partner, events)
        plans.append(FollowUpPlan(
            id=new_uuid(rng), contact_id=contact.id, help_question_id=question.id, kind=kind,
            status=status, partner_name=partner, assignee_email=assignee,
            due_date=_local_date(created) + timedelta(days=_DUE_DAYS[question.urgency]),
            resident_name=name, resident_phone=phone,
            note={FollowUpKind.terugbellen: f"Terugbellen over {_label(question.category)}.",
                  FollowUpKind.huisbezoek:
                      f"Huisbezoek om verder te praten over {_label(question.category)}.",
                  FollowUpKind.warme_overdracht: f"Samen met de bewoner naar {partner}.",
                  FollowUpKind.informatie:
                      f"Informatie over {_label(question.category)} brengen."}[kind],
            created_by_email=worker, created_at=created,
            closed_at=events[-1].at if status in CLOSED else None, events=tuple(events),
            handover=handover))
    return tuple(_with_overdue(plans, today))


def _with_overdue(plans: list[FollowUpPlan], today: date) -> list[FollowUpPlan]:
    """Make sure the board has overdue work to show: the oldest open one is late."""
    waiting = [p for p in plans if p.status in (S.open, S.bezig)]
    if not waiting or any(p.due_date < today for p in waiting):
        return plans
    oldest = min(waiting, key=lambda p: p.created_at)
    late = replace(oldest, due_date=min(oldest.due_date, _local_date(oldest.created_at)
                                        + timedelta(days=1)))
    return [late if p is oldest else p for p in plans]
