"""Privacy of the sync API: what a phone sends is encrypted at rest (the raw-SQL store
bypasses the ORM), replays still match on the plaintext, the bundle gives it back
readable, and the server refuses what it should not keep."""

from datetime import date

import pytest

from outreach.models import FollowUp
from outreach.models.crypto import name_index
from tests.services.test_sync_world import build_world, contact_item

URL = "/api/v1/sync/contacts"
FOLLOW_UP_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
TALKED = {
    "outcome": "gesprek", "consent": "opvolging", "note": "Zorgen over de huur",
    "help_questions": [{"category": "geld_schulden", "note": "Brief van deurwaarder"}],
    "talents": [{"kind": "koken", "note": "Kookt voor de buren"}],
    "follow_up": {"id": FOLLOW_UP_ID, "kind": "terugbellen", "resident_name": "Fatima El Amrani",
                  "resident_phone": "0687654321", "note": "Liefst na schooltijd"},
}
PLAIN = ["Zorgen over de huur", "Brief van deurwaarder", "Kookt voor de buren",
         "Fatima El Amrani", "0687654321", "Liefst na schooltijd"]


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))


def test_synced_names_phones_and_notes_are_encrypted_at_rest(db, login_as, world):
    phone = login_as("veldwerker")
    item = contact_item(**TALKED)
    assert phone.post(URL, json={"contacts": [item]}).json["results"][0]["status"] == "created"
    conn = db.session.connection()
    dump = " ".join(conn.exec_driver_sql(
        f"SELECT coalesce(string_agg({t}::text, ' '), '') FROM {t}").scalar()
        for t in ("contacts", "help_questions", "talents", "follow_ups", "follow_up_events"))
    for text in PLAIN:
        assert text not in dump, text
    assert conn.exec_driver_sql("SELECT resident_name_hmac FROM follow_ups").scalar() \
        == name_index("fatima el amrani")
    follow_up = db.session.get(FollowUp, FOLLOW_UP_ID)
    assert (follow_up.resident_name, follow_up.resident_phone, follow_up.note) == (
        "Fatima El Amrani", "0687654321", "Liefst na schooltijd")
    assert follow_up.contact.note == "Zorgen over de huur"
    # Duplicate detection compares plaintext hashes: the same item again is a duplicate,
    # a changed note a conflict, although every stored token differs.
    again = phone.post(URL, json={"contacts": [item]}).json["results"][0]
    assert again["status"] == "duplicate"
    changed = phone.post(URL, json={"contacts": [{**item, "note": "Iets anders"}]})
    assert changed.json["results"][0]["status"] == "conflict"


def test_bundle_gives_the_worker_readable_details(login_as, world):
    phone = login_as("veldwerker")
    phone.post(URL, json={"contacts": [contact_item(**TALKED)]})
    bundle = phone.get("/api/v1/veld/bundle")
    assert bundle.status_code == 200
    [follow_up] = bundle.json["follow_ups"]
    assert (follow_up["resident_name"], follow_up["resident_phone"], follow_up["note"]) == (
        "Fatima El Amrani", "0687654321", "Liefst na schooltijd")
    # Same content, same version: the random IV of each token does not leak into it.
    assert phone.get("/api/v1/veld/bundle").headers["ETag"] == bundle.headers["ETag"]


GESPREK = {"outcome": "gesprek"}


@pytest.mark.parametrize(("consent", "field", "value", "path"), [
    ("anoniem", "resident_name", "Fatima", ("follow_up", "resident_name")),
    ("anoniem", "resident_phone", "0612345678", ("follow_up", "resident_phone")),
    ("geen", "resident_name", "Fatima", ("consent",)),
    ("opvolging", "resident_name", "x" * 201, ("follow_up", "resident_name")),
    ("opvolging", "resident_phone", "0" * 41, ("follow_up", "resident_phone")),
    ("opvolging", "note", "x" * 501, ("follow_up", "note")),
], ids=["name-anoniem", "phone-anoniem", "name-geen", "name-too-long", "phone-too-long",
        "follow-up-note-too-long"])
def test_resident_details_only_with_consent_opvolging_and_within_limits(
        db, login_as, world, consent, field, value, path):
    item = contact_item(outcome="gesprek", consent=consent,
                        follow_up={"id": FOLLOW_UP_ID, "kind": "terugbellen", field: value})
    result = login_as("veldwerker").post(URL, json={"contacts": [item]}).json["results"][0]
    assert result["status"] == "rejected"
    errors = result["errors"]
    for key in path:
        errors = errors[key]
    assert errors
    assert db.session.get(FollowUp, FOLLOW_UP_ID) is None


@pytest.mark.parametrize(("overrides", "path"), [
    ({"note": "x" * 501}, ("note",)),
    ({"help_questions": [{"category": "wonen", "note": "x" * 301}]},
     ("help_questions", "0", "note")),
    ({"talents": [{"kind": "koken", "note": "x" * 301}]}, ("talents", "0", "note")),
], ids=["contact-note", "help-question-note", "talent-note"])
def test_notes_have_a_length_limit(login_as, world, overrides, path):
    item = contact_item(**{**GESPREK, "consent": "anoniem", **overrides})
    result = login_as("veldwerker").post(URL, json={"contacts": [item]}).json["results"][0]
    assert result["status"] == "rejected"
    errors = result["errors"]
    for key in path:
        errors = errors[key]
    assert errors
