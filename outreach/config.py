"""Configuration, read from environment variables only (secrets never live in the repo)."""

import os
from datetime import timedelta


class ConfigError(RuntimeError):
    """A required setting is missing or wrong."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def from_environment() -> dict:
    """Build the Flask config from the environment; raise ConfigError for what is missing."""
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise ConfigError(
            "DATABASE_URL is not set. Use `make run` (it starts a private PostGIS under "
            "instance/) or set DATABASE_URL=postgresql+psycopg://user@host/dbname."
        )
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        raise ConfigError("SECRET_KEY is not set. `make run` makes one in instance/secret_key.")
    field_keys = os.environ.get("FIELD_ENCRYPTION_KEYS")
    if not field_keys:
        raise ConfigError(
            "FIELD_ENCRYPTION_KEYS is not set: resident names, phone numbers and notes are "
            "stored encrypted with it. `make run` makes one in instance/field_keys; "
            "docs/privacy.md explains keys and rotation.")
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        # The owner of the tables, for `flask db upgrade` only (migrations/env.py). The app
        # itself connects as DATABASE_URL, a login that may not change the schema or the
        # audit log (docs/deploy.md, "Database roles"). Unset: migrations use DATABASE_URL.
        "MIGRATION_DATABASE_URI": os.environ.get("MIGRATION_DATABASE_URL") or None,
        "SECRET_KEY": secret_key,
        "FIELD_ENCRYPTION_KEYS": field_keys,
        "RETENTION_FOLLOWUP_DAYS": _int("RETENTION_FOLLOWUP_DAYS",
                                        DEFAULTS["RETENTION_FOLLOWUP_DAYS"]),
        "RETENTION_CONTACT_MONTHS": _int("RETENTION_CONTACT_MONTHS",
                                         DEFAULTS["RETENTION_CONTACT_MONTHS"]),
        "RETENTION_AUDIT_MONTHS": _int("RETENTION_AUDIT_MONTHS",
                                       DEFAULTS["RETENTION_AUDIT_MONTHS"]),
        # hide_parameters: a failed statement's values (names, notes) stay out of logs.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True,
                                      "connect_args": CONNECT_ARGS},
        # json (one object per line, the default under gunicorn) or text.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or "text",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL") or "INFO",
        # How many reverse proxies (nginx, a load balancer) stand in front and set
        # X-Forwarded-For/-Proto; 0 trusts no such header.
        "PROXY_COUNT": _int("PROXY_COUNT", DEFAULTS["PROXY_COUNT"]),
        # Behind HTTPS (production) cookies must never travel over plain HTTP.
        "SESSION_COOKIE_SECURE": os.environ.get("COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SECURE": os.environ.get("COOKIE_SECURE", "0") == "1",
        # Shared by every worker and host: redis://, rediss:// or redis+unix:///socket
        # (`make run` starts a private one); memory:// counts per process.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "memory://",
        "LOGIN_FAILURES_PER_MINUTE": _int("LOGIN_FAILURES_PER_MINUTE",
                                          DEFAULTS["LOGIN_FAILURES_PER_MINUTE"]),
        "LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR": _int(
            "LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR",
            DEFAULTS["LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR"]),
        "PARTNER_LINK_PER_MINUTE": _int("PARTNER_LINK_PER_MINUTE",
                                        DEFAULTS["PARTNER_LINK_PER_MINUTE"]),
        "TILE_URL": os.environ.get("TILE_URL") or None,
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", DEFAULTS["MAX_CONTENT_LENGTH"]),
        "HOTSPOT_MIN_CONTACTS": _int("HOTSPOT_MIN_CONTACTS", DEFAULTS["HOTSPOT_MIN_CONTACTS"]),
        "PLAN_STREETS_INLINE_MAX": _int("PLAN_STREETS_INLINE_MAX",
                                        DEFAULTS["PLAN_STREETS_INLINE_MAX"]),
        "TILE_ATTRIBUTION": os.environ.get("TILE_ATTRIBUTION") or DEFAULTS["TILE_ATTRIBUTION"],
    }


# PostgreSQL's JIT compiles an aggregate over a million rows in about 65 ms, more than it
# saves on our queries (measured on the yearly report): off for the app's connections.
CONNECT_ARGS = {"options": "-c jit=off"}

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": CONNECT_ARGS},
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # A worker's phone stays logged in for a month: re-login in the field is a lost round.
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
    "BABEL_DEFAULT_LOCALE": "nl",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
    "LANGUAGES": ("nl", "en"),
    # Failed logins: per address (IPv6 per /64) in any 60 seconds, and per e-mail
    # address in any hour whatever the address (a guesser with many addresses). The
    # account budget can lock a name out for an hour; a phone stays logged in meanwhile.
    "LOGIN_FAILURES_PER_MINUTE": 10,
    "LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR": 20,
    # Opening or confirming partner links, per address in any 60 seconds.
    "PARTNER_LINK_PER_MINUTE": 30,
    "RATELIMIT_STORAGE_URI": "memory://",
    # A sliding 60 seconds: a fixed window lets twice the limit through around its edge.
    "RATELIMIT_STRATEGY": "moving-window",
    "API_TITLE": "Buurtronde API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "RATELIMIT_HEADERS_ENABLED": False,
    "WTF_CSRF_TIME_LIMIT": None,
    # Hotspot maps leave out hexagon cells with fewer contacts than this (small counts
    # could point at one household).
    "HOTSPOT_MIN_CONTACTS": 5,
    # Up to this many street lines go into the map page itself; above it (a whole city)
    # the street layers load the streets in view once zoomed in.
    "PLAN_STREETS_INLINE_MAX": 1500,
    "TILE_ATTRIBUTION": "© OpenStreetMap-bijdragers",
    "PROXY_COUNT": 0,
    # Every request body, app-wide (imports are the largest); API routes set lower
    # limits of their own. Form fields other than files stop at Flask's
    # MAX_FORM_MEMORY_SIZE (500 kB). Over either: 413, never a 500.
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    # Retention (outreach retention): resident details and notes of follow-ups closed
    # this many days ago go; notes of contacts older than this many months go.
    "RETENTION_FOLLOWUP_DAYS": 90,
    "RETENTION_CONTACT_MONTHS": 24,
    # Audit events older than this many months go (outreach retention). The log of who
    # read a contact's note outlives the note (24 months) by a year, for questions and
    # complaints about it. The database refuses anything under 12 months
    # (purge_audit_events, migration 0008).
    "RETENTION_AUDIT_MONTHS": 36,
}
