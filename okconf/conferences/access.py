"""Who may manage which conference: admins all, organisers only the ones they are given."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from okconf.accounts.models import Role
from okconf.conferences.models import Conference
from okconf.extensions import db


def can_manage(user, conference: Conference) -> bool:
    """Admins manage every conference; organisers those they organise."""
    if not user.is_authenticated:
        return False
    if user.role is Role.ADMIN:
        return True
    return user.role is Role.ORGANISER and any(o.id == user.id for o in conference.organisers)


def get_managed_conference(conference_id: int) -> Conference:
    """The conference for an organiser's view: 404 when missing, 403 when not theirs."""
    conference = db.session.get(Conference, conference_id)
    if conference is None:
        abort(404)
    if not can_manage(current_user, conference):
        abort(403)
    return conference
