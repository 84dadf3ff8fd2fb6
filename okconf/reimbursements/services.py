"""Reimbursement rules: the state machine, eligibility, requests and claims of participants.

Staff decisions (review, payment) are in `review.py`; the budget in `budget.py`; a claim's
legs and costs in `claims.py`.

Long because: the state machine, the conference's rules and the participant's request share
the eligibility checks and deadlines; splitting them would pass those back and forth.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from okconf import audit
from okconf.clock import today
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.reimbursements import rules as amount_rules
from okconf.reimbursements.models import (
    Claim,
    ClaimState,
    ReimbursementRules,
)
from okconf.reimbursements.offer import offer_for
from okconf.vocabulary import Party

S = ClaimState
# Every allowed move; anything else raises NotAllowed. DECLINED is the end of a request that
# staff turned down (the list has no word for it); a second reviewer's approval above
# the threshold keeps the claim SUBMITTED with `first_approval_by` set until the second one.
TRANSITIONS: dict[ClaimState, frozenset[ClaimState]] = {
    S.DRAFT: frozenset({S.REQUESTED, S.SUBMITTED, S.WITHDRAWN}),
    S.REQUESTED: frozenset({S.PRE_APPROVED, S.DECLINED, S.WITHDRAWN}),
    S.PRE_APPROVED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.DECLINED: frozenset(),
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED, S.RETURNED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.PAID}),
    S.REJECTED: frozenset(),
    S.PAID: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# States in which the participant may change the claim's legs, costs and payee.
EDITABLE = (S.DRAFT, S.PRE_APPROVED, S.RETURNED)
# States of claims that still count (for passenger conflicts).
LIVE = (S.REQUESTED, S.PRE_APPROVED, S.SUBMITTED, S.RETURNED, S.APPROVED, S.PAID, S.DRAFT)


def state_label(state: ClaimState) -> str:
    """The state's word in the interface."""
    return {
        S.DRAFT: _("Draft"),
        S.REQUESTED: _("Request sent"),
        S.PRE_APPROVED: _("Pre-approved"),
        S.DECLINED: _("Request declined"),
        S.SUBMITTED: _("Submitted"),
        S.RETURNED: _("Returned for completion"),
        S.APPROVED: _("Granted"),
        S.REJECTED: _("Rejected"),
        S.PAID: _("Paid"),
        S.WITHDRAWN: _("Withdrawn"),
    }[state]


def transition(claim: Claim, target: ClaimState) -> None:
    """Move the claim to `target`, or raise NotAllowed when the table forbids it."""
    if target not in TRANSITIONS[claim.state]:
        raise NotAllowed(
            _(
                "A claim that is %(state)s cannot become %(target)s.",
                state=state_label(claim.state).lower(),
                target=state_label(target).lower(),
            )
        )
    claim.state = target


def config(key: str):
    """A configuration value of this feature (defaults in okconf/config.py)."""
    return current_app.config[key]


def notify(claim: Claim, template: str, subject: str, **context) -> None:
    """Email the claimant, in their language, in the current transaction."""
    from okconf.accounts.links import make_token

    registration = claim.registration
    token = make_token("registration", registration.id, registration.link_version)
    with force_locale(registration.locale or "sv"):
        subject = str(subject)
    from okconf.mail.services import queue_mail

    queue_mail(
        registration.email,
        f"reimbursements/email/{template}",
        subject=subject,
        locale=registration.locale or "sv",
        kind="reimbursement",
        conference_id=claim.conference_id,
        claim=claim,
        registration=registration,
        conference=claim.conference,
        token=token,
        **context,
    )


# --- participants' links --------------------------------------------------------------------


# --- rules ----------------------------------------------------------------------------------


def rules_row(conference: Conference) -> ReimbursementRules | None:
    """The conference's own rules row, else its series' row, else None (defaults)."""
    row = db.session.scalar(
        select(ReimbursementRules).where(ReimbursementRules.conference_id == conference.id)
    )
    if row is None and conference.series_id is not None:
        row = db.session.scalar(
            select(ReimbursementRules).where(ReimbursementRules.series_id == conference.series_id)
        )
    return row


def effective_rules(conference: Conference) -> amount_rules.Rules:
    """The rules that apply to a conference: its own, else its series', else the defaults."""
    row = rules_row(conference)
    base = {
        "offers_travel": conference.offers_travel_reimbursement,
        "offers_lost_earnings": conference.offers_lost_earnings,
        "min_round_trip_km": conference.min_round_trip_km,
        "car_rate_ore_per_km": config("REIMBURSEMENT_CAR_RATE_ORE_PER_KM"),
    }
    if row is not None:
        base.update(
            car_rate_ore_per_km=row.car_rate_ore_per_km,
            carpooling_expected=row.carpooling_expected,
            lost_earnings_mode=row.lost_earnings_mode,
            lost_earnings_fixed_ore=row.lost_earnings_fixed_ore,
            lost_earnings_hourly_ore=row.lost_earnings_hourly_ore,
            lost_earnings_cap_ore=row.lost_earnings_cap_ore,
            lost_earnings_document_required=row.lost_earnings_document_required,
        )
    return amount_rules.Rules(**base)


def claim_deadline(conference: Conference) -> date | None:
    """The last day to submit a claim: the conference date plus the rules' days."""
    if conference.date is None:
        return None
    row = rules_row(conference)
    days = row.claim_deadline_days if row is not None else 30
    return conference.last_day + timedelta(days=days)


def request_deadline(conference: Conference) -> date | None:
    """The last day to request support: the invitation's date, else the conference day."""
    return conference.reimbursement_request_deadline or conference.date


def save_offer(
    conference: Conference, *, travel: bool, request_deadline: date | None, conditions: str
) -> None:
    """What the invitation offers: travel or not, the request deadline, other conditions.

    Whether lost earnings are compensated is not a separate switch: `save_rules` sets it
    from the rules' mode, so the invitation never offers what the rules do not pay.
    """
    if request_deadline and conference.date and request_deadline > conference.date:
        raise DomainError(
            _("The deadline for reimbursement requests must be on or before the day."),
            field="request_deadline",
        )
    conference.offers_travel_reimbursement = travel
    conference.reimbursement_request_deadline = request_deadline
    conference.reimbursement_rules = (conditions or "").strip()


def save_rules(
    conference: Conference | None, series_id: int | None, *, min_round_trip_km=None, **values
) -> ReimbursementRules:
    """Create or update a conference's (or a series') rules; the minimum km stays on Conference."""
    if conference is not None:
        row = db.session.scalar(
            select(ReimbursementRules).where(ReimbursementRules.conference_id == conference.id)
        )
        if row is None:
            row = ReimbursementRules(conference_id=conference.id)
            db.session.add(row)
        if min_round_trip_km is not None:
            conference.min_round_trip_km = min_round_trip_km
        mode = values.get("lost_earnings_mode")
        if mode is not None:
            conference.offers_lost_earnings = mode is not amount_rules.LostEarningsMode.NONE
    else:
        row = db.session.scalar(
            select(ReimbursementRules).where(ReimbursementRules.series_id == series_id)
        )
        if row is None:
            row = ReimbursementRules(series_id=series_id)
            db.session.add(row)
    mode = values.get("lost_earnings_mode")
    if mode is amount_rules.LostEarningsMode.FIXED and not values.get("lost_earnings_fixed_ore"):
        raise DomainError(_("Give the fixed fee, or choose “Not compensated”."), field="fixed")
    if mode is amount_rules.LostEarningsMode.HOURLY and not values.get("lost_earnings_hourly_ore"):
        raise DomainError(_("Give the rate per hour, or choose “Not compensated”."), field="hourly")
    for key, value in values.items():
        if isinstance(value, int) and value < 0:
            raise DomainError(_("The value cannot be negative."), field=key)
        setattr(row, key, value)
    db.session.flush()
    return row


# --- eligibility ----------------------------------------------------------------------------


def eligibility_problems(registration: Registration) -> list[str]:
    """Why this registration may not claim at all (empty when it may)."""
    conference = registration.conference
    problems = []
    if not offer_for(conference).anything:
        problems.append(_("This conference does not offer travel or lost-earnings support."))
    if registration.party is not Party.CIVIL_SOCIETY:
        problems.append(
            _(
                "Only volunteers of civil-society organisations can be reimbursed; your "
                "registration is for %(party)s.",
                party=registration.party.label.lower(),
            )
        )
    elif not registration.is_volunteer:
        problems.append(
            _(
                "Only people who attend as unpaid volunteers can be reimbursed; your "
                "registration does not say you are a volunteer."
            )
        )
    if registration.status is not RegistrationStatus.CONFIRMED:
        problems.append(_("Only confirmed registrations can be reimbursed."))
    return problems


def ensure_eligible(registration: Registration) -> None:
    """Raise NotAllowed with every reason when the registration may not claim."""
    problems = eligibility_problems(registration)
    if problems:
        raise NotAllowed(" ".join(problems))


def claim_for(registration: Registration) -> Claim | None:
    """The registration's claim, if it has one."""
    return db.session.scalar(select(Claim).where(Claim.registration_id == registration.id))


def start_claim(registration: Registration) -> Claim:
    """The registration's claim, created as a draft when there is none."""
    ensure_eligible(registration)
    claim = claim_for(registration)
    if claim is None:
        claim = Claim(
            registration_id=registration.id,
            conference_id=registration.conference_id,
            state=S.DRAFT,
        )
        db.session.add(claim)
        db.session.flush()
    return claim


# --- the request before the conference ------------------------------------------------------


def estimate(claim: Claim, rules: amount_rules.Rules) -> amount_rules.Computation:
    """The request's estimate under the rules."""
    legs = []
    if claim.wants_travel and claim.est_mode is not None:
        legs.append(
            amount_rules.Leg(
                mode=claim.est_mode,
                distance_km=claim.est_round_trip_km,
                cost_ore=claim.est_ticket_ore,
                passengers=claim.est_passengers,
            )
        )
    return amount_rules.compute(rules, legs, (), claim.est_lost_minutes, claim.wants_lost_earnings)


def submit_request(registration: Registration, **values) -> Claim:
    """Ask for support before the conference, with an estimate; the claim becomes REQUESTED."""
    ensure_eligible(registration)
    conference = registration.conference
    deadline = request_deadline(conference)
    if deadline is not None and today() > deadline:
        raise Conflict(_("The deadline for requests has passed."))
    claim = start_claim(registration)
    if claim.state is not S.DRAFT:
        raise Conflict(_("You have already sent a request."))
    for key, value in values.items():
        setattr(claim, key, value)
    if not claim.wants_travel and not claim.wants_lost_earnings:
        raise DomainError(_("Choose travel support, lost earnings or both."), field="wants_travel")
    if claim.wants_travel:
        if claim.est_mode is None:
            raise DomainError(_("Choose how you will travel."), field="est_mode")
        if claim.est_mode is not amount_rules.TravelMode.CAR and claim.est_ticket_ore <= 0:
            raise DomainError(_("Give the estimated ticket cost."), field="est_ticket")
    result = estimate(claim, effective_rules(conference))
    if result.not_eligible:
        raise DomainError(" ".join(result.not_eligible), field="est_round_trip_km")
    claim.estimate_ore = result.total_ore
    claim.requested_at = utcnow()
    transition(claim, S.REQUESTED)
    audit.record(
        "reimbursement.requested",
        claim,
        actor=f"participant:{registration.id}",
        estimate_ore=claim.estimate_ore,
    )
    notify(claim, "request_received", _l("We have received your reimbursement request"))
    db.session.flush()
    return claim


def withdraw(claim: Claim) -> None:
    """The participant withdraws the request or claim."""
    transition(claim, S.WITHDRAWN)
    audit.record("reimbursement.withdrawn", claim, actor=f"participant:{claim.registration_id}")
    db.session.flush()


def ensure_editable(claim: Claim) -> None:
    """Refuse changes to a claim that is with the reviewers or decided."""
    if claim.state not in EDITABLE:
        raise Conflict(
            _(
                "The claim cannot be changed now (%(state)s).",
                state=state_label(claim.state).lower(),
            )
        )


def same_route(a_from: str, a_to: str, b_from: str, b_to: str) -> bool:
    """Two legs are the same trip when their places match, in either direction."""
    a = {a_from.strip().casefold(), a_to.strip().casefold()}
    b = {b_from.strip().casefold(), b_to.strip().casefold()}
    return a == b


def find_passenger(claim: Claim, email: str) -> Registration:
    """The registration of a passenger, by email, at the claimant's conference."""
    registration = db.session.scalar(
        select(Registration).where(
            Registration.conference_id == claim.conference_id,
            func.lower(Registration.email) == email.strip().lower(),
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    if registration is None:
        raise DomainError(
            _("Nobody is registered for this conference with the email %(email)s.", email=email),
            field="passengers",
        )
    if registration.id == claim.registration_id:
        raise DomainError(_("You cannot be your own passenger."), field="passengers")
    return registration


def claim_count(conference: Conference) -> int:
    """Reimbursement claims of the conference that were not withdrawn."""
    return db.session.scalar(
        select(func.count(Claim.id)).where(
            Claim.conference_id == conference.id, Claim.state != ClaimState.WITHDRAWN
        )
    )


def switching_off_warning(conference, *, travel: bool, lost_earnings: bool) -> str | None:
    """A warning when the new offer switches travel or lost-earnings compensation off while
    claims exist (they are not withdrawn: their reviewers still decide them), else None."""
    offer = offer_for(conference)
    switched_off = (offer.travel and not travel) or (
        offer.lost_earnings is not amount_rules.LostEarningsMode.NONE and not lost_earnings
    )
    claims = claim_count(conference) if switched_off else 0
    if not claims:
        return None
    return ngettext(
        "%(num)d reimbursement claim has already been made for this conference. Switching "
        "reimbursement off does not withdraw it; its reviewers still decide it.",
        "%(num)d reimbursement claims have already been made for this conference. Switching "
        "reimbursement off does not withdraw them; their reviewers still decide them.",
        claims,
    )
