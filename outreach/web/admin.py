"""/beheer: accounts and data imports, for beheerders."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired

from ..access import roles_required
from ..body_limits import body_limit
from ..models.enums import Role
from ..services import imports, users
from ..services.errors import Invalid, NotFound
from .auth import stay_logged_in
from .forms import ImportForm, UserForm, show_field_errors

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.route("/gebruikers")
@roles_required(Role.beheerder)
def user_list():
    return render_template("admin/users.html", users=users.list_users())


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@roles_required(Role.beheerder)
def user_new():
    form = UserForm()
    if form.validate_on_submit():
        try:
            users.create_user(form.email.data, form.name.data, form.role.data,
                              form.password.data or "", actor=current_user,
                              phone=form.phone.data, ip=request.remote_addr)
        except Invalid as error:
            show_field_errors(form, error)
        else:
            flash(_("Account aangemaakt."), "success")
            return redirect(url_for("admin.user_list"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.beheerder)
def user_edit(user_id: int):
    try:
        user = users.get_user(user_id)
    except NotFound:
        abort(404)
    form = UserForm(obj=user) if request.method == "GET" else UserForm()
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            users.update_user(user.id, email=form.email.data, name=form.name.data,
                              role=form.role.data, active=form.active.data,
                              password=form.password.data or None, actor=current_user,
                              phone=form.phone.data, ip=request.remote_addr)
        except Invalid as error:
            show_field_errors(form, error)
        else:
            if user.id == current_user.id:
                # A new password of one's own ended every session, this one too.
                stay_logged_in(user)
            flash(_("Wijziging opgeslagen."), "success")
            return redirect(url_for("admin.user_list"))
    return render_template("admin/user_form.html", form=form, user=user)


class LogOutEverywhereForm(FlaskForm):
    confirm = BooleanField(
        _l("Ja, beëindig alle sessies van dit account, op elk apparaat."),
        validators=[InputRequired(_l("Vink aan om te bevestigen."))])


@bp.route("/gebruikers/<int:user_id>/overal-uitloggen", methods=["GET", "POST"])
@roles_required(Role.beheerder)
def user_log_out_everywhere(user_id: int):
    try:
        user = users.get_user(user_id)
    except NotFound:
        abort(404)
    form = LogOutEverywhereForm()
    if form.validate_on_submit():
        users.log_out_everywhere(user.id, actor=current_user, ip=request.remote_addr)
        if user.id == current_user.id:
            return redirect(url_for("auth.login"))
        flash(_("%(name)s is overal uitgelogd.", name=user.name), "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/log_out_everywhere.html", form=form, user=user)


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.beheerder)
# A city's buurten or BAG addresses as GeoJSON: the largest body the app takes.
@body_limit("IMPORT_MAX_BODY_BYTES", 32 * 1024 * 1024)
def import_data():
    form = ImportForm()
    report, error = None, None
    if form.validate_on_submit():
        try:
            report = imports.run_import(
                form.kind.data, form.file.data.read(),
                srid=form.srid.data or None,
                code_field=form.code_field.data or None,
                name_field=form.name_field.data or None,
                actor=current_user,
            )
        except imports.ImportRefused as refused:
            error = refused
    return render_template("admin/import.html", form=form, report=report, error=error)
