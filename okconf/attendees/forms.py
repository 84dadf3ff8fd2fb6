"""Forms of the organiser's registration pages: list filters, exports, check-in, walk-ins."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from okconf.attendees.attendee_list import COLUMNS, DEFAULT_COLUMNS, SCOPES
from okconf.formdata import as_choices
from okconf.vocabulary import Diet, OrganisationType, Party


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes (rendered by the forms macro as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _any(label) -> list[SelectChoice]:
    return [SelectChoice("", label)]


class ListFilterForm(FlaskForm):
    """Search and filters of the registration list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False
        mark_optional = False  # a filter: no field is a question to answer

    q = SearchField(_l("Search name, email or organisation"), validators=[Length(max=200)])
    party = SelectField(_l("Sector"), validators=[Optional()])
    org_type = SelectField(_l("Type of organisation"), validators=[Optional()])
    organisation = SearchField(_l("Organisation"), validators=[Length(max=300)])
    status = SelectField(_l("Status"), validators=[Optional()])
    attendance = SelectField(_l("On site or online"), validators=[Optional()])
    diet = SelectField(_l("Diet"), validators=[Optional()])
    workshop = SelectField(_l("Workshop"), validators=[Optional()])
    answer = SelectField(_l("Answer to a question"), validators=[Optional()])
    page = IntegerField(
        _l("Page"),
        validators=[Optional(), NumberRange(1, 100_000, _l("There is no such page."))],
        default=1,
    )

    def __init__(self, *args, workshops=(), answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.answer.choices = _any(_l("All answers")) + as_choices(answers)
        self.party.choices = _any(_l("All sectors")) + Party.choices()
        self.org_type.choices = _any(_l("All types")) + OrganisationType.choices()
        self.status.choices = [
            *_any(_l("All statuses")),
            SelectChoice("confirmed", _l("Confirmed")),
            SelectChoice("waiting", _l("Waiting list")),
            SelectChoice("cancelled", _l("Cancelled")),
            SelectChoice("late_cancelled", _l("Cancelled late")),
            SelectChoice("attended", _l("Attended")),
        ]
        self.attendance.choices = [
            *_any(_l("On site and online")),
            SelectChoice("on_site", _l("On site")),
            SelectChoice("online", _l("Online")),
        ]
        self.diet.choices = _any(_l("All diets")) + Diet.choices()
        self.workshop.choices = _any(_l("All workshops")) + [
            SelectChoice(str(w.id), w.title) for w in workshops
        ]


class ExportForm(FlaskForm):
    """The attendee list's format, columns and scope (a GET form: downloads change nothing)."""

    class Meta:
        csrf = False
        mark_optional = False  # a filter: no field is a question to answer

    format = RadioField(
        _l("Format"),
        choices=[
            SelectChoice("csv", _l("CSV (semicolons, for Excel)")),
            SelectChoice("xlsx", _l("Excel (XLSX)")),
        ],
        default="csv",
        validators=[DataRequired(_l("Choose a format."))],
    )
    scope = RadioField(
        _l("Which registrations"),
        choices=[SelectChoice(key, label) for key, label in SCOPES.items()],
        default="confirmed",
        validators=[DataRequired(_l("Choose which registrations to export."))],
    )
    columns = MultiCheckboxField(
        _l("Columns"),
        choices=[SelectChoice(c.key, c.heading) for c in COLUMNS],
        default=list(DEFAULT_COLUMNS),
        validators=[DataRequired(_l("Choose at least one column."))],
    )


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class WalkInForm(FlaskForm):
    """Someone registered at the door: the few fields the desk can ask for."""

    first_name = StringField(
        _l("First name"),
        validators=[InputRequired(_l("Enter the first name.")), Length(max=100)],
        render_kw={"autocomplete": "off"},
    )
    last_name = StringField(
        _l("Last name"),
        validators=[InputRequired(_l("Enter the last name.")), Length(max=100)],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("Email (optional)"),
        validators=[
            Optional(),
            Email(_l("Enter an email address such as name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off"},
    )
    organisation_name = StringField(
        _l("Organisation"), validators=[Length(max=300)], render_kw={"autocomplete": "off"}
    )
    party = SelectField(
        _l("Sector"),
        choices=Party.choices,
        validators=[InputRequired(_l("Choose a sector."))],
    )
    org_type = SelectField(
        _l("Type of organisation"),
        choices=OrganisationType.choices,
        validators=[InputRequired(_l("Choose a type of organisation."))],
    )
