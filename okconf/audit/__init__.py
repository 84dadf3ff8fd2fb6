"""The audit log of staff actions. Call `audit.record(...)` from views and services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import g, has_request_context
from flask_login import current_user

from okconf.audit.models import AuditEntry
from okconf.extensions import db


def _plain(value):
    """Make a value JSON-friendly."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def record(action: str, obj=None, *, actor: str | None = None, conference_id=None, **details):
    """Add an audit entry in the current transaction.

    The acting staff user is taken from the request; `actor` names anyone else
    (a participant, a command). The conference is taken from the object when it has one.
    Without a staff user, a request may name its actor in `g.audit_actor` (a door
    volunteer's check-in link).
    """
    user_id = None
    if has_request_context() and current_user and current_user.is_authenticated:
        user_id = current_user.id
        # A change made through the API names the token (its first characters, no secret).
        token = g.get("api_token")
        if token is not None:
            details.setdefault("api_token", token.prefix)
    if not actor and user_id is None and has_request_context():
        actor = g.get("audit_actor")
    if conference_id is None and obj is not None:
        conference_id = getattr(obj, "conference_id", None)
        if conference_id is None and type(obj).__name__ == "Conference":
            conference_id = obj.id
    entry = AuditEntry(
        user_id=user_id,
        actor=actor or "",
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        conference_id=conference_id,
        details=_plain(details),
    )
    db.session.add(entry)
    return entry
