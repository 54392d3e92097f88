"""Migrations: empty to head and back, and the models match what the migrations build."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

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
