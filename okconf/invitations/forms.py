"""The organiser's invitation form: recipients from the registry or pasted, and a greeting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from okconf.vocabulary import OrganisationType, Party


class ListedChoices(SelectMultipleField):
    """Several choices, each of which must be one of those offered (an empty or unknown value
    is a field error; WTForms' Optional would clear that error and let '' through)."""

    def pre_validate(self, form):
        offered = {str(c.value if hasattr(c, "value") else c[0]) for c in self.choices or []}
        if any(str(value) not in offered for value in self.data or []):
            raise ValidationError(_l("Choose among the options shown."))


class MultiCheckboxField(ListedChoices):
    """Several choices as a group of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InvitationForm(FlaskForm):
    """Whom to invite and the organiser's own words."""

    org_types = MultiCheckboxField(_l("Types of organisation"))
    parties = MultiCheckboxField(_l("Parties"))
    towns = ListedChoices(_l("Towns"), render_kw={"size": 6})
    organisation_email = BooleanField(_l("The organisations' own addresses"), default=True)
    contacts = BooleanField(_l("Their contact people"), default=True)
    addresses = TextAreaField(
        _l("Other addresses"),
        validators=[Optional(), Length(max=200_000)],
        render_kw={"rows": 6, "autocomplete": "off", "spellcheck": "false"},
    )
    greeting = TextAreaField(
        _l("Personal greeting (optional)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 4},
    )

    def __init__(self, towns: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_types.choices = OrganisationType.choices()
        self.parties.choices = Party.choices()
        self.towns.choices = [SelectChoice(t, t) for t in towns]


class ButtonForm(FlaskForm):
    """A button that posts: only the CSRF token."""
