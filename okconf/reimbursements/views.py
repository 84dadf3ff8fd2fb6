"""The reimbursement feature's blueprint; participant and staff routes live in two modules."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from okconf.accounts.models import Role
from okconf.reimbursements.offer import offer_for

bp = Blueprint("reimbursements", __name__)
# Every page that states the offer reads it from here (templates/reimbursements/_offer.html).
bp.add_app_template_global(offer_for, "reimbursement_offer")

NAV = [
    ("reimbursements.queue", _l("Reimbursement claims"), (Role.REVIEWER,)),
    ("reimbursements.budgets", _l("Reimbursement budget"), (Role.REVIEWER, Role.READER)),
    ("reimbursements.payments", _l("Reimbursement payments"), (Role.REVIEWER,)),
]
CONFERENCE_NAV = [
    ("reimbursements.rules", _l("Reimbursement rules"), (Role.ORGANISER,), "before"),
]
PARTICIPANT_SECTIONS = ["reimbursements/_participant_section.html"]

from okconf.reimbursements import (  # noqa: E402, F401
    budget_views,
    participant_views,
    rules_views,
    staff_views,
)
