"""/partner/<id>/<token>: a partner, without an account, confirms a warm handover.

The page holds personal data behind a link, so it is never cached, never sent on as a
referrer and never indexed; it is rate limited per IP to slow down token guessing.
"""

from flask import Blueprint, current_app, render_template, request

from ..access import public
from ..extensions import limiter
from ..maps.labels import FOLLOW_UP_KIND_LABELS, PARTNER_OUTCOME_LABELS, category_label
from ..models.enums import HelpCategory
from ..services.errors import Gone, Invalid, NotFound
from ..services.followups import partner_links
from .partner_forms import PartnerConfirmForm

bp = Blueprint("partner_link", __name__, url_prefix="/partner")

URL = "/<follow_up_id>/<token>"


# One budget per IP for opening and confirming: guessing through POST gains nothing.
# Counted in the shared store over a sliding minute (config RATELIMIT_STRATEGY).
def _limit() -> str:
    return f"{current_app.config['PARTNER_LINK_PER_MINUTE']}/minute"


@bp.after_request
def private_page(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _steps(view) -> list[dict]:
    """The three buttons, each enabled only when it is a step forward."""
    order = partner_links.OUTCOME_ORDER
    reached = order.index(view.outcome) if view.outcome else -1
    return [{"value": o.value, "done": i <= reached,
             "enabled": not view.closed and i > reached} for i, o in enumerate(order)]


def _page(view, form, status=200, message=None, saved=False):
    categories = [category_label(HelpCategory(c)) for c in view.help_categories
                  if c in HelpCategory.__members__]
    return render_template("partners/link.html", view=view, form=form, steps=_steps(view),
                           categories=categories, message=message, saved=saved,
                           kind=FOLLOW_UP_KIND_LABELS.get(view.kind, view.kind),
                           outcome_labels=PARTNER_OUTCOME_LABELS), status


def _refused(error):
    if isinstance(error, Gone):
        return render_template("partners/link_gone.html"), 410
    return render_template("partners/link_missing.html"), 404


@bp.route(URL, methods=["GET"])
@public
@limiter.shared_limit(_limit, scope="partner_link")
def show(follow_up_id: str, token: str):
    try:
        view = partner_links.open_partner_link(follow_up_id, token, ip=request.remote_addr)
    except (NotFound, Gone) as error:
        return _refused(error)
    return _page(view, PartnerConfirmForm())


@bp.route(URL, methods=["POST"])
@public
@limiter.shared_limit(_limit, scope="partner_link")
def confirm(follow_up_id: str, token: str):
    form = PartnerConfirmForm()
    ip = request.remote_addr
    try:
        if form.validate_on_submit():
            view = partner_links.confirm_through_link(follow_up_id, token, form.outcome.data,
                                                      note=form.note.data, ip=ip)
            return _page(view, PartnerConfirmForm(formdata=None), saved=True)
        # Too long a note: show the page again with the note kept.
        view = partner_links.open_partner_link(follow_up_id, token, ip=ip)
        return _page(view, form, 422)
    except (NotFound, Gone) as error:
        return _refused(error)
    except Invalid as error:
        view = partner_links.open_partner_link(follow_up_id, token, ip=ip)
        return _page(view, form, 422, message=error.message)
