"""The registration's views: the participant's (public_views) and the organisers' (staff_views).

Both register on one blueprint named "registration", so endpoints read registration.<name>.
"""

from flask_babel import lazy_gettext as _l

from okconf.accounts.models import Role
from okconf.registration import (  # noqa: F401 - register their routes
    correction_views,
    duplicate_views,
    embed_views,
    staff_views,
)
from okconf.registration.public_views import bp

CONFERENCE_NAV = [
    ("registration.staff_add", _l("Add a participant"), (Role.ORGANISER,), "registration"),
    ("registration.staff_waiting", _l("Waiting list"), (Role.ORGANISER,), "registration"),
    ("registration.staff_duplicates", _l("Likely duplicates"), (Role.ORGANISER,), "registration"),
]

__all__ = ["CONFERENCE_NAV", "bp"]
