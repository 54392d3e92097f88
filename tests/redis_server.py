"""A private redis-server for tests, on a Unix socket in a temporary folder.

Like the suite's own PostGIS: started by the test that needs it, never the machine's
redis on 6379. Debian's redis-server package (scripts/setup.sh) provides the program.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def private_redis():
    """Yield the RATELIMIT_STORAGE_URI of a fresh redis-server; stop and remove it after."""
    program = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(program).exists():
        pytest.fail("redis-server not found: apt-get install redis-server (scripts/setup.sh)")
    import redis

    folder = Path(tempfile.mkdtemp(prefix="buurtronde-redis-"))
    socket = folder / "redis.sock"
    process = subprocess.Popen(
        [program, "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700",
         "--dir", str(folder), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    client = redis.Redis(unix_socket_path=str(socket))
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except (redis.ConnectionError, FileNotFoundError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the private redis-server did not start")
                time.sleep(0.05)
        yield f"redis+unix://{socket}"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
