"""/api/v1/sync/followups: phones post the workers' own follow-up updates in batches."""

from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from ..access import roles_required
from ..body_limits import body_limit
from ..models.enums import Role
from ..services.followups.phone_sync import sync_follow_up_updates
from .batches import answer_batch, answer_unavailable_on, read_json_body
from .responses import LOGGED_IN_ONLY, error_responses
from .schemas.followup_sync import (
    MAX_ITEMS,
    FollowUpBatchSchema,
    FollowUpSyncResponseSchema,
    batch_updates,
    parse_updates,
)

blp = Blueprint("followup_sync", __name__, url_prefix="/api/v1/sync",
                description="Field sync: the workers' own follow-up updates from the phones")
answer_unavailable_on(blp)

# 200 updates with a full note are about 0.5 MB.
DEFAULT_MAX_BODY = 1024 * 1024


@blp.route("/followups")
@roles_required(Role.veldwerker)
@body_limit("FOLLOWUP_SYNC_MAX_BODY_BYTES", DEFAULT_MAX_BODY)
class FollowUpBatch(MethodView):
    @blp.doc(requestBody={"required": True,
                          "content": {"application/json": {"schema": FollowUpBatchSchema}}})
    @blp.alt_response(200, schema=FollowUpSyncResponseSchema, success=True,
                      description="One result per update: applied, duplicate, conflict, rejected")
    @error_responses(blp, {
        **LOGGED_IN_ONLY,
        400: "Malformed body (bad_request), or CSRF token missing or wrong (csrf_failed)",
        413: f"Over {MAX_ITEMS} updates or over the size limit (too_large)",
        503: "The database is unavailable for a moment (unavailable): send again later"})
    def post(self):
        """Apply a batch of 1 to 200 status updates of the worker's own follow-ups."""
        return answer_batch(
            lambda: parse_updates(batch_updates(read_json_body())),
            lambda items: sync_follow_up_updates(current_user._get_current_object(), items,
                                                 ip=request.remote_addr))
