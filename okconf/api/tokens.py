"""Personal API tokens: made, revoked, and checked on every API request.

A token is `okc_` and 43 characters of `secrets.token_urlsafe(32)` (256 random bits). Only its
SHA-256 is stored; a request's token is hashed and looked up by that hash, and the stored hash
is compared again with `hmac.compare_digest` (constant time), so neither the lookup nor the
comparison tells an attacker how much of a guess was right.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from okconf import audit
from okconf.accounts.models import Role
from okconf.api.models import ApiToken
from okconf.db import utcnow
from okconf.errors import DomainError, NotAllowed, NotFound
from okconf.extensions import db

TOKEN_PREFIX = "okc_"  # noqa: S105 - a marker that says what the secret is, not a secret
PREFIX_SHOWN = 12  # "okc_" and 8 characters: enough to tell one's tokens apart

# Scope name -> what it allows, as the token page explains it.
SCOPES = {
    "read": _l(
        "Read conferences, programmes, registrations, waiting lists, workshop "
        "assignments, reimbursement claims and organisations"
    ),
    "registrations:write": _l("Add registrations and change their status"),
    "checkin": _l("Check people in at the door"),
}
# Expiry choices in days; tokens always expire.
EXPIRY_DAYS = (7, 30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90
# Roles whose pages have an API counterpart (admins always): organisers and reviewers.
API_ROLES = (Role.ORGANISER, Role.REVIEWER)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """Make a token for the user; returns the row and the token, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name, e.g. the system that will use it."), "name")
    if len(name) > 100:
        raise DomainError(_("The name may be at most 100 characters."), "name")
    chosen = sorted(set(scopes))
    if not chosen:
        raise DomainError(_("Choose at least one permission."), "scopes")
    if any(scope not in SCOPES for scope in chosen):
        raise DomainError(_("Choose among the permissions shown."), "scopes")
    if days not in EXPIRY_DAYS:
        raise DomainError(_("Choose one of the options in the list."), "days")
    if not user.has_role(*API_ROLES):
        raise NotAllowed(_("Your role has no use for API tokens."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[:PREFIX_SHOWN],
        scopes=" ".join(chosen),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.created", token, scopes=token.scopes, days=days)
    return token, secret


def user_tokens(user) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, for the record)."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("There is no such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        audit.record("api_token.revoked", token)
    return token


def token_from_header(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` header, or None."""
    if not header:
        return None
    kind, _sep, value = header.strip().partition(" ")
    value = value.strip()
    if kind.lower() != "bearer" or not value or len(value) > 200:
        return None
    return value


def authenticate(secret: str) -> ApiToken | None:
    """The usable token (not expired, not revoked, its user active) for a secret, or None."""
    digest = hash_token(secret)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    now = utcnow()
    if not token.is_usable(now) or not token.user.active:
        return None
    # Written at most once a minute: a busy integration should not rewrite the row per call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
    return token
