"""Making, finding and revoking check-in links, and the desk access they give."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.volunteers.models import CheckinLink

# How long a new link may be valid, in hours (the form offers these).
DURATIONS = (4, 12, 24, 48, 72, 168)
LABEL_MAX = 100
# A token is 43 url-safe characters (32 random bytes); anything far longer is not one.
TOKEN_MAX = 100


def now():
    """The clock the links are checked against (tests move it)."""
    return utcnow()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_link(
    conference: Conference, *, label: str, hours: int, show_needs: bool, created_by=None
) -> tuple[CheckinLink, str]:
    """A new link and its token (shown once: only its hash is kept)."""
    label = " ".join((label or "").split())
    if not label:
        raise DomainError(_("Write who or which door the link is for."), field="label")
    if len(label) > LABEL_MAX:
        raise DomainError(_("At most %(num)d characters.", num=LABEL_MAX), field="label")
    if hours not in DURATIONS:
        raise DomainError(_("Choose how long the link works."), field="hours")
    token = secrets.token_urlsafe(32)
    link = CheckinLink(
        conference_id=conference.id,
        token_hash=token_hash(token),
        label=label,
        show_needs=bool(show_needs),
        expires_at=now() + timedelta(hours=hours),
        created_by_id=getattr(created_by, "id", None),
    )
    db.session.add(link)
    db.session.flush()
    audit.record(
        "checkin_link.create",
        link,
        label=label,
        show_needs=link.show_needs,
        expires_at=link.expires_at,
    )
    return link, token


def revoke(link: CheckinLink) -> bool:
    """Stop the link at once; False when it already was revoked."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = now()
    audit.record("checkin_link.revoke", link, label=link.label)
    db.session.flush()
    return True


def find_by_token(token: str) -> CheckinLink | None:
    """The link the token opens, usable or not; None for a token nobody made."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return db.session.scalar(select(CheckinLink).where(CheckinLink.token_hash == token_hash(token)))


def links_of(conference: Conference) -> list[CheckinLink]:
    """The conference's links, newest first."""
    return list(
        db.session.scalars(
            select(CheckinLink)
            .where(CheckinLink.conference_id == conference.id)
            .order_by(CheckinLink.created_at.desc(), CheckinLink.id.desc())
        )
    )


def is_usable(link: CheckinLink | None) -> bool:
    return link is not None and link.usable(now())


def actor_name(link: CheckinLink) -> str:
    """How the audit log names a check-in made through the link."""
    return f"checkin-link:{link.id} ({link.label})"[:200]
