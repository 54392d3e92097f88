"""/rapportage: the teamleider's impact report per buurt, printable, with CSV per table."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..access import roles_required
from ..clock import local_today
from ..models.enums import Role
from ..services.errors import Invalid, NotFound
from ..services.plan_filter import buurt_choices, find_buurt
from ..services.report import Preset, custom_period, impact_report, preset_period
from ..services.report.export import export_table
from .assets import static_url
from .forms import DayField, show_field_errors

bp = Blueprint("reports", __name__, url_prefix="/rapportage")

PRESET_LABELS = {Preset.dit_kwartaal: _l("Dit kwartaal"),
                 Preset.vorig_kwartaal: _l("Vorig kwartaal"), Preset.dit_jaar: _l("Dit jaar"),
                 Preset.vorig_jaar: _l("Vorig jaar"),
                 Preset.anders: _l("Zelf kiezen (van – tot)")}
FIELDS = ("buurt", "periode", "van", "tot")


class ReportForm(FlaskForm):
    """Buurt and period (GET: the report only reads, so a report is a link to share)."""

    class Meta:
        csrf = False

    buurt = SelectField(_l("Buurt"), validators=[Optional()], choices=[])
    periode = SelectField(_l("Periode"), default=Preset.dit_kwartaal.value, choices=[
        SelectChoice(p.value, label) for p, label in PRESET_LABELS.items()])
    van = DayField(_l("Van"), validators=[Optional()])
    tot = DayField(_l("Tot en met"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the period as a whole by custom_period's rules (one place)."""
        valid = super().validate(extra_validators)
        if self.periode.data != Preset.anders or self.van.errors or self.tot.errors:
            return valid
        try:
            custom_period(self.van.data, self.tot.data, local_today())
        except Invalid as error:
            show_field_errors(self, error)
            return False
        return valid


def _form() -> tuple[ReportForm, bool]:
    """The form from the query string; True when it holds a usable choice."""
    form = ReportForm(formdata=request.args if request.args else None)
    form.buurt.choices = [SelectChoice("", _("Hele gemeente")),
                          *(SelectChoice(code, name) for code, name in buurt_choices())]
    valid = form.validate()
    if form.periode.errors:
        form.periode.errors[:] = [_("Kies een periode uit de lijst.")]
    if form.buurt.errors:
        form.buurt.errors[:] = [_("Deze buurt bestaat niet; kies een buurt uit de lijst.")]
    return form, valid


def _selection(form: ReportForm):
    today = local_today()
    if form.periode.data == Preset.anders:
        period = custom_period(form.van.data, form.tot.data, today)
    else:
        period = preset_period(Preset(form.periode.data), today)
        form.van.data, form.tot.data = period.date_from, period.date_to
    try:
        buurt = find_buurt(form.buurt.data) if form.buurt.data else None
    except NotFound:
        abort(404)  # the choices come from the same table: only a race gets here
    return period, buurt


def _args() -> dict:
    return {k: v for k, v in request.args.items() if k in FIELDS and v}


@bp.route("")
@roles_required(Role.teamleider)
def index():
    form, valid = _form()
    if not valid:
        return render_template("reports/index.html", form=form, report=None,
                               static_url=static_url), 422
    period, buurt = _selection(form)
    report = impact_report(period, buurt)
    return render_template("reports/index.html", form=form, report=report, args=_args(),
                           static_url=static_url)


@bp.route("/export/<table>.csv")
@roles_required(Role.teamleider)
def export(table: str):
    form, valid = _form()
    if not valid:
        return render_template("reports/index.html", form=form, report=None,
                               static_url=static_url), 422
    period, buurt = _selection(form)
    try:
        exported = export_table(period, buurt, table, actor=current_user,
                                ip=request.remote_addr)
    except NotFound:
        abort(404)
    return Response(exported.body, mimetype=exported.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{exported.filename}"'})
