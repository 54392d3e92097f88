"""gunicorn settings; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads, not many processes: most time is spent waiting on PostGIS.
workers = int(os.environ.get("WEB_WORKERS", min(4, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 10
# Limits against slow or oversized request heads; bodies are limited by MAX_CONTENT_LENGTH.
limit_request_line = 8190
limit_request_fields = 100
# The app writes one JSON line per request itself (outreach/logging_setup.py, with a
# request id and without the query string), so gunicorn's own access log stays off
# unless LOG_FORMAT=text asks for the classic one.
os.environ.setdefault("LOG_FORMAT", "json")
accesslog = "-" if os.environ["LOG_FORMAT"] == "text" else None
errorlog = "-"
preload_app = True


def on_starting(server):
    """Refuse to start on a database without PostGIS, with the fix in the message."""
    from outreach.services.database import DatabaseNotReady, check_postgis

    app = server.app.wsgi()
    with app.app_context():
        try:
            version = check_postgis()
        except DatabaseNotReady as exc:
            server.log.error("%s", exc)
            raise SystemExit(1) from exc
    server.log.info("PostGIS %s found", version)


def post_fork(server, worker):
    """Give each worker its own database connections.

    With preload_app the master built the app and, in on_starting, opened a pooled
    connection; a forked worker must not reuse that socket (two processes talking over one
    PostgreSQL connection corrupt each other's results). close=False leaves the parent's
    connection alone and only drops the worker's references to it.
    """
    from outreach.extensions import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)
