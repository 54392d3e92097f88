"""The JSON API under /api/v1 (flask-smorest on marshmallow), with one error envelope."""

from flask import Flask
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from ..access import error_envelope, is_api_request
from ..extensions import api

# Machine codes of the envelope, per HTTP status.
_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "too_large",
          422: "invalid", 429: "rate_limited", 500: "server_error",
          503: "unavailable"}


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String())


class ErrorEnvelopeSchema(Schema):
    """{"error": {"code": ..., "message": ..., "fields": {...}}}"""

    error = fields.Nested(ErrorBodySchema, required=True)


def _handle_http_exception(error):
    """Every HTTP error on an API path answers with the envelope; pages keep Flask's own."""
    if not is_api_request():
        return error
    data = getattr(error, "data", None) or {}
    field_errors = {}
    for location_errors in (data.get("messages") or {}).values():
        if isinstance(location_errors, dict):
            field_errors.update(location_errors)
    code = error.code or 500
    return error_envelope(code, _CODES.get(code, "error"), error.description or error.name,
                          field_errors or None)


def register_api(app: Flask) -> None:
    from . import followup_sync, me, sync, veld

    api.ERROR_SCHEMA = ErrorEnvelopeSchema
    api.init_app(app)
    # Replace flask-smorest's payload with ours for every HTTPException.
    app.register_error_handler(HTTPException, _handle_http_exception)
    api.register_blueprint(me.blp)
    api.register_blueprint(sync.blp)
    api.register_blueprint(followup_sync.blp)
    api.register_blueprint(veld.blp)
