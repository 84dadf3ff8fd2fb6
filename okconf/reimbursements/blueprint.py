"""The reimbursements blueprint, shared by its participant, staff, rules and budget views."""

from __future__ import annotations

from flask import Blueprint

from okconf.reimbursements.offer import offer_for

bp = Blueprint("reimbursements", __name__)
# Every page that states the offer reads it from here (templates/reimbursements/_offer.html).
bp.add_app_template_global(offer_for, "reimbursement_offer")
