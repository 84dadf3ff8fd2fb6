"""Staff routes: reimbursement rules of a conference (organisers) and of a series (admins)."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.conferences.access import get_managed_conference
from okconf.conferences.models import Series
from okconf.extensions import db
from okconf.reimbursements import services
from okconf.reimbursements.blueprint import bp
from okconf.reimbursements.forms import (
    RulesForm,
)
from okconf.reimbursements.models import ReimbursementRules
from okconf.reimbursements.rules import LostEarningsMode


def _rule_values(form) -> dict:
    """The rules a conference and a series share, from the rules form."""
    return {
        "car_rate_ore_per_km": form.car_rate.ore or 0,
        "carpooling_expected": form.carpooling_expected.data,
        "lost_earnings_mode": LostEarningsMode(form.lost_earnings_mode.data),
        "lost_earnings_fixed_ore": form.fixed.ore or 0,
        "lost_earnings_hourly_ore": form.hourly.ore or 0,
        "lost_earnings_cap_ore": form.cap.ore or 0,
        "lost_earnings_document_required": form.document_required.data,
        "claim_deadline_days": form.claim_deadline_days.data,
    }


@bp.route("/staff/konferenser/<int:conference_id>/ersattningsregler", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def rules(conference_id: int):
    """The organiser sets the conference's reimbursement rules (defaults from the series)."""
    conference = get_managed_conference(conference_id)
    form = RulesForm()
    warning = None
    if request.method == "GET":
        effective = services.effective_rules(conference)
        form.offers_travel.data = conference.offers_travel_reimbursement
        form.conditions.data = conference.reimbursement_rules
        form.request_deadline.data = conference.reimbursement_request_deadline
        form.min_round_trip_km.data = conference.min_round_trip_km
        form.car_rate.set_ore(effective.car_rate_ore_per_km)
        form.carpooling_expected.data = effective.carpooling_expected
        # Lost earnings are offered exactly when the mode says how they are paid.
        form.lost_earnings_mode.data = services.offer_for(conference).lost_earnings.value
        form.fixed.set_ore(effective.lost_earnings_fixed_ore)
        form.hourly.set_ore(effective.lost_earnings_hourly_ore)
        form.cap.set_ore(effective.lost_earnings_cap_ore)
        form.document_required.data = effective.lost_earnings_document_required
        deadline = services.claim_deadline(conference)
        form.claim_deadline_days.data = (
            (deadline - conference.date).days if deadline and conference.date else 30
        )
    elif form.validate_on_submit() and not (warning := _switching_off_warning(conference, form)):

        def save():
            services.save_offer(
                conference,
                travel=form.offers_travel.data,
                request_deadline=form.request_deadline.data,
                conditions=form.conditions.data,
            )
            services.save_rules(
                conference,
                None,
                min_round_trip_km=form.min_round_trip_km.data,
                **_rule_values(form),
            )
            audit.record(
                "reimbursement.rules_saved",
                conference,
                **{k: v for k, v in form.data.items() if k not in ("csrf_token",)},
            )

        if submit(form, save, _("The reimbursement rules are saved."))[0]:
            return redirect(url_for(".rules", conference_id=conference_id))
    return render_template(
        "reimbursements/rules.html",
        conference=conference,
        form=form,
        offer=services.offer_for(conference),
        warning=warning,
    ), (422 if form.errors or form.form_errors else 200)


def _switching_off_warning(conference, form) -> str | None:
    """The warning to confirm before an offer is switched off while claims exist."""
    if form.save_anyway.data:
        return None
    return services.switching_off_warning(
        conference,
        travel=form.offers_travel.data,
        lost_earnings=form.lost_earnings_mode.data != LostEarningsMode.NONE.value,
    )


@bp.route("/staff/ersattning/serie/<int:series_id>/regler", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def series_rules(series_id: int):
    """An administrator sets a series' default rules; its conferences use them unless they
    have their own. The minimum round trip, request deadline and offers stay per conference."""
    series = db.session.get(Series, series_id)
    if series is None:
        abort(404)
    form = RulesForm()
    for name in ("offers_travel", "request_deadline", "min_round_trip_km", "conditions"):
        delattr(form, name)
    row = db.session.scalar(
        select(ReimbursementRules).where(ReimbursementRules.series_id == series_id)
    )
    if request.method == "GET":
        defaults = row or ReimbursementRules(
            car_rate_ore_per_km=services.config("REIMBURSEMENT_CAR_RATE_ORE_PER_KM"),
            carpooling_expected=True,
            lost_earnings_mode=LostEarningsMode.NONE,
            lost_earnings_fixed_ore=0,
            lost_earnings_hourly_ore=0,
            lost_earnings_cap_ore=0,
            lost_earnings_document_required=True,
            claim_deadline_days=30,
        )
        form.car_rate.set_ore(defaults.car_rate_ore_per_km)
        form.carpooling_expected.data = defaults.carpooling_expected
        form.lost_earnings_mode.data = defaults.lost_earnings_mode.value
        form.fixed.set_ore(defaults.lost_earnings_fixed_ore)
        form.hourly.set_ore(defaults.lost_earnings_hourly_ore)
        form.cap.set_ore(defaults.lost_earnings_cap_ore)
        form.document_required.data = defaults.lost_earnings_document_required
        form.claim_deadline_days.data = defaults.claim_deadline_days
    elif form.validate_on_submit():

        def save():
            services.save_rules(None, series_id, **_rule_values(form))
            audit.record(
                "reimbursement.series_rules_saved",
                series,
                **{k: v for k, v in form.data.items() if k != "csrf_token"},
            )

        if submit(form, save, _("The series' reimbursement rules are saved."))[0]:
            return redirect(url_for(".series_rules", series_id=series_id))
    return render_template(
        "reimbursements/rules.html", series=series, conference=None, form=form
    ), (422 if form.errors or form.form_errors else 200)
