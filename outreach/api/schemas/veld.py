"""The field bundle's shape, for the OpenAPI document (the service builds the JSON itself)."""

from marshmallow import Schema, fields


class PointSchema(Schema):
    lon = fields.Float()
    lat = fields.Float()


class BuurtRefSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()


class DoorSchema(Schema):
    """One door of a street and what the team last logged there (nothing else).

    Keys without a value are left out.
    """

    door = fields.String(metadata={"description": "The door key, e.g. '12:A' (12a, 12 A, 12-A)"})
    label = fields.String(metadata={"description": "As written on the door: 12, 12A, 12-2"})
    outside = fields.Boolean(metadata={
        "description": "Only on numbers logged that are not in the address list (true)"})
    outcome = fields.String(metadata={"description": "Last outcome, any worker; absent: never"})
    at = fields.DateTime(metadata={"description": "When that was logged (UTC); absent: never"})


class RoundStreetSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    buurt_id = fields.Integer()
    buurt_name = fields.String()
    position = fields.Integer()
    length_m = fields.Float()
    last_visit = fields.DateTime(allow_none=True)
    known_doors = fields.Integer(metadata={"description": "Distinct doors in the address list"})
    doors = fields.List(fields.Nested(DoorSchema), metadata={
        "description": "Every known door, then numbers logged outside the list, by number"})


class RoundSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    date = fields.Date()
    status = fields.String()
    title = fields.String(allow_none=True)
    buurten = fields.List(fields.Nested(BuurtRefSchema))
    coffee_spot = fields.Nested(PointSchema, allow_none=True)
    coffee_spot_name = fields.String(allow_none=True)
    key_contact = fields.String(allow_none=True)
    announcement_text = fields.String(allow_none=True)
    announcement_date = fields.Date(allow_none=True)
    streets = fields.List(fields.Nested(RoundStreetSchema))


class PartnerSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    opening_hours = fields.String(allow_none=True)
    location = fields.Nested(PointSchema, allow_none=True)


class OpenFollowUpSchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    status = fields.String()
    due_date = fields.Date(allow_none=True)
    partner_id = fields.Integer(allow_none=True)
    partner_name = fields.String(allow_none=True)
    street_name = fields.String(allow_none=True)
    buurt_name = fields.String(allow_none=True)
    house_number = fields.Integer(allow_none=True)
    house_suffix = fields.String(allow_none=True)
    help_categories = fields.List(fields.String())
    note = fields.String(allow_none=True)
    resident_name = fields.String(allow_none=True)
    resident_phone = fields.String(allow_none=True)
    version = fields.Integer()


class WorkerRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class ChoiceSchema(Schema):
    value = fields.String()
    label = fields.String(metadata={"description": "In the session's language"})


class VocabularySchema(Schema):
    """Every value the phone shows or offers, in order, with its label."""

    outcome = fields.List(fields.Nested(ChoiceSchema))
    round_kind = fields.List(fields.Nested(ChoiceSchema))
    consent = fields.List(fields.Nested(ChoiceSchema))
    help_category = fields.List(fields.Nested(ChoiceSchema))
    urgency = fields.List(fields.Nested(ChoiceSchema))
    talent_kind = fields.List(fields.Nested(ChoiceSchema))
    follow_up_kind = fields.List(fields.Nested(ChoiceSchema))
    follow_up_status = fields.List(fields.Nested(ChoiceSchema))
    partner_kind = fields.List(fields.Nested(ChoiceSchema))


class FollowUpRulesSchema(Schema):
    worker_targets = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                                 metadata={"description": "Status -> statuses a veldwerker sets"})
    final_statuses = fields.List(fields.String())


class ServiceLevelsSchema(Schema):
    working_days = fields.Dict(keys=fields.String(), values=fields.Integer(),
                               metadata={"description": "Follow-up kind -> working days"})
    holidays = fields.List(fields.Date(), metadata={"description": "Public holidays on weekdays"})
    holidays_from = fields.Date()
    holidays_until = fields.Date()


class BundleSchema(Schema):
    """GET /api/v1/veld/bundle."""

    version = fields.String(metadata={"description": "sha256 of the content; also the ETag"})
    generated_at = fields.DateTime()
    csrf_token = fields.String(metadata={"description": "Send as X-CSRFToken when posting"})
    worker = fields.Nested(WorkerRefSchema)
    rounds = fields.List(fields.Nested(RoundSchema))
    streets = fields.Dict(metadata={"description": "GeoJSON FeatureCollection of the streets"})
    partners = fields.List(fields.Nested(PartnerSchema))
    follow_ups = fields.List(fields.Nested(OpenFollowUpSchema))
    vocabulary = fields.Nested(VocabularySchema)
    follow_up_rules = fields.Nested(FollowUpRulesSchema)
    service_levels = fields.Nested(ServiceLevelsSchema)
