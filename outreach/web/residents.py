"""/beheer/bewoner: a resident's rights (see, take along, erase), for beheerders.

Searches post their term, so a name never lands in a URL, a browser history or an access
log; showing a resident is a POST too, one deliberate and audited read per press.
"""

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
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
from ..services.errors import Invalid, NotFound

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
        _l("Ik heb gecontroleerd dat dit de juiste bewoner is en wis naam, telefoon en "
           "notities. Dit kan niet ongedaan worden."),
        validators=[InputRequired(_l("Vink aan om te bevestigen."))])


@bp.context_processor
def labels():
    return {"kind_labels": FOLLOW_UP_KIND_LABELS, "status_labels": FOLLOW_UP_STATUS_LABELS,
            "category_labels": CATEGORY_LABELS,
            "talent_labels": TALENT_LABELS, "consent_labels": CONSENT_LABELS}


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


@bp.route(ID, methods=["POST"])
@roles_required(Role.beheerder)
def show(follow_up_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        record = residents.resident_record(follow_up_id, actor=current_user,
                                           ip=request.remote_addr)
    except NotFound:
        abort(404)
    return _no_store(Response(render_template(
        "residents/show.html", record=record, action_form=ActionForm(),
        erase_form=EraseForm(formdata=None))))


@bp.route(ID + "/export", methods=["POST"])
@roles_required(Role.beheerder)
def export(follow_up_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        document = residents.export_resident(follow_up_id, actor=current_user,
                                             ip=request.remote_addr)
    except NotFound:
        abort(404)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return _no_store(Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="bewoner-{follow_up_id}.json"'}))


@bp.route(ID + "/wissen", methods=["POST"])
@roles_required(Role.beheerder)
def erase(follow_up_id):
    form = EraseForm()
    # The first press only asks; the erasure needs the box ticked on this page.
    if "confirm_step" in request.form and form.validate_on_submit():
        try:
            counts = residents.erase_resident(follow_up_id, actor=current_user,
                                              ip=request.remote_addr)
        except NotFound:
            abort(404)
        flash(_("Gegevens van de bewoner gewist: %(n)s opvolging(en).",
                n=counts["follow_ups"]), "success")
        return redirect(url_for("residents.index"))
    try:
        preview = residents.erase_preview(follow_up_id, actor=current_user)
    except NotFound:
        abort(404)
    if "confirm_step" not in request.form:
        form = EraseForm(formdata=None)
    status = 422 if form.errors else 200
    return _no_store(Response(render_template(
        "residents/erase.html", form=form, follow_up_id=follow_up_id, preview=preview),
        status=status))
