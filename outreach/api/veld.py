"""/api/v1/veld: data for the field app (GET /api/v1/veld/bundle, the offline bundle)."""

from flask import Response, jsonify, request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from ..access import roles_required
from ..models.base import utcnow
from ..models.enums import Role
from ..services.bundle import build_bundle, record_bundle_read
from .responses import LOGGED_IN_ONLY, error_responses
from .schemas.veld import BundleSchema

# "veld" is the page blueprint's name already.
blp = Blueprint("veld_api", __name__, url_prefix="/api/v1/veld",
                description="The field app's offline data")


def _private(response: Response, version: str) -> Response:
    response.set_etag(version)
    # Personal data: never in a shared cache; the phone revalidates with If-None-Match.
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


@blp.route("/bundle")
@roles_required(Role.veldwerker)
class VeldBundle(MethodView):
    @blp.alt_response(200, schema=BundleSchema, success=True,
                      description="The bundle; its version is also the ETag")
    @blp.alt_response(304, description="Unchanged since the If-None-Match version")
    @error_responses(blp, LOGGED_IN_ONLY)
    def get(self):
        """Rounds, streets and their doors, partners, own open follow-ups, vocabulary and rules."""
        worker = current_user._get_current_object()
        bundle = build_bundle(worker)
        if request.if_none_match.contains_weak(bundle.version):
            return _private(Response(status=304), bundle.version)
        record_bundle_read(worker, bundle, ip=request.remote_addr)
        body = {"version": bundle.version, "generated_at": utcnow().isoformat(),
                "csrf_token": generate_csrf(), **bundle.content}
        return _private(jsonify(body), bundle.version)
