"""Request ids and structured logs: every response carries an id, every log line of the
request carries the same id, a server error is logged with it; no query strings, bodies or
partner-link tokens in the log."""

import json
import logging
import uuid

import pytest
from flask import abort

from outreach.access import public
from outreach.logging_setup import JsonFormatter, TextFormatter, configure_logging
from tests.conftest import make_test_app


def test_every_response_has_a_generated_request_id(client):
    first = client.get("/login").headers["X-Request-ID"]
    second = client.get("/login").headers["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/bestaat-niet").headers["X-Request-ID"]


def test_a_sane_incoming_request_id_is_echoed(client):
    rid = str(uuid.uuid4())
    assert client.get("/login", headers={"X-Request-ID": rid}).headers["X-Request-ID"] == rid


@pytest.mark.parametrize("incoming", ["kort", "x" * 200, "evil line with spaces",
                                      "<script>alert</script>", "naam@example.org"])
def test_an_odd_incoming_request_id_is_replaced(client, incoming):
    returned = client.get("/login", headers={"X-Request-ID": incoming}).headers["X-Request-ID"]
    assert returned != incoming and len(returned) == 32


def test_request_log_line_carries_id_method_path_status_user_and_no_query(login_as, caplog):
    rid = "test-request-0001"
    with caplog.at_level(logging.INFO, logger="outreach.request"):
        login_as("beheerder").get("/beheer/audit?ip=192.0.2.1&onderwerp=geheim",
                                  headers={"X-Request-ID": rid})
    [record] = [r for r in caplog.records if r.name == "outreach.request"]
    assert record.request_id == rid
    assert (record.method, record.path, record.status) == ("GET", "/beheer/audit", 200)
    assert record.user_id is not None and record.duration_ms >= 0
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["request_id"] == rid and entry["status"] == 200 and entry["level"] == "INFO"
    assert entry["logger"] == "outreach.request" and "time" in entry
    assert "geheim" not in line and "192.0.2.1" not in line


def test_partner_link_token_never_reaches_the_log(client, caplog):
    token = "dit-is-een-geheime-token-123"
    with caplog.at_level(logging.INFO, logger="outreach.request"):
        client.get(f"/partner/00000000-0000-0000-0000-000000000000/{token}")
    [record] = [r for r in caplog.records if r.name == "outreach.request"]
    assert token not in record.path and "[redacted]" in record.path
    assert token not in JsonFormatter().format(record)


def test_login_form_body_never_reaches_the_log(client, users, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post("/login", data={"email": "beheerder@test.example",
                                    "password": "een-geheim-wachtwoord"})
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "een-geheim-wachtwoord" not in text
    assert "beheerder@test.example" not in text


@pytest.fixture()
def failing_app(database_url):
    """A throwaway app with a route that fails, and exceptions handled as in production."""
    app = make_test_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @app.route("/_test/kapot")
    @public
    def kapot():
        raise RuntimeError("boom in a test route")

    @app.route("/_test/verboden")
    @public
    def verboden():
        abort(418)

    return app


def test_a_server_error_is_logged_with_the_request_id(failing_app, caplog):
    rid = "trace-kapot-0001"
    with caplog.at_level(logging.INFO):
        response = failing_app.test_client().get("/_test/kapot", headers={"X-Request-ID": rid})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == rid
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and all(r.request_id == rid for r in errors)
    entry = json.loads(JsonFormatter().format(errors[0]))
    assert entry["request_id"] == rid and entry["path"] == "/_test/kapot"
    assert entry["exc_type"] == "RuntimeError" and "boom in a test route" in entry["traceback"]
    access = [r for r in caplog.records if r.name == "outreach.request"]
    assert access[0].status == 500 and access[0].request_id == rid


def test_text_format_is_readable_and_outside_a_request_has_no_id():
    record = logging.LogRecord("outreach", logging.WARNING, __file__, 1, "hallo %s", ("wereld",),
                               None)
    assert TextFormatter().format(record).endswith("WARNING [-] outreach: hallo wereld")
    assert "request_id" not in json.loads(JsonFormatter().format(record))


def test_configure_logging_installs_one_handler_however_often_called():
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        configure_logging("json")
        configure_logging("json")
        configure_logging("text")
        ours = [h for h in root.handlers if h not in before]
        assert len(ours) == 1 and isinstance(ours[0].formatter, TextFormatter)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        root.setLevel(level)


def test_log_lines_name_the_user_without_touching_the_database(app, db, users):
    # After a commit the user's columns are expired; after a failed flush reading them
    # raises. The user id on a log line must come from what is already in memory.
    from flask import g
    from sqlalchemy import event

    from outreach.logging_setup import _user_id

    worker = users["veldwerker"]
    worker_id = worker.id
    queries = []

    def count(conn, cursor, statement, *args):
        queries.append(statement)

    connection = db.session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        with app.test_request_context("/veld"):
            db.session.expire(worker)
            g._login_user = worker
            assert _user_id() == worker_id
            g._login_user = None
            assert _user_id() is None
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert queries == []
