"""Fixtures: a real PostGIS for the whole run, an app on it, a rolled-back transaction per test.

The server is the one TEST_DATABASE_URL names (any database on it; we make our own),
else a throwaway private cluster in a temporary folder (outreach.devcluster), so the
suite needs nothing running beforehand. Migrations run once into a template
database; unit tests use a copy of it, browser tests get fresh copies of their own.

As in production, migrations run as the owner of the tables (the server's login) and the
app as a login of its own for this run, a member of buurtronde_app (migration 0008): a
grant the app lacks fails a test. Tests that need the owner's powers say so (owner_db).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import secrets
import shutil
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from outreach import create_app, devcluster
from outreach.extensions import attempt_budgets, limiter
from outreach.extensions import db as _db
from outreach.models.enums import Role

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RUN_ID = uuid.uuid4().hex[:8]
TEST_PASSWORD = "correct horse battery staple"
# A fixed Fernet key for resident details and notes (tests only; never used in production).
TEST_FIELD_KEY = "C7HVW71aditBdGjhF4i9mclGTIdlQt9Oc_csA32z_ek="


def _admin_conninfo(server: URL) -> dict:
    info = {"dbname": "postgres", "autocommit": True}
    if server.host:
        info["host"] = server.host
    if server.query.get("host"):
        info["host"] = server.query["host"]
    if server.port:
        info["port"] = server.port
    if server.username:
        info["user"] = server.username
    if server.password:
        info["password"] = server.password
    return info


class PostGISServer:
    """A PostgreSQL server on which the suite makes and drops its own databases.

    Its login (the server's superuser, or TEST_DATABASE_URL's) owns the tables and runs
    the migrations; the app connects as APP_LOGIN, made once the group role exists.
    """

    APP_GROUP = "buurtronde_app"

    def __init__(self, url: URL):
        self.url = url.set(drivername="postgresql+psycopg")
        # Roles belong to the whole server: one per run, so runs on one server never meet.
        self.app_login = f"buurtronde_test_{RUN_ID}"
        self._app_password = secrets.token_urlsafe(16)
        self.plain_owner = f"buurtronde_owner_{RUN_ID}"
        self._owner_password = secrets.token_urlsafe(16)

    def _admin(self):
        return psycopg.connect(**_admin_conninfo(self.url))

    def create_app_login(self) -> None:
        """Make this run's app login, a member of the group role migration 0008 made."""
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(
                sql.Identifier(self.app_login)))
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(self.app_login), sql.Literal(self._app_password),
                sql.Identifier(self.APP_GROUP)))

    def drop_logins(self) -> None:
        with self._admin() as conn:
            for login in (self.app_login, self.plain_owner):
                try:
                    conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(
                        sql.Identifier(login)))
                except psycopg.errors.DependentObjectsStillExist:
                    pass  # a database a failed test left behind still belongs to it

    def create_owned_database(self, name: str) -> str:
        """An empty PostGIS database owned by a plain login (no superuser, no CREATEROLE),
        as on a VPS (docs/deploy.md); answers that owner's URL."""
        with self._admin() as conn:
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                (self.plain_owner,)).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(self.plain_owner), sql.Literal(self._owner_password)))
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(self.plain_owner)))
        with psycopg.connect(**{**_admin_conninfo(self.url), "dbname": name}) as conn:
            conn.execute("CREATE EXTENSION postgis")
        return self.url.set(database=name, username=self.plain_owner,
                            password=self._owner_password).render_as_string(hide_password=False)

    def owner_url(self, name: str) -> str:
        """URL of database NAME as the owner of its tables."""
        return self.url.set(database=name).render_as_string(hide_password=False)

    def app_url(self, name: str) -> str:
        """URL of database NAME as the app's login."""
        return self.url.set(database=name, username=self.app_login,
                            password=self._app_password).render_as_string(hide_password=False)

    def create_database(self, name: str, template: str | None = None) -> str:
        """Make database NAME; a copy of TEMPLATE answers the app's URL, an empty one the owner's.

        An empty database is there to be migrated (by its owner); a migrated copy is there
        for an app, which connects as the app's login.
        """
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if template:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            else:
                conn.execute(f'CREATE DATABASE "{name}"')
        if template:
            return self.app_url(name)
        with psycopg.connect(**{**_admin_conninfo(self.url), "dbname": name}) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        return self.owner_url(name)

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Argon2 at production cost takes ~80 ms a hash; tests make hundreds of users."""
    from argon2 import PasswordHasher

    from outreach.services import users

    production = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    users._hasher = production


@pytest.fixture(scope="session")
def postgis_server():
    """The server for this run: TEST_DATABASE_URL's, else a private throwaway cluster."""
    named = os.environ.get("TEST_DATABASE_URL")
    if named:
        yield PostGISServer(make_url(named))
        return
    folder = Path(tempfile.mkdtemp(prefix="buurtronde-test-"))
    folder.chmod(0o755)  # when root runs the suite, the postgres user must reach the cluster
    datadir = folder / "pg"
    devcluster.start(datadir, durable=False)  # a throwaway: speed over surviving a power cut
    try:
        yield PostGISServer(make_url(devcluster.url(datadir, "postgres")))
    finally:
        devcluster.stop(datadir)
        shutil.rmtree(folder, ignore_errors=True)


class IsolatedClient(FlaskClient):
    """A test client whose requests run outside the test's app context.

    The test body holds an app context (for calling services); without this, requests
    would reuse it and share `g` (Flask-Login caches the user there) across requests.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_test_app(database_url: str, **overrides):
    """An app on DATABASE_URL with test settings."""
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "FIELD_ENCRYPTION_KEYS": TEST_FIELD_KEY,
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def template_database(postgis_server):
    """Name of a database migrated to head, used only as a template for copies."""
    from flask_migrate import upgrade

    name = f"buurtronde_template_{RUN_ID}"
    url = postgis_server.create_database(name)
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        _db.engine.dispose()  # a template must have no open connections
    postgis_server.create_app_login()
    yield name
    postgis_server.drop_database(name)
    postgis_server.drop_logins()


@pytest.fixture(scope="session")
def database_url(postgis_server, template_database):
    """URL of the database unit tests share (each test rolls back), as the app's login."""
    name = f"buurtronde_unit_{RUN_ID}"
    url = postgis_server.create_database(name, template=template_database)
    yield url
    postgis_server.drop_database(name)


@pytest.fixture(scope="session")
def owner_database_url(postgis_server, database_url):
    """The unit tests' database as the owner of its tables."""
    return postgis_server.owner_url(make_url(database_url).database)


@pytest.fixture()
def owner_db(owner_database_url):
    """A connection as the owner, in a transaction rolled back after the test.

    It does not see the `db` fixture's uncommitted rows: make what the test needs here.
    """
    engine = sa.create_engine(owner_database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        finally:
            outer.rollback()
    engine.dispose()


@pytest.fixture(scope="session")
def app(database_url):
    app = make_test_app(database_url)
    with app.app_context():
        yield app
        _db.engine.dispose()


class _ConnectionBoundSession(FlaskSession):
    # Flask-SQLAlchemy's Session picks the engine per table and ignores `bind`;
    # here every statement must go through the test's one connection.
    def get_bind(self, *args, **kwargs):
        return self.bind


@contextlib.contextmanager
def _session_in_rolled_back_transaction(connection):
    """The Flask-SQLAlchemy session bound to CONNECTION, in a transaction rolled back after.

    Services commit; with join_transaction_mode="create_savepoint" their commits and
    rollbacks only move savepoints inside our outer transaction.
    """
    outer = connection.begin()
    original = _db.session
    _db.session = _db._make_scoped_session(
        {"bind": connection, "join_transaction_mode": "create_savepoint",
         "class_": _ConnectionBoundSession})
    limiter.reset()
    attempt_budgets.reset()
    try:
        yield _db
    finally:
        _db.session.remove()
        _db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture()
def db(app):
    """The Flask-SQLAlchemy handle as the app's login, every change rolled back after the test."""
    with _session_in_rolled_back_transaction(_db.engine.connect()) as handle:
        yield handle


@pytest.fixture()
def db_as_owner(app, owner_database_url):
    """Like `db`, but as the owner of the tables: for a test that changes the schema inside
    its transaction (a trigger that makes the database refuse one row). Use it sparingly:
    the app itself never has these rights."""
    engine = sa.create_engine(owner_database_url, poolclass=sa.pool.NullPool)
    try:
        with _session_in_rolled_back_transaction(engine.connect()) as handle:
            yield handle
    finally:
        engine.dispose()


@pytest.fixture()
def client(app, db):
    return app.test_client()


@pytest.fixture()
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture()
def users(db):
    """One active user per role, by role name."""
    from outreach.services.users import create_user

    return {
        role.value: create_user(f"{role.value}@test.example", f"Test {role.value.title()}",
                                role.value, TEST_PASSWORD)
        for role in Role
    }


@pytest.fixture()
def login_as(app, db, users):
    """login_as("coordinator") -> a test client with that user's session."""

    def _login(role: str):
        test_client = app.test_client()
        with test_client.session_transaction() as session:
            session["_user_id"] = str(users[role].id)
            session["_fresh"] = True
        return test_client

    return _login


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the project; tests that need it are skipped loudly without it."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real test data not found at {SHARED_DATA}")
    return SHARED_DATA
