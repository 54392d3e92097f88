"""/api/v1/sync: phones post their outbox here in batches (POST /api/v1/sync/contacts)."""

from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from ..access import roles_required
from ..body_limits import body_limit
from ..models.enums import Role
from ..services.sync import sync_contacts
from .batches import answer_batch, answer_unavailable_on, read_json_body
from .responses import LOGGED_IN_ONLY, error_responses
from .schemas.sync import (
    MAX_ITEMS,
    ContactBatchSchema,
    SyncResponseSchema,
    batch_items,
    parse_items,
)

blp = Blueprint("sync", __name__, url_prefix="/api/v1/sync",
                description="Field sync: batches of contacts from the phones")
answer_unavailable_on(blp)

# A batch of 500 full contacts is about 0.5 MB; the app-wide limit (32 MB) is for imports.
DEFAULT_MAX_BODY = 2 * 1024 * 1024


@blp.route("/contacts")
@roles_required(Role.veldwerker)
@body_limit("SYNC_MAX_BODY_BYTES", DEFAULT_MAX_BODY)
class ContactBatch(MethodView):
    @blp.doc(requestBody={"required": True,
                          "content": {"application/json": {"schema": ContactBatchSchema}}})
    @blp.alt_response(200, schema=SyncResponseSchema, success=True,
                      description="One result per item: created, duplicate, conflict, rejected")
    @error_responses(blp, {
        **LOGGED_IN_ONLY,
        400: "Malformed body (bad_request), or CSRF token missing or wrong (csrf_failed)",
        413: f"Over {MAX_ITEMS} items or over the size limit (too_large)",
        503: "The database is unavailable for a moment (unavailable): send again later"})
    def post(self):
        """Store a batch of 1 to 500 contacts made on the phone; answer per item."""
        return answer_batch(
            lambda: parse_items(batch_items(read_json_body())),
            lambda items: sync_contacts(current_user._get_current_object(), items,
                                        ip=request.remote_addr))
