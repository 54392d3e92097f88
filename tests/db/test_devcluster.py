"""The private cluster `make run` starts: durable writes and two logins, also for an old one.

scripts/run.sh calls `python -m outreach.devcluster start instance/pg buurtronde`, then
migrates as `url` (the owner) and serves as `app-url` (the app's login). An organisation
may keep its real records in it, so a commit must survive a power cut: fsync and
full_page_writes on. Only the test suite's throwaway cluster turns them off.
"""

import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from outreach import devcluster
from outreach.extensions import db as _db
from tests.conftest import make_test_app


@pytest.fixture()
def folder():
    path = Path(tempfile.mkdtemp(prefix="buurtronde-devcluster-"))
    path.chmod(0o755)  # when root runs the suite, the postgres user must reach the cluster
    try:
        yield path
    finally:
        devcluster.stop(path / "pg")
        shutil.rmtree(path, ignore_errors=True)


def _durability(datadir: Path) -> tuple[str, str]:
    with psycopg.connect(host=str(datadir.resolve()), user=devcluster.SUPERUSER,
                         dbname="postgres") as conn:
        return (conn.execute("SHOW fsync").fetchone()[0],
                conn.execute("SHOW full_page_writes").fetchone()[0])


def test_make_runs_cluster_writes_durably_and_a_throwaway_one_may_not(folder):
    datadir = folder / "pg"
    assert devcluster.main(["start", str(datadir), "buurtronde"]) == 0
    assert _durability(datadir) == ("on", "on")
    devcluster.stop(datadir)
    devcluster.start(datadir, durable=False)
    assert _durability(datadir) == ("off", "off")
    # Started again the durable way while running the other: restarted, durable.
    devcluster.start(datadir)
    assert _durability(datadir) == ("on", "on")


def test_a_cluster_from_before_gets_durable_writes_and_the_app_login(folder):
    """instance/pg made by an older `make run`: fsync off, data owned by the superuser."""
    datadir = folder / "pg"
    devcluster.start(datadir, durable=False)
    devcluster.ensure_database(datadir, "buurtronde")
    owner_url = devcluster.url(datadir, "buurtronde")
    before = make_test_app(owner_url)
    with before.app_context():
        upgrade(revision="0007")
        with _db.engine.begin() as conn:
            conn.execute(text("INSERT INTO users (email, name, role, password_hash) "
                              "VALUES ('oud@example.org', 'Oud', 'beheerder', 'x')"))
        _db.engine.dispose()
    devcluster.stop(datadir)

    assert devcluster.main(["start", str(datadir), "buurtronde"]) == 0
    assert _durability(datadir) == ("on", "on")
    app = make_test_app(devcluster.url(datadir, "buurtronde", devcluster.APP_LOGIN),
                        MIGRATION_DATABASE_URI=owner_url)
    with app.app_context():
        upgrade()
        with _db.engine.connect() as conn:
            assert conn.scalar(text("SELECT current_user")) == "buurtronde_web"
            assert conn.scalar(text("SELECT name FROM users")) == "Oud"
            assert not conn.scalar(text("SELECT has_table_privilege('audit_events', 'DELETE')"))
        from outreach.services.database import app_login_report

        assert app_login_report().problems == []
        _db.engine.dispose()


def test_the_cli_prints_the_owner_and_the_app_url(folder, capsys):
    datadir = folder / "pg"
    assert devcluster.main(["url", str(datadir), "buurtronde"]) == 0
    assert devcluster.main(["app-url", str(datadir), "buurtronde"]) == 0
    owner, app = capsys.readouterr().out.split()
    assert owner.startswith("postgresql+psycopg://buurtronde@/buurtronde?host=")
    assert app.startswith("postgresql+psycopg://buurtronde_web@/buurtronde?host=")
