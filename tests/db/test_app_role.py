"""The app's database login has what its work needs and nothing more (migration 0008).

It owns nothing, creates nothing, may read and write the app's tables, only add to and
read the audit log, and reach audit rows past their term only through purge_audit_events.
`check-db` says so, and says what is wrong when the app runs as a stronger login.
"""

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from outreach.extensions import db as _db
from outreach.services.database import app_login_report
from tests.conftest import make_test_app
from tests.db.test_migrations import OUR_TABLES

DML = ("SELECT", "INSERT", "UPDATE", "DELETE")
NEVER = ("TRUNCATE", "REFERENCES", "TRIGGER")


def _has(db, table: str, privilege: str) -> bool:
    return db.session.scalar(text("SELECT has_table_privilege(:t, :p)"),
                             {"t": f"public.{table}", "p": privilege})


def test_the_apps_login_is_a_plain_member_of_the_app_role(db):
    row = db.session.execute(text(
        "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, "
        "pg_has_role(current_user, 'buurtronde_app', 'MEMBER'), "
        "(SELECT rolcanlogin FROM pg_roles WHERE rolname = 'buurtronde_app') "
        "FROM pg_roles r WHERE r.rolname = current_user")).one()
    assert tuple(row) == (False, False, False, False, True, False)


def test_the_apps_login_owns_nothing(db):
    owned = db.session.execute(text(
        "SELECT d.classid::regclass::text, d.objid FROM pg_shdepend d JOIN pg_roles r "
        "ON r.oid = d.refobjid WHERE d.deptype = 'o' "
        "AND r.rolname IN (current_user, 'buurtronde_app')")).all()
    assert owned == []
    assert not db.session.scalar(text(
        "SELECT bool_or(pg_has_role(current_user, relowner, 'USAGE')) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"))


@pytest.mark.parametrize("statement", [
    "CREATE TABLE scratch (id int)",
    "CREATE TABLE public.scratch (id int)",
    "CREATE VIEW public.all_events AS SELECT * FROM audit_events",
    "CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql AS 'SELECT now()'",
    "CREATE SCHEMA scratch",
    "CREATE INDEX ix_scratch ON contacts (note)",
    "ALTER TABLE contacts ADD COLUMN scratch int",
    "DROP TABLE partner_links",
    "SELECT grant_app_privileges()",
])
def test_the_apps_login_cannot_change_the_schema(db, statement):
    with pytest.raises(DBAPIError) as refused:
        db.session.execute(text(statement))
    assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege), refused.value
    db.session.rollback()


def test_the_apps_login_reads_and_writes_every_table_but_only_adds_to_the_audit_log(db):
    for table in OUR_TABLES - {"audit_events"}:
        assert [p for p in DML if not _has(db, table, p)] == [], table
        assert [p for p in NEVER if _has(db, table, p)] == [], table
    assert [p for p in DML + NEVER if _has(db, "audit_events", p)] == ["SELECT", "INSERT"]
    assert [p for p in DML + NEVER if _has(db, "alembic_version", p)] == ["SELECT"]
    sequences = db.session.scalars(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'S'")).all()
    assert "audit_events_id_seq" in sequences
    for sequence in sequences:
        assert db.session.scalar(text("SELECT has_sequence_privilege(:s, 'USAGE')"),
                                 {"s": sequence}), sequence
        assert not db.session.scalar(text("SELECT has_sequence_privilege(:s, 'UPDATE')"),
                                     {"s": sequence}), sequence


def test_only_the_app_role_may_call_the_purge_and_it_runs_as_the_owner(db):
    row = db.session.execute(text(
        "SELECT p.prosecdef, p.proconfig, pg_get_userbyid(p.proowner), "
        "pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = 'audit_events'::regclass)), "
        "has_function_privilege('public', p.oid, 'EXECUTE'), "
        "has_function_privilege('buurtronde_app', p.oid, 'EXECUTE') "
        "FROM pg_proc p WHERE p.oid = 'purge_audit_events(integer, boolean)'::regprocedure"
    )).one()
    definer, settings, owner, table_owner, public_may, app_may = row
    assert definer and owner == table_owner
    assert "search_path=pg_catalog, pg_temp" in settings
    assert not public_may and app_may


def test_check_db_says_the_apps_login_is_fine(runner):
    result = runner.invoke(args=["outreach", "check-db"])
    assert result.exit_code == 0, result.output
    assert "owns nothing, may only add to the audit log: ok" in result.output
    assert app_login_report().problems == []


def test_check_db_warns_when_the_app_runs_as_the_owner(owner_database_url):
    app = make_test_app(owner_database_url)
    try:
        with app.app_context():
            report = app_login_report()
            result = app.test_cli_runner().invoke(args=["outreach", "check-db"])
    finally:
        with app.app_context():
            _db.engine.dispose()
    assert report.problems and "audit log" in report.problems[0]
    assert result.exit_code == 0  # a warning: installations from before keep running
    assert "warning:" in result.output and "Database roles" in result.output


def test_a_table_a_later_migration_adds_gets_the_apps_grants(owner_db):
    """Default privileges (migration 0008): a new table needs no grant of its own."""
    owner_db.execute(text("CREATE TABLE later_table (id bigserial PRIMARY KEY, x int)"))
    granted = [p for p in DML + NEVER if owner_db.scalar(
        text("SELECT has_table_privilege('buurtronde_app', 'later_table', :p)"), {"p": p})]
    assert granted == list(DML)
    assert owner_db.scalar(text(
        "SELECT has_sequence_privilege('buurtronde_app', 'later_table_id_seq', 'USAGE')"))
