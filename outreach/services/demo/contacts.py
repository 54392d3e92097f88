"""What the done rounds brought in: doors, coffee-spot talks, help questions and talents."""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from shapely.geometry import Point

from ...models.enums import (
    Consent,
    HelpCategory,
    Outcome,
    RoundKind,
    RoundStatus,
    Setting,
    TalentKind,
    Urgency,
)
from . import texts
from .rounds import RoundPlan
from .town import AddressPlan, Town, to_metres, to_wgs84
from .util import at_local, new_uuid, pick

DOOR_OUTCOMES = {Outcome.niet_thuis: 45, Outcome.open_geen_gesprek: 15, Outcome.gesprek: 35,
                 Outcome.geweigerd: 5}
_MINUTES = {Outcome.niet_thuis: (1, 2), Outcome.open_geen_gesprek: (2, 4),
            Outcome.geweigerd: (1, 1), Outcome.gesprek: (6, 15)}
_CATEGORIES = {
    HelpCategory.eenzaamheid: 10, HelpCategory.geld_schulden: 7, HelpCategory.wonen: 8,
    HelpCategory.werk: 4, HelpCategory.inkomen_regelingen: 6, HelpCategory.gezondheid: 6,
    HelpCategory.psychisch: 4, HelpCategory.taal: 4, HelpCategory.opvoeding: 3,
    HelpCategory.juridisch: 2, HelpCategory.veiligheid: 3, HelpCategory.leefbaarheid: 7,
    HelpCategory.anders: 2,
}
# Where questions pile up, so the hotspot map shows clusters: debts around the old
# harbour, loneliness in De Weide (almost half its people are over 65).
_HOTSPOTS = {
    "Oude Haven": {HelpCategory.geld_schulden: 6, HelpCategory.inkomen_regelingen: 2},
    "De Weide": {HelpCategory.eenzaamheid: 10, HelpCategory.gezondheid: 2},
    "Molenwijk": {HelpCategory.taal: 3},
}
_TALENTS = {TalentKind.vrijwilligerswerk: 5, TalentKind.koken: 3, TalentKind.taal: 2,
            TalentKind.klussen: 3, TalentKind.creatief: 2, TalentKind.zorg: 2,
            TalentKind.anders: 1}


@dataclass(frozen=True)
class HelpQuestionPlan:
    id: uuid.UUID
    category: HelpCategory
    urgency: Urgency
    note: str | None


@dataclass(frozen=True)
class TalentPlan:
    id: uuid.UUID
    kind: TalentKind
    wants_to_participate: bool
    note: str | None


@dataclass(frozen=True)
class ContactPlan:
    id: uuid.UUID
    round_key: int
    buurt_code: str
    street_key: tuple[str, str] | None
    house_number: int | None
    geom: Point
    outcome: Outcome
    setting: Setting
    flower_given: bool
    mug_given: bool
    consent: Consent
    note: str | None
    worker_email: str
    recorded_at: datetime
    received_at: datetime
    help_questions: tuple[HelpQuestionPlan, ...]
    talents: tuple[TalentPlan, ...]


class _Conversation:
    """Draws what one conversation revealed; questions are weighted by buurt."""

    def __init__(self, rng: random.Random, buurt_name: str):
        self.rng = rng
        self.categories = dict(_CATEGORIES)
        for category, factor in _HOTSPOTS.get(buurt_name, {}).items():
            self.categories[category] *= factor

    def help_questions(self, chance: float) -> tuple[HelpQuestionPlan, ...]:
        rng = self.rng
        if rng.random() >= chance:
            return ()
        found: list[HelpCategory] = []
        while len(found) < (2 if rng.random() < 0.2 else 1):
            category = pick(rng, self.categories)
            if category not in found:
                found.append(category)
        return tuple(
            HelpQuestionPlan(
                id=new_uuid(rng), category=category,
                urgency=pick(rng, {Urgency.laag: 30, Urgency.normaal: 55,
                                   Urgency.hoog: 25 if category == HelpCategory.geld_schulden
                                   else 12}),
                note=rng.choice(texts.HELP_NOTES[category]) if rng.random() < 0.8 else None)
            for category in found)

    def talents(self) -> tuple[TalentPlan, ...]:
        rng = self.rng
        if rng.random() >= 0.16:
            return ()
        kind = pick(rng, _TALENTS)
        return (TalentPlan(id=new_uuid(rng), kind=kind,
                           wants_to_participate=rng.random() < 0.6,
                           note=texts.TALENT_NOTES[kind] if rng.random() < 0.7 else None),)

    def consent(self, questions: tuple, talents: tuple) -> Consent:
        if questions:
            return pick(self.rng, {Consent.opvolging: 60, Consent.anoniem: 32, Consent.geen: 8})
        if any(t.wants_to_participate for t in talents):
            return pick(self.rng, {Consent.opvolging: 50, Consent.anoniem: 50})
        return pick(self.rng, {Consent.geen: 40, Consent.anoniem: 50, Consent.opvolging: 10})


def _received(rng: random.Random, recorded: datetime) -> datetime:
    """Mostly seconds later; sometimes the phone was offline until the evening."""
    if rng.random() < 0.15:
        evening = at_local(recorded.date(), rng.randint(18, 21), rng.randint(0, 59))
        return max(evening, recorded + timedelta(minutes=5))
    return recorded + timedelta(seconds=rng.randint(15, 240))


def _doors(round_: RoundPlan, by_street: dict) -> list[tuple[str, list[AddressPlan]]]:
    """Who takes which doors: odd side for the first worker, even for the second."""
    first = round_.worker_emails[0]
    second = round_.worker_emails[-1]
    sides: dict[str, list[AddressPlan]] = {first: [], second: []}
    for key in round_.street_keys:
        doors = sorted(by_street.get(key, []), key=lambda a: a.house_number)
        sides[first].extend(a for a in doors if a.house_number % 2)
        sides[second].extend(a for a in doors if not a.house_number % 2)
    return list(sides.items())


def _door_round(rng, round_, by_street, talk) -> list[ContactPlan]:
    contacts = []
    for worker, doors in _doors(round_, by_street):
        clock = round_.start + timedelta(minutes=rng.randint(0, 6))
        for door in doors:
            if rng.random() < 0.12:  # skipped: a dog, a closed gallery, no time left
                continue
            outcome = pick(rng, DOOR_OUTCOMES)
            low, high = _MINUTES[outcome]
            clock += timedelta(minutes=rng.randint(low, high), seconds=rng.randint(20, 90))
            contacts.append(_contact(rng, round_, talk, outcome, Setting.deur, worker, clock,
                                     door.street_key, door.house_number, door.geom,
                                     door.buurt_code))
    contacts.append(_new_building(round_, by_street, talk, clock))
    return contacts


def _new_building(round_: RoundPlan, by_street: dict, talk, clock: datetime) -> ContactPlan:
    """A door the address list does not hold yet (a new building past the last number),
    rung once per door round: the coordinator sees "1 nummer niet in de adressenlijst".
    Drawn from its own generator so the rest of the town stays as the main one draws it."""
    own = random.Random(f"nieuwbouw/{round_.key}")
    key = own.choice([k for k in round_.street_keys if by_street.get(k)])
    last = max(by_street[key], key=lambda a: a.house_number)
    return _contact(own, round_, talk, Outcome.niet_thuis, Setting.deur,
                    round_.worker_emails[0], clock + timedelta(minutes=own.randint(2, 6)),
                    key, last.house_number + 2, last.geom, last.buurt_code)


def _coffee_round(rng, round_, town, talk) -> list[ContactPlan]:
    code = round_.buurt_codes[0]
    buurt = next(b for b in town.buurten if b.code == code)
    inside = to_metres(buurt.geom).buffer(-2)
    spot = to_metres(round_.coffee_spot)
    contacts = []
    visitors = sorted(rng.randint(5, 115) for _ in range(rng.randint(10, 22)))
    for n, minutes in enumerate(visitors):
        here = Point(spot.x + rng.uniform(-10, 10), spot.y + rng.uniform(-10, 10))
        outcome = Outcome.gesprek if rng.random() < 0.8 else Outcome.open_geen_gesprek
        contacts.append(_contact(
            rng, round_, talk, outcome, Setting.koffieplek, rng.choice(round_.worker_emails),
            round_.start + timedelta(minutes=minutes, seconds=rng.randint(0, 59)),
            _home_street(round_, n), None, to_wgs84(here if inside.contains(here) else spot),
            code))
    # Flyering the announced streets also brings chats on the pavement.
    lines = {s.key: to_metres(s.geom) for s in town.streets if s.key in round_.street_keys}
    for _ in range(rng.randint(2, 5)):
        key = rng.choice(round_.street_keys)
        here = lines[key].interpolate(rng.uniform(0.1, 0.9), normalized=True)
        if not inside.contains(here):
            continue
        contacts.append(_contact(
            rng, round_, talk, pick(rng, {Outcome.gesprek: 70, Outcome.open_geen_gesprek: 30}),
            Setting.straat, rng.choice(round_.worker_emails),
            round_.start + timedelta(minutes=rng.randint(120, 140)), key, None,
            to_wgs84(here), code))
    return contacts


def _home_street(round_: RoundPlan, n: int) -> tuple[str, str] | None:
    """The street visitor N of a coffee round says they live in, or None (about half do
    not say): one of the flyered streets, as the phone offers them. Drawn from its own
    generator so the rest of the town stays as the main one draws it."""
    told = random.Random(f"woont-in/{round_.key}/{n}")
    return told.choice(round_.street_keys) if told.random() < 0.55 else None


def _contact(rng, round_, talk, outcome, setting, worker, recorded, street_key, number, geom,
             buurt_code) -> ContactPlan:
    contact_id = new_uuid(rng)
    questions: tuple = ()
    talents: tuple = ()
    consent = Consent.geen
    if outcome == Outcome.gesprek:
        questions = talk.help_questions(0.45 if setting == Setting.koffieplek else 0.38)
        talents = talk.talents()
        consent = talk.consent(questions, talents)
    notes = {
        Outcome.gesprek: (texts.COFFEE_NOTES if setting == Setting.koffieplek
                          else texts.STREET_NOTES if setting == Setting.straat
                          else texts.CONVERSATION_NOTES, 0.6),
        Outcome.open_geen_gesprek: (texts.DOOR_OPEN_NOTES, 0.15),
        Outcome.niet_thuis: (texts.NOT_HOME_NOTES, 0.1),
        Outcome.geweigerd: (texts.REFUSED_NOTES, 0.5),
    }[outcome]
    opened = outcome in (Outcome.gesprek, Outcome.open_geen_gesprek)
    return ContactPlan(
        id=contact_id, round_key=round_.key, buurt_code=buurt_code, street_key=street_key,
        house_number=number, geom=geom, outcome=outcome, setting=setting,
        flower_given=round_.kind == RoundKind.bloemen and opened and rng.random() < 0.93,
        mug_given=round_.kind == RoundKind.koffie and opened and rng.random() < 0.35,
        consent=consent,
        note=rng.choice(notes[0]) if rng.random() < notes[1] else None,
        worker_email=worker, recorded_at=recorded, received_at=_received(rng, recorded),
        help_questions=questions, talents=talents)


def plan_contacts(rng: random.Random, town: Town,
                  rounds: tuple[RoundPlan, ...]) -> tuple[ContactPlan, ...]:
    """Contacts for every finished round, in the order they were recorded per round."""
    names = {b.code: b.name for b in town.buurten}
    by_street: dict[tuple[str, str], list[AddressPlan]] = {}
    for address in town.addresses:
        by_street.setdefault(address.street_key, []).append(address)
    contacts: list[ContactPlan] = []
    for round_ in rounds:
        if round_.status != RoundStatus.afgerond:
            continue
        talk = _Conversation(rng, names[round_.buurt_codes[0]])
        if round_.kind == RoundKind.koffie:
            contacts.extend(_coffee_round(rng, round_, town, talk))
        else:
            contacts.extend(_door_round(rng, round_, by_street, talk))
    return tuple(contacts)
