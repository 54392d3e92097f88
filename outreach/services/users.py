"""Accounts: creating, editing, deactivating and logging in."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from ..extensions import db
from ..models import User
from ..models.base import utcnow
from ..models.enums import Role
from .audit import record_event
from .errors import Invalid, NotFound
from .passwords import password_problems

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown address equal to a known one.
_DUMMY_HASH = _hasher.hash("buurtronde-dummy-password")


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_fields(email: str, name: str, role: str, password: str | None,
                  existing_id: int | None = None) -> dict:
    errors: dict[str, list[str]] = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = ["Vul een geldig e-mailadres in."]
    elif db.session.scalar(
        select(User.id).where(func.lower(User.email) == email, User.id != (existing_id or 0))
    ):
        errors["email"] = ["Er bestaat al een account met dit e-mailadres."]
    if not name.strip():
        errors["name"] = ["Vul een naam in."]
    if role not in Role.__members__:
        errors["role"] = ["Kies een rol."]
    if password is not None:
        problems = password_problems(password, related=(email, name))
        if problems:
            errors["password"] = problems
    return errors


def create_user(email: str, name: str, role: str, password: str, *,
                actor: User | None = None, phone: str | None = None) -> User:
    """Make an account; raise Invalid with field messages for bad input."""
    email = _normalise_email(email)
    errors = _check_fields(email, name, role, password)
    if errors:
        raise Invalid("Het account is niet aangemaakt.", errors)
    user = User(email=email, name=name.strip(), role=Role(role),
                password_hash=_hasher.hash(password), phone=phone or None)
    db.session.add(user)
    db.session.flush()
    record_event("user.create", actor, subject_type="user", subject_id=user.id,
                 details={"role": user.role.value})
    db.session.commit()
    return user


def update_user(user_id: int, *, email: str, name: str, role: str, active: bool,
                password: str | None = None, actor: User | None = None,
                phone: str | None = None) -> User:
    """Change an account; an empty password keeps the old one."""
    user = get_user(user_id)
    email = _normalise_email(email)
    errors = _check_fields(email, name, role, password or None, existing_id=user.id)
    if actor is not None and actor.id == user.id and (not active or role != Role.beheerder):
        errors["role"] = ["Je kunt je eigen beheerrechten niet intrekken."]
    if errors:
        raise Invalid("De wijziging is niet opgeslagen.", errors)
    if user.role != role:
        record_event("user.role_change", actor, subject_type="user", subject_id=user.id,
                     details={"from": user.role.value, "to": role})
    if user.active != active:
        record_event("user.activate" if active else "user.deactivate", actor,
                     subject_type="user", subject_id=user.id)
    user.email, user.name, user.role, user.active = email, name.strip(), Role(role), active
    user.phone = phone or None
    if password:
        user.password_hash = _hasher.hash(password)
    db.session.commit()
    return user


def get_user(user_id: int) -> User:
    """The user with USER_ID, or NotFound."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Gebruiker niet gevonden.")
    return user


def list_users() -> list[User]:
    """Every account, active first, then by role and name."""
    return list(db.session.scalars(
        select(User).order_by(User.active.desc(), User.role, User.name)))


def authenticate(email: str, password: str, *, ip: str | None = None) -> User | None:
    """The active user with this email and password, or None; both outcomes are audited."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == _normalise_email(email)))
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if ok and user is not None and user.active:
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.last_login_at = utcnow()
        record_event("login.success", user, subject_type="user", subject_id=user.id, ip=ip)
        db.session.commit()
        return user
    record_event("login.failure", None, ip=ip,
                 details={"email": _normalise_email(email)[:254],
                          "reason": "inactive" if ok else "bad_credentials"})
    db.session.commit()
    return None
