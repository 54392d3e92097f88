"""Checks the database: reachable, with PostGIS, and an app login that cannot edit the audit log."""

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ..extensions import db


class DatabaseNotReady(RuntimeError):
    """The database is unreachable or lacks PostGIS; the message says what to do."""


def check_postgis() -> str:
    """Return the PostGIS version, or raise DatabaseNotReady with the exact fix."""
    url = db.engine.url.render_as_string(hide_password=True)
    try:
        with db.engine.connect() as conn:
            installed = conn.scalar(text(
                "SELECT extversion FROM pg_extension WHERE extname = 'postgis'"))
            available = conn.scalar(text(
                "SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'"))
            dbname = conn.scalar(text("SELECT current_database()"))
    except OperationalError as exc:
        raise DatabaseNotReady(
            f"Cannot reach the database at {url}: {exc.orig}. "
            "Check DATABASE_URL, or unset it and use `make run` for a private database."
        ) from exc
    if installed:
        return installed
    if available:
        raise DatabaseNotReady(
            f'PostGIS is not installed in database "{dbname}" ({url}). '
            f'As a superuser run: psql -d {dbname} -c "CREATE EXTENSION postgis;"'
        )
    raise DatabaseNotReady(
        f"PostGIS is not available on the server behind {url}. Install it on that server "
        "(Debian/Ubuntu: sudo apt-get install postgresql-postgis), then run "
        f'psql -d {dbname} -c "CREATE EXTENSION postgis;" as a superuser.'
    )


@dataclass(frozen=True)
class LoginReport:
    """What the app's own database login may do beyond its work (docs/deploy.md)."""

    name: str
    problems: list[str]
    audit_log_checked: bool


def app_login_report() -> LoginReport:
    """Check that the app's login owns nothing, creates nothing, and cannot edit the audit log."""
    with db.engine.connect() as conn:
        row = conn.execute(text("""
            SELECT current_user AS name,
                   (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
                   (SELECT pg_has_role(current_user, datdba, 'USAGE') FROM pg_database
                     WHERE datname = current_database()) AS owns_database,
                   pg_has_role(current_user, (SELECT nspowner FROM pg_namespace
                                              WHERE nspname = 'public'), 'USAGE') AS owns_schema,
                   has_schema_privilege('public', 'CREATE') AS may_create,
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public'
                       AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owned_relations,
                   to_regclass('public.audit_events') IS NOT NULL AS audit_log_exists
        """)).mappings().one()
        audit_rights = []
        if row["audit_log_exists"]:
            audit_rights = [right for right in ("UPDATE", "DELETE", "TRUNCATE") if conn.scalar(
                text("SELECT has_table_privilege('public.audit_events', :right)"),
                {"right": right})]
    name = row["name"]
    if row["superuser"]:
        problems = [f"the app's database login {name} is a superuser: it can change or wipe "
                    "the audit log. Give the app a login of its own (MIGRATION_DATABASE_URL "
                    "for the owner)."]
    else:
        problems = []
        if row["owns_database"] or row["owns_schema"] or row["owned_relations"]:
            problems.append(f"the app's database login {name} owns the database, its schema "
                            "or its tables: it can switch the audit log's guard off.")
        if row["may_create"]:
            problems.append(f"the app's database login {name} may create tables in schema "
                            "public.")
        if audit_rights:
            problems.append(f"the app's database login {name} may {', '.join(audit_rights)} "
                            "on audit_events.")
    return LoginReport(name=name, problems=problems, audit_log_checked=row["audit_log_exists"])
