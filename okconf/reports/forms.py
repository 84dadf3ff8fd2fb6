"""Forms for summaries and entered figures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from okconf.groupwork.forms import MultiCheckboxField
from okconf.reports.edition_models import edition_sections
from okconf.reports.models import SECTIONS, FigureSource
from okconf.vocabulary import Principle

_TEXT = [Length(max=20000)]


class SummaryForm(FlaskForm):
    """The structured editor: the seed report's sections."""

    focus = TextAreaField(dict(SECTIONS)["focus"], validators=_TEXT)
    knowledge = TextAreaField(dict(SECTIONS)["knowledge"], validators=_TEXT)
    local_regional = TextAreaField(dict(SECTIONS)["local_regional"], validators=_TEXT)
    dialogue = TextAreaField(dict(SECTIONS)["dialogue"], validators=_TEXT)
    local_examples = TextAreaField(dict(SECTIONS)["local_examples"], validators=_TEXT)
    principles = MultiCheckboxField(_l("Principles emphasised at the conference"))
    principles_text = TextAreaField(_l("About the principles"), validators=_TEXT)
    parties_positions = TextAreaField(dict(SECTIONS)["parties_positions"], validators=_TEXT)
    obstacles = TextAreaField(_l("Obstacles (one a line)"), validators=_TEXT)
    opportunities = TextAreaField(_l("Opportunities (one a line)"), validators=_TEXT)
    conclusions = TextAreaField(dict(SECTIONS)["conclusions"], validators=_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.principles.choices = Principle.choices()


def _optional_count(label):
    return IntegerField(label, validators=[Optional(), NumberRange(0, 100000)])


class FiguresForm(FlaskForm):
    """Counts entered for a conference whose participants were not registered one by one."""

    total = _optional_count(_l("Participants in total"))
    civil_society = _optional_count(_l("Civil-society organisations"))
    public_sector = _optional_count(_l("Public sector"))
    business_other = _optional_count(_l("Business and others"))
    organisations = _optional_count(_l("Distinct organisations"))
    municipalities = _optional_count(_l("Municipalities"))
    agencies = _optional_count(_l("Government agencies and county boards"))
    politicians = _optional_count(_l("Politicians"))
    note = StringField(_l("Source of the figures"), validators=[Length(max=300)])
    source = RadioField(
        _l("Figures the reports use"),
        choices=FigureSource.choices(),
        default=FigureSource.AUTO.value,
    )


class NewEditionForm(FlaskForm):
    """A new edition of the joint report over one series of conferences."""

    series = SelectField(_l("Series of conferences"), validators=[DataRequired()])
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=300)],
        default=_l("Summary report from the conferences on the Agreement on integration"),
    )
    season = StringField(_l("Season"), validators=[Length(max=100)])


class EditionForm(FlaskForm):
    """The editor's text: the cover's fields and the edition's sections."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    season = StringField(_l("Season"), validators=[Length(max=100)])
    signed_place_date = StringField(_l("Place and date of the foreword"), [Length(max=200)])
    signed_by = StringField(_l("Signed by"), validators=[Length(max=300)])
    note = StringField(_l("What you changed (for the history)"), validators=[Length(max=300)])


for _key, _label in edition_sections():
    setattr(EditionForm, _key, TextAreaField(_label, validators=_TEXT))
