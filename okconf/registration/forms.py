"""Forms of the registration: sign-up, changes, substitute, cancellation, lost link, staff.

Long because: the registration form is built per conference (workshop rounds, the questions,
other features' fields through their FormParts) beside its small siblings.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Email, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from okconf.errors import DomainError
from okconf.registration.formparts import parts_for
from okconf.registration.rules import (
    ParticipantData,
    Person,
    normalise_phone,
    reimbursement_offered,
    workshop_rounds,
)
from okconf.vocabulary import Diet, OrganisationType, Party

RANK_LABELS = (_l("1st wish"), _l("2nd wish"), _l("3rd wish"))
MAX_WISHES = len(RANK_LABELS)


def _valid_values(choices) -> set[str]:
    """The offered values; a (value, label) pair is still read, so a form that has not moved
    to SelectChoice (or one merged from elsewhere) is refused cleanly rather than with a 500."""
    return {str(c.value if hasattr(c, "value") else c[0]) for c in choices}


class ChoiceField(SelectField):
    """A select whose unknown values get our own readable message (empty is left to
    InputRequired, or allowed)."""

    def pre_validate(self, form):
        if self.data in (None, "") or str(self.data) in _valid_values(self.choices):
            return
        raise ValidationError(_l("Choose one of the options in the list."))


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice (rendered as a fieldset by macros/forms.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        valid = _valid_values(self.choices)
        if any(str(v) not in valid for v in self.data or []):
            raise ValidationError(_l("Choose among the options shown."))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _type_choices() -> list[SelectChoice]:
    """Finer types, each named with its sector, sector by sector."""
    return [
        SelectChoice(t.value, f"{t.party.label}: {t.label}")
        for party in Party
        for t in OrganisationType
        if t.party is party
    ]


class PersonForm(FlaskForm):
    """Who the person is: also what a substitute fills in."""

    first_name = StringField(
        _l("First name"),
        filters=[_strip],
        validators=[InputRequired(_l("Enter your first name.")), Length(max=100)],
        render_kw={"autocomplete": "given-name"},
    )
    last_name = StringField(
        _l("Last name"),
        filters=[_strip],
        validators=[InputRequired(_l("Enter your last name.")), Length(max=100)],
        render_kw={"autocomplete": "family-name"},
    )
    email = EmailField(
        _l("Email"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("The email address is too long.")),
            Email(_l("Enter a valid email address, e.g. name@example.org.")),
        ],
        render_kw={"autocomplete": "email"},
    )
    phone = TelField(
        _l("Phone"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter your phone number.")),
            Length(max=40, message=_l("The phone number is too long.")),
        ],
        render_kw={"autocomplete": "tel"},
    )
    organisation_name = StringField(
        _l("Organisation, authority or company"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter your organisation, authority or company.")),
            Length(max=300),
        ],
        render_kw={"list": "organisation-suggestions", "autocomplete": "organization"},
    )
    # A plain RadioField (rendered as a fieldset by macros/forms.html); AnyOf gives unknown
    # values our own message.
    party = RadioField(
        _l("Sector"),
        choices=[],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose your sector.")),
            AnyOf([p.value for p in Party], message=_l("Choose one of the options.")),
        ],
    )
    org_type = ChoiceField(
        _l("Type of organisation"),
        choices=[],
        validators=[InputRequired(_l("Choose the type of organisation."))],
    )
    is_politician = BooleanField(_l("I am an elected politician"))
    is_volunteer = BooleanField(
        _l("I take part as an unpaid volunteer of a civil-society organisation")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.party.choices = Party.choices()
        self.org_type.choices = [SelectChoice("", _l("Choose…")), *_type_choices()]

    def validate_phone(self, field):
        """Swedish or international numbers, checked with phonenumbers."""
        if field.data:
            try:
                normalise_phone(field.data)
            except DomainError as error:
                raise ValidationError(error.message) from None

    def validate_org_type(self, field):
        """The finer type must belong to the chosen sector."""
        valid_type = field.data in {t.value for t in OrganisationType}
        if valid_type and self.party.data in {p.value for p in Party}:
            org_type = OrganisationType(field.data)
            if org_type.party is not Party(self.party.data):
                raise ValidationError(_l("This type does not belong to the sector you chose."))

    def person(self) -> Person:
        """The person as the services want it."""
        return Person(
            first_name=self.first_name.data,
            last_name=self.last_name.data,
            email=self.email.data,
            phone=self.phone.data or "",
            organisation_name=self.organisation_name.data,
            party=Party(self.party.data),
            org_type=OrganisationType(self.org_type.data),
            is_politician=bool(self.is_politician.data),
            is_volunteer=bool(self.is_volunteer.data),
        )


class RegistrationForm(PersonForm):
    """The whole registration; fields a conference does not offer are removed. Other features
    add their parts (okconf/registration/formparts.py)."""

    diets = MultiCheckboxField(_l("Special diet"), choices=[])
    diet_other = StringField(
        _l("Other dietary need"),
        filters=[_strip],
        validators=[Optional(), Length(max=300)],
    )
    accessibility_needs = TextAreaField(
        _l("Accessibility needs"),
        filters=[_strip],
        validators=[Optional(), Length(max=2000)],
    )
    wants_exhibition_table = BooleanField(
        _l("Our organisation would like an exhibition table (bokbord)")
    )
    requests_travel_reimbursement = BooleanField(_l("I want to request travel reimbursement"))
    requests_lost_earnings = BooleanField(_l("I want to request compensation for lost earnings"))
    consent = BooleanField(
        _l("I have read how my data is handled and agree to it"),
        validators=[InputRequired(_l("You must agree before you can register."))],
    )
    # Staff only.
    override_deadline = BooleanField(_l("Add even though the registration deadline has passed"))
    override_capacity = BooleanField(_l("Give a place even if the conference is full"))

    wish_rounds: list = []
    parts: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.diets.choices = Diet.choices()

    def validate_diet_other(self, field):
        """“Other” needs its description."""
        if Diet.OTHER.value in (self.diets.data or []) and not field.data:
            raise ValidationError(_l("Describe your other dietary need."))

    def validate(self, extra_validators=None):
        """The field checks, then: no workshop twice within a round."""
        ok = super().validate(extra_validators)
        for _key, _title, wish_fields in self.wish_rounds:
            seen = set()
            for wish in wish_fields:
                if wish.data and wish.data in seen:
                    wish.errors = [*wish.errors, _l("You chose this workshop twice.")]
                    ok = False
                elif wish.data:
                    seen.add(wish.data)
        parts_ok = [part.validate(self) for part in self.parts]  # each part's errors shown
        return all(parts_ok) and ok

    def data_for_services(self, locale: str) -> ParticipantData:
        """The form's values as ParticipantData."""
        person = self.person()
        wishes = {}
        for key, _title, wish_fields in self.wish_rounds:
            wishes[key] = [int(w.data) for w in wish_fields if w.data]

        def flag(name):
            return bool(getattr(self, name).data) if name in self else False

        extra = {}
        for part in self.parts:
            extra.update(part.values(self))
        diets = [Diet(d) for d in self.diets.data or []]
        if self.diet_other.data and Diet.OTHER not in diets:
            diets.append(Diet.OTHER)
        return ParticipantData(
            **person.__dict__,
            diets=diets,
            diet_other=self.diet_other.data or "",
            accessibility_needs=self.accessibility_needs.data or "",
            wants_exhibition_table=flag("wants_exhibition_table"),
            requests_travel_reimbursement=flag("requests_travel_reimbursement"),
            requests_lost_earnings=flag("requests_lost_earnings"),
            workshop_wishes=wishes,
            locale=locale,
            **extra,
        )


def registration_form(conference, purpose: str = "public", registration=None, **kwargs):
    """The registration form for this conference.

    purpose: "public" (sign-up, with consent), "edit" (participant's changes),
    "staff_add" (with overrides) or "staff_edit".
    """
    rounds = workshop_rounds(conference)

    class ConferenceRegistrationForm(RegistrationForm):
        pass

    for key, _title, workshops in rounds:
        choices = [SelectChoice("", _l("No wish"))] + [
            SelectChoice(str(w.id), w.title) for w in workshops
        ]
        for rank in range(1, min(MAX_WISHES, len(workshops)) + 1):
            setattr(
                ConferenceRegistrationForm,
                f"wish_{key}_{rank}",
                ChoiceField(RANK_LABELS[rank - 1], choices=choices, default=""),
            )
    locale = str(get_locale() or "sv")
    parts = parts_for(conference, purpose, locale)
    for part in parts:
        part.add_fields(ConferenceRegistrationForm)
    if registration is not None and "formdata" not in kwargs:
        data = initial_data(registration, rounds)
        for part in parts:
            data.update(part.initial_data(registration))
        kwargs.setdefault("data", data)
    form = ConferenceRegistrationForm(**kwargs)
    form.parts = parts
    form.wish_rounds = [
        (key, title, [form[f"wish_{key}_{r}"] for r in range(1, min(MAX_WISHES, len(ws)) + 1)])
        for key, title, ws in rounds
    ]
    if purpose != "public":
        del form.consent
    for part in parts:
        part.prepare(form)
    if purpose != "staff_add":
        del form.override_deadline
        del form.override_capacity
    if not conference.exhibition_tables_offered:
        del form.wants_exhibition_table
    travel, lost_earnings = reimbursement_offered(conference)
    if not travel:
        del form.requests_travel_reimbursement
    if not lost_earnings:
        del form.requests_lost_earnings
    if purpose.startswith("staff"):
        form.phone.validators = [Optional(), Length(max=40)]
        form.phone.flags.required = False
    return form


def record_parts(form, registration, created: bool) -> None:
    """After the public form: each part records what applies to a new sign-up (the
    participant list's consent)."""
    for part in form.parts:
        part.registered(form, registration, created)


def initial_data(registration, rounds) -> dict:
    """A registration's values for an edit form."""
    from sqlalchemy import select

    from okconf.extensions import db
    from okconf.registration.models import WorkshopPreference

    data = {
        name: getattr(registration, name)
        for name in (
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation_name",
            "is_politician",
            "is_volunteer",
            "diet_other",
            "accessibility_needs",
            "wants_exhibition_table",
            "requests_travel_reimbursement",
            "requests_lost_earnings",
        )
    }
    data["party"] = registration.party.value
    data["org_type"] = registration.org_type.value
    data["diets"] = [d.diet.value for d in registration.diets]
    prefs = db.session.scalars(
        select(WorkshopPreference)
        .where(WorkshopPreference.registration_id == registration.id)
        .order_by(WorkshopPreference.rank)
    ).all()
    by_workshop = {p.workshop_id: p.rank for p in prefs}
    for key, _title, workshops in rounds:
        ranked = sorted((by_workshop[w.id], w.id) for w in workshops if w.id in by_workshop)
        for rank, (_r, workshop_id) in enumerate(ranked[:MAX_WISHES], start=1):
            data[f"wish_{key}_{rank}"] = str(workshop_id)
    return data


class SubstituteForm(PersonForm):
    """The colleague who takes over the place."""


class ConfirmForm(FlaskForm):
    """A button that confirms an action (CSRF-protected)."""


class LostLinkForm(FlaskForm):
    """Ask for one's personal link again."""

    email = EmailField(
        _l("Email"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("The email address is too long.")),
            Email(_l("Enter a valid email address, e.g. name@example.org.")),
        ],
        render_kw={"autocomplete": "email"},
    )


class PromoteForm(FlaskForm):
    """Move someone up from the waiting list."""

    override_capacity = BooleanField(_l("Over capacity: give a place even though it is full"))
