"""The use case: store a batch of contacts from a phone and answer per item.

Set-based on purpose (a city's phones may post thousands of contacts a second after a
round): the lookup and placement queries go out together in one pipeline (one round trip),
one statement inserts every table, one transaction.

One item must never cost the others their place: the schema refuses what the database
cannot hold, and should the database still refuse the batch for one item's content (a
fault nobody foresaw), the batch is rolled back to a savepoint and stored again item by
item, each under its own savepoint, refusing only the items that fail.
"""

import logging
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from psycopg import Pipeline

from geo.hexbins import cell_for

from ...clock import TEAM_TIMEZONE
from ...extensions import db
from ...models import User
from ...models.base import utcnow
from ...models.crypto import encrypt_text, name_index
from ..audit import record_event
from ..followups.service_levels import default_due_date, service_levels
from . import messages
from .faults import ITEM_FAULTS, fault_name
from .lookup import Known, lookup_known, stored_contacts
from .payload import payload_hash
from .placement import Placement, read_placement, send_placement
from .store import store_batch
from .types import ItemResult, ParsedItem

CLOCK_TOLERANCE = timedelta(hours=24)
log = logging.getLogger(__name__)


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
        try:
            content_hash = payload_hash(item.data)
        except UnicodeError:  # text the schema should have refused: refuse the item alone
            results[index] = _rejected(item.id, {"_schema": _message(messages.NOT_STORED)})
            continue
        if key in first:
            repeats.append((index, first[key].index, content_hash))
        else:
            first[key] = _Candidate(index, key, item.data, content_hash)
    return list(first.values()), repeats


def _lookup(cur, worker_id: int, candidates: list[_Candidate]) -> Known:
    follow_ups = {str(c.data["follow_up"]["id"]) for c in candidates if c.data["follow_up"]}
    return lookup_known(
        cur, worker_id,
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
        "consent": data["consent"], "note": encrypt_text(data["note"]),
        "recorded_at": data["recorded_at"].isoformat(),
        "accuracy": location["accuracy_m"] if location else None,
        "payload_hash": candidate.hash,
        "h3_cell": cell_for(placement.lon, placement.lat),
    }


def _made_on(data: dict, received_at: datetime) -> date:
    """The team's calendar day on which the follow-up was agreed at the door."""
    recorded_at = data["recorded_at"]
    # A phone clock far ahead would push the due date out: count from receipt instead.
    if recorded_at > received_at + CLOCK_TOLERANCE:
        recorded_at = received_at
    return recorded_at.astimezone(TEAM_TIMEZONE).date()


def _due_dates(placed: list, received_at: datetime) -> dict[str, date | None]:
    """Default due dates (follow-up id -> date) for follow-ups sent without one."""
    waiting = [c.data for c, _ in placed
               if c.data["follow_up"] and c.data["follow_up"]["due_date"] is None]
    if not waiting:
        return {}
    levels = service_levels()  # once per batch
    return {str(data["follow_up"]["id"]): default_due_date(
        data["follow_up"]["kind"], _made_on(data, received_at), levels=levels)
        for data in waiting}


def _children(placed: list, due: dict[str, date | None]) -> tuple[list, list, list]:
    """Help question, talent and follow-up rows of the placed contacts, texts encrypted.

    The store inserts only those whose contact it inserted.
    """
    questions, talents, follow_ups = [], [], []
    for candidate, _ in placed:
        contact_id = candidate.key
        first_question = None
        for question in candidate.data["help_questions"]:
            question_id = str(uuid.uuid4())
            first_question = first_question or question_id
            questions.append({"id": question_id, "contact_id": contact_id, **question,
                              "note": encrypt_text(question["note"])})
        for talent in candidate.data["talents"]:
            talents.append({"id": str(uuid.uuid4()), "contact_id": contact_id, **talent,
                            "note": encrypt_text(talent["note"])})
        follow_up = candidate.data["follow_up"]
        if follow_up:
            name = follow_up["resident_name"]
            row = {**follow_up, "id": str(follow_up["id"]), "contact_id": contact_id,
                   "help_question_id": first_question, "resident_name": encrypt_text(name),
                   "resident_name_hmac": name_index(name),
                   "resident_phone": encrypt_text(follow_up["resident_phone"]),
                   "note": encrypt_text(follow_up["note"])}
            if row["due_date"] is None:
                row["due_date"] = due.get(row["id"])
            follow_ups.append(row)
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


def _survey(conn, cur, worker_id: int, candidates: list[_Candidate]
            ) -> tuple[Known, list[Placement]]:
    """What exists of what the candidates refer to, and where each would be placed.

    Both queries go out in one pipeline: one round trip instead of two. Candidates that
    turn out stored or badly referenced are placed for nothing, which is cheap. Nothing
    may touch the ORM inside the pipeline (a lazy load would read a pipelined result).
    """
    if not candidates:
        return Known(), []
    # A libpq older than 14 has no pipeline mode: then the two queries go one by one.
    pipeline = conn.pipeline() if Pipeline.is_supported() else nullcontext()
    with pipeline, conn.cursor() as place_cur:
        send_placement(place_cur, [c.data for c in candidates])
        known = _lookup(cur, worker_id, candidates)
        placements = read_placement(place_cur, len(candidates))
    return known, placements


def _screen(known: Known, candidates: list[_Candidate], items: list[ParsedItem],
            results: list) -> list[int]:
    """Answer the ids already stored and the bad references; return the positions left."""
    fresh: list[int] = []
    follow_up_owner: dict[str, str | None] = dict(known.follow_ups)
    for position, candidate in enumerate(candidates):
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
        fresh.append(position)
    return fresh


def _place(fresh: list[int], candidates: list[_Candidate], placements: list[Placement],
           items: list[ParsedItem], results: list) -> list:
    """(candidate, placement) for those we can place; the others are rejected."""
    placed = []
    for position in fresh:
        candidate, placement = candidates[position], placements[position]
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
    questions, talents, follow_ups = _children(placed, _due_dates(placed, received_at))
    inserted = store_batch(cur, contacts=[_contact_row(c, p) for c, p in placed],
                           questions=questions, talents=talents, follow_ups=follow_ups,
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
    return created


@contextmanager
def _savepoint(conn):
    """A savepoint on CONN: an exception inside undoes everything since, then goes up."""
    # Plain SQL on the driver's connection, where the statements that may fail run; the
    # ORM has nothing pending here, so it needs to know nothing of it.
    conn.execute("SAVEPOINT sync_contacts")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO SAVEPOINT sync_contacts")
        raise
    conn.execute("RELEASE SAVEPOINT sync_contacts")


def _ingest(conn, worker: User, candidates: list[_Candidate], items: list[ParsedItem],
            results: list, received_at: datetime) -> list[_Candidate]:
    """Look up, screen, place and store CANDIDATES; fill their results; return those created."""
    with conn.cursor() as cur:
        known, placements = _survey(conn, cur, worker.id, candidates)
        fresh = _screen(known, candidates, items, results)
        placed = _place(fresh, candidates, placements, items, results)
        return _store(cur, worker, placed, items, results, received_at)


def _ingest_one_by_one(conn, worker: User, candidates: list[_Candidate],
                       items: list[ParsedItem], results: list,
                       received_at: datetime) -> list[_Candidate]:
    """_ingest per candidate under its own savepoint; what the database refuses is rejected."""
    # The message names no field: none is known to be at fault.
    created = []
    for candidate in candidates:
        try:
            with _savepoint(conn):
                created += _ingest(conn, worker, [candidate], items, results, received_at)
        except ITEM_FAULTS as fault:
            # The class only: a database message may quote the item's content.
            log.warning("contact %d of a batch refused by the database: %s",
                        candidate.index, fault_name(fault))
            results[candidate.index] = _rejected(items[candidate.index].id,
                                                 {"_schema": _message(messages.NOT_STORED)})
    return created


def sync_contacts(worker: User, items: list[ParsedItem], *, ip: str | None = None,
                  now: datetime | None = None) -> BatchOutcome:
    """Store the valid new items of one batch in one transaction; answer for every item.

    Only a fault of the server itself (connection lost, serialization failure) raises;
    then nothing of the batch is stored and the phone sends it again.
    """
    received_at = now or utcnow()
    results: list[ItemResult | None] = [None] * len(items)
    candidates, repeats = _split(items, results)
    # Raw psycopg on the session's own connection: same transaction, arrays bind natively.
    conn = db.session.connection().connection.driver_connection
    try:
        with _savepoint(conn):
            created = _ingest(conn, worker, candidates, items, results, received_at)
    except ITEM_FAULTS as fault:
        log.warning("contact batch of %d refused by the database (%s): storing item by item",
                    len(candidates), fault_name(fault))
        created = _ingest_one_by_one(conn, worker, candidates, items, results, received_at)
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
