"""marshmallow fields and a base schema that explain errors in Dutch, for field workers.

marshmallow's own messages ("Not a valid integer.") end up on a phone screen in the
street, so every message a worker can meet is ours. They are plain Dutch strings marked
with N_ for the catalogue (lazy strings do not survive marshmallow's deepcopy of fields
outside a request) and translated when sent, by `localized_errors`.
"""

from collections.abc import Mapping

from flask import has_request_context
from flask_babel import gettext
from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate


def N_(message: str) -> str:  # noqa: N802  (the name pybabel extracts by default)
    """Mark MESSAGE for translation; it is translated when the answer is sent."""
    return message


_BASE = {
    "required": N_("Dit veld ontbreekt."),
    "null": N_("Dit veld mag niet leeg zijn."),
    "validator_failed": N_("Ongeldige waarde."),
}


class DutchSchema(Schema):
    """A schema that refuses unknown fields, with Dutch messages."""

    class Meta:
        unknown = RAISE

    error_messages = {
        "type": N_("Ongeldige invoer: verwacht een object."),
        "unknown": N_("Onbekend veld."),
    }


class Str(fields.String):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht tekst."),
                              "invalid_utf8": N_("Verwacht tekst.")}


class Int(fields.Integer):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht een geheel getal."),
                              "too_large": N_("Getal te groot.")}

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)


class Float(fields.Float):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht een getal."),
                              "too_large": N_("Getal te groot."),
                              "special": N_("Verwacht een getal.")}


class Bool(fields.Boolean):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht ja of nee (true/false).")}


class Uuid(fields.UUID):
    default_error_messages = {**_BASE, "invalid_uuid": N_("Geen geldige id (UUID).")}


class AwareDateTime(fields.AwareDateTime):
    default_error_messages = {
        **_BASE,
        "invalid": N_("Geen geldig tijdstip (ISO 8601)."),
        "invalid_awareness": N_("Tijdstip zonder tijdzone: stuur het met een offset."),
        "format": N_("Geen geldig tijdstip (ISO 8601)."),
    }


class Date(fields.Date):
    default_error_messages = {**_BASE, "invalid": N_("Geen geldige datum (JJJJ-MM-DD)."),
                              "format": N_("Geen geldige datum (JJJJ-MM-DD).")}


class List(fields.List):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht een lijst.")}


class Nested(fields.Nested):
    default_error_messages = {**_BASE, "type": N_("Ongeldige invoer: verwacht een object.")}


class FlatNested(Nested):
    """A nested object checked with its schema's own fields but without a schema load.

    For small flat schemas without hooks (a GPS fix): a full nested load costs about a
    third of a contact's parse time. Unknown keys are refused as in the schema.
    """

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        if not isinstance(value, Mapping):
            raise ValidationError({"_schema": [DutchSchema.error_messages["type"]]})
        declared = self.schema.fields
        errors = {key: [DutchSchema.error_messages["unknown"]]
                  for key in value if key not in declared}
        result = {}
        for name, field in declared.items():
            try:
                loaded = field.deserialize(value.get(name, missing), name, value)
            except ValidationError as error:
                errors[name] = error.messages
                continue
            if loaded is not missing:
                result[name] = loaded
        if errors:
            raise ValidationError(errors)
        return result


def choice(enum_cls, **kwargs) -> Str:
    """A string field that takes one value of the StrEnum ENUM_CLS."""
    return Str(validate=validate.OneOf([m.value for m in enum_cls],
                                       error=N_("Kies een geldige waarde.")), **kwargs)


def longest(n: int, message: str) -> validate.Length:
    """At most N characters (or list entries), refused with MESSAGE."""
    return validate.Length(max=n, error=message)


def between(low, high, message: str) -> validate.Range:
    """A number from LOW to HIGH inclusive, refused with MESSAGE."""
    return validate.Range(min=low, max=high, error=message)


def plain_errors(errors, translate=lambda message: str(message)):
    """An error dict with every message as a string in a list (run through TRANSLATE)."""
    if isinstance(errors, dict):
        return {str(key): plain_errors(value, translate) for key, value in errors.items()}
    if isinstance(errors, list | tuple):
        return [plain_errors(m, translate) if isinstance(m, dict) else translate(m)
                for m in errors]
    return [translate(errors)]


def localized_errors(errors):
    """plain_errors in the user's language (our messages are Dutch msgids)."""
    return plain_errors(errors, _translate)


def _translate(message) -> str:
    text = str(message)
    # Outside a request (services called from the CLI or tests) there is no locale.
    return gettext(text) if has_request_context() else text
