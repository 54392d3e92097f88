"""The JSON API under /api/v1 (flask-smorest on marshmallow), with one error envelope."""

from flask import Flask
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from ..access import http_error_envelope, is_api_request
from ..extensions import api


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String())


class ErrorEnvelopeSchema(Schema):
    """{"error": {"code": ..., "message": ..., "fields": {...}}}"""

    error = fields.Nested(ErrorBodySchema, required=True)


def _handle_http_exception(error):
    """Every HTTP error on an API path answers with the envelope; pages keep Flask's own."""
    return http_error_envelope(error) if is_api_request() else error


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
