"""The webhook form: input checks only (the address is checked by the service)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from okconf.registration.forms import MultiCheckboxField as _Checkboxes
from okconf.webhooks import events
from okconf.webhooks.urls import MAX_URL_LENGTH


class MultiCheckboxField(_Checkboxes):
    """The events, as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WebhookForm(FlaskForm):
    """A new hook, or a change to one."""

    url = StringField(
        _l("Address (URL)"),
        validators=[Length(max=MAX_URL_LENGTH)],
        render_kw={"placeholder": "https://", "inputmode": "url", "autocomplete": "off"},
    )
    description = StringField(_l("Description"), validators=[Optional(), Length(max=200)])
    conference = SelectField(_l("Conference"), validators=[Optional()])
    events = MultiCheckboxField(_l("Events"))

    def __init__(self, conferences, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference.choices = [SelectChoice("", _l("All my conferences"))] + [
            SelectChoice(str(c.id), f"{c.title}" + (f" ({c.date.isoformat()})" if c.date else ""))
            for c in conferences
        ]
        labels = events.labels()
        self.events.choices = [SelectChoice(e, labels[e]) for e in events.EVENTS]

    def validate_url(self, field):
        """An address is needed (the rest is checked by the service, which resolves it)."""
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the address."))

    def validate_events(self, field):
        """At least one event."""
        if not field.data:
            raise ValidationError(_l("Choose at least one event."))
