"""/rondes: the coordinator plans rounds, assigns workers and prints walk lists."""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..access import error_envelope, roles_required
from ..clock import local_today
from ..models.enums import Role, RoundKind
from ..parsing import parse_id
from ..services import planning, rounds
from ..services.errors import Invalid, NotFound
from .forms import RoundForm, show_field_errors

bp = Blueprint("rounds", __name__, url_prefix="/rondes")


@bp.route("")
@roles_required(Role.coordinator)
def index():
    upcoming, past = rounds.list_rounds(local_today())
    return render_template("rounds/index.html", upcoming=upcoming, past=past)


def _fill_choices(form: RoundForm) -> None:
    form.buurten.choices = [(b.id, b.name) for b in rounds.buurt_choices()]
    form.workers.choices = [(u.id, u.name) for u in rounds.worker_choices()]


def _input(form: RoundForm) -> rounds.RoundInput:
    spot = ((form.coffee_lon.data, form.coffee_lat.data)
            if form.coffee_lon.data is not None and form.coffee_lat.data is not None else None)
    return rounds.RoundInput(
        kind=form.kind.data, date=form.date.data, status=form.status.data,
        title=form.title.data, buurt_ids=form.buurten.data or [],
        street_ids=form.street_list(), worker_ids=form.workers.data or [], coffee_spot=spot,
        coffee_spot_name=form.coffee_spot_name.data,
        announcement_text=form.announcement_text.data,
        announcement_date=form.announcement_date.data, key_contact=form.key_contact.data)


def _save(form: RoundForm, round_id: int | None):
    """Validate and save; the round on success, else None with the errors on the form."""
    if not form.validate_on_submit():
        return None
    try:
        if round_id is None:
            return rounds.create_round(_input(form), actor=current_user)
        return rounds.update_round(round_id, _input(form), actor=current_user)
    except Invalid as error:
        show_field_errors(form, error, {"streets": "street_ids"})
        return None


def _form_page(form: RoundForm, round_=None):
    status = 422 if request.method == "POST" else 200
    chosen = planning.street_names(form.street_list())
    return render_template("rounds/form.html", form=form, round=round_, chosen=chosen,
                           tile_url=current_app.config.get("TILE_URL")), status


@bp.route("/nieuw", methods=["GET", "POST"])
@roles_required(Role.coordinator)
def new():
    form = RoundForm()
    _fill_choices(form)
    if request.method == "GET":
        form.date.data = local_today()
        form.kind.data = request.args.get("soort", RoundKind.bloemen.value)
    saved = _save(form, None)
    if saved:
        flash(_("Ronde opgeslagen."), "success")
        return redirect(url_for("rounds.index"))
    return _form_page(form)


@bp.route("/<int:round_id>", methods=["GET", "POST"])
@roles_required(Role.coordinator)
def edit(round_id: int):
    try:
        round_ = rounds.get_round(round_id)
    except NotFound:
        abort(404)
    form = RoundForm(obj=round_) if request.method == "GET" else RoundForm()
    _fill_choices(form)
    if request.method == "GET":
        rounds.fill_form(form, round_)
    saved = _save(form, round_id)
    if saved:
        flash(_("Ronde opgeslagen."), "success")
        return redirect(url_for("rounds.index"))
    return _form_page(form, round_)


@bp.route("/<int:round_id>/looplijst")
@roles_required(Role.coordinator)
def walk_list(round_id: int):
    try:
        sheet = rounds.walk_list(round_id)
    except NotFound:
        abort(404)
    return render_template("rounds/walk_list.html", **sheet)


# --- the planner's JSON (GET: it changes nothing) ------------------------------------------

def _ints(name: str) -> list[int]:
    values = [parse_id(v) for v in request.args.getlist(name)]
    if None in values:
        raise Invalid("Ongeldige invoer.", {name: ["Geen geldig nummer."]})
    return values


def _start():
    text = request.args.get("start", "").strip()
    if not text:
        return None
    try:
        lon, lat = (float(part) for part in text.split(","))
    except ValueError:
        raise Invalid("Ongeldig startpunt.", {"start": ["Geef lengte,breedte."]}) from None
    return lon, lat


def _number(name: str):
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return float(text) if name == "minutes" else int(text)
    except ValueError:
        raise Invalid("Ongeldig getal.", {name: ["Geen geldig getal."]}) from None


def _json(work):
    try:
        return jsonify(work())
    except Invalid as error:
        return error_envelope(422, "invalid", error.message, error.fields)


@bp.route("/planner/straten")
@roles_required(Role.coordinator)
def planner_streets():
    return _json(lambda: {
        "streets": planning.street_layer(_ints("buurt"), now=datetime.now(UTC)),
        "starts": planning.start_places(_ints("buurt"))})


@bp.route("/planner/voorstel")
@roles_required(Role.coordinator)
def planner_proposal():
    return _json(lambda: planning.propose_route(
        _ints("buurt"), now=datetime.now(UTC), start=_start(), count=_number("count"),
        minutes=_number("minutes")))


@bp.route("/planner/route")
@roles_required(Role.coordinator)
def planner_route():
    return _json(lambda: planning.plan_route(
        _ints("street"), start=_start(), optimise=request.args.get("optimise") == "1"))


@bp.route("/planner/koffie")
@roles_required(Role.coordinator)
def planner_coffee():
    return _json(lambda: {"spots": planning.suggest_spots(_ints("street"))})
