"""Reimbursement views: participant and staff routes in their own modules, on one blueprint
(okconf/reimbursements/blueprint.py), so every endpoint is `reimbursements.<name>`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from okconf.accounts.models import Role
from okconf.reimbursements import budget_views, participant_views, rules_views, staff_views  # noqa: F401
from okconf.reimbursements.blueprint import bp

NAV = [
    ("reimbursements.queue", _l("Reimbursement claims"), (Role.REVIEWER,)),
    ("reimbursements.budgets", _l("Reimbursement budget"), (Role.REVIEWER, Role.READER)),
    ("reimbursements.payments", _l("Reimbursement payments"), (Role.REVIEWER,)),
]
CONFERENCE_NAV = [
    ("reimbursements.rules", _l("Reimbursement rules"), (Role.ORGANISER,), "before"),
]
PARTICIPANT_SECTIONS = ["reimbursements/_participant_section.html"]

__all__ = ["CONFERENCE_NAV", "NAV", "PARTICIPANT_SECTIONS", "bp"]
