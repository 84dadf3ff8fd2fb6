"""The message form and the reminder form: input checks only (the service checks the rest)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from okconf.formdata import as_choices
from okconf.messages.groups import GROUPS

MAX_TEXT = 20_000


class TextsForm(FlaskForm):
    """Subject and text in Swedish, and optionally in English."""

    subject_sv = StringField(
        _l("Subject"), validators=[DataRequired(_l("Write a subject.")), Length(max=200)]
    )
    body_sv = TextAreaField(
        _l("Text"),
        validators=[DataRequired(_l("Write the text of the message.")), Length(max=MAX_TEXT)],
        render_kw={"rows": 12},
    )
    subject_en = StringField(_l("Subject in English"), validators=[Optional(), Length(max=200)])
    body_en = TextAreaField(
        _l("Text in English"),
        validators=[Optional(), Length(max=MAX_TEXT)],
        render_kw={"rows": 12},
    )


class MessageForm(TextsForm):
    """Who the message goes to, and what it says."""

    group = RadioField(
        _l("Who gets the message"), validators=[InputRequired(_l("Choose who gets the message."))]
    )
    # The registrations ticked in the list ("Skriv till markerade"), as "12,15,19".
    picked = HiddenField()

    def value_fields(self):
        """The value field of each kind of group that takes one, as (group key, field)."""
        return [(key, self[f"value_{key}"]) for key in GROUPS if f"value_{key}" in self]

    def picked_ids(self) -> list[int]:
        """The ticked registrations' ids (anything else in the field is ignored)."""
        ids = []
        for part in (self.picked.data or "").split(",")[:5000]:
            part = part.strip()
            if part.isascii() and part.isdigit() and 0 < int(part) < 2**31:
                ids.append(int(part))
        return sorted(set(ids))


def message_form(conference, picked: bool, **kwargs) -> MessageForm:
    """The form for one conference: its groups, and one value list per kind that has them."""

    class Form(MessageForm):
        pass

    offered = []
    for key, group in GROUPS.items():
        if not (group.offered or (key == "picked" and picked)):
            continue
        if group.choices is not None:
            values = group.choices(conference)
            if not values:  # no workshops yet: nothing to choose
                continue
            # The service checks the value against the group's own choices.
            field = SelectField(
                group.value_label,
                choices=as_choices([("", _l("Choose…")), *values]),
                validate_choice=False,
            )
            setattr(Form, f"value_{key}", field)
        offered.append((key, group.label))
    form = Form(**kwargs)
    form.group.choices = as_choices(offered)
    return form


class ReminderForm(TextsForm):
    """The reminder before the day: on or off, when, and its texts."""

    subject_sv = StringField(_l("Subject"), validators=[Optional(), Length(max=200)])
    body_sv = TextAreaField(
        _l("Text"), validators=[Optional(), Length(max=MAX_TEXT)], render_kw={"rows": 12}
    )
    enabled = BooleanField(_l("Send the reminder"))
    days_before = IntegerField(
        _l("Days before the conference"),
        validators=[
            InputRequired(_l("Write a number of days.")),
            NumberRange(1, 60, _l("Choose between 1 and 60 days.")),
        ],
        default=2,
    )


class PreviewForm(FlaskForm):
    """Which recipient the preview and the test mail are rendered for (a GET form)."""

    class Meta:
        csrf = False

    recipient = SelectField(_l("Show it as this person gets it"), validators=[Optional()])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (send, test, delete)."""

    recipient = HiddenField()
