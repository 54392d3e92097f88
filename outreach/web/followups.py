"""/opvolging: the team lead's follow-up board, one follow-up's page, today, service levels.

Coordinators read the board (to plan rounds around open work) but change nothing, never
see who lives behind a door and never read a note (docs/privacy.md). Every change posts
the version the user saw; a colleague's change in between answers 409 with both versions
side by side.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import roles_required
from ..clock import local_today
from ..maps.labels import (
    CATEGORY_LABELS,
    FOLLOW_UP_EVENT_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    PARTNER_OUTCOME_LABELS,
    URGENCY_LABELS,
)
from ..models.enums import FollowUpStatus, Role
from ..parsing import parse_id
from ..services.errors import Forbidden, Invalid, NotFound, StaleVersion
from ..services.followups import actions, partner_links
from ..services.followups import board as board_service
from ..services.followups.resident import may_read_resident, read_resident
from ..services.followups.service_levels import service_levels, set_service_levels
from ..services.followups.transitions import allowed_targets
from .assets import static_url
from .followup_forms import (
    KIND_LABELS,
    SORT_LABELS,
    AssignForm,
    BoardFilterForm,
    DueDateForm,
    HandoverForm,
    LinkForm,
    PlainForm,
    ServiceLevelForm,
    StatusForm,
    VersionForm,
)
from .forms import show_field_errors

bp = Blueprint("followups", __name__, url_prefix="/opvolging")
T, C = Role.teamleider, Role.coordinator
ID = "/<uuid:follow_up_id>"
# Where a service's field error lands on our forms.
FIELD_NAMES = {"assignee_id": "assignee", "partner_id": "partner"}


@bp.context_processor
def labels():
    return {"status_labels": FOLLOW_UP_STATUS_LABELS, "kind_labels": KIND_LABELS,
            "outcome_labels": PARTNER_OUTCOME_LABELS, "event_labels": FOLLOW_UP_EVENT_LABELS,
            "category_labels": CATEGORY_LABELS, "urgency_labels": URGENCY_LABELS,
            "board_css": static_url("css/followups.css"),
            "may_act": current_user.is_authenticated and current_user.role == T}


def _args_with(**changes) -> str:
    """The current board URL with some query arguments changed (None drops one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for("followups.board", **args)


@bp.route("")
@roles_required(T, C)
def board():
    form = BoardFilterForm(request.args)
    form.fill(board_service.filter_choices())
    flt = form.to_filter(request.args.get("pagina"))
    as_list = request.args.get("weergave") == "lijst"
    data = board_service.read_board(flt, local_today(), as_list=as_list)
    return render_template("followups/board.html", form=form, data=data, flt=flt,
                           as_list=as_list, args_with=_args_with, sort_labels=SORT_LABELS,
                           filtered=any(v for k, v in request.args.items()
                                        if k not in ("weergave", "pagina", "sorteer")))


# --- one follow-up --------------------------------------------------------------------------

def _follow_up(follow_up_id):
    try:
        return actions.get_follow_up(follow_up_id)
    except NotFound:
        abort(404)


def _fill(name: str, form, follow_up) -> None:
    """Give FORM the choices that fit FOLLOW_UP now, and ids unique on the page."""
    for f in form:
        # Several forms have a note: each label must point at its own field.
        f.id = f"{name}-{f.name}"
        f.label.field_id = f.id
    if name == "status":
        targets = allowed_targets(follow_up.status, current_user.role)
        # Handing over goes through the handover form, with its checklist.
        form.status.choices = [("", _("Kies…"))] + [
            (s.value, str(FOLLOW_UP_STATUS_LABELS[s])) for s in board_service.BOARD_ORDER
            if s in targets and s != FollowUpStatus.overgedragen]
    elif name == "assign":
        form.assignee.choices = [("", _("Niemand"))] + [
            (str(uid), f"{name_} ({_('teamleider') if role == 'teamleider' else _('veldwerker')})")
            for uid, name_, role in board_service.assignee_choices()]
    elif name == "handover":
        buurt_id = follow_up.contact.buurt_id if follow_up.contact else None
        near, other = board_service.partner_choices(buurt_id)
        choices = {}
        if near:
            choices[_("Werkt in deze buurt")] = [(str(i), n) for i, n in near]
        if other:
            choices[_("Andere partners") if near else _("Partners")] = [
                (str(i), n) for i, n in other]
        form.partner.choices = [("", _("Kies een partner…"))] if not choices else choices
        if not choices:
            form.partner.choices = [("", _("Geen actieve partners"))]


FORMS = {"status": StatusForm, "assign": AssignForm, "due": DueDateForm,
         "handover": HandoverForm, "link": LinkForm, "revoke": VersionForm,
         "resident": PlainForm}


def _blank_forms(follow_up) -> dict:
    v = follow_up.version
    forms = {
        "status": StatusForm(formdata=None, version=v),
        "assign": AssignForm(formdata=None, version=v,
                             assignee=str(follow_up.assignee_id or "")),
        "due": DueDateForm(formdata=None, version=v, due_date=follow_up.due_date),
        "handover": HandoverForm(
            formdata=None, version=v, partner=str(follow_up.partner_id or ""),
            agreement=follow_up.handover_agreement,
            resident_agreed=follow_up.handover_resident_agreed,
            partner_reached=follow_up.handover_partner_reached,
            appointment_on=follow_up.handover_appointment_on),
        "link": LinkForm(formdata=None, version=v),
        "revoke": VersionForm(formdata=None, version=v),
        "resident": PlainForm(formdata=None),
    }
    for name, form in forms.items():
        _fill(name, form, follow_up)
    return forms


def _detail_page(follow_up, *, status=200, failed: tuple[str, object] | None = None,
                 message: str | None = None, resident=None, new_link=None):
    forms = _blank_forms(follow_up) if current_user.role == T else {}
    if failed:
        forms[failed[0]] = failed[1]
    # Who may work on it reads its notes; a coordinator sees categories and counts only.
    may_read = may_read_resident(follow_up, current_user)
    context = board_service.follow_up_context(follow_up, local_today(), with_notes=may_read)
    return render_template(
        "followups/detail.html", ctx=context, fu=follow_up, forms=forms, failed=failed,
        message=message, resident=resident, new_link=new_link,
        may_see_resident=may_read), status


@bp.route(ID)
@roles_required(T, C)
def detail(follow_up_id):
    return _detail_page(_follow_up(follow_up_id))


@bp.route(ID + "/bewoner", methods=["POST"])
@roles_required(T)
def resident(follow_up_id):
    follow_up = _follow_up(follow_up_id)
    if not PlainForm().validate_on_submit():
        abort(400)
    # Each press is one deliberate, audited read; the details are never in a GET page.
    details = read_resident(follow_up, current_user, ip=request.remote_addr)
    if details is None:
        abort(403)
    return _detail_page(follow_up, resident=details)


def _shown(field) -> str:
    """What the user typed or chose in FIELD, as words for the 409 page."""
    if field.type == "BooleanField":
        return _("ja") if field.data else _("nee")
    if field.type == "LenientSelect":
        for value, label, *_rest in _flat_choices(field.choices):
            if str(value) == str(field.data):
                return str(label)
    return "" if field.data is None else str(field.data)


def _flat_choices(choices):
    if isinstance(choices, dict):
        return [c for group in choices.values() for c in group]
    return list(choices or [])


def _stale_page(follow_up, name: str, form, error: StaleVersion):
    # The note last, as on the form: first what changes, then why.
    fields = sorted((f for f in form if f.name not in ("version", "csrf_token")),
                    key=lambda f: f.name == "note")
    mine = [(str(f.label.text), _shown(f)) for f in fields
            if f.data or f.type == "BooleanField"]
    repost = [(k, v) for k, v in request.form.items(multi=True)
              if k not in ("version", "csrf_token")]
    current = dict(error.current)
    if current.get("status") in FollowUpStatus.__members__:
        current["status_label"] = FOLLOW_UP_STATUS_LABELS[FollowUpStatus(current["status"])]
    return render_template("followups/stale.html", fu=follow_up, mine=mine, current=current,
                           repost=repost, action=request.path,
                           csrf_form=PlainForm(formdata=None)), 409


def _act(follow_up_id, name: str, apply, done: str):
    """Run one action form: validate, call the service, answer 303, 409, 422 or 403."""
    follow_up = _follow_up(follow_up_id)
    form = FORMS[name]()
    _fill(name, form, follow_up)
    if not form.validate_on_submit():
        return _detail_page(follow_up, status=422, failed=(name, form),
                            message=_("Niet opgeslagen: kijk de velden na."))
    try:
        result = apply(form, follow_up)
    except StaleVersion as error:
        return _stale_page(follow_up, name, form, error)
    except Forbidden:
        abort(403)
    except Invalid as error:
        unplaced = show_field_errors(form, error, FIELD_NAMES)
        return _detail_page(follow_up, status=422, failed=(name, form),
                            message=" ".join([error.message, *unplaced]))
    if isinstance(result, dict):  # a page to show now (the new link), not a redirect
        return _detail_page(follow_up, **result)
    flash(done(result) if callable(done) else done, "success")
    return redirect(url_for("followups.detail", follow_up_id=follow_up.id), 303)


@bp.route(ID + "/status", methods=["POST"])
@roles_required(T)
def change_status(follow_up_id):
    return _act(follow_up_id, "status", lambda form, fu: actions.change_status(
        fu.id, form.status.data or "", actor=current_user, expected_version=form.version.data,
        note=form.note.data), _("Status gewijzigd."))


@bp.route(ID + "/toewijzen", methods=["POST"])
@roles_required(T)
def assign(follow_up_id):
    def apply(form, fu):
        value = form.assignee.data or ""
        if value and parse_id(value) is None:
            raise Invalid("Kies een medewerker.", {"assignee_id": ["Kies een medewerker."]})
        return actions.assign(fu.id, parse_id(value), actor=current_user,
                              expected_version=form.version.data, note=form.note.data)
    return _act(follow_up_id, "assign", apply, _("Toegewezen."))


@bp.route(ID + "/termijn", methods=["POST"])
@roles_required(T)
def due_date(follow_up_id):
    return _act(follow_up_id, "due", lambda form, fu: actions.set_due_date(
        fu.id, form.due_date.data, actor=current_user, expected_version=form.version.data,
        note=form.note.data), _("Termijn opgeslagen."))


@bp.route(ID + "/overdracht", methods=["POST"])
@roles_required(T)
def handover(follow_up_id):
    def apply(form, fu):
        return actions.hand_over(fu.id, actions.Handover(
            partner_id=parse_id(form.partner.data) or 0, agreement=form.agreement.data,
            resident_agreed=bool(form.resident_agreed.data),
            partner_reached=bool(form.partner_reached.data),
            appointment_on=form.appointment_on.data, note=form.note.data),
            actor=current_user, expected_version=form.version.data)
    return _act(follow_up_id, "handover", apply, _("Overdracht opgeslagen."))


def _link_url(follow_up_id, token: str) -> str:
    return url_for("partner_link.show", follow_up_id=str(follow_up_id), token=token,
                   _external=True)


@bp.route(ID + "/partnerlink", methods=["POST"])
@roles_required(T)
def create_link(follow_up_id):
    def apply(form, fu):
        link, token = partner_links.create_partner_link(
            fu.id, actor=current_user, valid_days=form.valid_days.data,
            expected_version=form.version.data, ip=request.remote_addr)
        # Shown once, on this answer only: the token is stored as a hash and never again
        # readable, so a reload or the history cannot show it a second time.
        return {"new_link": {"url": _link_url(fu.id, token), "expires_at": link.expires_at}}
    return _act(follow_up_id, "link", apply, "")


@bp.route(ID + "/partnerlink/intrekken", methods=["POST"])
@roles_required(T)
def revoke_links(follow_up_id):
    def apply(form, fu):
        return partner_links.revoke_partner_links(fu.id, actor=current_user,
                                                  expected_version=form.version.data,
                                                  ip=request.remote_addr)
    return _act(follow_up_id, "revoke", apply, lambda count: (
        _("Partnerlink ingetrokken: hij werkt niet meer.") if count
        else _("Er was geen werkende partnerlink.")))


# --- today and settings ----------------------------------------------------------------------

@bp.route("/vandaag")
@roles_required(T, C)
def today():
    return render_template("followups/today.html",
                           data=board_service.today_overview(local_today()))


@bp.route("/instellingen", methods=["GET", "POST"])
@roles_required(T)
def settings():
    form = ServiceLevelForm()
    if request.method == "GET":
        for kind, days in service_levels().items():
            getattr(form, kind.value).data = days
    elif form.validate_on_submit():
        try:
            set_service_levels(form.levels(), current_user)
        except Invalid as error:
            show_field_errors(form, error)
        else:
            flash(_("Termijnen opgeslagen."), "success")
            return redirect(url_for("followups.settings"), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("followups/settings.html", form=form), status
