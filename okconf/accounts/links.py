"""Signed, expiring personal links for participants, who have no password.

A token names one object and a version; bumping the version (for example when a place is
handed to a colleague) makes every earlier link stop working.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"okconf-link-{purpose}")


def make_token(purpose: str, object_id: int, version: int = 1) -> str:
    """A signed token for one object and purpose (e.g. 'registration', 'invitation')."""
    return _serializer(purpose).dumps([object_id, version])


def read_token(purpose: str, token: str, max_age_days: int | None = None) -> tuple[int, int] | None:
    """The (object id, version) a valid token names, or None when it is forged or expired."""
    if max_age_days is None:
        max_age_days = current_app.config["PARTICIPANT_LINK_MAX_AGE_DAYS"]
    try:
        data = _serializer(purpose).loads(token, max_age=max_age_days * 86400)
    except (BadSignature, SignatureExpired):
        return None
    if (
        not isinstance(data, list)
        or len(data) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in data)
    ):
        return None
    return data[0], data[1]
