"""marshmallow fields and a base schema that explain errors in Dutch, for field workers.

marshmallow's own messages ("Not a valid integer.") end up on a phone screen in the
street, so every message a worker can meet is ours. They are plain Dutch strings marked
with N_ for the catalogue (lazy strings do not survive marshmallow's deepcopy of fields
outside a request) and translated when sent, by `localized_errors`.
"""

import math
import re
from collections.abc import Mapping

from flask import has_request_context
from flask_babel import gettext
from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA

from ...clock import is_workable_day


def N_(message: str) -> str:  # noqa: N802  (the name pybabel extracts by default)
    """Mark MESSAGE for translation; it is translated when the answer is sent."""
    return message


_BASE = {
    "required": N_("Dit veld ontbreekt."),
    "null": N_("Dit veld mag niet leeg zijn."),
    "validator_failed": N_("Ongeldige waarde."),
}


# What no text may hold: NUL (PostgreSQL text cannot store it), lone surrogates (JSON can
# carry "\ud800", UTF-8 cannot encode it) and the other C0 control characters but tab,
# line feed and carriage return (invisible on a screen, trouble in CSV cells and logs).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
UNSTORABLE_TEXT = N_("Deze tekst bevat een onzichtbaar of beschadigd teken dat niet kan "
                     "worden opgeslagen. Typ de tekst opnieuw.")


def storable_text(value: str) -> bool:
    """True when VALUE holds only characters that UTF-8 and PostgreSQL text can hold."""
    # isprintable() is one quick pass, true for nearly every real text and false for every
    # character the pattern looks for; only the rest (a line break, say) needs the pattern.
    return value.isprintable() or _UNSTORABLE.search(value) is None


def storable_key(key) -> str:
    """KEY as it may go back in an answer: unstorable characters replaced, at most 100 long.

    Unknown field names and ids are the client's text; what we echo must be valid text.
    """
    text = str(key)
    if not storable_text(text):
        text = _UNSTORABLE.sub("\ufffd", text)
    return text if len(text) <= 100 else text[:99] + "\u2026"


class StorableText(validate.Validator):
    """Refuses text that the database or UTF-8 cannot hold (see storable_text)."""

    error = UNSTORABLE_TEXT

    def __call__(self, value):
        if isinstance(value, str) and not storable_text(value):
            raise ValidationError(self.error)
        return value


_STORABLE = StorableText()


class DutchSchema(Schema):
    """A schema that refuses unknown fields, with Dutch messages."""

    class Meta:
        unknown = RAISE

    error_messages = {
        "type": N_("Ongeldige invoer: verwacht een object."),
        "unknown": N_("Onbekend veld."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._quick_plan = self._plan_quick_load()

    def _plan_quick_load(self):
        """(names, steps) for quick_load, or None when this schema needs the full load."""
        if (self.many or self.partial or self.unknown != RAISE or self._hooks[PRE_LOAD]
                or self._hooks[VALIDATES] or self._hooks[VALIDATES_SCHEMA]):
            return None
        steps = []
        for name, field in self.load_fields.items():
            if field.data_key is not None or field.attribute is not None:
                return None
            steps.append((name, _quick_step(name, field)))
        return frozenset(name for name, _ in steps), tuple(steps)

    def quick_load(self, data):
        """What `load(DATA)` gives, found cheaply when DATA is valid; else `load` raises.

        marshmallow's load costs mostly bookkeeping per field (error stores, getter
        closures, hook lookups). A valid item needs none of it: each field's own
        deserialize (the same type checks, defaults and validators) and the post_load
        hooks are all that `load` would run. At the first doubt (unknown key, field error,
        hook error) the item goes through `load` itself, so errors are marshmallow's own.
        """
        plan = self._quick_plan
        if plan is None or not isinstance(data, Mapping) or not data.keys() <= plan[0]:
            return self.load(data)
        result = {}
        try:
            for name, step in plan[1]:
                value = step(data.get(name, missing), data)
                if value is not missing:
                    result[name] = value
            if self._hooks[POST_LOAD]:
                result = self._invoke_load_processors(POST_LOAD, result, many=False,
                                                      original_data=data, partial=None)
        except ValidationError:
            return self.load(data)
        return result


class _PrebuiltValidators:
    """Runs the field's validators directly: marshmallow 3.26 builds an And() per call.

    Only a failure goes through the usual And, so messages stay exactly marshmallow's.
    """

    def _validate(self, value):
        checks = self.__dict__.get("_checks")
        if checks is None:
            # Plain functions may signal failure by returning False: those go through And.
            direct = all(isinstance(v, validate.Validator) for v in self.validators)
            checks = self._checks = tuple(self.validators) if direct else False
        if checks is False:
            super()._validate(value)
            return
        try:
            for check in checks:
                check(value)
        except ValidationError:
            super()._validate(value)
            raise


class Str(_PrebuiltValidators, fields.String):
    """Text; free text (no fixed choice) is refused when it holds an unstorable character.

    The check is the first validator, so marshmallow's load and quick_load both run it.
    """

    default_error_messages = {**_BASE, "invalid": N_("Verwacht tekst."),
                              "invalid_utf8": N_("Verwacht tekst.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # A value outside a fixed choice is refused by the choice already.
        if not any(isinstance(v, validate.OneOf) for v in self.validators):
            self.validators.insert(0, _STORABLE)


class Int(_PrebuiltValidators, fields.Integer):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht een geheel getal."),
                              "too_large": N_("Getal te groot.")}

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)


class Float(_PrebuiltValidators, fields.Float):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht een getal."),
                              "too_large": N_("Getal te groot."),
                              "special": N_("Verwacht een getal.")}


class Bool(_PrebuiltValidators, fields.Boolean):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht ja of nee (true/false).")}


class Uuid(_PrebuiltValidators, fields.UUID):
    default_error_messages = {**_BASE, "invalid_uuid": N_("Geen geldige id (UUID).")}


# A phone's clock can say year 1 or 9999; such a moment is refused per item (the worker
# sees why) instead of overflowing later, when a time zone or a day is added to it.
_OUT_OF_RANGE = N_("Datum buiten 2000-2099: kijk de datum en tijd van de telefoon na.")


class AwareDateTime(_PrebuiltValidators, fields.AwareDateTime):
    default_error_messages = {
        **_BASE,
        "invalid": N_("Geen geldig tijdstip (ISO 8601)."),
        "invalid_awareness": N_("Tijdstip zonder tijdzone: stuur het met een offset."),
        "format": N_("Geen geldig tijdstip (ISO 8601)."),
        "range": _OUT_OF_RANGE,
    }

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if not is_workable_day(moment.date()):
            raise self.make_error("range")
        return moment


class Date(_PrebuiltValidators, fields.Date):
    default_error_messages = {**_BASE, "invalid": N_("Geen geldige datum (JJJJ-MM-DD)."),
                              "format": N_("Geen geldige datum (JJJJ-MM-DD)."),
                              "range": _OUT_OF_RANGE}

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not is_workable_day(day):
            raise self.make_error("range")
        return day


class List(_PrebuiltValidators, fields.List):
    default_error_messages = {**_BASE, "invalid": N_("Verwacht een lijst.")}


class Nested(_PrebuiltValidators, fields.Nested):
    default_error_messages = {**_BASE, "type": N_("Ongeldige invoer: verwacht een object.")}

    def _load(self, value, partial=None):
        schema = self.schema
        if partial is not None or self.unknown is not None or not isinstance(schema,
                                                                              DutchSchema):
            return super()._load(value, partial=partial)
        try:
            return schema.quick_load(value)
        except ValidationError as error:  # as fields.Nested._load reports it
            raise ValidationError(error.messages, valid_data=error.valid_data) from error


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


def _quick_step(name: str, field: fields.Field):
    """A loader of FIELD's value: cheap for the usual JSON type, else field.deserialize.

    For our plain text, integer, number and yes/no fields a value of exactly the JSON type
    loads as itself (what marshmallow returns for it too) after the field's validators,
    and null loads as None where the field allows it (as in Field.deserialize); anything
    else (missing, other types, NaN) takes the field's own deserialize.
    """
    deserialize = field.deserialize
    kind = _QUICK_TYPES.get(type(field))
    if kind is None or not all(isinstance(v, validate.Validator) for v in field.validators):
        if not field.allow_none:
            return lambda value, data: deserialize(value, name, data)

        def nullable(value, data):
            return None if value is None else deserialize(value, name, data)

        return nullable
    checks = tuple(field.validators)
    allow_none = field.allow_none

    def step(value, data):
        if value is None and allow_none:
            return None
        if type(value) is kind and (kind is not float or math.isfinite(value)):
            for check in checks:
                check(value)
            return value
        return deserialize(value, name, data)

    return step


_QUICK_TYPES = {Str: str, Int: int, Float: float, Bool: bool}


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
        # Keys may be unknown field names, i.e. the client's own text.
        return {storable_key(key): plain_errors(value, translate)
                for key, value in errors.items()}
    if isinstance(errors, list | tuple):
        return [plain_errors(m, translate) if isinstance(m, dict) else translate(m)
                for m in errors]
    return [translate(errors)]


def localized_errors(errors):
    """plain_errors in the user's language (our messages are Dutch msgids)."""
    return plain_errors(errors, _translate)


def localized_message(message) -> str:
    """One of our Dutch msgids in the user's language."""
    return _translate(message)


def _translate(message) -> str:
    text = str(message)
    # Outside a request (services called from the CLI or tests) there is no locale.
    return gettext(text) if has_request_context() else text
