"""The companion's fields on the registration form, and the form of the personal page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from okconf.companions.services import MAX_DIET_OTHER, MAX_NAME, MAX_NEEDS, CompanionData
from okconf.registration.formparts import FormPart
from okconf.registration.forms import MultiCheckboxField
from okconf.registration.models import Attendance
from okconf.vocabulary import Diet

ON_SITE_ONLY = _l(
    "A companion comes on site only. Choose on site, or untick the companion if you take part "
    "online."
)

# The purposes of the registration form that ask for a companion (the participant's page and
# the organiser's page of a registration have the companion's own form).
ASKED_ON = ("public", "staff_add")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _fields() -> dict:
    return {
        "companion_name": StringField(
            _l("The companion's name"),
            filters=[_strip],
            validators=[Length(max=MAX_NAME, message=_l("The name is too long."))],
        ),
        "companion_diets": MultiCheckboxField(_l("The companion's special diet"), choices=[]),
        "companion_diet_other": StringField(
            _l("The companion's other dietary need"),
            filters=[_strip],
            validators=[Length(max=MAX_DIET_OTHER, message=_l("The text is too long."))],
        ),
        "companion_needs": TextAreaField(
            _l("The companion's accessibility needs"),
            filters=[_strip],
            validators=[Length(max=MAX_NEEDS, message=_l("The text is too long."))],
        ),
    }


def _check(form) -> None:
    """A ticked companion needs a name; "Other" needs its description."""
    wanted = "brings_companion" not in form._fields or form.brings_companion.data
    if wanted and not form.companion_name.data:
        raise ValidationError(_l("Enter the companion's name."))


def _check_other(form, field) -> None:
    if Diet.OTHER.value in (form.companion_diets.data or []) and not field.data:
        raise ValidationError(_l("Describe the companion's other dietary need."))


def data_of(form) -> CompanionData:
    """The companion as the form describes them."""
    return CompanionData(
        name=form.companion_name.data or "",
        diets=[Diet(d) for d in form.companion_diets.data or []],
        diet_other=form.companion_diet_other.data or "",
        needs=form.companion_needs.data or "",
    )


class CompanionPart(FormPart):
    """The companion's fields on the registration form (public, embedded and the organiser's
    "add"), when the conference allows companions; the form's data then carry the companion
    (in ParticipantData.extra) and the places they take (companion_places)."""

    template = "companions/_part.html"

    def __init__(self, conference):
        self.takes = 1 if conference.companions_take_places else 0

    def add_fields(self, form_class) -> None:
        form_class.brings_companion = BooleanField(_l("I bring a companion or personal assistant"))
        for name, unbound in _fields().items():
            setattr(form_class, name, unbound)
        form_class.validate_companion_name = lambda form, field: _check(form)
        form_class.validate_companion_diet_other = _check_other
        form_class.companion_takes_place = bool(self.takes)

    def prepare(self, form) -> None:
        form.companion_diets.choices = Diet.choices()

    def validate(self, form) -> bool:
        """Companions come on site only (the page's script hides the fields for online)."""
        online = "attendance" in form and form.attendance.data == Attendance.ONLINE.value
        if online and form.brings_companion.data:
            form.brings_companion.errors = [*form.brings_companion.errors, ON_SITE_ONLY]
            return False
        return True

    def values(self, form) -> dict:
        if not form.brings_companion.data:
            return {}
        return {"companion_places": self.takes, "companion": data_of(form)}


def part_for(conference, purpose: str) -> CompanionPart | None:
    """The part, where this form asks for a companion."""
    if purpose not in ASKED_ON or not conference.companions_allowed:
        return None
    return CompanionPart(conference)


class CompanionForm(FlaskForm):
    """The participant's (or organiser's) form for the companion."""

    companion_name = StringField(
        _l("The companion's name"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter the companion's name.")),
            Length(max=MAX_NAME, message=_l("The name is too long.")),
        ],
    )
    companion_diets = _fields()["companion_diets"]
    companion_diet_other = _fields()["companion_diet_other"]
    companion_needs = _fields()["companion_needs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.companion_diets.choices = Diet.choices()

    def validate_companion_name(self, field):
        _check(self)

    def validate_companion_diet_other(self, field):
        _check_other(self, field)


def initial(companion) -> dict:
    """A companion's values for the form."""
    if companion is None:
        return {}
    return {
        "companion_name": companion.name,
        "companion_diets": [d.value for d in companion.diet_list],
        "companion_diet_other": companion.diet_other,
        "companion_needs": companion.needs,
    }


class RemoveForm(FlaskForm):
    """Remove the companion (CSRF-protected button)."""
