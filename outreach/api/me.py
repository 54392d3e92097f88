"""/api/v1/me: who is logged in (the PWA asks this to know whether to re-login)."""

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..access import ALL_ROLES, roles_required
from .responses import NOT_LOGGED_IN, error_responses

blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="The logged-in user")


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)


@blp.route("")
@roles_required(*ALL_ROLES)
class Me(MethodView):
    @blp.response(200, MeSchema)
    @error_responses(blp, NOT_LOGGED_IN)
    def get(self):
        """The logged-in user."""
        return {"id": current_user.id, "email": current_user.email,
                "name": current_user.name, "role": current_user.role.value}
