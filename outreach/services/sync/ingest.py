"""The use case: store a batch of contacts from a phone and answer per item.

Set-based on purpose (a city's phones may post thousands of contacts a second after a
round): one lookup query, one placement query, one INSERT per table, one transaction.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from geo.hexbins import cell_for

from ...extensions import db
from ...models import User
from ...models.base import utcnow
from ..audit import record_event
from . import messages
from .lookup import Known, lookup_known, stored_contacts
from .payload import payload_hash
from .placement import place_contacts
from .store import insert_contacts, insert_follow_ups, insert_help_questions, insert_talents
from .types import ItemResult, ParsedItem

CLOCK_TOLERANCE = timedelta(hours=24)


@dataclass
class BatchOutcome:
    """One result per posted item (same order) and the server's receipt time."""

    results: list[ItemResult]
    received_at: datetime
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The response body."""
        return {"results": [r.as_json() for r in self.results],
                "received_at": self.received_at.isoformat()}


@dataclass(slots=True)
class _Candidate:
    index: int
    key: str
    data: dict
    hash: str


def _rejected(item_id, errors: dict) -> ItemResult:
    return ItemResult(item_id, "rejected", errors=errors)


def _message(text) -> list[str]:
    return [str(text)]


def _stored_result(item_id, stored, content_hash) -> ItemResult:
    """duplicate when the stored content is ours, else conflict (the stored one wins)."""
    if stored.payload_hash == content_hash:
        return ItemResult(item_id, "duplicate", street_id=stored.street_id,
                          buurt_id=stored.buurt_id)
    return ItemResult(item_id, "conflict")


def _reference_errors(data: dict, known: Known, follow_up_owner: dict, key: str) -> dict:
    """Field errors for ids that point nowhere, or to what is not the worker's."""
    errors = {}
    if data["round_id"] is not None and data["round_id"] not in known.rounds:
        errors["round_id"] = _message(messages.UNKNOWN_ROUND)
    follow_up = data["follow_up"]
    if follow_up:
        nested = {}
        if follow_up["partner_id"] is not None and follow_up["partner_id"] not in known.partners:
            nested["partner_id"] = _message(messages.UNKNOWN_PARTNER)
        if follow_up_owner.get(str(follow_up["id"]), key) != key:
            nested["id"] = _message(messages.FOLLOW_UP_TAKEN)
        if nested:
            errors["follow_up"] = nested
    return errors


def _split(items: list[ParsedItem], results: list) -> tuple[list[_Candidate], list]:
    """First valid occurrence of each id, and later repeats as (index, first index, hash)."""
    first: dict[str, _Candidate] = {}
    repeats = []
    for index, item in enumerate(items):
        if item.errors is not None:
            results[index] = _rejected(item.id, item.errors)
            continue
        key = str(item.data["id"])
        content_hash = payload_hash(item.data)
        if key in first:
            repeats.append((index, first[key].index, content_hash))
        else:
            first[key] = _Candidate(index, key, item.data, content_hash)
    return list(first.values()), repeats


def _lookup(cur, worker: User, candidates: list[_Candidate]) -> Known:
    follow_ups = {str(c.data["follow_up"]["id"]) for c in candidates if c.data["follow_up"]}
    return lookup_known(
        cur, worker.id,
        contacts=[c.key for c in candidates],
        follow_ups=sorted(follow_ups),
        rounds=sorted({c.data["round_id"] for c in candidates if c.data["round_id"]}),
        partners=sorted({c.data["follow_up"]["partner_id"] for c in candidates
                         if c.data["follow_up"] and c.data["follow_up"]["partner_id"]}),
    )


def _contact_row(candidate: _Candidate, placement) -> dict:
    data = candidate.data
    location = data["location"]
    return {
        "id": candidate.key, "round_id": data["round_id"], "buurt_id": placement.buurt_id,
        "street_id": placement.street_id, "house_number": data["house_number"],
        "house_suffix": data["house_suffix"], "lon": placement.lon, "lat": placement.lat,
        "outcome": data["outcome"], "setting": data["setting"],
        "flower_given": data["flower_given"], "mug_given": data["mug_given"],
        "consent": data["consent"], "note": data["note"], "recorded_at": data["recorded_at"],
        "accuracy": location["accuracy_m"] if location else None,
        "payload_hash": candidate.hash,
        "h3_cell": cell_for(placement.lon, placement.lat),
    }


def _children(created: list[_Candidate]) -> tuple[list, list, list]:
    """Help question, talent and follow-up rows of the contacts that were inserted."""
    questions, talents, follow_ups = [], [], []
    for candidate in created:
        contact_id = candidate.key
        first_question = None
        for question in candidate.data["help_questions"]:
            question_id = str(uuid.uuid4())
            first_question = first_question or question_id
            questions.append({"id": question_id, "contact_id": contact_id, **question})
        for talent in candidate.data["talents"]:
            talents.append({"id": str(uuid.uuid4()), "contact_id": contact_id, **talent})
        follow_up = candidate.data["follow_up"]
        if follow_up:
            follow_ups.append({**follow_up, "id": str(follow_up["id"]), "contact_id": contact_id,
                               "help_question_id": first_question})
    return questions, talents, follow_ups


def _resolve_repeats(repeats: list, results: list, items: list[ParsedItem],
                     candidates: list[_Candidate]) -> None:
    """A later copy of an id in the same batch answers like the first, or conflicts."""
    hashes = {c.index: c.hash for c in candidates}
    for index, first_index, content_hash in repeats:
        first = results[first_index]
        item_id = items[index].id
        if content_hash != hashes[first_index]:
            results[index] = ItemResult(item_id, "conflict")
        elif first.status in ("created", "duplicate"):
            results[index] = ItemResult(item_id, "duplicate", street_id=first.street_id,
                                        buurt_id=first.buurt_id)
        else:
            results[index] = ItemResult(item_id, first.status, errors=first.errors)


def _screen(cur, worker: User, candidates: list[_Candidate], items: list[ParsedItem],
            results: list) -> list[_Candidate]:
    """Answer the ids already stored and the bad references; return the rest."""
    known = _lookup(cur, worker, candidates) if candidates else Known()
    fresh: list[_Candidate] = []
    follow_up_owner: dict[str, str | None] = dict(known.follow_ups)
    for candidate in candidates:
        item_id = items[candidate.index].id
        stored = known.contacts.get(candidate.key)
        if stored is not None:
            results[candidate.index] = _stored_result(item_id, stored, candidate.hash)
            continue
        errors = _reference_errors(candidate.data, known, follow_up_owner, candidate.key)
        if errors:
            results[candidate.index] = _rejected(item_id, errors)
            continue
        if candidate.data["follow_up"]:
            follow_up_owner[str(candidate.data["follow_up"]["id"])] = candidate.key
        fresh.append(candidate)
    return fresh


def _place(cur, fresh: list[_Candidate], items: list[ParsedItem], results: list) -> list:
    """(candidate, placement) for those we can place; the others are rejected."""
    placed = []
    for candidate, placement in zip(fresh, place_contacts(cur, [c.data for c in fresh]),
                                    strict=True):
        item_id = items[candidate.index].id
        if placement.problem == "unknown_street":
            results[candidate.index] = _rejected(
                item_id, {"street_id": _message(messages.UNKNOWN_STREET)})
        elif placement.problem == "nowhere":
            results[candidate.index] = _rejected(item_id, {"location": _message(messages.NOWHERE)})
        else:
            placed.append((candidate, placement))
    return placed


def _store(cur, worker: User, placed: list, items: list[ParsedItem], results: list,
           received_at: datetime) -> list[_Candidate]:
    """Insert the placed contacts and their children; return the candidates created."""
    inserted = insert_contacts(cur, [_contact_row(c, p) for c, p in placed],
                               worker_id=worker.id, received_at=received_at,
                               suspect_after=received_at + CLOCK_TOLERANCE)
    lost = [c.key for c, _ in placed if c.key not in inserted]
    # Ids another transaction stored since our lookup: compare with what it stored.
    raced = stored_contacts(cur, lost) if lost else {}
    created = []
    for candidate, placement in placed:
        item_id = items[candidate.index].id
        if candidate.key in inserted:
            results[candidate.index] = ItemResult(item_id, "created",
                                                  street_id=placement.street_id,
                                                  buurt_id=placement.buurt_id)
            created.append(candidate)
        elif candidate.key in raced:
            results[candidate.index] = _stored_result(item_id, raced[candidate.key],
                                                      candidate.hash)
        else:  # stored and deleted again while we worked: nothing of ours is there
            results[candidate.index] = ItemResult(item_id, "conflict")
    questions, talents, follow_ups = _children(created)
    insert_help_questions(cur, questions)
    insert_talents(cur, talents)
    insert_follow_ups(cur, follow_ups, worker_id=worker.id, at=received_at)
    return created


def sync_contacts(worker: User, items: list[ParsedItem], *, ip: str | None = None,
                  now: datetime | None = None) -> BatchOutcome:
    """Store the valid new items of one batch in one transaction; answer for every item."""
    received_at = now or utcnow()
    results: list[ItemResult | None] = [None] * len(items)
    candidates, repeats = _split(items, results)
    # Raw psycopg on the session's own connection: same transaction, arrays bind natively.
    with db.session.connection().connection.driver_connection.cursor() as cur:
        fresh = _screen(cur, worker, candidates, items, results)
        placed = _place(cur, fresh, items, results)
        created = _store(cur, worker, placed, items, results, received_at)
    _resolve_repeats(repeats, results, items, candidates)
    counts = _count(results)
    counts["clock_suspect"] = sum(
        1 for c in created if c.data["recorded_at"] > received_at + CLOCK_TOLERANCE)
    record_event("sync.contacts", worker, subject_type="contact_batch", ip=ip,
                 details={"received": len(items), **counts})
    db.session.commit()
    return BatchOutcome(results=results, received_at=received_at, counts=counts)


def _count(results: list[ItemResult]) -> dict[str, int]:
    counts = {"created": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
    for result in results:
        counts[result.status] += 1
    return counts
