"""A conference on its hosts' websites: the sites that may frame its registration form, and
calling a conference off (it stays listed, marked cancelled, in the pages and feeds)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from okconf import audit
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import DomainError
from okconf.extensions import db

MAX_ORIGINS = 20
LOOPBACK_HOSTS = {"localhost"}


def _loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_origin(text: str) -> str:
    """One host site's origin ("https://www.example.se"), normalised; DomainError if it is
    not one. http is accepted only for loopback addresses on a test or development server
    (ALLOW_HTTP_BASE_URL), so a real host's form is never framed over plain http."""
    value = text.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or any(ch in value for ch in " *;,'\"")
    ):
        raise DomainError(
            _("“%(value)s” is not a web address like https://www.example.se.", value=value[:80]),
            field="embed_origins",
        )
    host = (
        parts.hostname.encode("idna").decode("ascii")
        if not parts.hostname.isascii()
        else parts.hostname
    )
    if parts.scheme == "http" and not (
        _loopback(host) and current_app.config.get("ALLOW_HTTP_BASE_URL")
    ):
        raise DomainError(
            _(
                "“%(value)s” must start with https://: the form is shown only on secure pages.",
                value=value[:80],
            ),
            field="embed_origins",
        )
    default = {"https": 443, "http": 80}[parts.scheme]
    suffix = f":{port}" if port and port != default else ""
    return f"{parts.scheme}://{host.lower()}{suffix}"


def parse_origins(text: str) -> list[str]:
    """The allow-list as typed, one origin a line: normalised, without repeats."""
    origins: list[str] = []
    for line in (text or "").splitlines():
        if line.strip() and (origin := parse_origin(line)) not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        raise DomainError(
            _("At most %(count)s websites can show the form.", count=MAX_ORIGINS),
            field="embed_origins",
        )
    return origins


def allowed_origins(conference: Conference) -> list[str]:
    """The stored allow-list (already validated when saved)."""
    return [line for line in (conference.embed_origins or "").splitlines() if line.strip()]


def set_embed_origins(conference: Conference, text: str) -> list[str]:
    """Save the host sites that may frame the registration form."""
    origins = parse_origins(text)
    before = allowed_origins(conference)
    conference.embed_origins = "\n".join(origins)
    db.session.flush()
    if origins != before:
        audit.record("conference.embed_origins", conference, origins=origins)
    return origins


def frame_ancestors(conference: Conference) -> str:
    """The CSP frame-ancestors value for the embedded form: okconf itself (the staff page's
    preview) and the allow-list; every other site is refused by the browser."""
    return " ".join(["'self'", *allowed_origins(conference)])


def cancel(conference: Conference, *, reason: str = "") -> None:
    """Call the conference off: no more registrations, 'cancelled' on its page and in feeds."""
    if conference.cancelled_at is not None:
        raise DomainError(_("The conference is already cancelled."))
    conference.cancelled_at = utcnow()
    db.session.flush()
    audit.record("conference.cancelled", conference, reason=reason[:500])


def reinstate(conference: Conference) -> None:
    """Undo a cancellation: the conference takes registrations again (if still open)."""
    if conference.cancelled_at is None:
        raise DomainError(_("The conference is not cancelled."))
    conference.cancelled_at = None
    db.session.flush()
    audit.record("conference.reinstated", conference)
