"""The check-in desk's access: a staff organiser of the conference, or a usable check-in link.

Opening a link puts its id in the session (no user is signed in). Every request to a desk
view looks the link up again, so a link that expired or was revoked stops at once; every
other view sees an anonymous visitor.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g, render_template, session
from flask_login import current_user

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.conferences.models import Conference
from okconf.extensions import db

SESSION_KEY = "checkin_link_id"


def gone_page():
    """The readable page for a link that no longer works (410)."""
    return render_template("volunteers/gone.html"), 410


def desk_required(*roles: Role):
    """Like roles_required(*roles), and also open to a usable check-in link's session.

    The view must then find its conference with `get_desk_conference`, which keeps the
    link to its own conference.
    """

    def decorator(view):
        staff_view = roles_required(*roles)(view)

        @wraps(view)
        def wrapped(*args, **kwargs):
            from okconf.volunteers import services
            from okconf.volunteers.models import CheckinLink

            g.checkin_link = None
            if current_user.is_authenticated and current_user.has_role(*roles):
                return view(*args, **kwargs)
            link_id = session.get(SESSION_KEY)
            if not isinstance(link_id, int):
                return staff_view(*args, **kwargs)
            link = db.session.get(CheckinLink, link_id)
            if not services.is_usable(link):
                session.pop(SESSION_KEY, None)
                return gone_page()
            g.checkin_link = link
            g.audit_actor = services.actor_name(link)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        wrapped.checkin_link_allowed = True
        return wrapped

    return decorator


def get_desk_conference(conference_id: int) -> Conference:
    """The conference of a desk view: the link's own one, or one the organiser manages."""
    link = g.get("checkin_link")
    if link is None:
        return get_managed_conference(conference_id)
    if conference_id != link.conference_id:
        abort(403)
    return link.conference


def shows_needs() -> bool:
    """Whether the desk may show diets and accessibility needs (staff always)."""
    link = g.get("checkin_link")
    return link is None or link.show_needs
