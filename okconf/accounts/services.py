"""Staff account rules: creating users, checking passwords, changing them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf.accounts.models import Role, User
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError
from okconf.extensions import db


def _argon2():
    """argon2's hasher, and a hash to verify against when the email is unknown (so timing does
    not reveal which accounts exist): made on first use, not when a web worker starts (the
    hash costs tens of milliseconds). Tests put a cheaper hasher in `_hasher`/`_DUMMY_HASH`."""
    if "_hasher" not in globals():
        from argon2 import PasswordHasher

        hasher = PasswordHasher()
        globals().update(_hasher=hasher, _DUMMY_HASH=hasher.hash("not-a-real-password"))
    return globals()["_hasher"], globals()["_DUMMY_HASH"]


def __getattr__(name: str):
    if name in ("_hasher", "_DUMMY_HASH"):
        return _argon2()[name == "_DUMMY_HASH"]
    raise AttributeError(name)


def _refused() -> tuple[type[Exception], ...]:
    from argon2.exceptions import InvalidHashError, VerificationError

    return VerificationError, InvalidHashError


MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _argon2()[0].hash(password)


def check_password_rules(password: str, field: str = "password") -> None:
    """Refuse passwords that are too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), field
        )


def find_user(email: str) -> User | None:
    """The user with this email, compared case-insensitively."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(email: str, name: str, role: Role, password: str) -> User:
    """Create a staff user; the email must be new."""
    email = email.strip().lower()
    check_password_rules(password)
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise Conflict(_("A user with this email already exists."), "email")
    user = User(email=email, name=name.strip(), role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user whose password matches, or None, in constant-ish time."""
    user = find_user(email)
    try:
        hasher, dummy = _argon2()
        hasher.verify(user.password_hash if user else dummy, password)
    except _refused():
        return None
    if user is None or not user.active:
        return None
    if _argon2()[0].check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after checking the current one; other sessions end."""
    try:
        _argon2()[0].verify(user.password_hash, current)
    except _refused():
        raise DomainError(_("The current password is wrong."), "current_password") from None
    check_password_rules(new, "new_password")
    user.password_hash = hash_password(new)
    user.session_version += 1
