"""A private PostgreSQL + PostGIS cluster in one folder, reachable only by a Unix socket there.

Used by `make run` (instance/pg) and by the test suite (a throwaway folder) when no
DATABASE_URL / TEST_DATABASE_URL names a server. It imports no Flask so that shell
scripts can call it as `python -m outreach.devcluster start DIR`.

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


def start(datadir: Path) -> None:
    """Start the cluster (creating it first if needed); it listens on no TCP port."""
    datadir = datadir.resolve()
    if not is_initialised(datadir):
        init(datadir)
    if is_running(datadir):
        return
    options = f"-c listen_addresses='' -c unix_socket_directories='{datadir}' -c fsync=off"
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


def url(datadir: Path, dbname: str) -> str:
    """SQLAlchemy URL for DBNAME in the cluster at DATADIR."""
    return f"postgresql+psycopg://{SUPERUSER}@/{dbname}?host={datadir.resolve()}"


def ensure_database(datadir: Path, dbname: str) -> None:
    """Create DBNAME with the PostGIS extension unless it exists."""
    import psycopg  # imported here: the CLI's start/stop do not need a driver

    datadir = datadir.resolve()
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = psycopg.connect(host=str(datadir), user=SUPERUSER, dbname="postgres",
                                   autocommit=True)
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    with psycopg.connect(host=str(datadir), user=SUPERUSER, dbname=dbname, autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def main(argv: list[str]) -> int:
    """`python -m outreach.devcluster start|stop|url|status DIR [DBNAME]`."""
    if len(argv) < 2 or argv[0] not in {"start", "stop", "url", "status"}:
        print(__doc__.split("\n")[0], file=sys.stderr)
        print("usage: python -m outreach.devcluster start|stop|url|status DIR [DBNAME]",
              file=sys.stderr)
        return 2
    command, datadir = argv[0], Path(argv[1])
    dbname = argv[2] if len(argv) > 2 else "buurtronde"
    try:
        if command == "start":
            start(datadir)
            ensure_database(datadir, dbname)
        elif command == "stop":
            stop(datadir)
        elif command == "status":
            return 0 if is_initialised(datadir) and is_running(datadir) else 1
        else:
            print(url(datadir, dbname))
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
