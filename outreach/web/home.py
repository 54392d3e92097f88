"""The start page: each role sees where its work is."""

from flask import Blueprint, render_template
from flask_login import current_user

from ..access import ALL_ROLES, roles_required
from ..clock import local_today
from ..services.overview import overview_for

bp = Blueprint("home", __name__)


@bp.route("/")
@roles_required(*ALL_ROLES)
def index():
    overview = overview_for(current_user, local_today())
    return render_template(f"home/{current_user.role.value}.html", overview=overview)
