"""Web blueprints: thin HTTP adapters that render pages."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from ..access import error_envelope, http_error_envelope, is_api_request


def register_web(app: Flask) -> None:
    from . import admin, audit, auth, health, home, partner_link, partners, rounds, veld
    from . import followups as followups_web
    from . import plan as plan_web
    from . import reports as reports_web
    from . import residents as residents_web
    from .navigation import register_template_helpers

    register_template_helpers(app)

    app.register_blueprint(auth.bp)
    app.register_blueprint(home.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(veld.bp)
    app.register_blueprint(rounds.bp)
    app.register_blueprint(plan_web.bp)
    app.register_blueprint(reports_web.bp)
    app.register_blueprint(partners.bp)
    app.register_blueprint(partner_link.bp)
    app.register_blueprint(followups_web.bp)
    app.register_blueprint(residents_web.bp)

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        if is_api_request():
            return error_envelope(400, "csrf_failed", error.description)
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(400)
    def bad_request(error):
        if is_api_request():
            return http_error_envelope(error)
        return render_template("errors/400.html"), 400

    @app.errorhandler(403)
    def forbidden(_error):
        if is_api_request():
            return error_envelope(403, "forbidden", "Your role may not use this.")
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(_error):
        if is_api_request():
            return error_envelope(404, "not_found", "Not found.")
        return render_template("errors/404.html"), 404

    @app.errorhandler(413)
    def too_large(_error):
        if is_api_request():
            return error_envelope(413, "too_large", "Request body too large.")
        return render_template("errors/413.html"), 413

    # The shared store of the rate limits (Redis) is out of reach: refuse politely rather
    # than count nothing (limits that quietly stop counting invite guessing) or crash.
    import redis.exceptions

    @app.errorhandler(redis.exceptions.ConnectionError)
    @app.errorhandler(redis.exceptions.TimeoutError)
    def limits_unavailable(_error):
        app.logger.error("rate-limit store unreachable: %s", type(_error).__name__)
        if is_api_request():
            response, status = error_envelope(503, "unavailable",
                                              "Try again in a minute.")
        else:
            response, status = render_template("errors/503.html"), 503
        response = app.make_response((response, status))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(429)
    def too_many(_error):
        if is_api_request():
            return error_envelope(429, "rate_limited", "Too many requests, try again later.")
        return render_template("errors/429.html"), 429
