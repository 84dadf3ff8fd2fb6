"""Forms for conferences, programme slots and workshops: input checks only."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import DateInput, TextInput, TimeInput

from okconf.conferences.models import ItemKind
from okconf.vocabulary import Theme

# Upper bounds keep every number inside the database's integer columns.
MAX_ORE = 100_000_000  # 1 000 000 kr
MAX_COUNT = 100_000


class _ParsedField(Field):
    """A text input whose value is parsed; a bad value gives our own readable message."""

    widget = TextInput()
    message = _l("Not a valid value.")

    def parse(self, text: str):
        raise NotImplementedError

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.format(self.data) if self.data is not None else ""

    def format(self, value) -> str:
        return str(value)

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = self.parse(valuelist[0].strip())
            except (ValueError, InvalidOperation) as error:
                raise ValueError(str(self.message)) from error


class DayField(_ParsedField):
    """A date, picked in the browser's own date input (it sends 2026-12-10)."""

    # The browser shows its date picker in the visitor's language; without one (an old
    # browser), the field is a text box and the message says how to write the date.
    widget = DateInput()
    message = _l("Write the date as YYYY-MM-DD, e.g. 2026-12-10.")

    def parse(self, text):
        return datetime.strptime(text, "%Y-%m-%d").date()

    def format(self, value):
        return value.isoformat()


class ClockField(_ParsedField):
    """A clock time, picked in the browser's own time input (it sends 09:30)."""

    widget = TimeInput()
    message = _l("Write the time as HH:MM, e.g. 09:30.")

    def parse(self, text):
        text = text.replace(".", ":")
        # A browser may add seconds (09:30:00); an old one's text box may get 09.30.
        fmt = "%H:%M:%S" if text.count(":") == 2 else "%H:%M"
        return datetime.strptime(text, fmt).time().replace(second=0)

    def format(self, value):
        return value.strftime("%H:%M")


class KronorField(_ParsedField):
    """An amount in kronor ("400", "1 234,50 kr"), kept as integer öre."""

    message = _l("Write an amount in kronor between 0 and 1 000 000, e.g. 400 or 400,50.")

    def parse(self, text):
        cleaned = re.sub(r"\s|kr\.?$", "", text.lower()).replace(",", ".")
        amount = Decimal(cleaned) * 100
        if not amount.is_finite() or amount != amount.to_integral_value():
            raise ValueError("not a whole number of öre")
        if not 0 <= amount <= MAX_ORE:
            raise ValueError("out of range")
        return int(amount)

    def format(self, value):
        # Integer öre to text without a float: 12345 -> "123,45".
        return f"{value // 100}" if value % 100 == 0 else f"{value // 100},{value % 100:02d}"


class WholeNumberField(IntegerField):
    """An integer with a readable message when the input is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Write a whole number."))) from error


class ConferenceForm(FlaskForm):
    """Every field of an invitation, plus series, hosts and (for admins) organisers."""

    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Enter a title.")), Length(max=300)]
    )
    slug = StringField(
        _l("Web address (slug)"),
        validators=[Optional(), Length(max=100)],
        description=_l("Letters, digits and hyphens; left empty, it is made from the town."),
    )
    series_id = SelectField(_l("Series"), coerce=str, validate_choice=False)
    new_series = StringField(_l("Or a new series"), validators=[Optional(), Length(max=200)])
    guiding_question = StringField(_l("Guiding question"), validators=[Length(max=500)])
    welcome_text = TextAreaField(_l("Welcome text"))
    date = DayField(_l("Date"))
    end_date = DayField(
        _l("Last day"),
        description=_l("Only when the conference lasts several days."),
    )
    start_time = ClockField(_l("Starts at"))
    end_time = ClockField(_l("Ends at"))
    venue_name = StringField(_l("Venue"), validators=[Length(max=200)])
    street_address = StringField(_l("Street address"), validators=[Length(max=200)])
    postcode = StringField(_l("Postcode"), validators=[Length(max=12)])
    town = StringField(_l("Town"), validators=[Length(max=120)])
    target_audience = TextAreaField(_l("Who the conference is for"))
    programme_highlights = TextAreaField(
        _l("From the programme"), description=_l("One point a line.")
    )
    price_ore = KronorField(_l("Price (kronor)"), description=_l("Empty or 0: free of charge."))
    price_includes = StringField(_l("What the price includes"), validators=[Length(max=300)])
    contact_name = StringField(_l("Contact person"), validators=[Length(max=200)])
    contact_email = EmailField(
        _l("Contact email"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)],
    )
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=40)])
    registration_deadline = DayField(_l("Registration deadline"))
    registration_info = TextAreaField(_l("How to register (other ways, what to give)"))
    cancellation_deadline = DayField(_l("Cancel free of charge until"))
    late_cancellation_fee_ore = KronorField(_l("Fee for late cancellation (kronor)"))
    cancellation_terms = TextAreaField(
        _l("Cancellation terms"),
        description=_l("For example: registration is binding but may be passed to a colleague."),
    )
    capacity = WholeNumberField(
        _l("Number of places"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("The capacity cannot be negative.")),
            NumberRange(max=MAX_COUNT, message=_l("The number is too large.")),
        ],
        description=_l("Empty: no limit."),
    )
    # Digital participation ("Digitalt deltagande"): places of its own and the stream's link.
    online_capacity = WholeNumberField(
        _l("Online places"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("The capacity cannot be negative.")),
            NumberRange(max=MAX_COUNT, message=_l("The number is too large.")),
        ],
        description=_l("Empty: on site only. A number offers online participation."),
    )
    stream_url = URLField(
        _l("Link to the stream"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full web address (https://...).")),
            Length(max=500),
        ],
        description=_l("Only online participants (in their mails) and staff see it."),
    )
    exhibition_tables_offered = BooleanField(_l("Organisations can book an exhibition table"))
    exhibition_info = TextAreaField(_l("About exhibition tables"))
    companions_allowed = BooleanField(
        _l("Participants may bring a companion or personal assistant")
    )
    companions_take_places = BooleanField(
        _l("A companion takes a place of their own"),
        description=_l("Unticked: companions come in addition to the number of places."),
    )
    # What the conference offers in reimbursement is set on its rules page (one source).
    more_info_url = URLField(
        _l("Link for more information"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full web address (https://...).")),
            Length(max=500),
        ],
    )
    # Native multiple selects; static/js/forms.js makes them searchable where JS runs.
    hosts = SelectMultipleField(
        _l("Hosts"),
        coerce=int,
        validate_choice=False,
        render_kw={
            "data-searchable": _l("Type part of a name to search; choose as many as you need."),
            "size": 8,
        },
    )
    organisers = SelectMultipleField(
        _l("Staff organisers"),
        coerce=int,
        validate_choice=False,
        render_kw={
            "data-searchable": _l(
                "Organisers who may manage this conference. Type part of a name to search."
            ),
            "size": 6,
        },
    )
    # Ticked on the re-shown form after the warnings about overriding earlier decisions.
    save_anyway = BooleanField(_l("Save anyway"))
    # (field, message) pairs from services.invitation_warnings, set by the view.
    warnings: tuple = ()

    def validate_stream_url(self, field):
        """The stream's address is https (it is sent to participants)."""
        if field.data and not field.data.strip().lower().startswith("https://"):
            raise ValidationError(_l("The link must start with https://."))

    def validate_slug(self, field):
        """Only letters, digits and hyphens."""
        if field.data and not re.fullmatch(r"[a-z0-9-]+", field.data.strip()):
            raise ValidationError(_l("Use only lower-case letters a–z, digits and hyphens."))


class ProgrammeItemForm(FlaskForm):
    """A time slot: when, what kind, title, description, speakers."""

    # Shown only for a conference held over several days; its choices come from the view.
    day = SelectField(
        _l("Day"),
        coerce=int,
        default=1,
        choices=[SelectChoice(1, "1")],
        validators=[InputRequired(_l("Choose one of the conference's days."))],
    )
    starts_at = ClockField(_l("Starts at"), validators=[InputRequired(_l("Enter a start time."))])
    ends_at = ClockField(_l("Ends at"))
    show_time = BooleanField(_l("Show the time in the programme"), default=True)
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice(ItemKind.SESSION.value, _l("Session")),
            SelectChoice(ItemKind.BREAK.value, _l("Break (coffee, lunch)")),
            SelectChoice(ItemKind.WORKSHOPS.value, _l("Parallel workshops")),
        ],
    )
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Enter a title.")), Length(max=300)]
    )
    description = TextAreaField(_l("Description"))
    speakers = TextAreaField(
        _l("Speakers"),
        description=_l("One a line: name; role; organisation (role and organisation optional)."),
    )


class ConfirmForm(FlaskForm):
    """A confirmation of a destructive action: only its CSRF token."""


class ModeratorForm(FlaskForm):
    """The moderator of the day."""

    moderator = StringField(_l("Moderator of the day"), validators=[Length(max=300)])


class WorkshopForm(FlaskForm):
    """A workshop of a workshop block."""

    round_id = SelectField(_l("Workshop block"), coerce=int, validate_choice=False)
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Enter a title.")), Length(max=300)]
    )
    theme = SelectField(_l("Theme"), validators=[Optional()])
    description = TextAreaField(_l("Description"))
    inspirers = TextAreaField(
        _l("Inspirers"), description=_l("One a line, with their organisation.")
    )
    room = StringField(_l("Room"), validators=[Length(max=120)])
    capacity = WholeNumberField(
        _l("Places"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("The capacity cannot be negative.")),
            NumberRange(max=MAX_COUNT, message=_l("The number is too large.")),
        ],
        description=_l("Empty: no limit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request so the themes' labels are in the visitor's language.
        self.theme.choices = [
            SelectChoice("", str(_l("(no theme)"))),
            *Theme.choices(),
        ]
