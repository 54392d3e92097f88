"""The cheap item load gives exactly what marshmallow's own load gives: data or errors."""

import copy
import math

import pytest
from marshmallow import ValidationError

from outreach.api.schemas.sync import ContactItemSchema, HelpQuestionSchema
from tests.api.test_sync_validation import CASES
from tests.services.test_sync_world import contact_item

FOLLOW_UP = {"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "kind": "terugbellen"}
CONVERSATION = {
    "outcome": "gesprek", "consent": "opvolging", "note": "koffie gehad",
    "help_questions": [{"category": "wonen", "urgency": "hoog", "note": "lekkage"},
                       {"category": "eenzaamheid"}],
    "talents": [{"kind": "koken", "wants_to_participate": True, "note": None}],
    "follow_up": {**FOLLOW_UP, "partner_id": 3, "due_date": "2026-05-08",
                  "resident_name": "Mevr. Jansen", "resident_phone": "0612345678"},
}

# Inputs the quick path must hand over to marshmallow, or load just like it.
ODD = [
    {"location": {"lon": 4, "lat": 52, "accuracy_m": 0}},  # integers where numbers go
    {"location": {"lon": "4.402", "lat": "51.9024"}},  # numbers as text
    {"location": {"lon": math.nan, "lat": 51.9}},
    {"location": {"lon": math.inf, "lat": 51.9}},
    {"location": {"lon": 10**400, "lat": 51.9}},
    {"location": {"lon": True, "lat": 51.9}},
    {"flower_given": 1}, {"flower_given": "true"}, {"mug_given": 0}, {"flower_given": None},
    {"house_number": 12.0}, {"house_number": "12"}, {"round_id": False},
    {"street_id": None, "house_number": None, "location": None, "setting": "straat"},
    {"recorded_at": "2026-05-01T08:15:00Z"}, {"recorded_at": "2026-05-01T10:15:00.123+02:00"},
    {"recorded_at": 1714550400}, {"id": "{1B4E28BA-2FA1-11D2-883F-0016D3CCA427}"},
    {"id": "1b4e28ba2fa111d2883f0016d3cca427"}, {"id": 12},
    {"note": ""}, {"note": b"bytes"}, {"note": 5}, {"house_suffix": "  a "},
    {"outcome": "gesprek", "consent": "anoniem", "help_questions": None, "talents": None},
    {"outcome": "gesprek", "consent": "anoniem", "help_questions": [None]},
    {"outcome": "gesprek", "consent": "anoniem", "help_questions": [{"category": "wonen",
                                                                     "extra": 1}]},
    {"outcome": "gesprek", "consent": "anoniem", "follow_up": {**FOLLOW_UP, "due_date": None}},
    {"outcome": "gesprek", "consent": "anoniem", "follow_up": {**FOLLOW_UP, "partner_id": 0}},
    {"setting": None}, {"consent": None},
]


def _outcome(load, item):
    try:
        return "data", load(copy.deepcopy(item))
    except ValidationError as error:
        return "errors", error.messages


def _items():
    yield "plain", contact_item()
    yield "conversation", contact_item(**CONVERSATION)
    for n, overrides in enumerate(ODD):
        yield f"odd-{n}", contact_item(**overrides)
    for name, given, _path in CASES:
        if not callable(given):
            yield name, contact_item(**given)
    yield "missing-keys", {"id": FOLLOW_UP["id"], "outcome": "niet_thuis",
                           "recorded_at": "2026-05-01T10:15:00+02:00"}
    for other in (None, 42, "contact", [], [contact_item()]):
        yield repr(other), other


ITEMS = list(_items())


@pytest.mark.parametrize(("name", "item"), ITEMS, ids=[name for name, _ in ITEMS])
def test_quick_load_equals_marshmallow_load(name, item):
    schema = ContactItemSchema()
    quick = _outcome(schema.quick_load, item)
    assert quick == _outcome(schema.load, item)
    if quick[0] == "data":
        assert {k: type(v) for k, v in quick[1].items()} == {
            k: type(v) for k, v in _outcome(schema.load, item)[1].items()}


def test_quick_load_of_a_nested_schema_equals_its_load():
    schema = HelpQuestionSchema()
    for item in ({"category": "wonen"}, {"category": "wonen", "urgency": None},
                 {"category": "x"}, {"category": "wonen", "note": "x" * 301}):
        assert _outcome(schema.quick_load, item) == _outcome(schema.load, item)
