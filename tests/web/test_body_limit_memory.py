"""Big bodies to the sync endpoint of a real gunicorn worker: 413 at the limit, memory flat.

The outside test that found the fault watched one worker grow from 273 MB to 1.1 GB on
31 MB bodies. Here the worker's resident memory is read from /proc before and after.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import select
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from outreach.extensions import db as _db
from outreach.services.users import create_user
from tests.conftest import TEST_FIELD_KEY, TEST_PASSWORD, make_test_app

ROOT = Path(__file__).resolve().parents[2]
BODY = 33 * 1024 * 1024
SYNC_LIMIT = 2 * 1024 * 1024
CHUNK = 64 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def _worker_pid(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise AssertionError("gunicorn started no worker")


@pytest.fixture(scope="module")
def gunicorn_server(postgis_server, template_database):
    """gunicorn with one worker on a copy of the database with one veldwerker: (port, pid)."""
    name = f"buurtronde_gunicorn_{uuid.uuid4().hex[:8]}"
    url = postgis_server.create_database(name, template=template_database)
    app = make_test_app(url)
    with app.app_context():
        create_user("veld@test.example", "Veld", "veldwerker", TEST_PASSWORD)
        _db.engine.dispose()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-secret-key",
           "FIELD_ENCRYPTION_KEYS": TEST_FIELD_KEY, "WEB_WORKERS": "1", "WEB_THREADS": "2",
           "BIND": f"127.0.0.1:{port}", "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield port, _worker_pid(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
        postgis_server.drop_database(name)


def _logged_in_headers(port: int) -> dict[str, str]:
    """Cookie and CSRF header of a veldwerker logged in as the phone does (CSRF on)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    opener.open(f"{base}/login", urllib.parse.urlencode(
        {"csrf_token": token, "email": "veld@test.example", "password": TEST_PASSWORD}).encode())
    bundle = json.loads(opener.open(f"{base}/api/v1/veld/bundle").read())
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    return {"Cookie": cookies, "X-CSRFToken": bundle["csrf_token"]}


def _head(port: int, headers: dict[str, str]) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    lines = ["POST /api/v1/sync/contacts HTTP/1.1", f"Host: 127.0.0.1:{port}",
             "Content-Type: application/json", *(f"{k}: {v}" for k, v in headers.items())]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return sock


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _send_until_answered(sock: socket.socket, total: int, chunked: bool) -> tuple[bytes, int]:
    """Send up to TOTAL body bytes until the server answers; (answer, bytes sent)."""
    sent = 0
    chunk = b"[" + b" " * (CHUNK - 1)
    while sent < total:
        readable, _, _ = select.select([sock], [], [], 0)
        if readable:
            break
        piece = (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n") if chunked else chunk
        try:
            sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(chunk)
    answer = b""
    while True:
        head, _, body = answer.partition(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: (\d+)", head)
        if length and len(body) >= int(length.group(1)):
            return answer, sent
        data = sock.recv(65536)
        if not data:
            return answer, sent
        answer += data


def test_declared_31_mb_is_refused_before_a_byte_is_read(gunicorn_server):
    # 31 MB: under the app-wide 32 MB, so only the route's own 2 MB can refuse it.
    port, worker = gunicorn_server
    headers = {**_logged_in_headers(port), "Content-Length": str(31 * 1024 * 1024)}
    before = _rss_kb(worker)
    with _head(port, headers) as sock:
        answer, sent = _send_until_answered(sock, 0, chunked=False)
    assert _status(answer) == 413
    assert b'"too_large"' in answer
    assert sent == 0
    assert _rss_kb(worker) - before < 16 * 1024


def test_chunked_33_mb_is_cut_off_at_the_limit_with_memory_flat(gunicorn_server):
    port, worker = gunicorn_server
    headers = {**_logged_in_headers(port), "Transfer-Encoding": "chunked"}
    before = _rss_kb(worker)
    with _head(port, headers) as sock:
        answer, sent = _send_until_answered(sock, BODY, chunked=True)
    assert _status(answer) == 413
    # The worker stopped reading at the limit; what the kernel's buffers took on top is
    # far from the 33 MB.
    assert sent < SYNC_LIMIT + 8 * 1024 * 1024
    # Reading 2 MB and refusing costs a few MB at most; the old path parsed all of it.
    assert _rss_kb(worker) - before < 16 * 1024
