"""Rate limits and ended sessions hold across app processes, as under gunicorn.

Two gunicorn servers (one worker each, so it is known which process answers) run the
production app (wsgi:app, CSRF on) on one database and one private redis-server. The
requests alternate between them: with per-process counting each would allow its own
10 failures, and the 11th would pass.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest

from outreach.extensions import db as _db
from tests.conftest import TEST_FIELD_KEY, TEST_PASSWORD, make_test_app
from tests.redis_server import private_redis

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = ("veldwerker", "coordinator", "teamleider", "beheerder")
LOGIN_FAILURES_PER_MINUTE = 10
LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR = 20
PARTNER_LINK_PER_MINUTE = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn with one worker: the app as `make run` serves it."""

    def __init__(self, env: dict, log: Path):
        self.port = _free_port()
        self.log = log
        self._out = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env={**env, "BIND": f"127.0.0.1:{self.port}", "WEB_WORKERS": "1"},
            stdout=self._out, stderr=subprocess.STDOUT)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {self.log.read_text()[-2000:]}")
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("gunicorn did not answer within 60 s")

    def request(self, method: str, path: str, *, ip: str = "127.0.0.1", body=None,
                cookies: str = "") -> tuple[int, dict, str]:
        # A new connection each time, as separate browsers would make.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"X-Forwarded-For": ip}
        if cookies:
            headers["Cookie"] = cookies
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return (response.status, {k.lower(): v for k, v in response.getheaders()}
                    | {"set-cookie-all": response.headers.get_all("Set-Cookie") or []},
                    response.read().decode())
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._out.close()


@pytest.fixture(scope="module")
def servers(postgis_server, template_database, tmp_path_factory):
    """Two app processes on one fresh database and one private redis."""
    name = f"buurtronde_limits_{uuid.uuid4().hex[:8]}"
    url = postgis_server.create_database(name, template=template_database)
    setup = make_test_app(url)
    with setup.app_context():
        from outreach.services.users import create_user

        for role in ACCOUNTS:
            create_user(f"{role}@test.example", f"Test {role.title()}", role, TEST_PASSWORD)
        _db.engine.dispose()
    logs = tmp_path_factory.mktemp("gunicorn")
    with private_redis() as storage_uri:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-secret-key",
               "FIELD_ENCRYPTION_KEYS": TEST_FIELD_KEY, "RATELIMIT_STORAGE_URI": storage_uri,
               "PROXY_COUNT": "1", "LOG_FORMAT": "text", "LOG_LEVEL": "WARNING"}
        for setting in ("LOGIN_FAILURES_PER_MINUTE", "LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR",
                        "PARTNER_LINK_PER_MINUTE"):
            env.pop(setting, None)  # the configured defaults are what is tested
        pair = [Server(env, logs / "a.log"), Server(env, logs / "b.log")]
        try:
            for server in pair:
                server.wait_until_up()
            yield pair
        finally:
            for server in pair:
                server.stop()
    postgis_server.drop_database(name)


def _cookies(headers: dict, jar: dict | None = None) -> dict:
    jar = dict(jar or {})
    for line in headers["set-cookie-all"]:
        name, _, rest = line.partition("=")
        value = rest.split(";")[0]
        if "expires=thu, 01 jan 1970" in line.lower() or not value:
            jar.pop(name, None)
        else:
            jar[name] = value
    return jar


def _header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def log_in(form_from: Server, post_to: Server, email: str, password: str, *, ip: str,
           remember: bool = False) -> tuple[int, str, dict]:
    """Open the login page on one process, send it to another (CSRF on, as in production)."""
    status, headers, page = form_from.request("GET", "/login", ip=ip)
    assert status == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    jar = _cookies(headers)
    body = {"csrf_token": token, "email": email, "password": password}
    if remember:
        body["remember"] = "y"
    status, headers, page = post_to.request("POST", "/login", ip=ip, body=body,
                                            cookies=_header(jar))
    return status, page, _cookies(headers, jar)


def test_eleventh_failed_login_a_minute_is_refused_whichever_process_answers(servers):
    a, b = servers
    ip = "198.51.100.7"
    for attempt in range(LOGIN_FAILURES_PER_MINUTE):
        first, second = (a, b) if attempt % 2 else (b, a)
        status, _page, _jar = log_in(first, second, "teamleider@test.example",
                                     "wrong password!", ip=ip)
        assert status == 401, f"attempt {attempt + 1}"
    for server in (a, b):
        status, page, _jar = log_in(server, server, "teamleider@test.example",
                                    TEST_PASSWORD, ip=ip)
        assert status == 429
        assert "Te veel pogingen vanaf dit adres" in page
    # Another address still gets to try (and fail on its own).
    assert log_in(a, b, "teamleider@test.example", "wrong password!",
                  ip="198.51.100.8")[0] == 401


def test_account_limit_holds_across_addresses_and_processes(servers):
    a, b = servers
    for attempt in range(LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR):
        ip = f"203.0.113.{attempt // 5 + 1}"  # five per address: under the address limit
        server = (a, b)[attempt % 2]
        status, _page, _jar = log_in(server, server, "coordinator@test.example",
                                     "wrong password!", ip=ip)
        assert status == 401, f"attempt {attempt + 1}"
    for server in (a, b):
        status, page, _jar = log_in(server, server, "coordinator@test.example",
                                    TEST_PASSWORD, ip="203.0.113.200")
        assert status == 429
        assert "Te veel mislukte pogingen voor dit e-mailadres" in page
    # The address itself is not blocked for other accounts.
    assert log_in(a, b, "veldwerker@test.example", TEST_PASSWORD,
                  ip="203.0.113.200")[0] == 302


def test_partner_link_allows_thirty_a_minute_across_processes(servers):
    a, b = servers
    path = f"/partner/{uuid.uuid4()}/geen-echte-token"
    ip = "192.0.2.99"
    for attempt in range(PARTNER_LINK_PER_MINUTE):
        assert (a, b)[attempt % 2].request("GET", path, ip=ip)[0] == 404, attempt + 1
    assert a.request("GET", path, ip=ip)[0] == 429
    assert b.request("GET", path, ip=ip)[0] == 429
    assert b.request("GET", path, ip="192.0.2.100")[0] == 404


def test_logout_on_one_process_ends_the_remember_cookie_on_the_other(servers):
    a, b = servers
    ip = "192.0.2.50"
    status, _page, jar = log_in(a, a, "veldwerker@test.example", TEST_PASSWORD, ip=ip,
                                remember=True)
    assert status == 302 and "remember_token" in jar
    remember_only = f"remember_token={jar['remember_token']}"
    assert b.request("GET", "/api/v1/me", ip=ip, cookies=remember_only)[0] == 200
    status, _headers, page = b.request("GET", "/", ip=ip, cookies=_header(jar))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert b.request("POST", "/logout", ip=ip, body={"csrf_token": token},
                     cookies=_header(jar))[0] == 302
    assert a.request("GET", "/api/v1/me", ip=ip, cookies=remember_only)[0] == 401
    assert a.request("GET", "/api/v1/me", ip=ip, cookies=_header(jar))[0] == 401
