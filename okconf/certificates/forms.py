"""The organisers' form for a conference's certificates."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError


def parse_hours(text: str | None) -> int | None:
    """'6', '6,5' or '6.5' hours as minutes; None when empty; ValueError when not a number."""
    value = (text or "").strip().replace(",", ".")
    if not value:
        return None
    if not re.fullmatch(r"\d{1,2}(\.\d{1,2})?", value):
        raise ValueError(value)
    return round(float(value) * 60)


class CertificateForm(FlaskForm):
    """What the certificate of attendance says, and whether participants can have one."""

    enabled = BooleanField(_l("Participants who were checked in can download their certificate"))
    hours = StringField(
        _l("Length in hours"),
        validators=[Optional(), Length(max=5, message=_l("Give the length as a number of hours."))],
        render_kw={"inputmode": "decimal", "class": "narrow-input"},
    )
    text = TextAreaField(
        _l("About the content (optional text on the certificate)"),
        validators=[Length(max=1500, message=_l("At most 1,500 characters."))],
        render_kw={"rows": 4},
    )
    signer_name = StringField(
        _l("Signed by"), validators=[Length(max=200, message=_l("At most 200 characters."))]
    )
    signer_title = StringField(
        _l("Title or organisation of the signer"),
        validators=[Length(max=200, message=_l("At most 200 characters."))],
    )

    def validate_hours(self, field):
        try:
            minutes = parse_hours(field.data)
        except ValueError:
            raise ValidationError(_l("Give the length as hours, e.g. 6 or 6,5.")) from None
        if minutes is not None and not 0 < minutes <= 24 * 60:
            raise ValidationError(_l("Give the length as hours between 0.5 and 24."))

    @property
    def minutes(self) -> int | None:
        return parse_hours(self.hours.data)
