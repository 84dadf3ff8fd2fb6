"""Forms for posting and moderating notes, and the feedback form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from okconf.groupwork.models import NOTE_MAX_LENGTH, NoteKind
from okconf.vocabulary import Principle, Theme


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes (rendered as a fieldset by the field macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _coerce_optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class NoteForm(FlaskForm):
    """A note from a workshop or table."""

    kind = RadioField(_l("Obstacle or opportunity?"), validators=[InputRequired()])
    theme = SelectField(_l("Theme"), validators=[InputRequired()])
    principle = SelectField(_l("Principle it touches (optional)"), validators=[Optional()])
    workshop_id = SelectField(_l("Workshop"), coerce=_coerce_optional_int, validators=[Optional()])
    group_label = StringField(_l("Group or table"), validators=[Length(max=120)])
    text = TextAreaField(_l("Note"), validators=[InputRequired(), Length(max=NOTE_MAX_LENGTH)])

    def __init__(self, *args, workshops=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = NoteKind.choices()
        self.theme.choices = [SelectChoice("", _l("Choose a theme")), *Theme.choices()]
        self.principle.choices = [SelectChoice("", _l("None in particular")), *Principle.choices()]
        self.workshop_id.choices = [SelectChoice(None, _l("No workshop"))] + [
            SelectChoice(w.id, w.title) for w in workshops
        ]


class FeedbackForm(FlaskForm):
    """The feedback form after the conference."""

    knowledge_before = RadioField(
        _l(
            "How well did you know the Agreement before the conference? "
            "(1 = not at all, 5 = very well)"
        ),
        coerce=int,
        validators=[InputRequired(_l("Choose a value from 1 to 5."))],
    )
    knowledge_after = RadioField(
        _l("How well do you know the Agreement now? (1 = not at all, 5 = very well)"),
        coerce=int,
        validators=[InputRequired(_l("Choose a value from 1 to 5."))],
    )
    principles = MultiCheckboxField(_l("Which of the principles matter most to you?"))
    next_steps = TextAreaField(
        _l("What will your organisation do next?"), validators=[Length(max=5000)]
    )
    free_text = TextAreaField(
        _l("Anything else you want to tell us"), validators=[Length(max=5000)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [SelectChoice(i, str(i)) for i in range(1, 6)]
        self.knowledge_before.choices = scale
        self.knowledge_after.choices = scale
        self.principles.choices = Principle.choices()
