"""/beheer/bewoner: a resident's rights (see, take along, erase), for beheerders.

Searches post their term, so a name never lands in a URL, a browser history or an access
log; showing a resident is a POST too, one deliberate and audited read per press. The
resident takes their record along as a page to print or save as PDF (in words) or as a
JSON file (for machines); erasure clears every follow-up of the resident at once.
"""

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ..access import roles_required
from ..maps.labels import (
    CATEGORY_LABELS,
    CONSENT_LABELS,
    FOLLOW_UP_KIND_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    TALENT_LABELS,
)
from ..models.enums import Role
from ..services import residents
from ..services.errors import Conflict, Invalid, NotFound
from ..services.resident_document import resident_document
from .assets import static_url

bp = Blueprint("residents", __name__, url_prefix="/beheer/bewoner")
ID = "/<uuid:follow_up_id>"


class SearchForm(FlaskForm):
    q = StringField(_l("Naam of opvolgingsnummer"),
                    validators=[DataRequired(_l("Vul een naam of opvolgingsnummer in.")),
                                Length(max=residents.SEARCH_MAX)])


class ActionForm(FlaskForm):
    """Only the CSRF token: show, export."""


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("Ik heb gecontroleerd dat dit alles van de juiste bewoner is en wis naam, "
           "telefoon en notities. Dit kan niet ongedaan worden."),
        validators=[InputRequired(_l("Vink aan om te bevestigen."))])


@bp.context_processor
def labels():
    return {"kind_labels": FOLLOW_UP_KIND_LABELS, "status_labels": FOLLOW_UP_STATUS_LABELS,
            "category_labels": CATEGORY_LABELS,
            "talent_labels": TALENT_LABELS, "consent_labels": CONSENT_LABELS,
            "residents_css": static_url("css/residents.css"),
            "partial_min": residents.PARTIAL_MIN}


def _no_store(response: Response) -> Response:
    # Personal data: never kept in a browser or proxy cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.beheerder)
def index():
    form = SearchForm()
    matches = None
    if form.validate_on_submit():
        try:
            matches = residents.find_residents(form.q.data, actor=current_user,
                                               ip=request.remote_addr)
        except Invalid as error:
            form.q.errors = list(form.q.errors) + error.fields.get("q", [error.message])
    return _no_store(Response(render_template(
        "residents/index.html", form=form, matches=matches, action_form=ActionForm())))


def _checked_action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.route(ID, methods=["POST"])
@roles_required(Role.beheerder)
def show(follow_up_id):
    _checked_action()
    try:
        record = residents.resident_record(follow_up_id, actor=current_user,
                                           ip=request.remote_addr)
    except NotFound:
        abort(404)
    return _no_store(Response(render_template(
        "residents/show.html", document=resident_document(record),
        follow_up_id=record["follow_up_id"], action_form=ActionForm())))


@bp.route(ID + "/overzicht", methods=["POST"])
@roles_required(Role.beheerder)
def overview(follow_up_id):
    _checked_action()
    try:
        record = residents.export_resident(follow_up_id, actor=current_user,
                                           ip=request.remote_addr, fmt="html")
    except NotFound:
        abort(404)
    return _no_store(Response(render_template(
        "residents/overview.html", document=resident_document(record),
        retention_days=current_app.config["RETENTION_FOLLOWUP_DAYS"],
        retention_months=current_app.config["RETENTION_CONTACT_MONTHS"])))


@bp.route(ID + "/export", methods=["POST"])
@roles_required(Role.beheerder)
def export(follow_up_id):
    _checked_action()
    try:
        document = residents.export_resident(follow_up_id, actor=current_user,
                                             ip=request.remote_addr, fmt="json")
    except NotFound:
        abort(404)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return _no_store(Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="bewoner-{follow_up_id}.json"'}))


@bp.route(ID + "/wissen", methods=["POST"])
@roles_required(Role.beheerder)
def erase(follow_up_id):
    form = EraseForm()
    message = None
    # The first press only asks; the erasure needs the box ticked on this page, and
    # erases the follow-ups that page listed (their ids come back with the form).
    if "confirm_step" in request.form and form.validate_on_submit():
        try:
            counts = residents.erase_resident(
                follow_up_id, actor=current_user, ip=request.remote_addr,
                expected=request.form.getlist("follow_up") or None)
        except NotFound:
            abort(404)
        except Conflict as error:
            message = error.message
        else:
            flash(_("Gegevens van de bewoner gewist: %(n)s opvolging(en).",
                    n=counts["follow_ups"]), "success")
            return redirect(url_for("residents.index"))
    try:
        plan = residents.erase_plan(follow_up_id, actor=current_user)
    except NotFound:
        abort(404)
    if "confirm_step" not in request.form or message:
        form = EraseForm(formdata=None)
    status = 409 if message else 422 if form.errors else 200
    return _no_store(Response(render_template(
        "residents/erase.html", form=form, plan=plan, message=message), status=status))
