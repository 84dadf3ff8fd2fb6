"""Access checks for staff views: roles, and organisers' own conferences."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from okconf.accounts.models import Role


def roles_required(*roles: Role):
    """Let through signed-in users with one of the roles (admins always); others get 403.

    Anonymous visitors are sent to the sign-in page.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from okconf.extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def staff_required(view):
    """Any signed-in staff user."""
    return roles_required(*Role)(view)


def public(view):
    """Mark a view as open to anonymous visitors (the access matrix test checks every view is
    either public or requires roles)."""
    view.public = True
    return view
