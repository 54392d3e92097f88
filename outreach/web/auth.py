"""Logging in and out, changing one's own password, and the language switch."""

import re
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired

from ..access import ALL_ROLES, public, roles_required
from ..services import users
from ..services.errors import Invalid
from .forms import LoginForm, show_field_errors

bp = Blueprint("auth", __name__)

# Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
# "/\t/evil" and "/\\evil" are "//evil": another site. Such a target is refused whole.
_NOT_IN_A_PATH = re.compile(r"[\x00-\x1f\x7f\\]")
_MAX_NEXT_LENGTH = 2000


def safe_next(target: str | None) -> str | None:
    """TARGET when it is a path on this site, else None (an open redirect phishes).

    Judged as sent and after percent-decoding (up to three times, for proxies and
    servers that decode again): no control characters or backslashes, no scheme, no
    host, and one leading slash.
    """
    if not target or len(target) > _MAX_NEXT_LENGTH:
        return None
    readings = [target]
    for _round in range(3):
        readings.append(unquote(readings[-1]))
    for text in readings:
        parts = urlsplit(text)
        if (_NOT_IN_A_PATH.search(text) or parts.scheme or parts.netloc
                or not text.startswith("/") or text.startswith("//")):
            return None
    return target


def _next_or_home(target: str | None) -> str:
    return safe_next(target) or url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = users.authenticate(form.email.data, form.password.data,
                                      ip=request.remote_addr)
        except users.TooManyAttempts as refused:
            form.password.errors.append(refused.message)
            return render_template("auth/login.html", form=form), 429
        if user is not None:
            login_user(user, remember=form.remember.data)
            session.permanent = True
            return redirect(_next_or_home(request.args.get("next")))
        form.password.errors.append(_("Onbekend e-mailadres of verkeerd wachtwoord."))
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@roles_required(*ALL_ROLES)
def logout():
    # Ends every session of the account, not only this browser's: a phone or laptop
    # left logged in elsewhere is logged out too (the phone keeps its outbox).
    users.log_out(current_user.id, ip=request.remote_addr)
    logout_user()
    return redirect(url_for("auth.login"))


def stay_logged_in(user) -> None:
    """Give this browser a session (and remember cookie, if it had one) at USER's new
    session version: ending every session of one's own account ended this one too."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    login_user(user, remember=remember in request.cookies)
    session.permanent = True


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired()])
    # Length and strength are checked by services.passwords, with Dutch messages.
    new_password = PasswordField(_l("Nieuw wachtwoord"), validators=[DataRequired()])


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@roles_required(*ALL_ROLES)
def change_password():
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = users.change_own_password(current_user.id, form.current_password.data,
                                             form.new_password.data, ip=request.remote_addr)
        except users.TooManyAttempts as refused:
            form.current_password.errors.append(refused.message)
            status = 429
        except Invalid as error:
            show_field_errors(form, error)
            status = 422
        else:
            stay_logged_in(user)
            flash(_("Je wachtwoord is gewijzigd. Je bent op je andere apparaten "
                    "uitgelogd."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form), status


@bp.route("/taal/<lang>", methods=["POST"])
@public
def switch_language(lang: str):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(_next_or_home(request.form.get("next")))
