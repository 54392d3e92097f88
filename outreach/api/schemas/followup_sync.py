"""What the phone posts to /api/v1/sync/followups: a batch of follow-up status updates.

Like the contact batch, items are validated one by one so that one bad item never
blocks the others.
"""

from marshmallow import ValidationError, fields, validate

from ...services.followups.actions import NOTE_MAX
from ...services.followups.phone_sync import PHONE_STATUSES
from ...services.sync import ParsedItem
from ..batches import batch_list, echo_id
from .fields import (
    N_,
    AwareDateTime,
    DutchSchema,
    Int,
    List,
    Nested,
    Str,
    Uuid,
    between,
    longest,
    plain_errors,
)

MAX_ITEMS = 200
MAX_VERSION = 2**31 - 1


class FollowUpUpdateSchema(DutchSchema):
    """One status change made on the phone; the id is the phone's UUID (idempotency key)."""

    id = Uuid(required=True)
    follow_up_id = Uuid(required=True)
    base_version = Int(required=True,
                       validate=between(1, MAX_VERSION, N_("Geen bestaande versie.")))
    # The phone offers only these; a handover or a cancellation is the team lead's work.
    status = Str(required=True, validate=validate.OneOf(
        [s.value for s in PHONE_STATUSES],
        error=N_("Kies bezig, afgerond of niet bereikbaar.")))
    note = Str(load_default=None, allow_none=True,
               validate=longest(NOTE_MAX, N_("Hoogstens 2000 tekens.")))
    made_at = AwareDateTime(required=True)


_ITEM = FollowUpUpdateSchema()


def batch_updates(body) -> list:
    """The list of updates from a decoded JSON body, or BatchRefused (400 or 413)."""
    return batch_list(body, "updates", MAX_ITEMS)


def parse_updates(items: list) -> list[ParsedItem]:
    """Validate every update independently, keeping their order."""
    parsed = []
    for raw in items:
        try:
            parsed.append(ParsedItem(id=echo_id(raw), data=_ITEM.load(raw), errors=None))
        except ValidationError as error:
            parsed.append(ParsedItem(id=echo_id(raw), data=None,
                                     errors=plain_errors(error.messages)))
    return parsed


class FollowUpBatchSchema(DutchSchema):
    """The request body (documentation; items are validated one by one)."""

    # The batch limits as the handler enforces them (empty: 400, over MAX_ITEMS: 413).
    updates = List(Nested(FollowUpUpdateSchema), required=True,
                 validate=validate.Length(min=1, max=MAX_ITEMS))


class FollowUpStateSchema(DutchSchema):
    version = Int()
    status = Str()


class UpdateResultSchema(DutchSchema):
    id = Str(allow_none=True)
    status = Str(metadata={"enum": ["applied", "duplicate", "conflict", "rejected"]})
    follow_up = Nested(FollowUpStateSchema,
                       metadata={"description": "Only for applied and duplicate"})
    current = fields.Dict(metadata={"description": "Only for conflict: the state now stored"})
    message = Str(metadata={"description": "Only for rejected: the reason in one sentence"})
    errors = fields.Dict(metadata={"description": "Only for rejected: field -> messages"})


class FollowUpSyncResponseSchema(DutchSchema):
    """One result per posted update, in the same order."""

    results = List(Nested(UpdateResultSchema))
    received_at = AwareDateTime()
