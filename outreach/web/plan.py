"""/plan: the coordinator's coverage and hotspot maps, buurt pages and coverage exports."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..access import roles_required
from ..clock import local_today
from ..maps.labels import (
    CATEGORY_LABELS,
    COVERAGE_CLASS_LABELS,
    KEY_FIGURE_LABELS,
    VISIT_CLASS_LABELS,
)
from ..maps.plan_map import (
    COVERAGE_COLORS,
    VISIT_COLORS,
    build_plan_map,
    collection,
    follow_up_features,
    street_features,
    unlisted_text,
)
from ..models.enums import Role
from ..services.buurt_profile import STREET_SORTS, buurt_profile
from ..services.coverage_export import ExportFormat, ExportLevel, export_coverage
from ..services.errors import NotFound
from ..services.mapdata import follow_ups_in_view, plan_map_data, streets_in_view
from ..services.plan_filter import buurt_choices, find_buurt
from .assets import static_url
from .plan_forms import PlanFilterForm

bp = Blueprint("plan", __name__, url_prefix="/plan")

FILTER_FIELDS = ("van", "tot", "soort", "hulpvraag", "buurt")


def _filter():
    """The filter form from the query string, and the PlanFilter it stands for."""
    form = PlanFilterForm(formdata=request.args)
    form.buurt.choices = [SelectChoice("", _("Hele gemeente")),
                          *(SelectChoice(code, name) for code, name in buurt_choices())]
    return form, form.to_filter(local_today())


def _filter_args(**changes) -> dict:
    args = {k: v for k, v in request.args.items() if k in FILTER_FIELDS and v}
    args.update(changes)
    return {k: v for k, v in args.items() if v}


def _map(plan_filter, buurt_id):
    config = current_app.config
    data = plan_map_data(plan_filter, buurt_id=buurt_id,
                         min_contacts=config["HOTSPOT_MIN_CONTACTS"],
                         inline_streets_max=config["PLAN_STREETS_INLINE_MAX"])
    args = _filter_args(buurt=None)
    plan_map = build_plan_map(
        data, asset_url=static_url, tile_url=config.get("TILE_URL"),
        tile_attribution=config.get("TILE_ATTRIBUTION"),
        buurt_url=None if buurt_id else (lambda code: url_for("plan.buurt", code=code, **args)),
        kind_filtered=plan_filter.round_kind is not None)
    streets_url = (None if data.streets_inline
                   else url_for("plan.streets_in_view", **_filter_args()))
    return plan_map, streets_url


def _buurt_or_404(code: str):
    try:
        return find_buurt(code)
    except NotFound:
        abort(404)


@bp.route("")
@roles_required(Role.coordinator)
def index():
    form, plan_filter = _filter()
    buurt = _buurt_or_404(plan_filter.buurt_code) if plan_filter.buurt_code else None
    plan_map, streets_url = _map(plan_filter, buurt.id if buurt else None)
    return render_template("plan/index.html", form=form, plan_filter=plan_filter, buurt=buurt,
                           plan_map=plan_map, streets_url=streets_url, args=_filter_args(),
                           static_url=static_url)


@bp.route("/buurt/<code>")
@roles_required(Role.coordinator)
def buurt(code: str):
    form, plan_filter = _filter()
    found = _buurt_or_404(code)
    plan_filter = plan_filter.with_buurt(found.code)
    sort = request.args.get("sorteer") if request.args.get("sorteer") in STREET_SORTS else "naam"
    profile = buurt_profile(found, plan_filter, street_sort=sort)
    plan_map, streets_url = _map(plan_filter, found.id)
    return render_template("plan/buurt.html", form=form, plan_filter=plan_filter, profile=profile,
                           plan_map=plan_map, streets_url=streets_url, sort=sort,
                           args=_filter_args(buurt=found.code), city_args=_filter_args(buurt=None),
                           static_url=static_url, category_labels=CATEGORY_LABELS,
                           key_figure_labels=KEY_FIGURE_LABELS,
                           coverage_labels=COVERAGE_CLASS_LABELS, visit_labels=VISIT_CLASS_LABELS,
                           coverage_colors=COVERAGE_COLORS, visit_colors=VISIT_COLORS,
                           unlisted_text=unlisted_text)


def _bbox(raw: str | None) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in (raw or "").split(","))
    except ValueError:
        abort(400)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        abort(400)
    return west, south, east, north


@bp.route("/kaart/straten.json", endpoint="streets_in_view")
@roles_required(Role.coordinator)
def streets_in_view_json():
    _form, plan_filter = _filter()
    bbox = _bbox(request.args.get("bbox"))
    return jsonify({
        "straten": collection(street_features(streets_in_view(plan_filter, bbox))),
        "opvolging": collection(follow_up_features(follow_ups_in_view(plan_filter, bbox)))})


@bp.route("/export/<level>.<fmt>")
@roles_required(Role.coordinator)
def export(level: str, fmt: str):
    if level not in ExportLevel.__members__ or fmt not in ExportFormat.__members__:
        abort(404)
    _form, plan_filter = _filter()
    if request.args.get("buurt") and not plan_filter.buurt_code:
        abort(404)  # never a whole city's file for a buurt that does not exist
    exported = export_coverage(plan_filter, ExportLevel(level), ExportFormat(fmt),
                               actor=current_user, ip=request.remote_addr)
    return Response(exported.body, mimetype=exported.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{exported.filename}"'})
