"""API: workshop assignments, reimbursement claims and the organisation registry."""

from __future__ import annotations

import marshmallow as ma
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from okconf.accounts.models import Role
from okconf.api import schemas as s
from okconf.api.blueprint import api_access, api_bp, fail, managed_conference, paginate
from okconf.conferences.models import ProgrammeItem
from okconf.extensions import db


@api_bp.route("/conferences/<int:conference_id>/workshop-assignments")
@api_access(Role.ORGANISER, scope="read")
@api_bp.arguments(s.ListArgs, location="query", as_kwargs=False, unknown=ma.RAISE)
@api_bp.response(200, s.page_of(s.AssignmentSchema, "AssignmentPage"))
def list_assignments(args, conference_id: int):
    """Who is in which workshop, per workshop round; `published` says whether participants
    see it yet.

    A new run of the assignment replaces a round's assignments (new ids): to sync, read the
    whole list again (without `updated_since`) when the rounds' assignments have changed.
    """
    from okconf.workshops.models import Assignment, AssignmentRun

    conference = managed_conference(conference_id)
    published = {
        run.round_id: run.published_at is not None
        for run in db.session.scalars(
            select(AssignmentRun).where(AssignmentRun.conference_id == conference.id)
        )
    }
    query = (
        select(Assignment)
        .join(ProgrammeItem, ProgrammeItem.id == Assignment.round_id)
        .where(ProgrammeItem.conference_id == conference.id)
        .options(selectinload(Assignment.workshop))
    )
    page = paginate(query, Assignment, args)
    for assignment in page["items"]:
        assignment.published = published.get(assignment.round_id, False)
    return page


@api_bp.route("/claims")
@api_access(Role.REVIEWER, scope="read")
@api_bp.arguments(s.ClaimListArgs, location="query", as_kwargs=False, unknown=ma.RAISE)
@api_bp.response(200, s.page_of(s.ClaimSchema, "ClaimPage"))
def list_claims(args):
    """Travel-reimbursement and lost-earnings claims, for reviewers as on the review pages.

    Amounts are in öre. Bank details are not sent: payments are made from okconf's export.
    An unpaid claim erased with its person's data is deleted: a full listing shows it gone.
    """
    from okconf.reimbursements.models import Claim, ClaimState

    query = select(Claim)
    if args.get("conference_id"):
        query = query.where(Claim.conference_id == args["conference_id"])
    if args.get("state"):
        query = query.where(Claim.state == ClaimState(args["state"]))
    return paginate(query, Claim, args)


@api_bp.route("/claims/<int:claim_id>")
@api_access(Role.REVIEWER, scope="read")
@api_bp.response(200, s.ClaimSchema)
def get_claim(claim_id: int):
    """One claim."""
    from okconf.reimbursements.models import Claim

    claim = db.session.get(Claim, claim_id)
    if claim is None:
        fail(404)
    return claim


@api_bp.route("/organisations")
@api_access(Role.ORGANISER, scope="read")
@api_bp.arguments(s.ListArgs, location="query", as_kwargs=False, unknown=ma.RAISE)
@api_bp.response(200, s.page_of(s.OrganisationSchema, "OrganisationPage"))
def list_organisations(args):
    """The organisation registry (without its contact people)."""
    from okconf.organisations.models import Organisation

    return paginate(select(Organisation), Organisation, args)


@api_bp.route("/organisations/<int:organisation_id>")
@api_access(Role.ORGANISER, scope="read")
@api_bp.response(200, s.OrganisationSchema)
def get_organisation(organisation_id: int):
    """One organisation."""
    from okconf.organisations.models import Organisation

    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        fail(404)
    return organisation
