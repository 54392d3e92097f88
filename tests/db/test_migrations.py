"""Migrations: empty to head and back, and the models match what the migrations build."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from outreach.extensions import db as _db
from tests.conftest import make_test_app

OUR_TABLES = {
    "addresses", "audit_events", "buurten", "contacts", "follow_up_events", "follow_ups",
    "follow_up_service_levels", "help_questions", "partner_buurten", "partner_links",
    "partners", "round_buurten", "round_streets",
    "round_workers", "rounds", "streets", "talents", "users",
}


@pytest.fixture()
def empty_app(postgis_server):
    name = f"buurtronde_migrations_{uuid.uuid4().hex[:8]}"
    app = make_test_app(postgis_server.create_database(name))
    with app.app_context():
        yield app
        _db.engine.dispose()
    postgis_server.drop_database(name)


def _tables() -> set[str]:
    return set(inspect(_db.engine).get_table_names()) - {"spatial_ref_sys", "alembic_version"}


def test_migrations_run_from_empty_to_head_and_back(empty_app):
    upgrade()
    assert _tables() == OUR_TABLES
    with _db.engine.connect() as conn:
        gist = conn.scalars(text(
            "SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")).all()
    assert {"buurten", "streets", "addresses", "contacts", "partners", "rounds"} <= set(gist)
    downgrade(revision="base")
    assert _tables() == set()
    upgrade()
    assert _tables() == OUR_TABLES


def test_models_and_migrations_agree(empty_app):
    from geoalchemy2 import alembic_helpers

    upgrade()
    with _db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": alembic_helpers.include_object,
            "compare_type": True,
        })
        diff = [d for d in compare_metadata(context, _db.metadata)
                if not (d[0] == "remove_table" and d[1].name == "spatial_ref_sys")]
    assert diff == []


def test_database_refuses_unknown_enum_values(empty_app):
    from sqlalchemy.exc import IntegrityError

    upgrade()
    with _db.engine.connect() as conn, pytest.raises(IntegrityError):
        conn.execute(text(
            "INSERT INTO users (email, name, role, password_hash) "
            "VALUES ('x@example.org', 'X', 'superuser', 'x')"))


def _app_privileges(conn) -> list:
    return conn.execute(text(
        "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
        "WHERE grantee = 'buurtronde_app' ORDER BY 1, 2")).all()


def _default_privileges(conn) -> int:
    return conn.scalar(text(
        "SELECT count(*) FROM pg_default_acl, aclexplode(defaclacl) a "
        "WHERE a.grantee = 'buurtronde_app'::regrole"))


def test_0008_downgrades_to_0007_exactly_and_upgrades_again(empty_app):
    upgrade()
    with _db.engine.connect() as conn:
        granted = _app_privileges(conn)
        assert ("audit_events", "INSERT") in granted and ("audit_events", "DELETE") not in granted
        assert _default_privileges(conn) > 0
    downgrade(revision="0007")
    with _db.engine.connect() as conn:
        assert _app_privileges(conn) == []
        assert _default_privileges(conn) == 0
        assert conn.scalar(text("SELECT to_regprocedure('purge_audit_events(integer, boolean)') "
                                "IS NULL AND to_regprocedure('grant_app_privileges()') IS NULL"))
        # 0006's trigger again: the setting alone opens DELETE, for whoever sets it.
        conn.execute(text("INSERT INTO audit_events (action) VALUES ('login.success')"))
        conn.execute(text("SET LOCAL buurtronde.audit_retention = 'on'"))
        conn.execute(text("DELETE FROM audit_events"))
    upgrade()
    with _db.engine.connect() as conn:
        assert _app_privileges(conn) == granted
        # Granting again changes nothing (restore.sh does it after every restore).
        conn.execute(text("SELECT grant_app_privileges()"))
        assert _app_privileges(conn) == granted


def test_0008_refuses_a_login_that_does_not_own_the_tables(postgis_server, template_database,
                                                           empty_app):
    upgrade(revision="0007")
    name = _db.engine.url.database
    with _db.engine.begin() as conn:  # enough to get as far as 0008 itself
        conn.execute(text(f'GRANT ALL ON alembic_version TO "{postgis_server.app_login}"'))
    stranger = make_test_app(empty_app.config["SQLALCHEMY_DATABASE_URI"],
                             MIGRATION_DATABASE_URI=postgis_server.app_url(name))
    try:
        with stranger.app_context(), pytest.raises(Exception, match="as the owner of the tables"):
            upgrade()
    finally:
        with stranger.app_context():
            _db.engine.dispose()
    with _db.engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == "0007"


@pytest.fixture()
def owner_login(postgis_server, template_database):
    """A database owned by a plain login (no superuser, no CREATEROLE), as on a VPS."""
    name = f"buurtronde_owned_{uuid.uuid4().hex[:8]}"
    yield name, postgis_server.create_owned_database(name)
    postgis_server.drop_database(name)


def test_a_plain_owner_migrates_and_the_app_login_works_on_it(postgis_server, owner_login):
    """DATABASE_URL the app's login, MIGRATION_DATABASE_URL the owner's: docs/deploy.md."""
    from outreach.services.users import authenticate, create_user

    name, owner_url = owner_login
    app = make_test_app(postgis_server.app_url(name), MIGRATION_DATABASE_URI=owner_url)
    try:
        with app.app_context():
            upgrade()
            with _db.engine.connect() as conn:
                owners = set(conn.scalars(text(
                    "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v') "
                    "AND NOT EXISTS (SELECT 1 FROM pg_depend d "
                    "WHERE d.objid = c.oid AND d.deptype = 'e')")))
                assert owners == {make_url(owner_url).username}
            create_user("eerste@example.org", "Eerste Beheerder", "beheerder",
                        "correct horse battery staple")
            assert authenticate("eerste@example.org", "correct horse battery staple")
            _db.session.remove()
            downgrade(revision="base")
            with _db.engine.connect() as conn:
                assert conn.scalar(text("SELECT to_regclass('public.users')")) is None
    finally:
        with app.app_context():
            _db.engine.dispose()


def _follow_up_buurten(conn) -> list:
    return conn.execute(text("SELECT kind, buurt_id FROM follow_ups ORDER BY kind")).all()


def _contact_indexes(conn) -> set[str]:
    return set(conn.scalars(text("SELECT indexname FROM pg_indexes WHERE tablename = 'contacts'")))


def test_0012_gives_existing_follow_ups_their_buurt_and_downgrades_to_0011_exactly(empty_app):
    from tests.factories import BUURT_WKT

    upgrade(revision="0011")
    with _db.engine.begin() as conn:
        indexes_0011 = _contact_indexes(conn)
        buurt = conn.scalar(text("INSERT INTO buurten (code, name, geom) "
                                 "VALUES ('BU99990090', 'Oud', ST_GeomFromEWKT(:g)) RETURNING id"),
                            {"g": BUURT_WKT})
        contact = conn.scalar(text("INSERT INTO contacts (id, buurt_id, outcome, recorded_at) "
                                   "VALUES (gen_random_uuid(), :b, 'gesprek', now()) RETURNING id"),
                              {"b": buurt})
        conn.execute(text("INSERT INTO follow_ups (id, contact_id, kind, status) VALUES "
                          "(gen_random_uuid(), :c, 'huisbezoek', 'open'), "
                          "(gen_random_uuid(), NULL, 'terugbellen', 'open')"), {"c": contact})
    upgrade(revision="0012")
    with _db.engine.begin() as conn:
        assert _follow_up_buurten(conn) == [("huisbezoek", buurt), ("terugbellen", None)]
        assert _contact_indexes(conn) == (
            indexes_0011 - {"ix_contacts_buurt_id"} | {"ix_contacts_buurt_street_door"})
    downgrade(revision="0011")
    with _db.engine.begin() as conn:
        assert _contact_indexes(conn) == indexes_0011
        assert "buurt_id" not in {c["name"] for c in inspect(conn).get_columns("follow_ups")}
        assert conn.scalar(text(
            "SELECT to_regprocedure('follow_up_from_contact()') IS NULL "
            "AND to_regprocedure('contact_buurt_to_follow_ups()') IS NULL"))
        # Without the triggers, contacts and follow-ups are written as before.
        conn.execute(text("UPDATE contacts SET buurt_id = buurt_id"))
        conn.execute(text("INSERT INTO follow_ups (id, contact_id, kind, status) "
                          "VALUES (gen_random_uuid(), :c, 'informatie', 'open')"), {"c": contact})
    upgrade()
    with _db.engine.begin() as conn:
        assert _follow_up_buurten(conn) == [
            ("huisbezoek", buurt), ("informatie", buurt), ("terugbellen", None)]
