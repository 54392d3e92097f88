"""Logs: one line per request and per event, tagged with the request's id.

Every request gets an id: the incoming `X-Request-ID` when it looks like one (nginx's
`$request_id`, a load balancer's), else a new one. It goes back in the `X-Request-ID`
response header and onto every log record made while the request runs, so a worker
who reports "it went wrong at 10:02" and the header's id find the same lines.

LOG_FORMAT=json (the default under gunicorn, see gunicorn.conf.py) writes one JSON
object per line for journald or a log collector; anything else writes readable text.
Records carry time, level, logger, message, request_id, method, path, status,
duration_ms and user_id. Never a request body, query string, form field or resident
detail: the path is the only part of the request logged, with partner-link tokens
blanked out.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import inspect as sa_inspect

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and a few separators: a UUID, nginx's hex id, a trace id. Nothing that
# could smuggle a newline or markup into a log line.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")
# Route arguments whose values are secrets and never reach a log.
_SECRET_ARGS = ("token",)
REQUEST_FIELDS = ("request_id", "method", "path", "user_id")
EXTRA_FIELDS = ("status", "duration_ms")
_HANDLER_MARK = "_buurtronde_handler"

log = logging.getLogger("outreach.request")


def request_id() -> str | None:
    """The current request's id, or None outside a request."""
    return g.get("request_id") if has_request_context() else None


def _safe_path() -> str:
    path = request.path
    for name, value in (request.view_args or {}).items():
        if any(secret in name for secret in _SECRET_ARGS) and value:
            path = path.replace(str(value), "[redacted]")
    return path


def _user_id() -> int | None:
    # Only a user Flask-Login already loaded, and only its identity: logging must never
    # query the database (after a commit the user's columns are expired, and after a
    # failed flush reading them raises, which would turn the log of an error into another).
    state = sa_inspect(g.get("_login_user"), raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


def _request_context() -> dict:
    if not has_request_context():
        return {}
    return {"request_id": g.get("request_id"), "method": request.method,
            "path": _safe_path(), "user_id": _user_id()}


def _install_record_factory() -> None:
    """Put the request's fields on every record, whichever handler (or test) reads it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "_buurtronde", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        for key, value in _request_context().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return record

    factory._buurtronde = True
    logging.setLogRecordFactory(factory)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with the request fields when there are any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in (*REQUEST_FIELDS, *EXTRA_FIELDS):
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for a developer's terminal: time, level, request id, logger, message."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        values = {**record.__dict__, "request_id": getattr(record, "request_id", None) or "-"}
        return self._style._fmt % values


def configure_logging(fmt: str, level: str = "INFO") -> None:
    """Send every log record to stderr as FMT ('json' or text); safe to call again."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())


def _start_request() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response):
    rid = g.get("request_id")
    if rid is None:  # a request that failed before our before_request ran
        _start_request()
        rid = g.request_id
    response.headers[REQUEST_ID_HEADER] = rid
    duration = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    log.info("%s %s %s", request.method, _safe_path(), response.status_code,
             extra={"status": response.status_code, "duration_ms": round(duration, 1)})
    return response


def init_logging(app: Flask) -> None:
    """Give APP request ids and, outside tests, the configured log output."""
    _install_record_factory()
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_request)
    # Only an app configured from the environment owns the process's log output; apps
    # that tests build from a dict leave logging to pytest.
    if app.config.get("LOG_FORMAT") and not app.testing:
        configure_logging(app.config["LOG_FORMAT"], app.config.get("LOG_LEVEL", "INFO"))
        # The root handler prints app.logger's records; Flask's own would print them twice.
        app.logger.removeHandler(default_handler)
