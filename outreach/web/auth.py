"""Logging in and out, and the language switch."""

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..access import ALL_ROLES, public, roles_required
from ..extensions import limiter
from ..services import users
from .forms import LoginForm

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_MINUTE']}/minute"


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect after login is a phishing tool.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"], deduct_when=lambda _r: g.get("login_failed", False))
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data, ip=request.remote_addr)
        if user is not None:
            login_user(user, remember=form.remember.data)
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
        g.login_failed = True
        form.password.errors.append(_("Onbekend e-mailadres of verkeerd wachtwoord."))
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@roles_required(*ALL_ROLES)
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/taal/<lang>", methods=["POST"])
@public
def switch_language(lang: str):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))
