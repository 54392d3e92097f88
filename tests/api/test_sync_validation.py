"""Item validation of POST /api/v1/sync/contacts as a table: what is refused, on which field."""

import uuid
from datetime import date

import pytest

from tests.services.test_sync_world import build_world, contact_item

URL = "/api/v1/sync/contacts"
GESPREK = {"outcome": "gesprek", "consent": "anoniem"}
FOLLOW_UP = {"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "kind": "terugbellen"}


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))


def _without(key):
    item = contact_item()
    del item[key]
    return item


# (name, item or a function of the world giving one, path of the expected error)
CASES = [
    ("id missing", lambda w: _without("id"), ("id",)),
    ("id not a uuid", {"id": "deur-12"}, ("id",)),
    ("id null", {"id": None}, ("id",)),
    ("unknown field", {"colour": "red"}, ("colour",)),
    ("outcome missing", lambda w: _without("outcome"), ("outcome",)),
    ("outcome unknown", {"outcome": "weg"}, ("outcome",)),
    ("setting unknown", {"setting": "tuin"}, ("setting",)),
    ("consent unknown", {"consent": "ja"}, ("consent",)),
    ("recorded_at missing", lambda w: _without("recorded_at"), ("recorded_at",)),
    ("recorded_at without offset", {"recorded_at": "2026-05-01T10:00:00"}, ("recorded_at",)),
    ("recorded_at garbage", {"recorded_at": "gisteren"}, ("recorded_at",)),
    ("house number 0", {"house_number": 0}, ("house_number",)),
    ("house number too big", {"house_number": 100_000}, ("house_number",)),
    ("house number as text", {"house_number": "12"}, ("house_number",)),
    ("house number fraction", {"house_number": 1.5}, ("house_number",)),
    ("house number boolean", {"house_number": True}, ("house_number",)),
    ("suffix too long", {"house_suffix": "abcdefghijk"}, ("house_suffix",)),
    ("note too long", {"note": "x" * 501}, ("note",)),
    ("flower not boolean", {"flower_given": "ja"}, ("flower_given",)),
    ("location not an object", {"location": [4.4, 51.9]}, ("location", "_schema")),
    ("longitude out of range", {"location": {"lon": 200.0, "lat": 51.9}}, ("location", "lon")),
    ("latitude missing", {"location": {"lon": 4.4}}, ("location", "lat")),
    ("location extra field", {"location": {"lon": 4.4, "lat": 51.9, "alt": 3}},
     ("location", "alt")),
    ("round id overflow", {"round_id": 2**40}, ("round_id",)),
    ("street id negative", {"street_id": -1}, ("street_id",)),
    ("help questions without gesprek",
     {"help_questions": [{"category": "wonen"}]}, ("help_questions",)),
    ("talents without gesprek", {"outcome": "geweigerd", "talents": [{"kind": "koken"}]},
     ("talents",)),
    ("help question category unknown",
     {**GESPREK, "help_questions": [{"category": "honger"}]}, ("help_questions", "0", "category")),
    ("help question note too long",
     {**GESPREK, "help_questions": [{"category": "wonen", "note": "x" * 301}]},
     ("help_questions", "0", "note")),
    ("fourteen help questions",
     {**GESPREK, "help_questions": [{"category": "wonen"}] * 14}, ("help_questions",)),
    ("help questions not a list", {**GESPREK, "help_questions": "wonen"}, ("help_questions",)),
    ("follow-up without consent", {**GESPREK, "consent": "geen", "follow_up": FOLLOW_UP},
     ("consent",)),
    ("resident name without consent opvolging",
     {**GESPREK, "follow_up": {**FOLLOW_UP, "resident_name": "Mevr. Jansen"}},
     ("follow_up", "resident_name")),
    ("resident phone without consent opvolging",
     {**GESPREK, "follow_up": {**FOLLOW_UP, "resident_phone": "0612345678"}},
     ("follow_up", "resident_phone")),
    ("follow-up kind unknown", {**GESPREK, "follow_up": {**FOLLOW_UP, "kind": "mailen"}},
     ("follow_up", "kind")),
    ("follow-up due date garbage",
     {**GESPREK, "follow_up": {**FOLLOW_UP, "due_date": "morgen"}}, ("follow_up", "due_date")),
    ("house number at a door without street or location",
     {"house_number": 12, "location": None}, ("street_id",)),
    ("round of someone else", lambda w: contact_item(round_id=w["other_round"]), ("round_id",)),
    ("round that does not exist", {"round_id": 999_999}, ("round_id",)),
    ("street that does not exist", {"street_id": 999_999}, ("street_id",)),
    ("partner that does not exist",
     {**GESPREK, "follow_up": {**FOLLOW_UP, "partner_id": 999_999}}, ("follow_up", "partner_id")),
    ("outside every buurt", {"location": {"lon": 4.5, "lat": 51.95}}, ("location",)),
    ("no place at all", {"location": None}, ("location",)),
]


@pytest.fixture()
def other_round(db, world):
    from outreach.models import Round
    from outreach.services.users import create_user

    colleague = create_user("collega@test.example", "Collega", "veldwerker", "pw-collega-123")
    round_ = Round(kind="bloemen", date=date(2026, 5, 1), title="Niet de jouwe")
    round_.workers.append(colleague)
    db.session.add(round_)
    db.session.commit()
    return round_.id


@pytest.mark.parametrize(("name", "given", "path"), CASES, ids=[c[0] for c in CASES])
def test_sync_refuses_invalid_item_on_the_right_field(login_as, other_round, name, given, path):
    item = given({"other_round": other_round}) if callable(given) else contact_item(**given)
    valid = contact_item()
    response = login_as("veldwerker").post(URL, json={"contacts": [item, valid]})
    assert response.status_code == 200
    bad, good = response.json["results"]
    assert good["status"] == "created"
    assert bad["status"] == "rejected", bad
    errors = bad["errors"]
    for key in path:
        assert key in errors, (path, bad["errors"])
        errors = errors[key]
    assert isinstance(errors, list) and all(isinstance(m, str) and m for m in errors)


@pytest.mark.parametrize("item", [42, "contact", None, [], True], ids=repr)
def test_sync_refuses_an_item_that_is_not_an_object(login_as, world, item):
    response = login_as("veldwerker").post(URL, json={"contacts": [item, contact_item()]})
    assert response.status_code == 200
    bad, good = response.json["results"]
    assert bad == {"id": None, "status": "rejected", "errors": bad["errors"]}
    assert list(bad["errors"]) == ["_schema"]
    assert good["status"] == "created"


def test_sync_messages_are_for_the_worker_not_marshmallow(login_as, world):
    item = contact_item()
    del item["outcome"]
    response = login_as("veldwerker").post(URL, json={"contacts": [item]})
    assert response.json["results"][0]["errors"]["outcome"] == ["Dit veld ontbreekt."]


def test_sync_answers_with_the_id_as_sent(login_as, world):
    sent = str(uuid.uuid4()).upper()
    response = login_as("veldwerker").post(URL, json={"contacts": [contact_item(id=sent)]})
    assert response.json["results"][0] == {**response.json["results"][0], "id": sent,
                                           "status": "created"}


@pytest.mark.parametrize(("given", "expected"), [
    ({**GESPREK, "consent": "opvolging",
      "follow_up": {**FOLLOW_UP, "resident_name": "Mevr. Jansen", "resident_phone": "06"}},
     "created"),
    ({**GESPREK, "follow_up": FOLLOW_UP}, "created"),
    ({"house_number": 12, "setting": "straat", "location": None, "round_id": None}, "rejected"),
    ({"setting": "koffieplek", "location": None}, "rejected"),
    ({"house_suffix": "   "}, "created"),
], ids=["name-with-opvolging", "anonymous-follow-up", "straat-number-without-place",
        "koffieplek-without-round", "blank-suffix"])
def test_sync_consent_and_place_rules(login_as, world, given, expected):
    response = login_as("veldwerker").post(URL, json={"contacts": [contact_item(**given)]})
    assert response.json["results"][0]["status"] == expected
