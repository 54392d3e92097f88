"""/beheer/audit: the audit log for beheerders, filtered, paged and exported as CSV."""

from flask import Blueprint, Response, render_template, request, url_for
from flask_login import current_user

from ..access import roles_required
from ..models.enums import Role
from ..parsing import is_clean_text, parse_id
from ..services import audit_log
from ..services.errors import Invalid
from .assets import static_url

bp = Blueprint("audit", __name__, url_prefix="/beheer/audit")

FILTER_ARGS = ("actie", "wie", "soort", "onderwerp", "van", "tot", "ip")


def _filter() -> tuple[audit_log.AuditFilter | None, dict]:
    try:
        return audit_log.parse_filter(request.args), {}
    except Invalid as error:
        return None, error.fields


def _shown(value: str) -> str:
    """VALUE as the form shows it again: a NUL or a lone surrogate becomes U+FFFD (the
    page could not be encoded with them), everything else stays as typed."""
    return "".join(ch if is_clean_text(ch) else "\ufffd" for ch in value)


def _args_with(**changes) -> str:
    args = {k: v for k, v in request.args.items() if k in (*FILTER_ARGS, "pagina") and v}
    args.update({k: v for k, v in changes.items()})
    return url_for(request.endpoint, **{k: v for k, v in args.items() if v is not None})


@bp.route("")
@roles_required(Role.beheerder)
def index():
    flt, errors = _filter()
    page_number = request.args.get("pagina", "1")
    page_number = parse_id(page_number) or 1
    page = audit_log.audit_page(flt, page_number) if flt is not None else None
    current = {name: _shown(request.args.get(name, "")) for name in FILTER_ARGS}
    return render_template(
        "audit/index.html", page=page, errors=errors, current=current,
        filtered=any(current.values()), actors=audit_log.actor_choices(),
        subject_types=audit_log.subject_types(), action_choices=audit_log.action_choices(),
        action_labels=audit_log.ACTION_LABELS, action_groups=audit_log.ACTION_GROUPS,
        anonymous=audit_log.ANONYMOUS,
        args_with=_args_with, audit_css=static_url("css/audit.css"),
    )


@bp.route("/export.csv")
@roles_required(Role.beheerder)
def export():
    flt, errors = _filter()
    if flt is None:
        return index()
    exported = audit_log.export_audit_log(flt, actor=current_user, ip=request.remote_addr)
    return Response(exported.body, mimetype=exported.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{exported.filename}"',
        "Cache-Control": "no-store",
    })
