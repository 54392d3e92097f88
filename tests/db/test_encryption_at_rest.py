"""Encryption at rest: a dump (raw SQL) shows no name, phone or note; the ORM reads them;
keys rotate; the app refuses to start without a key; the migration encrypts old rows."""

import uuid

import pytest
from cryptography.fernet import Fernet
from flask_migrate import upgrade
from sqlalchemy import text

from outreach.config import ConfigError, from_environment
from outreach.extensions import db as _db
from outreach.models import Contact, FollowUp
from outreach.models.crypto import FieldKeyError, decrypt_text, name_index
from outreach.services.field_keys import rotate_field_keys
from tests.conftest import TEST_FIELD_KEY, make_test_app
from tests.privacy_world import make_resident, town_for

# (table, column, the plaintext make_resident stores there)
PERSONAL = [
    ("follow_ups", "resident_name", "Mevr. A. Jansen"),
    ("follow_ups", "resident_phone", "0612345678"),
    ("follow_ups", "note", "Bellen na 17 uur"),
    ("follow_ups", "handover_agreement", "Afspraak bij schuldhulp"),
    ("follow_up_events", "note", "Gesproken met dochter"),
    ("contacts", "note", "Deurnotitie schulden"),
    ("help_questions", "note", "Achterstand huur"),
    ("talents", "note", "Kookt graag Surinaams"),
]


def _raw(db, table: str, column: str) -> list[str]:
    # The driver's own connection: no TypeDecorator between us and the stored bytes.
    rows = db.session.connection().exec_driver_sql(
        f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL").all()
    return [r[0] for r in rows]


@pytest.fixture()
def resident(db, users):
    return make_resident(town_for(users), users["veldwerker"])


@pytest.mark.parametrize(("table", "column", "plain"), PERSONAL,
                         ids=[f"{t}.{c}" for t, c, _ in PERSONAL])
def test_raw_sql_sees_no_plaintext_of_personal_fields(db, resident, table, column, plain):
    stored = _raw(db, table, column)
    assert stored, "the fixture stored a value"
    assert all(plain not in value for value in stored)
    assert all(value.startswith("gAAAA") for value in stored)  # Fernet tokens
    dump = db.session.connection().exec_driver_sql(
        f"SELECT string_agg({table}::text, ' ') FROM {table}").scalar()
    assert plain not in dump


def test_orm_reads_every_encrypted_field_back(db, resident):
    db.session.expire_all()
    follow_up = db.session.get(FollowUp, resident.follow_up.id)
    assert (follow_up.resident_name, follow_up.resident_phone, follow_up.note,
            follow_up.handover_agreement) == (
        "Mevr. A. Jansen", "0612345678", "Bellen na 17 uur", "Afspraak bij schuldhulp")
    assert [e.note for e in follow_up.events] == [None, "Gesproken met dochter"]
    contact = db.session.get(Contact, resident.contact.id)
    assert contact.note == "Deurnotitie schulden"
    assert [q.note for q in contact.help_questions] == ["Achterstand huur"]
    assert [t.note for t in contact.talents] == ["Kookt graag Surinaams"]


def test_same_text_twice_gives_different_ciphertext(db, users):
    town = town_for(users)
    make_resident(town, users["veldwerker"])
    make_resident(town, users["veldwerker"])
    names = _raw(db, "follow_ups", "resident_name")
    assert len(names) == 2 and names[0] != names[1]


def test_name_index_is_set_with_the_name_and_cleared_with_it(db, resident):
    stored = db.session.connection().exec_driver_sql(
        "SELECT resident_name_hmac FROM follow_ups").scalar()
    assert stored == name_index("  mevr. a.   JANSEN ")
    assert "Jansen" not in stored
    resident.follow_up.resident_name = None
    db.session.commit()
    assert db.session.connection().exec_driver_sql(
        "SELECT resident_name_hmac FROM follow_ups").scalar() is None


def test_core_insert_gets_a_name_index_too(db, users):
    """Bulk inserts (demo seeding) bypass ORM events; the column default fills the index."""
    from sqlalchemy import insert

    from outreach.models.enums import FollowUpKind

    follow_up_id = uuid.uuid4()
    db.session.execute(insert(FollowUp), [{"id": follow_up_id, "kind": FollowUpKind.informatie,
                                           "resident_name": "Dhr. B. de Vries"}])
    stored = db.session.connection().exec_driver_sql(
        "SELECT resident_name, resident_name_hmac FROM follow_ups").one()
    assert "Vries" not in stored[0]
    assert stored[1] == name_index("dhr. b. de vries")


def test_rotation_rewrites_every_value_with_the_new_key(app, db, resident):
    new_key = Fernet.generate_key().decode()
    old_key = TEST_FIELD_KEY
    before = {(t, c): _raw(db, t, c) for t, c, _ in PERSONAL}
    app.config["FIELD_ENCRYPTION_KEYS"] = (new_key, old_key)
    try:
        counts = rotate_field_keys()
        assert counts["follow_ups"] == 1 and counts["contacts"] == 1
        # Only the new key left: everything still reads.
        app.config["FIELD_ENCRYPTION_KEYS"] = (new_key,)
        for table, column, plain in PERSONAL:
            stored = _raw(db, table, column)
            assert stored != before[(table, column)]
            assert [decrypt_text(v) for v in stored] == [plain]
        db.session.expire_all()
        assert db.session.get(FollowUp, resident.follow_up.id).resident_name == "Mevr. A. Jansen"
        # And the old key alone no longer opens them.
        with pytest.raises(FieldKeyError):
            decrypt_text(_raw(db, "contacts", "note")[0], keys=(old_key,))
    finally:
        app.config["FIELD_ENCRYPTION_KEYS"] = (old_key,)


def test_value_under_a_dropped_key_fails_loudly(app, db, resident):
    app.config["FIELD_ENCRYPTION_KEYS"] = (Fernet.generate_key().decode(),)
    try:
        db.session.expire_all()
        with pytest.raises(FieldKeyError):
            db.session.get(FollowUp, resident.follow_up.id).note  # noqa: B018
    finally:
        app.config["FIELD_ENCRYPTION_KEYS"] = (TEST_FIELD_KEY,)
        db.session.rollback()


@pytest.mark.parametrize("keys", ["", None, "not-a-fernet-key",
                                  f"{TEST_FIELD_KEY},short"], ids=repr)
def test_app_refuses_to_start_without_a_usable_key(database_url, keys):
    with pytest.raises(ConfigError, match="FIELD_ENCRYPTION_KEYS"):
        make_test_app(database_url, FIELD_ENCRYPTION_KEYS=keys)


def test_environment_without_key_is_a_config_error(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@localhost/none")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(ConfigError, match="FIELD_ENCRYPTION_KEYS"):
        from_environment()
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", TEST_FIELD_KEY)
    assert from_environment()["FIELD_ENCRYPTION_KEYS"] == TEST_FIELD_KEY


def test_migration_encrypts_rows_stored_in_the_clear(postgis_server):
    """Rows written before 0005 (plaintext, VARCHAR) come out encrypted and readable."""
    from flask_migrate import downgrade

    name = f"buurtronde_encrypt_{uuid.uuid4().hex[:8]}"
    app = make_test_app(postgis_server.create_database(name))
    try:
        with app.app_context():
            upgrade(revision="0004")
            with _db.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO users (id, email, name, role, password_hash) "
                    "VALUES (1, 'w@example.org', 'W', 'veldwerker', 'x');"
                    "INSERT INTO buurten (id, code, name, geom) VALUES (1, 'BU1', 'B', "
                    "ST_GeomFromText('MULTIPOLYGON(((5 52,5.1 52,5.1 52.1,5 52.1,5 52)))', "
                    "4326));"
                    "INSERT INTO contacts (id, buurt_id, outcome, consent, note, recorded_at) "
                    "VALUES ('11111111-1111-1111-1111-111111111111', 1, 'gesprek', "
                    "'opvolging', 'Oude deurnotitie', now());"
                    "INSERT INTO talents (id, contact_id, kind, note) VALUES "
                    "('22222222-2222-2222-2222-222222222222', "
                    "'11111111-1111-1111-1111-111111111111', 'koken', 'Oud talent');"
                    "INSERT INTO follow_ups (id, contact_id, kind, resident_name, "
                    "resident_phone, note) VALUES ('33333333-3333-3333-3333-333333333333', "
                    "'11111111-1111-1111-1111-111111111111', 'terugbellen', 'Oude Naam', "
                    "'0101234567', 'Oude notitie');"))
            upgrade()
            with _db.engine.connect() as conn:
                raw = conn.execute(text(
                    "SELECT f.resident_name, f.resident_phone, f.note, c.note, t.note, "
                    "f.resident_name_hmac FROM follow_ups f JOIN contacts c "
                    "ON c.id = f.contact_id JOIN talents t ON t.contact_id = c.id")).one()
            assert not any(old in " ".join(raw[:5]) for old in
                           ("Oude", "0101234567", "Oud talent"))
            assert [decrypt_text(v) for v in raw[:5]] == [
                "Oude Naam", "0101234567", "Oude notitie", "Oude deurnotitie", "Oud talent"]
            assert raw[5] == name_index("oude naam")
            downgrade(revision="0004")
            with _db.engine.connect() as conn:
                assert conn.execute(text("SELECT resident_name FROM follow_ups")).scalar() \
                    == "Oude Naam"
            _db.engine.dispose()
    finally:
        postgis_server.drop_database(name)


def test_rotation_finds_every_encrypted_column_from_the_models(app):
    from outreach.services.field_keys import encrypted_columns

    with app.app_context():
        assert encrypted_columns() == {
            "follow_ups": ("id", ("resident_name", "resident_phone", "note",
                                  "handover_agreement")),
            "follow_up_events": ("id", ("note",)),
            "contacts": ("id", ("note",)),
            "help_questions": ("id", ("note",)),
            "talents": ("id", ("note",)),
        }
