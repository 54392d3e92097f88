"""Backup and restore: scripts/backup.sh dumps a seeded database with the real pg_dump,
scripts/restore.sh loads it into a fresh PostGIS database with the real pg_restore, and
every row of every table comes back (row counts and a checksum of each table's rows)."""

from __future__ import annotations

import os
import subprocess
import uuid
from datetime import date
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from outreach import devcluster
from outreach.extensions import db as _db
from outreach.models import AuditEvent, Contact, FollowUp, FollowUpEvent, HelpQuestion, User
from outreach.services.users import create_user
from tests.conftest import TEST_PASSWORD, _admin_conninfo, make_test_app
from tests.handover import make_handover

ROOT = Path(__file__).resolve().parents[2]


def _tables(conn) -> list[str]:
    return conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'spatial_ref_sys' ORDER BY tablename").fetchall()


def _fingerprint(url_conninfo: dict) -> dict[str, tuple[int, str]]:
    """Per table: (row count, md5 over the sorted md5s of its rows as text)."""
    with psycopg.connect(**url_conninfo) as conn:
        result = {}
        for (table,) in _tables(conn):
            count, digest = conn.execute(
                f'SELECT count(*), md5(coalesce(string_agg(md5(t::text), \'\' '
                f'ORDER BY md5(t::text)), \'\')) FROM "{table}" t').fetchone()
            result[table] = (count, digest)
        return result


def _conninfo(postgis_server, name: str) -> dict:
    return {**_admin_conninfo(postgis_server.url), "dbname": name}


def _script_env(url: str) -> dict:
    # The client programs must match the server's major version: take them from beside it.
    return {**os.environ, "DATABASE_URL": url, "PG_BINDIR": str(devcluster.find_bindir())}


@pytest.fixture()
def seeded_database(postgis_server, template_database):
    """A committed database (not a rolled-back test transaction) with one of everything.

    Its URL is the app's login: backups run as it (docs/deploy.md), restores as the owner.
    """
    name = f"buurtronde_backup_{uuid.uuid4().hex[:8]}"
    url = postgis_server.create_database(name, template=template_database)
    app = make_test_app(url)
    with app.app_context():
        people = {role: create_user(f"{role}@backup.example", f"Backup {role}", role,
                                    TEST_PASSWORD)
                  for role in ("veldwerker", "coordinator", "teamleider", "beheerder")}
        make_handover(people["veldwerker"], people["teamleider"], round_date=date(2026, 11, 2))
        counts = {model.__tablename__: _db.session.scalar(
            select(func.count()).select_from(model))
            for model in (User, Contact, HelpQuestion, FollowUp, FollowUpEvent, AuditEvent)}
        _db.session.remove()
        _db.engine.dispose()
    yield name, url, counts
    postgis_server.drop_database(name)


def test_backup_restores_into_a_fresh_database_with_every_record(
        postgis_server, seeded_database, tmp_path):
    name, url, counts = seeded_database
    assert all(n > 0 for n in counts.values()), counts
    assert counts["follow_up_events"] >= 1 and counts["audit_events"] >= 5

    backup = subprocess.run(["bash", str(ROOT / "scripts/backup.sh"), str(tmp_path / "dumps")],
                            env=_script_env(url), capture_output=True, text=True, timeout=300)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.is_file() and dump.name.startswith("buurtronde-") and dump.suffix == ".dump"
    assert dump.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    # Restored as the documented owner: a plain login, no superuser (docs/deploy.md).
    fresh = f"buurtronde_restored_{uuid.uuid4().hex[:8]}"
    fresh_url = postgis_server.create_owned_database(fresh)
    try:
        restore = subprocess.run(["bash", str(ROOT / "scripts/restore.sh"), str(dump), fresh_url],
                                 env=_script_env(fresh_url), capture_output=True, text=True,
                                 timeout=300)
        assert restore.returncode == 0, restore.stderr

        before = _fingerprint(_conninfo(postgis_server, name))
        after = _fingerprint(_conninfo(postgis_server, fresh))
        assert set(before) >= {"users", "buurten", "streets", "contacts", "help_questions",
                               "follow_ups", "follow_up_events", "audit_events", "partners",
                               "partner_links", "rounds", "alembic_version"}
        assert after == before
        for table, n in counts.items():
            assert after[table][0] == n

        with psycopg.connect(**_conninfo(postgis_server, fresh)) as conn:
            # Geometry came back as geometry, with its SRID.
            srid = conn.execute("SELECT DISTINCT ST_SRID(geom) FROM buurten").fetchall()
            assert srid == [(4326,)]
            # The restored log is still append-only.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("DELETE FROM audit_events")

        # The restored copy is a working app database for the app's login (restore.sh gave
        # its privileges back): people can log in, and the log is still closed to it.
        app = make_test_app(postgis_server.app_url(fresh))
        with app.app_context():
            from outreach.services.database import app_login_report
            from outreach.services.users import authenticate
            assert authenticate("beheerder@backup.example", TEST_PASSWORD) is not None
            assert app_login_report().problems == []
            _db.session.remove()
            _db.engine.dispose()
    finally:
        postgis_server.drop_database(fresh)


def test_restore_refuses_a_database_that_already_has_our_tables(
        postgis_server, seeded_database, tmp_path):
    name, url, _counts = seeded_database
    backup = subprocess.run(["bash", str(ROOT / "scripts/backup.sh"), str(tmp_path)],
                            env=_script_env(url), capture_output=True, text=True, timeout=300)
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.strip().splitlines()[-1]
    before = _fingerprint(_conninfo(postgis_server, name))
    restore = subprocess.run(["bash", str(ROOT / "scripts/restore.sh"), dump, url],
                             env=_script_env(url), capture_output=True, text=True, timeout=300)
    assert restore.returncode == 1
    assert "already has Buurtronde tables" in restore.stderr
    assert _fingerprint(_conninfo(postgis_server, name)) == before


def test_backup_without_database_url_fails_loudly(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(["bash", str(ROOT / "scripts/backup.sh"), str(tmp_path)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr
    assert list(tmp_path.iterdir()) == []
