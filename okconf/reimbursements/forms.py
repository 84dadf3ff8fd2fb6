"""Forms of the reimbursement feature: input checks only; the rules live in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from okconf.reimbursements.models import AccountKind, PayeeKind
from okconf.reimbursements.rules import LostEarningsMode, TravelMode, parse_hours, parse_kronor

# Upper bounds in kronor: each keeps the amount, and the sums and products the rules make of
# it (hours × rate, legs added up; hours have at most three digits), inside the 32-bit
# integer columns (öre) of the claims.
MAX_KRONOR = 1_000_000
MAX_COST_KRONOR = 100_000
MAX_RATE_KRONOR = 10_000
MAX_BUDGET_KRONOR = 1_000_000_000  # budgets are 64-bit columns


class KronorField(StringField):
    """An amount typed in kronor ("1 234,50"); `.ore` holds it in öre (None when empty)."""

    ore: int | None = None

    def __init__(self, *args, max_kronor: int = MAX_KRONOR, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_kronor = max_kronor

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        text = (self.data or "").strip()
        self.ore = None
        if text:
            ore = parse_kronor(text)
            if ore is None:
                raise ValueError(_l("Write the amount in kronor, e.g. 1250 or 1 250,50."))
            if ore > self.max_kronor * 100:
                limit = f"{self.max_kronor:,}".replace(",", "\u00a0")
                raise ValueError(_l("Write an amount of at most %(max)s kronor.", max=limit))
            self.ore = ore

    def set_ore(self, ore: int | None):
        """Fill the field from öre."""
        self.ore = ore
        if ore is not None:
            self.data = f"{ore // 100}" if ore % 100 == 0 else f"{ore // 100},{ore % 100:02d}"


class HoursField(StringField):
    """Hours typed as "7,5"; `.minutes` holds them in whole minutes."""

    minutes: int = 0

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        text = (self.data or "").strip()
        self.minutes = 0
        if text:
            minutes = parse_hours(text)
            if minutes is None:
                raise ValueError(_l("Write the hours as a number, e.g. 7,5."))
            self.minutes = minutes


def mode_choices():
    return [
        SelectChoice(TravelMode.CAR.value, _l("Car")),
        SelectChoice(TravelMode.TRAIN.value, _l("Train")),
        SelectChoice(TravelMode.BUS.value, _l("Bus")),
        SelectChoice(TravelMode.OTHER.value, _l("Other (ticket)")),
    ]


class RequestForm(FlaskForm):
    """Ask for support before the conference, with an estimate."""

    wants_travel = BooleanField(_l("I ask for travel support"), default=True)
    from_town = StringField(_l("Travelling from (town)"), validators=[Length(max=120)])
    est_mode = RadioField(
        _l("How you will travel"), choices=mode_choices(), validators=[Optional()]
    )
    est_round_trip_km = IntegerField(
        _l("Round trip in km"), validators=[Optional(), NumberRange(min=0, max=5000)]
    )
    est_passengers = IntegerField(
        _l("Passengers in your car"), default=0, validators=[Optional(), NumberRange(0, 8)]
    )
    est_ticket = KronorField(
        _l("Estimated ticket cost, kronor (train, bus or other)"), max_kronor=MAX_COST_KRONOR
    )
    wants_lost_earnings = BooleanField(_l("I ask for compensation for lost earnings"))
    est_hours = HoursField(_l("Working hours you will lose"))
    request_note = TextAreaField(
        _l("Anything the reviewers should know"), validators=[Length(max=2000)]
    )


class LegForm(FlaskForm):
    """One travelled leg."""

    travel_date = DateField(_l("Date"), validators=[InputRequired(_l("Give the date."))])
    from_place = StringField(
        _l("From"), validators=[DataRequired(_l("Say where you left from.")), Length(max=120)]
    )
    to_place = StringField(
        _l("To"), validators=[DataRequired(_l("Say where you went.")), Length(max=120)]
    )
    mode = RadioField(
        _l("How you travelled"),
        choices=mode_choices(),
        validators=[InputRequired(_l("Choose how you travelled."))],
    )
    distance_km = IntegerField(
        _l("Distance in km (this leg)"),
        validators=[InputRequired(_l("Give the distance in km.")), NumberRange(min=1, max=3000)],
    )
    cost = KronorField(_l("Ticket cost, kronor (not for car)"), max_kronor=MAX_COST_KRONOR)
    passengers = TextAreaField(
        _l("Passengers in your car: their email addresses as registered, one a line"),
        validators=[Length(max=2000)],
    )
    receipt = FileField(_l("Ticket or receipt (PDF, JPEG or PNG)"))


class ExpenseForm(FlaskForm):
    """Another travel cost, e.g. parking."""

    description = StringField(
        _l("What the cost was for (e.g. parking)"),
        validators=[DataRequired(_l("Say what the cost was for.")), Length(max=200)],
    )
    amount = KronorField(
        _l("Amount, kronor"),
        validators=[DataRequired(_l("Give the amount."))],
        max_kronor=MAX_COST_KRONOR,
    )
    receipt = FileField(_l("Receipt (PDF, JPEG or PNG)"))


class LostEarningsForm(FlaskForm):
    """Lost earnings and the document that shows them."""

    wanted = BooleanField(_l("I claim compensation for lost earnings"))
    hours = HoursField(_l("Working hours lost"))
    document = FileField(_l("Document from your employer or similar (PDF, JPEG or PNG)"))


class PayeeForm(FlaskForm):
    """Who is paid, and how."""

    payee_kind = RadioField(
        _l("Pay to"),
        choices=[
            SelectChoice(PayeeKind.PERSON.value, _l("Me")),
            SelectChoice(PayeeKind.ORGANISATION.value, _l("My organisation")),
        ],
        validators=[InputRequired(_l("Choose who is paid."))],
    )
    payee_name = StringField(
        _l("Name of the account holder"),
        validators=[DataRequired(_l("Give the account holder's name.")), Length(max=300)],
    )
    account_kind = RadioField(
        _l("Type of account"),
        choices=[
            SelectChoice(AccountKind.SE_ACCOUNT.value, _l("Swedish bank account")),
            SelectChoice(AccountKind.BANKGIRO.value, _l("Bankgiro")),
            SelectChoice(AccountKind.PLUSGIRO.value, _l("Plusgiro")),
            SelectChoice(AccountKind.IBAN.value, _l("IBAN (foreign account)")),
        ],
        validators=[InputRequired(_l("Choose the type of account."))],
    )
    clearing = StringField(_l("Clearing number (bank account only)"), validators=[Length(max=10)])
    account = StringField(
        _l("Account, Bankgiro, Plusgiro or IBAN number"),
        validators=[DataRequired(_l("Give the number.")), Length(max=40)],
    )


class SubmitForm(FlaskForm):
    """The declaration and the submit."""

    carpool_explanation = TextAreaField(
        _l("Why nobody rode with you (car-pooling is expected)"), validators=[Length(max=2000)]
    )
    declaration = BooleanField(
        _l(
            "I declare that the information is true and complete, and that I have not been "
            "reimbursed for these costs by anyone else."
        )
    )


class RequestDecisionForm(FlaskForm):
    """Pre-approve or decline a request."""

    action = HiddenField()
    amount = KronorField(_l("Amount to pre-approve, kronor"))
    reason = TextAreaField(_l("Reason (the participant reads it)"), validators=[Length(max=2000)])


class DecisionForm(FlaskForm):
    """Approve, reject or return a claim."""

    action = HiddenField()
    travel = KronorField(_l("Approved travel, kronor"))
    lost = KronorField(_l("Approved lost earnings, kronor"))
    reason = TextAreaField(_l("Reason (the claimant reads it)"), validators=[Length(max=2000)])
    attendance_override = TextAreaField(
        _l("Not marked as attended: how do you know they attended?"),
        validators=[Length(max=2000)],
    )


class QueueFilterForm(FlaskForm):
    """Filters of the review queue (GET)."""

    class Meta:
        csrf = False
        mark_optional = False  # a filter: no field is a question to answer

    conference = SelectField(_l("Conference"), coerce=str, validators=[Optional()])
    state = SelectField(_l("State"), coerce=str, validators=[Optional()])
    min_amount = KronorField(_l("At least, kronor"))
    max_amount = KronorField(_l("At most, kronor"))


class PaymentForm(FlaskForm):
    """Mark a batch of approved claims paid."""

    paid_on = DateField(_l("Paid on"), validators=[InputRequired(_l("Give the payment date."))])
    reference = StringField(
        _l("Payment reference"),
        validators=[DataRequired(_l("Give the payment reference.")), Length(max=100)],
    )


class BudgetForm(FlaskForm):
    """A budget for a year or a series."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the budget a name.")), Length(max=200)]
    )
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(2000, 2100)])
    series_id = SelectField(_l("Series"), coerce=str, validators=[Optional()])
    total = KronorField(
        _l("Total, kronor"),
        validators=[DataRequired(_l("Give the total."))],
        max_kronor=MAX_BUDGET_KRONOR,
    )


class AllocationForm(FlaskForm):
    """A conference's part of a budget."""

    conference_id = SelectField(_l("Conference"), coerce=int)
    amount = KronorField(
        _l("Allocation, kronor"),
        validators=[DataRequired(_l("Give the amount."))],
        max_kronor=MAX_BUDGET_KRONOR,
    )


class RulesForm(FlaskForm):
    """A conference's (or a series') reimbursement rules."""

    offers_travel = BooleanField(_l("Travel costs are reimbursed"))
    request_deadline = DateField(_l("Last day to request support"), validators=[Optional()])
    min_round_trip_km = IntegerField(
        _l("Minimum round trip, km"), validators=[InputRequired(), NumberRange(0, 5000)]
    )
    car_rate = KronorField(
        _l("Car allowance per km, kronor"), validators=[DataRequired()], max_kronor=100
    )
    carpooling_expected = BooleanField(_l("Car-pooling is expected"))
    lost_earnings_mode = RadioField(
        _l("Lost earnings"),
        choices=[
            SelectChoice(LostEarningsMode.NONE.value, _l("Not compensated")),
            SelectChoice(LostEarningsMode.FIXED.value, _l("A fixed fee")),
            SelectChoice(LostEarningsMode.HOURLY.value, _l("Hours × rate, up to a cap")),
        ],
        validators=[InputRequired()],
    )
    fixed = KronorField(_l("Fixed fee, kronor"), max_kronor=MAX_COST_KRONOR)
    hourly = KronorField(_l("Rate per hour, kronor"), max_kronor=MAX_RATE_KRONOR)
    cap = KronorField(_l("Cap, kronor (0: none)"))
    document_required = BooleanField(_l("A document showing lost earnings is required"))
    # Ticked on the re-shown form after the warning about claims that already exist.
    save_anyway = BooleanField(_l("Save anyway"))
    claim_deadline_days = IntegerField(
        _l("Days after the conference to send claims"),
        validators=[InputRequired(), NumberRange(0, 365)],
    )
    conditions = TextAreaField(
        _l("Other conditions, as the invitation should state them (optional)"),
        validators=[Length(max=2000)],
    )
