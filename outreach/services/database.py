"""Checks that the database is one Buurtronde can live in."""

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
