"""Buurtronde: the Flask app factory."""

from pathlib import Path

from flask import Flask

from . import config as config_module
from .extensions import attempt_budgets, babel, csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build an app; CONFIG overrides what the environment gives (tests pass their own)."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(config_module.DEFAULTS)
    overrides = dict(config or {})
    if not {"SQLALCHEMY_DATABASE_URI", "SECRET_KEY"} <= overrides.keys():
        app.config.from_mapping(config_module.from_environment())
    app.config.from_mapping(overrides)
    from .models.crypto import parse_keys

    # Refuse to start without a usable key rather than store a name in the clear.
    app.config["FIELD_ENCRYPTION_KEYS"] = parse_keys(app.config.get("FIELD_ENCRYPTION_KEYS"))

    from . import models  # noqa: F401  (registers the tables before Migrate looks)
    from .logging_setup import init_logging

    init_logging(app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind nginx the client's address and https come in X-Forwarded-* headers.
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    attempt_budgets.init_app(app)
    _init_login(app)
    _init_i18n(app)

    from .api import register_api
    from .cli import outreach_cli
    from .web import register_web

    register_web(app)
    register_api(app)
    from .security_headers import init_security_headers

    init_security_headers(app)
    app.cli.add_command(outreach_cli)

    from .access import check_declared, enforce_roles
    from .body_limits import init_body_limits
    from .request_text import init_request_text

    app.before_request(enforce_roles)
    init_request_text(app)
    init_body_limits(app)  # after every other hook is registered: it must run first
    check_declared(app)
    return app


def _init_login(app: Flask) -> None:
    from .services.users import user_for_session

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    # Called on every request for the session's id, else the remember cookie's: both hold
    # "id:session_version", so logging out, a new password, deactivation or "log out
    # everywhere" (a new version) refuses every cookie made before.
    login_manager.user_loader(user_for_session)


def _init_i18n(app: Flask) -> None:
    from .i18n import select_locale

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(PROJECT_ROOT / "outreach" / "translations"))
