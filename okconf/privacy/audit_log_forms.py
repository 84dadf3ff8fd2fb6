"""The audit log's filters (a GET form: no CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError


class LogFilterForm(FlaskForm):
    """Narrow a conference's log by action, person and dates."""

    class Meta:
        csrf = False

    action = SelectField(_l("What"), validators=[Optional()])
    person = SelectField(_l("Who"), validators=[Optional()])
    since = DateField(
        _l("From (date)"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )
    until = DateField(_l("To (date)"), validators=[Optional()], render_kw={"type": "date"})
    registration = IntegerField(validators=[Optional(), NumberRange(min=1)])
    claim = IntegerField(validators=[Optional(), NumberRange(min=1)])
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1)], default=1)

    def __init__(self, *args, actions=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [
            SelectChoice("", _l("All actions")),
            *(SelectChoice(value, label) for value, label in actions),
        ]
        self.person.choices = [
            SelectChoice("", _l("Everyone")),
            *(SelectChoice(str(i), n) for i, n in people),
        ]

    def validate_until(self, field):
        """The period must not end before it starts."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
