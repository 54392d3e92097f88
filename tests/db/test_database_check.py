"""The app says exactly what to do when the database lacks PostGIS or the settings are missing."""

import uuid

import psycopg
import pytest

from outreach.config import ConfigError, from_environment
from outreach.extensions import db as _db
from outreach.services.database import DatabaseNotReady, check_postgis
from tests.conftest import _admin_conninfo, make_test_app


def test_check_postgis_reports_the_version(app):
    assert check_postgis().startswith("3.")


def test_database_without_postgis_gets_the_exact_fix(postgis_server):
    name = f"buurtronde_nopostgis_{uuid.uuid4().hex[:8]}"
    url = postgis_server.create_database(name)
    with psycopg.connect(**{**_admin_conninfo(postgis_server.url), "dbname": name}) as conn:
        conn.execute("DROP EXTENSION postgis")
    app = make_test_app(url)
    try:
        with app.app_context(), pytest.raises(DatabaseNotReady) as raised:
            check_postgis()
        assert "CREATE EXTENSION postgis" in str(raised.value)
        assert name in str(raised.value)
    finally:
        with app.app_context():
            _db.engine.dispose()
        postgis_server.drop_database(name)


def test_cli_check_db_exits_non_zero_without_postgis(postgis_server):
    name = f"buurtronde_nopostgis_{uuid.uuid4().hex[:8]}"
    url = postgis_server.create_database(name)
    with psycopg.connect(**{**_admin_conninfo(postgis_server.url), "dbname": name}) as conn:
        conn.execute("DROP EXTENSION postgis")
    app = make_test_app(url)
    try:
        with app.app_context():  # else the CLI would use the suite's own app context
            result = app.test_cli_runner().invoke(args=["outreach", "check-db"])
        assert result.exit_code == 1
        assert "CREATE EXTENSION postgis" in result.output
    finally:
        with app.app_context():
            _db.engine.dispose()
        postgis_server.drop_database(name)


def test_missing_database_url_says_how_to_fix(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="make run"):
        from_environment()
