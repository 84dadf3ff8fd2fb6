"""The questions' fields on the registration form, and the organiser's question editor form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import DateInput

from okconf.errors import DomainError
from okconf.formdata import as_choices
from okconf.questions.models import Question, QuestionKind
from okconf.questions.services import (
    MAX_TEXT,
    NO,
    YES,
    clean_value,
    condition_met,
    form_version,
    questions_of,
)
from okconf.registration.formparts import FormPart


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def question_field(question: Question, locale: str):
    """The WTForms field that asks this question (never required at field level: whether it
    must be answered depends on its condition, checked by the form)."""
    from okconf.registration.forms import MultiCheckboxField

    label = question.label(locale)
    kind = question.kind
    if kind in MAX_TEXT:
        cls = StringField if kind is QuestionKind.SHORT_TEXT else TextAreaField
        return cls(
            label,
            filters=[_strip],
            validators=[
                Optional(),
                Length(
                    max=MAX_TEXT[kind],
                    message=_l("Keep the answer under %(n)s characters.", n=MAX_TEXT[kind]),
                ),
            ],
        )
    if kind is QuestionKind.YES_NO:
        return RadioField(
            label, choices=as_choices([(YES, _l("Yes")), (NO, _l("No"))]), validate_choice=False
        )
    if kind is QuestionKind.ONE_CHOICE:
        return RadioField(
            label,
            choices=as_choices((str(o.id), o.label(locale)) for o in question.options),
            validate_choice=False,
        )
    if kind is QuestionKind.SEVERAL_CHOICES:
        return MultiCheckboxField(
            label, choices=as_choices((str(o.id), o.label(locale)) for o in question.options)
        )
    if kind is QuestionKind.NUMBER:
        return StringField(label, filters=[_strip], render_kw={"inputmode": "decimal"})
    return StringField(label, filters=[_strip], widget=DateInput())


class QuestionsPart(FormPart):
    """The conference's visible questions on the registration form (the form-parts hook)."""

    template = "questions/_registration_fields.html"

    def __init__(self, conference, locale: str):
        self.locale = locale
        self.questions = questions_of(conference, include_hidden=False)

    def add_fields(self, form_class) -> None:
        for question in self.questions:
            setattr(form_class, question.field_name, question_field(question, self.locale))
        form_class.questions_version = HiddenField(default=form_version(self.questions))

    def initial_data(self, registration) -> dict:
        return initial_answers(registration, self.questions, self.locale)

    def prepare(self, form) -> None:
        form.questions = self.questions  # the consent text names sensitive questions

    def values(self, form) -> dict:
        return {"answers": self.raw_answers(form)}

    def question_fields(self, form):
        """(question, its field, hint) in form order, for the template."""
        return [
            (q, form[q.field_name], q.help(self.locale))
            for q in self.questions
            if q.field_name in form
        ]

    def raw_answers(self, form) -> dict[int, object]:
        """What was typed or chosen, by question id."""
        out = {}
        for question in self.questions:
            if question.field_name in form:
                out[question.id] = form[question.field_name].data
        return out

    def validate(self, form) -> bool:
        """Each answer's own check, then required ones whose condition is met; a form sent
        after the questions changed is refused (with what was typed kept)."""
        ok = True
        raw = self.raw_answers(form)
        visible = {q.id for q in self.questions}
        current = form_version(self.questions)
        if "questions_version" in form and form.questions_version.data != current:
            form.questions_version.data = current
            form.form_errors.append(
                _l(
                    "The organisers changed the questions while you were filling in the form. "
                    "Check your answers below and send the form again."
                )
            )
            ok = False
        cleaned = {}
        for question in self.questions:
            field = form[question.field_name]
            try:
                value = clean_value(question, raw.get(question.id))
            except DomainError as error:
                field.errors = [*field.errors, error.message]
                ok = False
                continue
            if not condition_met(question, cleaned, visible):
                continue
            cleaned[question.id] = value
            if value is None and question.required and not field.errors:
                field.errors = [*field.errors, _l("Answer this question.")]
                ok = False
        return ok


def initial_answers(registration, questions, locale: str = "sv") -> dict:
    """A registration's answers as the form's initial data."""
    from okconf.questions.services import answers_of

    values = answers_of(registration)
    data = {}
    for question in questions:
        value = values.get(question.id)
        if value is None:
            continue
        if question.kind.has_options:
            value = [str(v) for v in value]
            data[question.field_name] = (
                value[0] if question.kind is QuestionKind.ONE_CHOICE else value
            )
        elif question.kind is QuestionKind.NUMBER and str(locale).startswith("sv"):
            data[question.field_name] = str(value).replace(".", ",")
        else:
            data[question.field_name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


# --- the organiser's editor ---------------------------------------------------------------------


class OptionForm(Form):
    """One option row (no CSRF of its own: it is part of the question's form)."""

    id = HiddenField()
    label_sv = StringField(_l("Option in Swedish"), filters=[_strip], validators=[Length(max=200)])
    label_en = StringField(_l("Option in English"), filters=[_strip], validators=[Length(max=200)])
    remove = BooleanField(_l("Remove"))

    def validate_id(self, field):
        """An existing option's id, or empty."""
        if field.data and not str(field.data).isdigit():
            raise ValidationError(_l("An option was changed by someone else; reload the page."))


class QuestionForm(FlaskForm):
    """A question of the registration form, as the organiser writes it."""

    kind = SelectField(
        _l("Kind of answer"),
        choices=as_choices((k.value, k.label) for k in QuestionKind),
        validators=[InputRequired(_l("Choose the kind of answer."))],
    )
    label_sv = StringField(
        _l("Question in Swedish"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Write the question in Swedish.")),
            Length(max=300, message=_l("Keep the question under 300 characters.")),
        ],
    )
    label_en = StringField(
        _l("Question in English"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=300, message=_l("Keep the question under 300 characters.")),
        ],
    )
    help_sv = TextAreaField(
        _l("Help text in Swedish"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=1000, message=_l("Keep the help text under 1,000 characters.")),
        ],
        render_kw={"rows": 2},
    )
    help_en = TextAreaField(
        _l("Help text in English"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=1000, message=_l("Keep the help text under 1,000 characters.")),
        ],
        render_kw={"rows": 2},
    )
    required = BooleanField(_l("An answer is required"))
    sensitive = BooleanField(
        _l("Sensitive: the answers are handled like dietary needs (seen by fewer, erased sooner)")
    )
    hidden = BooleanField(_l("Hidden: not on the form (answers given stay)"))
    condition = SelectField(_l("Show the question"), validators=[Optional()])
    options = FieldList(FormField(OptionForm), min_entries=0, max_entries=60)

    def validate_kind(self, field):
        """A known kind."""
        if field.data not in {k.value for k in QuestionKind}:
            raise ValidationError(_l("Choose the kind of answer."))

    def validate_condition(self, field):
        """A condition from the list."""
        valid = {choice.value for choice in field.choices}
        if field.data and field.data not in valid:
            raise ValidationError(_l("Choose a condition from the list."))
