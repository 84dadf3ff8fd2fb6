"""Forms of the organisations registry: search, organisation, contact person, import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SearchField, SelectField, StringField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from okconf.db import utcnow
from okconf.vocabulary import OrganisationType, Party


class SearchForm(FlaskForm):
    """Narrow the registry list (sent with GET, no CSRF needed)."""

    class Meta:
        csrf = False
        mark_optional = False  # a filter: no field is a question to answer

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)])
    org_type = SelectField(_l("Type"), validators=[Optional()])
    party = SelectField(_l("Party"), validators=[Optional()])
    town = SelectField(_l("Town"), validators=[Optional()])
    signatory = SelectField(_l("Signed the Agreement"), validators=[Optional()])

    def __init__(self, towns: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_type.choices = [SelectChoice("", _l("All types")), *OrganisationType.choices()]
        self.party.choices = [SelectChoice("", _l("All parties")), *Party.choices()]
        self.town.choices = [SelectChoice("", _l("All towns"))] + [
            SelectChoice(t, t) for t in towns
        ]
        self.signatory.choices = [
            SelectChoice("", _l("Signatories and others")),
            SelectChoice("yes", _l("Signatories only")),
            SelectChoice("no", _l("Not signed")),
        ]


class OrganisationForm(FlaskForm):
    """Create or edit an organisation."""

    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the name.")), Length(max=300)]
    )
    org_type = SelectField(
        _l("Type"), validators=[InputRequired(_l("Choose the type of organisation."))]
    )
    party = SelectField(_l("Party"), validators=[Optional()])
    town = StringField(_l("Town"), validators=[Optional(), Length(max=120)])
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)],
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), Length(max=500)],
        render_kw={"placeholder": "https://"},
    )
    signed_agreement_on = DateField(
        _l("Signed the Agreement on"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_type.choices = [SelectChoice("", _l("Choose…")), *OrganisationType.choices()]
        self.party.choices = [SelectChoice("", _l("The type's party")), *Party.choices()]

    def validate_website(self, field):
        """Only web addresses (no javascript: and the like)."""
        if field.data and not field.data.strip().lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Enter the address starting with https:// or http://."))

    def validate_signed_agreement_on(self, field):
        """A signing date cannot be in the future."""
        if field.data and field.data > utcnow().date():
            raise ValidationError(_l("The date cannot be in the future."))


class ContactForm(FlaskForm):
    """A contact person of an organisation."""

    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the name.")), Length(max=200)]
    )
    title = StringField(_l("Title or role"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)],
    )
    phone = StringField(
        _l("Phone"), validators=[Optional(), Length(max=40)], render_kw={"type": "tel"}
    )


class ImportForm(FlaskForm):
    """Upload a CSV or XLSX file of organisations."""

    file = FileField(
        _l("File (CSV or XLSX)"), validators=[FileRequired(_l("Choose a file to import."))]
    )


class ButtonForm(FlaskForm):
    """A button that posts: only the CSRF token (delete, confirm an import)."""
