"""Conference views: the organisers' pages, the programme editor and the public pages.

The routes live in staff_views, programme_views and public_views, all on one blueprint so that
every endpoint is `conferences.<name>`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from okconf.accounts.models import Role
from okconf.conferences import (  # noqa: F401 - register their routes
    hosting_views,
    programme_views,
    public_views,
    staff_views,
)
from okconf.conferences.blueprint import bp

NAV = [("conferences.staff_list", _l("Conferences"), (Role.ORGANISER,))]
CONFERENCE_NAV = [
    ("conferences.staff_edit", _l("Edit the invitation"), (Role.ORGANISER,), "before"),
    ("conferences.staff_programme", _l("Programme"), (Role.ORGANISER,), "before"),
    ("conferences.staff_hosting", _l("On your website"), (Role.ORGANISER,), "before"),
]

__all__ = ["CONFERENCE_NAV", "NAV", "bp"]
