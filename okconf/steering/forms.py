"""Forms for the steering group and the measures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from okconf.steering.models import AgreementParty, Office


class MemberForm(FlaskForm):
    """A seat in the steering group for one year."""

    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    organisation_name = StringField(_l("Organisation"), validators=[Length(max=300)])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    party = SelectField(_l("Party"), choices=AgreementParty.choices(), validators=[InputRequired()])
    office = SelectField(
        _l("Office"),
        choices=[SelectChoice(o.value, o.label) for o in Office],
        default=Office.MEMBER.value,
    )
    is_substitute = BooleanField(_l("Substitute (ersättare)"))
    note = StringField(_l("Note"), validators=[Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.party.choices = AgreementParty.choices()
        self.office.choices = [SelectChoice(o.value, o.label) for o in Office]


class MeasureForm(FlaskForm):
    """A party's numbered measure."""

    party = SelectField(_l("Party"), validators=[InputRequired()])
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(1, 999)])
    title = StringField(_l("Short title"), validators=[Length(max=300)])
    commitment = TextAreaField(_l("Commitment"), validators=[InputRequired(), Length(max=10000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.party.choices = AgreementParty.choices()


class ProgressForm(FlaskForm):
    """A yearly progress report on a measure."""

    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    text = TextAreaField(_l("Progress report"), validators=[InputRequired(), Length(max=20000)])
