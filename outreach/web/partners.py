"""/beheer/partners: the beheerder keeps the partners the team hands residents over to."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import roles_required
from ..maps.labels import PARTNER_KIND_LABELS
from ..models.enums import Role
from ..parsing import parse_id
from ..services import partners
from ..services.errors import Invalid, NotFound
from .forms import show_field_errors
from .partner_forms import PartnerFilterForm, PartnerForm

bp = Blueprint("partners", __name__, url_prefix="/beheer/partners")


@bp.route("")
@roles_required(Role.beheerder)
def index():
    buurten = partners.buurt_choices()
    form = PartnerFilterForm(request.args)
    form.buurt.choices = [("", _("Alle buurten"))] + [(str(b.id), b.name) for b in buurten]
    form.validate()
    kind = form.soort.data or None
    buurt_id = parse_id(form.buurt.data)
    return render_template("partners/index.html", form=form,
                           partners=partners.list_partners(kind, buurt_id),
                           kind_labels=PARTNER_KIND_LABELS,
                           filtered=bool(kind or buurt_id))


def _save(form: PartnerForm, partner_id: int | None):
    """Validate and save; the partner on success, else None with the errors on the form."""
    if not form.validate_on_submit():
        return None
    try:
        if partner_id is None:
            return partners.create_partner(form.to_input(), actor=current_user)
        return partners.update_partner(partner_id, form.to_input(), actor=current_user)
    except Invalid as error:
        show_field_errors(form, error)
        return None


def _form_page(form: PartnerForm, partner=None):
    status = 422 if request.method == "POST" else 200
    return render_template("partners/form.html", form=form, partner=partner,
                           outlines=partners.buurt_map(),
                           tile_url=current_app.config.get("TILE_URL")), status


@bp.route("/nieuw", methods=["GET", "POST"])
@roles_required(Role.beheerder)
def new():
    form = PartnerForm()
    form.buurten.choices = [(b.id, b.name) for b in partners.buurt_choices()]
    if _save(form, None):
        flash(_("Partner opgeslagen."), "success")
        return redirect(url_for("partners.index"))
    return _form_page(form)


@bp.route("/<int:partner_id>", methods=["GET", "POST"])
@roles_required(Role.beheerder)
def edit(partner_id: int):
    try:
        partner = partners.get_partner(partner_id)
    except NotFound:
        abort(404)
    form = PartnerForm(obj=partner) if request.method == "GET" else PartnerForm()
    form.buurten.choices = [(b.id, b.name) for b in partners.buurt_choices()]
    if request.method == "GET":
        form.kind.data = partner.kind.value
        form.buurten.data = [b.id for b in partner.buurten]
        form.lon.data, form.lat.data = partners.location_of(partner) or (None, None)
    if _save(form, partner_id):
        flash(_("Wijziging opgeslagen."), "success")
        return redirect(url_for("partners.index"))
    return _form_page(form, partner)
