"""Follow-up updates a worker made on the phone, posted in batches and answered per item.

Each update carries the phone's own id (stored as FollowUpEvent.client_id), so a replay
applies once. Items are independent: each is applied and committed on its own, and a
refused one is rolled back without touching the others. One the database refuses for
its content (a fault the checks did not foresee) is rejected alone; only a fault of the
server itself (connection lost, serialization failure) stops the batch, after a rollback,
and the phone sends it again (what was applied answers "duplicate" then).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import FollowUp, FollowUpEvent, User
from ...models.base import utcnow
from ..audit import record_event
from ..errors import Forbidden, Invalid, NotFound, StaleVersion
from ..sync import ParsedItem
from ..sync.faults import fault_name, is_item_fault
from ..sync.messages import NOT_STORED
from .actions import change_status
from .transitions import WORKER_TARGETS

# What a worker sets from the phone: the state machine's own list.
PHONE_STATUSES = WORKER_TARGETS
ID_TAKEN = "Deze id hoort al bij een andere wijziging."
UNIQUE_VIOLATION = "23505"
log = logging.getLogger(__name__)


@dataclass(slots=True)
class UpdateResult:
    """The answer for one update: applied, duplicate, conflict or rejected."""

    id: str | None
    status: str
    state: dict | None = None
    current: dict | None = None
    message: str | None = None
    errors: dict | None = None

    def as_json(self) -> dict:
        """The update's entry in the response's results list."""
        body = {"id": self.id, "status": self.status}
        if self.status in ("applied", "duplicate"):
            body["follow_up"] = self.state
        elif self.status == "conflict":
            body["current"] = self.current
        else:
            body["errors"] = self.errors or {}
            if self.message:
                body["message"] = self.message
        return body


@dataclass
class UpdateOutcome:
    """One result per posted update (same order) and the server's receipt time."""

    results: list[UpdateResult]
    received_at: datetime

    def as_json(self) -> dict:
        """The response body."""
        return {"results": [r.as_json() for r in self.results],
                "received_at": self.received_at.isoformat()}


def _state(follow_up: FollowUp) -> dict:
    return {"version": follow_up.version, "status": follow_up.status.value}


def _applied_before(item_id, worker: User, data: dict) -> UpdateResult | None:
    """The answer for an update whose id is already stored, or None for a new one."""
    event = db.session.scalar(select(FollowUpEvent).where(FollowUpEvent.client_id == data["id"]))
    if event is None:
        return None
    if (event.actor_id != worker.id or event.follow_up_id != data["follow_up_id"]
            or event.to_status is None or event.to_status.value != data["status"]):
        # Same id, other content: never answer with someone else's state.
        return UpdateResult(item_id, "rejected", message=ID_TAKEN, errors={"id": [ID_TAKEN]})
    follow_up = db.session.get(FollowUp, event.follow_up_id)
    db.session.refresh(follow_up)
    return UpdateResult(item_id, "duplicate", state=_state(follow_up))


def _apply(item: ParsedItem, worker: User) -> UpdateResult:
    if item.errors is not None:
        return UpdateResult(item.id, "rejected", errors=item.errors)
    data = item.data
    # A replay of an applied update must say duplicate, not conflict: its base version is
    # stale by its own doing.
    done = _applied_before(item.id, worker, data)
    if done is not None:
        return done
    try:
        follow_up = change_status(
            data["follow_up_id"], data["status"], actor=worker,
            expected_version=data["base_version"], note=data["note"],
            client_id=data["id"],
            details={"source": "veld", "made_at": data["made_at"].isoformat()})
        return UpdateResult(item.id, "applied", state=_state(follow_up))
    except StaleVersion as stale:
        db.session.rollback()
        # The same update may have been applied by a request racing this one.
        return (_applied_before(item.id, worker, data)
                or UpdateResult(item.id, "conflict", current=stale.current))
    except IntegrityError as error:
        if getattr(error.orig, "sqlstate", None) != UNIQUE_VIOLATION:
            raise  # not the race below: the item's own fault (see _apply_alone)
        db.session.rollback()  # the client id was stored by a racing request meanwhile
        return (_applied_before(item.id, worker, data)
                or UpdateResult(item.id, "rejected", message=ID_TAKEN, errors={"id": [ID_TAKEN]}))
    except (NotFound, Forbidden) as error:
        db.session.rollback()
        return UpdateResult(item.id, "rejected", message=error.message,
                            errors={"follow_up_id": [error.message]})
    except Invalid as error:
        db.session.rollback()
        return UpdateResult(item.id, "rejected", message=error.message,
                            errors=error.fields or {"status": [error.message]})


def _apply_alone(index: int, item: ParsedItem, worker: User) -> UpdateResult:
    """_apply, with what the database refuses for this item's content rejected alone."""
    try:
        return _apply(item, worker)
    except Exception as error:
        # Never leave the session failed: the rest of the batch, the audit event and the
        # error handling after us (the request log reads the user) all need it.
        db.session.rollback()
        if not is_item_fault(error):
            raise
        # The class only: a database message may quote the item's content.
        log.warning("follow-up update %d of a batch refused by the database: %s",
                    index, fault_name(error))
        return UpdateResult(item.id, "rejected", message=NOT_STORED,
                            errors={"_schema": [NOT_STORED]})


def sync_follow_up_updates(worker: User, items: list[ParsedItem], *,
                           ip: str | None = None) -> UpdateOutcome:
    """Apply each update of one batch on its own (one commit each); answer for every item."""
    received_at = utcnow()
    results = [_apply_alone(index, item, worker) for index, item in enumerate(items)]
    counts = {"received": len(results)}
    for status in ("applied", "duplicate", "conflict", "rejected"):
        counts[status] = sum(1 for r in results if r.status == status)
    record_event("sync.follow_ups", worker, ip=ip, details=counts)
    db.session.commit()
    return UpdateOutcome(results=results, received_at=received_at)

