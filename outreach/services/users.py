"""Accounts: creating, editing, deactivating, logging in, and ending sessions.

Every session and remember cookie carries the account's session version (User.get_id);
ending the sessions raises the version, so every cookie made before is refused on its
next request, on every device and every worker. Logging out, a new password,
deactivation and a beheerder's "log out everywhere" do that.
"""

import logging
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import attempt_budgets, db
from ..models import User
from ..models.base import utcnow
from ..models.enums import Role
from ..rate_limits import Budget, BudgetFull, Reservation, account_key, address_key
from .audit import record_event
from .errors import DomainError, Invalid, NotFound
from .passwords import installation_place_names, password_problems

log = logging.getLogger(__name__)

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown address equal to a known one.
_DUMMY_HASH = _hasher.hash("buurtronde-dummy-password")
# User.get_id(): "id:version"; ids and versions fit the 32-bit columns (9 digits).
_SESSION_ID = re.compile(r"(?P<user>[0-9]{1,9})(?::(?P<version>[0-9]{1,9}))?")
# Fields of an account whose change is audited as user.update (by name, not value).
_PLAIN_FIELDS = ("email", "name", "phone")


class TooManyAttempts(DomainError):
    """Too many failed logins from this address or for this account; try again later."""

    code = "too_many_attempts"

    def __init__(self, message: str, budget: str):
        super().__init__(message)
        self.budget = budget  # "address" or "account"


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_fields(email: str, name: str, role: str, password: str | None,
                  existing_id: int | None = None) -> dict:
    errors: dict[str, list[str]] = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = [_("Vul een geldig e-mailadres in.")]
    elif db.session.scalar(
        select(User.id).where(func.lower(User.email) == email, User.id != (existing_id or 0))
    ):
        errors["email"] = [_("Er bestaat al een account met dit e-mailadres.")]
    if not name.strip():
        errors["name"] = [_("Vul een naam in.")]
    if role not in Role.__members__:
        errors["role"] = [_("Kies een rol.")]
    if password is not None:
        problems = _password_problems(password, email, name)
        if problems:
            errors["password"] = problems
    return errors


def _password_problems(password: str, email: str, name: str) -> list[str]:
    return password_problems(password, related=(email, name),
                             places=installation_place_names())


def _end_sessions(user: User) -> None:
    # In SQL, so two requests ending sessions at once both count.
    user.session_version = User.session_version + 1


def create_user(email: str, name: str, role: str, password: str, *,
                actor: User | None = None, phone: str | None = None,
                ip: str | None = None) -> User:
    """Make an account; raise Invalid with field messages for bad input."""
    email = _normalise_email(email)
    errors = _check_fields(email, name, role, password)
    if errors:
        raise Invalid(_("Het account is niet aangemaakt."), errors)
    user = User(email=email, name=name.strip(), role=Role(role),
                password_hash=_hasher.hash(password), phone=phone or None)
    db.session.add(user)
    db.session.flush()
    record_event("user.create", actor, subject_type="user", subject_id=user.id, ip=ip,
                 details={"role": user.role.value, "active": user.active})
    db.session.commit()
    return user


def update_user(user_id: int, *, email: str, name: str, role: str, active: bool,
                password: str | None = None, actor: User | None = None,
                phone: str | None = None, ip: str | None = None) -> User:
    """Change an account; an empty password keeps the old one.

    A new password and deactivation end the account's sessions; so does activation,
    in case the account was switched off behind the app's back. Each change is audited.
    """
    user = get_user(user_id)
    email = _normalise_email(email)
    errors = _check_fields(email, name, role, password or None, existing_id=user.id)
    if actor is not None and actor.id == user.id and (not active or role != Role.beheerder):
        errors["role"] = [_("Je kunt je eigen beheerrechten niet intrekken.")]
    if errors:
        raise Invalid(_("De wijziging is niet opgeslagen."), errors)

    subject = {"subject_type": "user", "subject_id": user.id, "ip": ip}
    new = {"email": email, "name": name.strip(), "phone": phone or None}
    changed = [f for f in _PLAIN_FIELDS if getattr(user, f) != new[f]]
    if changed:
        record_event("user.update", actor, **subject, details={"changed": changed})
    if user.role != role:
        record_event("user.role_change", actor, **subject,
                     details={"from": user.role.value, "to": role})
    if user.active != active:
        record_event("user.activate" if active else "user.deactivate", actor, **subject,
                     details={"sessions_ended": True})
        _end_sessions(user)
    if password:
        record_event("user.password_change", actor, **subject,
                     details={"sessions_ended": True})
        user.password_hash = _hasher.hash(password)
        _end_sessions(user)
    user.email, user.name, user.phone = new["email"], new["name"], new["phone"]
    user.role, user.active = Role(role), active
    db.session.commit()
    return user


def change_own_password(user_id: int, current_password: str, new_password: str, *,
                        ip: str | None = None) -> User:
    """A user sets a new password, proving the current one; every session ends.

    Wrong current passwords count against the same budgets as failed logins.
    """
    user = get_user(user_id)
    reservation = _reserve_attempt(user.email, ip)
    if not _verify(user, current_password):
        record_event("user.password_change_refused", user, subject_type="user",
                     subject_id=user.id, ip=ip)
        db.session.commit()
        raise Invalid(_("Het wachtwoord is niet gewijzigd."),
                      {"current_password": [_("Dit is niet je huidige wachtwoord.")]})
    attempt_budgets.release(reservation)
    problems = _password_problems(new_password or "", user.email, user.name)
    if not problems and new_password == current_password:
        problems = [_("Kies een ander wachtwoord dan je huidige.")]
    if problems:
        raise Invalid(_("Het wachtwoord is niet gewijzigd."), {"new_password": problems})
    user.password_hash = _hasher.hash(new_password)
    _end_sessions(user)
    record_event("user.password_change", user, subject_type="user", subject_id=user.id,
                 ip=ip, details={"sessions_ended": True})
    db.session.commit()
    return user


def log_out(user_id: int, *, ip: str | None = None) -> None:
    """The user logs out: every session of the account ends, on every device."""
    user = get_user(user_id)
    _end_sessions(user)
    record_event("login.logout", user, subject_type="user", subject_id=user.id, ip=ip)
    db.session.commit()


def log_out_everywhere(user_id: int, *, actor: User, ip: str | None = None) -> User:
    """A beheerder ends every session of an account (a lost phone, a leaked password)."""
    user = get_user(user_id)
    _end_sessions(user)
    record_event("user.logout_everywhere", actor, subject_type="user", subject_id=user.id,
                 ip=ip)
    db.session.commit()
    return user


def user_for_session(session_id: str | None) -> User | None:
    """The active account a session or remember cookie's id ("id:version") belongs to.

    None when the account's sessions were ended after the cookie was made, or the
    account is inactive or gone.
    """
    match = _SESSION_ID.fullmatch(session_id or "")
    if match is None:
        return None
    # A bare id comes from a cookie made before session versions existed (version 1).
    user_id, version = int(match["user"]), int(match["version"] or 1)
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def get_user(user_id: int) -> User:
    """The user with USER_ID, or NotFound."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("Gebruiker niet gevonden."))
    return user


def list_users() -> list[User]:
    """Every account, active first, then by role and name."""
    return list(db.session.scalars(
        select(User).order_by(User.active.desc(), User.role, User.name)))


def _reserve_attempt(email: str, ip: str | None) -> Reservation:
    """A place in the address's and the account's budget of failures, or TooManyAttempts."""
    config = current_app.config
    per_address = Budget(f"login:address:{address_key(ip)}",
                         config["LOGIN_FAILURES_PER_MINUTE"], 60)
    per_account = Budget(f"login:account:{account_key(email)}",
                         config["LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR"], 3600)
    try:
        return attempt_budgets.reserve(per_address, per_account)
    except BudgetFull as full:
        which = "address" if full.budget is per_address else "account"
    log.warning("login refused: too many failures for one %s", which)
    if which == "address":
        raise TooManyAttempts(_("Te veel pogingen vanaf dit adres. Probeer het over een "
                                "minuut opnieuw."), which)
    raise TooManyAttempts(_("Te veel mislukte pogingen voor dit e-mailadres. Probeer het "
                            "over een uur opnieuw, of vraag de beheerder om hulp."), which)


def _verify(user: User | None, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return False


def authenticate(email: str, password: str, *, ip: str | None = None) -> User | None:
    """The active user with this email and password, or None; both outcomes are audited.

    Raises TooManyAttempts, before the password is checked, when the address or the
    account has used up its failures (successful logins give their place back).
    """
    email = _normalise_email(email)
    reservation = _reserve_attempt(email, ip)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    ok = _verify(user, password)
    if ok and user is not None and user.active:
        attempt_budgets.release(reservation)
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.last_login_at = utcnow()
        record_event("login.success", user, subject_type="user", subject_id=user.id, ip=ip)
        db.session.commit()
        return user
    record_event("login.failure", None, ip=ip,
                 details={"email": email[:254],
                          "reason": "inactive" if ok else "bad_credentials"})
    db.session.commit()
    return None
