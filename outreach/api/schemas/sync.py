"""What the phone posts to /api/v1/sync/contacts: the batch envelope and one contact each.

Items are validated one by one so that one bad item never blocks the others; the schema
instances are built once at import (marshmallow compiles its field maps per instance).
A valid item takes DutchSchema.quick_load (the fields' own checks without marshmallow's
per-field bookkeeping, about a quarter of the cost); an item with any doubt goes through
marshmallow's load, so refusals and their messages are marshmallow's own. (One
load(many=True) per batch would not help: marshmallow skips post_load for the whole batch
when any item has a field error, and reports a post_load error for the batch, not the item.)
"""

from marshmallow import ValidationError, fields, post_load, validate

from ...models.enums import (
    Consent,
    FollowUpKind,
    HelpCategory,
    Outcome,
    Setting,
    TalentKind,
    Urgency,
)
from ...services.sync import ParsedItem
from ..batches import batch_list, echo_id
from .fields import (
    N_,
    AwareDateTime,
    Bool,
    Date,
    DutchSchema,
    FlatNested,
    Float,
    Int,
    List,
    Nested,
    Str,
    Uuid,
    between,
    choice,
    longest,
    plain_errors,
)

MAX_ITEMS = 500
MAX_HELP_QUESTIONS = len(HelpCategory)
MAX_TALENTS = 20
MAX_ID = 2**31 - 1  # PostgreSQL integer; larger ids cannot exist and would overflow


def _optional(field_cls, **kwargs):
    return field_cls(load_default=None, allow_none=True, **kwargs)


def _ref():
    """An optional reference to a row by its integer id."""
    return _optional(Int, validate=between(1, MAX_ID, N_("Geen bestaand nummer.")))


class LocationSchema(DutchSchema):
    """GPS fix of the phone, GeoJSON order."""

    lon = Float(required=True,
                validate=between(-180, 180, N_("Lengtegraad moet tussen -180 en 180 liggen.")))
    lat = Float(required=True,
                validate=between(-90, 90, N_("Breedtegraad moet tussen -90 en 90 liggen.")))
    accuracy_m = _optional(Float, validate=between(0, 100_000, N_("Onmogelijke nauwkeurigheid.")))


class HelpQuestionSchema(DutchSchema):
    """A help question heard in a conversation."""

    category = choice(HelpCategory, required=True)
    urgency = choice(Urgency, load_default=Urgency.normaal.value)
    note = _optional(Str, validate=longest(300, N_("Hoogstens 300 tekens.")))


class TalentSchema(DutchSchema):
    """A talent or wish to take part."""

    kind = choice(TalentKind, required=True)
    wants_to_participate = Bool(load_default=False)
    note = _optional(Str, validate=longest(300, N_("Hoogstens 300 tekens.")))


class FollowUpInSchema(DutchSchema):
    """A follow-up agreed at the door."""

    id = Uuid(required=True)
    kind = choice(FollowUpKind, required=True)
    partner_id = _ref()
    due_date = _optional(Date)
    resident_name = _optional(Str, validate=longest(200, N_("Hoogstens 200 tekens.")))
    resident_phone = _optional(Str, validate=longest(40, N_("Hoogstens 40 tekens.")))
    note = _optional(Str, validate=longest(500, N_("Hoogstens 500 tekens.")))


class ContactItemSchema(DutchSchema):
    """One contact as the phone made it; the id is the phone's UUID."""

    id = Uuid(required=True)
    round_id = _ref()
    street_id = _ref()
    house_number = _optional(Int, validate=between(1, 99_999,
                                                   N_("Een huisnummer is 1 tot 99999.")))
    house_suffix = _optional(Str, validate=longest(10, N_("Hoogstens 10 tekens.")))
    location = _optional(FlatNested, nested=LocationSchema)
    outcome = choice(Outcome, required=True)
    setting = choice(Setting, load_default=Setting.deur.value)
    flower_given = Bool(load_default=False)
    mug_given = Bool(load_default=False)
    consent = choice(Consent, load_default=Consent.geen.value)
    note = _optional(Str, validate=longest(500, N_("Hoogstens 500 tekens.")))
    recorded_at = AwareDateTime(required=True)
    help_questions = List(Nested(HelpQuestionSchema), load_default=list, allow_none=True,
                          validate=longest(MAX_HELP_QUESTIONS, N_("Hoogstens 13 hulpvragen.")))
    talents = List(Nested(TalentSchema), load_default=list, allow_none=True,
                   validate=longest(MAX_TALENTS, N_("Hoogstens 20 talenten.")))
    follow_up = _optional(Nested, nested=FollowUpInSchema)

    @post_load
    def _check_and_normalise(self, data, **kwargs):
        # One hook instead of validates_schema + post_load: hooks cost per item. It runs
        # only when every field is valid, like validates_schema(skip_on_field_errors).
        errors = {}
        if data.get("outcome") != Outcome.gesprek:
            for key in ("help_questions", "talents"):
                if data.get(key):
                    errors[key] = [N_("Alleen bij uitkomst 'gesprek'.")]
        follow_up = data.get("follow_up")
        consent = data.get("consent")
        if follow_up:
            if consent == Consent.geen:
                errors["consent"] = [N_("Opvolging kan alleen met toestemming "
                                        "(anoniem of opvolging).")]
            if consent != Consent.opvolging:
                details = {key: [N_("Naam en telefoon alleen met toestemming 'opvolging'.")]
                           for key in ("resident_name", "resident_phone") if follow_up.get(key)}
                if details:
                    errors["follow_up"] = details
        if (data.get("house_number") is not None and data.get("setting") == Setting.deur
                and data.get("street_id") is None and data.get("location") is None):
            errors["street_id"] = [N_("Kies de straat bij dit huisnummer, "
                                      "of zet locatie aan.")]
        if errors:
            raise ValidationError(errors)
        # An empty suffix is no suffix; null lists are empty lists (same content, same hash).
        suffix = data.get("house_suffix")
        data["house_suffix"] = (suffix.strip() or None) if suffix is not None else None
        data["help_questions"] = data.get("help_questions") or []
        data["talents"] = data.get("talents") or []
        return data


_ITEM = ContactItemSchema()


def batch_items(body) -> list:
    """The list of items from a decoded JSON body, or BatchRefused (400 or 413)."""
    return batch_list(body, "contacts", MAX_ITEMS)


def parse_item(raw) -> ParsedItem:
    """Validate one raw item: ParsedItem with data, or with field errors in Dutch."""
    try:
        data = _ITEM.quick_load(raw)
    except ValidationError as error:
        return ParsedItem(id=echo_id(raw), data=None, errors=plain_errors(error.messages))
    return ParsedItem(id=echo_id(raw), data=data, errors=None)


def parse_items(items: list) -> list[ParsedItem]:
    """Validate every item independently, keeping their order."""
    return [parse_item(raw) for raw in items]


class ContactBatchSchema(DutchSchema):
    """The request body (documentation; items are validated one by one)."""

    # The batch limits as the handler enforces them (empty: 400, over MAX_ITEMS: 413).
    contacts = List(Nested(ContactItemSchema), required=True,
                 validate=validate.Length(min=1, max=MAX_ITEMS))


class PlacedSchema(DutchSchema):
    street_id = Int(allow_none=True)
    buurt_id = Int()


class ItemResultSchema(DutchSchema):
    id = Str(allow_none=True)
    status = Str(metadata={"enum": ["created", "duplicate", "conflict", "rejected"]})
    errors = fields.Dict(metadata={"description": "Only for rejected: field -> messages"})
    contact = Nested(PlacedSchema, metadata={"description": "Only for created and duplicate"})


class SyncResponseSchema(DutchSchema):
    """One result per posted item, in the same order."""

    results = List(Nested(ItemResultSchema))
    received_at = AwareDateTime()
