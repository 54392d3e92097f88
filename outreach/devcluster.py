"""A private PostgreSQL + PostGIS cluster in one folder, reachable only by a Unix socket there.

Used by `make run` (instance/pg) and by the test suite (a throwaway folder) when no
DATABASE_URL / TEST_DATABASE_URL names a server. It imports no Flask so that shell
scripts can call it as `python -m outreach.devcluster start DIR`.

Two logins, as on a real server (docs/deploy.md, "Database roles"): the superuser
`buurtronde` owns the tables and runs the migrations; the app connects as `buurtronde_web`,
a member of the group role `buurtronde_app` (the privileges migration 0008 grants it),
which may only add to the audit log.

`make run`'s cluster may hold an organisation's real records, so it writes durably
(fsync and full_page_writes on). The test suite's throwaway cluster asks for
durable=False: a power cut there loses nothing anyone wants.

initdb and pg_ctl refuse to run as root, and CI runs as root: then the cluster is
owned by and run as the `postgres` system user (Debian's postgresql package makes it).
A normal user runs it as themselves.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SUPERUSER = "buurtronde"
APP_LOGIN = "buurtronde_web"
# The group role migration 0008 grants the app's privileges to (made there too).
APP_GROUP = "buurtronde_app"
SYSTEM_USER_WHEN_ROOT = "postgres"


class ClusterError(RuntimeError):
    """The private cluster could not be created, started or reached."""


def find_bindir() -> Path:
    """Return the folder holding initdb and pg_ctl, newest PostgreSQL first."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if Path(folder, "initdb").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise ClusterError(
        "PostgreSQL server programs (initdb, pg_ctl) not found. "
        "Install them with: sudo apt-get install postgresql postgresql-postgis"
    )


def _run_as_owner(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", SYSTEM_USER_WHEN_ROOT, "--", *args]
    return subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)


def _hand_to_owner(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, SYSTEM_USER_WHEN_ROOT, SYSTEM_USER_WHEN_ROOT)


def is_initialised(datadir: Path) -> bool:
    """True when DATADIR already holds a cluster."""
    return (datadir / "PG_VERSION").exists()


def is_running(datadir: Path) -> bool:
    """True when the cluster in DATADIR is up."""
    result = _run_as_owner([str(find_bindir() / "pg_ctl"), "-D", str(datadir), "status"])
    return result.returncode == 0


def init(datadir: Path) -> None:
    """Create a new cluster in DATADIR with trust auth for local socket connections only."""
    datadir.mkdir(parents=True, exist_ok=True)
    datadir.chmod(0o700)
    _hand_to_owner(datadir)
    result = _run_as_owner(
        [
            str(find_bindir() / "initdb"),
            "-D", str(datadir),
            "-U", SUPERUSER,
            "--auth=trust",
            "-E", "UTF8",
            "--locale=C",
        ]
    )
    if result.returncode != 0:
        raise ClusterError(f"initdb failed in {datadir}:\n{result.stdout}{result.stderr}")


def _last_start_was_durable(datadir: Path) -> bool:
    # postmaster.opts keeps the options of the last start, also after a stop.
    opts = datadir / "postmaster.opts"
    return not opts.exists() or "fsync=off" not in opts.read_text()


def _sync_to_disk(datadir: Path) -> None:
    """Flush every file of DATADIR to disk (PostgreSQL's advice when fsync goes back on)."""
    result = _run_as_owner([str(find_bindir() / "initdb"), "--sync-only", "-D", str(datadir)])
    if result.returncode != 0:
        raise ClusterError(f"initdb --sync-only failed in {datadir}:\n"
                           f"{result.stdout}{result.stderr}")


def start(datadir: Path, *, durable: bool = True) -> None:
    """Start the cluster (creating it first if needed); it listens on no TCP port.

    DURABLE keeps fsync and full_page_writes on, so a commit survives a power cut; only a
    throwaway cluster (the test suite's) should pass False for speed. A running cluster
    started the other way is restarted.
    """
    datadir = datadir.resolve()
    if not is_initialised(datadir):
        init(datadir)
    if is_running(datadir):
        if _last_start_was_durable(datadir) == durable:
            return
        stop(datadir)
    if durable and not _last_start_was_durable(datadir):
        # A cluster from before (make run used fsync=off): what it wrote may still sit in
        # the OS cache only.
        _sync_to_disk(datadir)
    durability = "on" if durable else "off"
    options = (f"-c listen_addresses='' -c unix_socket_directories='{datadir}' "
               f"-c fsync={durability} -c full_page_writes={durability}")
    result = _run_as_owner(
        [
            str(find_bindir() / "pg_ctl"),
            "-D", str(datadir),
            "-o", options,
            "-l", str(datadir / "server.log"),
            "-w", "-t", "60",
            "start",
        ]
    )
    if result.returncode != 0:
        log = (datadir / "server.log")
        tail = log.read_text()[-2000:] if log.exists() else ""
        raise ClusterError(f"pg_ctl start failed:\n{result.stdout}{result.stderr}\n{tail}")


def stop(datadir: Path) -> None:
    """Stop the cluster quickly and cleanly; a stopped cluster is left alone."""
    datadir = datadir.resolve()
    if not is_initialised(datadir) or not is_running(datadir):
        return
    _run_as_owner([str(find_bindir() / "pg_ctl"), "-D", str(datadir), "-m", "fast", "-w", "stop"])


def url(datadir: Path, dbname: str, user: str = SUPERUSER) -> str:
    """SQLAlchemy URL for DBNAME in the cluster at DATADIR, as USER (the owner by default)."""
    return f"postgresql+psycopg://{user}@/{dbname}?host={datadir.resolve()}"


def _connect_superuser(datadir: Path):
    import psycopg  # imported here: the CLI's start/stop do not need a driver

    deadline = time.monotonic() + 30
    while True:
        try:
            return psycopg.connect(host=str(datadir), user=SUPERUSER, dbname="postgres",
                                   autocommit=True)
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def ensure_app_login(datadir: Path) -> None:
    """Make the app's login (a member of the app's group role) unless it exists."""
    from psycopg import sql

    with _connect_superuser(datadir.resolve()) as conn:
        for role, login in ((APP_GROUP, False), (APP_LOGIN, True)):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {} " + ("LOGIN" if login else "NOLOGIN"))
                             .format(sql.Identifier(role)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(APP_GROUP),
                                                      sql.Identifier(APP_LOGIN)))


def ensure_database(datadir: Path, dbname: str) -> None:
    """Create DBNAME with the PostGIS extension unless it exists."""
    import psycopg

    datadir = datadir.resolve()
    with _connect_superuser(datadir) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    with psycopg.connect(host=str(datadir), user=SUPERUSER, dbname=dbname, autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def main(argv: list[str]) -> int:
    """`python -m outreach.devcluster start|stop|url|app-url|status DIR [DBNAME]`.

    start makes a durable cluster with DBNAME and the app's login; url prints the owner's
    URL (for migrations), app-url the app's.
    """
    commands = {"start", "stop", "url", "app-url", "status"}
    if len(argv) < 2 or argv[0] not in commands:
        print(__doc__.split("\n")[0], file=sys.stderr)
        print("usage: python -m outreach.devcluster start|stop|url|app-url|status DIR [DBNAME]",
              file=sys.stderr)
        return 2
    command, datadir = argv[0], Path(argv[1])
    dbname = argv[2] if len(argv) > 2 else "buurtronde"
    try:
        if command == "start":
            start(datadir, durable=True)
            ensure_database(datadir, dbname)
            ensure_app_login(datadir)
        elif command == "stop":
            stop(datadir)
        elif command == "status":
            return 0 if is_initialised(datadir) and is_running(datadir) else 1
        elif command == "app-url":
            print(url(datadir, dbname, APP_LOGIN))
        else:
            print(url(datadir, dbname))
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
