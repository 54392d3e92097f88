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
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Behind HTTPS (production) cookies must never travel over plain HTTP.
        "SESSION_COOKIE_SECURE": os.environ.get("COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SECURE": os.environ.get("COOKIE_SECURE", "0") == "1",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "TILE_URL": os.environ.get("TILE_URL") or None,
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 32 * 1024 * 1024),
        "HOTSPOT_MIN_CONTACTS": _int("HOTSPOT_MIN_CONTACTS", DEFAULTS["HOTSPOT_MIN_CONTACTS"]),
        "PLAN_STREETS_INLINE_MAX": _int("PLAN_STREETS_INLINE_MAX",
                                        DEFAULTS["PLAN_STREETS_INLINE_MAX"]),
        "TILE_ATTRIBUTION": os.environ.get("TILE_ATTRIBUTION") or DEFAULTS["TILE_ATTRIBUTION"],
    }


DEFAULTS = {
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
    "LOGIN_FAILURES_PER_MINUTE": 10,
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
}
