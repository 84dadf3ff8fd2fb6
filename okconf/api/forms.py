"""The token page's forms: a new token, and revoking one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, Length

from okconf.api.tokens import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS, SCOPES
from okconf.formdata import as_choices
from okconf.registration.forms import ChoiceField, MultiCheckboxField


class NewTokenForm(FlaskForm):
    """Name, permissions and lifetime of a new token."""

    name = StringField(
        _l("Name"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            DataRequired(_l("Give the token a name, e.g. the system that will use it.")),
            Length(max=100, message=_l("The name may be at most 100 characters.")),
        ],
    )
    scopes = MultiCheckboxField(
        _l("Permissions"),
        choices=[],
        validators=[InputRequired(_l("Choose at least one permission."))],
    )
    days = ChoiceField(
        _l("Valid for"),
        choices=[],
        default=str(DEFAULT_EXPIRY_DAYS),
        validators=[InputRequired(_l("Choose one of the options in the list."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = as_choices(
            (name, f"{name}: {label}") for name, label in SCOPES.items()
        )
        self.days.choices = as_choices(
            (str(days), _l("%(days)d days", days=days)) for days in EXPIRY_DAYS
        )


class RevokeForm(FlaskForm):
    """Revoking a token (the CSRF token is all it carries)."""
