"""Importing organisations from CSV or XLSX: parse, validate every row, then write all or none.

Rules (shown to the user on the import page):
- Headings may be Swedish or English: namn/name, typ/type, part/party, ort/town,
  e-post/email, webbplats/website, anslöt/signed. Namn and typ are required; others optional.
- A type is its code, or its Swedish or English word, in any case; the party defaults from it.
- Row numbers are the spreadsheet's: the heading is row 1.
- A row whose name and town match an organisation already in the registry UPDATES that
  organisation (the preview says which rows are new and which update); two rows of the same
  file with the same name and town are an error.
- An updating row leaves the registry's e-mail, website and signing date as they are where
  its cells are empty.
- Any error anywhere means nothing is written. A valid file is written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from okconf.clock import today
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.organisations.services import find_by_name_and_town
from okconf.organisations.tables import FileProblem, read_table
from okconf.vocabulary import OrganisationType, Party

COLUMNS = {
    "name": ("namn", "name", "organisation", "organisationsnamn", "organisation name"),
    "type": ("typ", "type", "organisationstyp", "organisation type"),
    "party": ("part", "party", "sektor", "sector"),
    "town": ("ort", "town", "stad", "city", "postort"),
    "email": ("e-post", "epost", "e-postadress", "email", "e-mail", "mejl"),
    "website": ("webbplats", "hemsida", "webb", "website", "web"),
    "signed": (
        "anslöt",
        "anslöt sig",
        "ansluten",
        "anslutningsdatum",
        "undertecknad",
        "signed",
        "signed on",
        "signed_agreement_on",
        "joined",
    ),
}

TYPE_WORDS = {
    OrganisationType.CIVIL_SOCIETY_ORG: (
        "idéburen organisation",
        "idéburen",
        "ideell organisation",
        "ideell förening",
        "förening",
        "civil-society organisation",
        "civil society organisation",
        "civil society",
    ),
    OrganisationType.MUNICIPALITY: ("kommun", "municipality"),
    OrganisationType.REGION: ("region", "landsting", "county council"),
    OrganisationType.GOVERNMENT_AGENCY: ("myndighet", "statlig myndighet", "agency"),
    OrganisationType.COUNTY_BOARD: ("länsstyrelse", "länsstyrelsen", "county board"),
    OrganisationType.COMPANY: ("företag", "bolag", "company", "business"),
    OrganisationType.UNIVERSITY: ("universitet", "högskola", "universitet eller högskola"),
    OrganisationType.OTHER: ("övrig", "övrigt", "övriga", "annan", "annat", "other"),
}

PARTY_WORDS = {
    Party.CIVIL_SOCIETY: (
        "idéburna organisationer",
        "idéburna",
        "idéburen",
        "civilsamhälle",
        "civilsamhället",
        "civil society",
    ),
    Party.PUBLIC_SECTOR: ("offentlig sektor", "offentlig", "public"),
    Party.BUSINESS_OTHER: ("näringsliv och övriga", "näringsliv", "business", "business and other"),
}


@dataclass
class RowError:
    """One problem: the spreadsheet row (0 for the whole file), the column and what is wrong."""

    row: int
    column: str
    message: str
    # The column's key (name, type, party, town, email, website, signed), for programs.
    key: str = ""


@dataclass
class ImportRow:
    """One valid row, ready to write."""

    row: int
    name: str
    org_type: OrganisationType
    party: Party
    town: str
    email: str | None
    website: str | None
    signed_agreement_on: date | None
    existing_id: int | None = None


@dataclass
class ImportPreview:
    """What an import would do: the rows, every error, and notes (ignored columns)."""

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file can be imported as it is."""
        return not self.errors and bool(self.rows)

    @property
    def new_count(self) -> int:
        """Rows that add an organisation."""
        return sum(1 for r in self.rows if r.existing_id is None)

    @property
    def update_count(self) -> int:
        """Rows that update an organisation already in the registry."""
        return sum(1 for r in self.rows if r.existing_id is not None)


def _norm(text) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").split()).casefold()


def _lookup(words: dict, enum_cls) -> dict[str, object]:
    """Every accepted word for each member: code, listed words, labels in sv and en."""
    table = {}
    for member in enum_cls:
        table[_norm(member.value)] = member
        table[_norm(member.value.replace("_", " "))] = member
        for word in words.get(member, ()):
            table[_norm(word)] = member
        for locale in ("en", "sv"):
            with force_locale(locale):
                table[_norm(member.label)] = member
    return table


# --- validating -----------------------------------------------------------------------------


def preview_import(filename: str, data: bytes) -> ImportPreview:
    """Read and check the whole file without writing anything."""
    preview = ImportPreview()
    try:
        table = read_table(filename, data, current_app.config["ORGANISATION_IMPORT_MAX_ROWS"])
    except FileProblem as problem:
        preview.errors.append(RowError(0, "", str(problem)))
        return preview
    table = [(n, cells) for n, cells in table if any(str(c).strip() for c in cells)]
    if not table:
        preview.errors.append(RowError(0, "", _("The file is empty.")))
        return preview
    heading_row, heading = table[0]
    columns = _map_columns(heading, heading_row, preview)
    if preview.errors:
        return preview
    if len(table) == 1:
        preview.errors.append(RowError(0, "", _("The file has headings but no rows.")))
        return preview
    types = _lookup(TYPE_WORDS, OrganisationType)
    parties = _lookup(PARTY_WORDS, Party)
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table[1:]:
        row = _check_row(number, cells, columns, types, parties, preview.errors)
        if row is None:
            continue
        key = (_norm(row.name), _norm(row.town))
        if key in seen:
            preview.errors.append(
                RowError(
                    number,
                    COLUMN_TITLES["name"](),
                    _(
                        "The same name and town as row %(row)s. Each organisation may appear "
                        "only once.",
                        row=seen[key],
                    ),
                    "name",
                )
            )
            continue
        seen[key] = number
        existing = find_by_name_and_town(row.name, row.town)
        row.existing_id = existing.id if existing else None
        preview.rows.append(row)
    return preview


def _map_columns(heading, heading_row: int, preview: ImportPreview) -> dict[str, int]:
    known = {_norm(word): key for key, words in COLUMNS.items() for word in words}
    columns: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(heading):
        key = known.get(_norm(title).rstrip(":"))
        if key is None:
            if str(title).strip():
                ignored.append(str(title).strip())
            continue
        if key in columns:
            preview.errors.append(
                RowError(heading_row, str(title), _("This column appears twice."), key)
            )
        columns[key] = index
    for key, label in (("name", "namn / name"), ("type", "typ / type")):
        if key not in columns:
            preview.errors.append(
                RowError(
                    heading_row,
                    label,
                    _(
                        "The column is missing. The first row must hold the headings, "
                        "e.g. namn;typ;part;ort;e-post;anslöt."
                    ),
                    key,
                )
            )
    if ignored:
        preview.notes.append(_("Columns ignored: %(names)s", names=", ".join(ignored)))
    return columns


def _check_row(number, cells, columns, types, parties, errors) -> ImportRow | None:
    """Check one row; add its errors and return None if it has any."""
    before = len(errors)

    def value(key):
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    def error(key, message):
        errors.append(RowError(number, COLUMN_TITLES[key](), message, key))

    name = str(value("name")).strip()
    if not name:
        error("name", _("The name is missing."))
    elif len(name) > 300:
        error("name", _("The name is longer than 300 characters."))
    org_type = None
    raw_type = str(value("type")).strip()
    if not raw_type:
        error("type", _("The type is missing."))
    else:
        org_type = types.get(_norm(raw_type))
        if org_type is None:
            error(
                "type",
                _(
                    "Unknown type “%(value)s”. Use one of: %(choices)s.",
                    value=raw_type,
                    choices=_type_choices(),
                ),
            )
    party = None
    raw_party = str(value("party")).strip()
    if raw_party:
        party = parties.get(_norm(raw_party))
        if party is None:
            error(
                "party",
                _(
                    "Unknown party “%(value)s”. Use one of: %(choices)s.",
                    value=raw_party,
                    choices=_party_choices(),
                ),
            )
    town = str(value("town")).strip()
    if len(town) > 120:
        error("town", _("The town is longer than 120 characters."))
    email = str(value("email")).strip() or None
    if email:
        from email_validator import EmailNotValidError, validate_email

        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            error("email", _("“%(value)s” is not a valid email address.", value=email))
    website = str(value("website")).strip() or None
    if website and len(website) > 500:
        error("website", _("The website address is longer than 500 characters."))
    signed = _parse_date(value("signed"))
    if signed is False:
        error(
            "signed",
            _(
                "“%(value)s” is not a date. Write it as YYYY-MM-DD, e.g. 2010-06-01.",
                value=value("signed"),
            ),
        )
    elif signed and signed > today():
        error("signed", _("The date is in the future."))
    if len(errors) > before:
        return None
    return ImportRow(
        row=number,
        name=name,
        org_type=org_type,
        party=party or org_type.party,
        town=town,
        email=email,
        website=website,
        signed_agreement_on=signed or None,
    )


COLUMN_TITLES = {
    "name": lambda: _("Name"),
    "type": lambda: _("Type"),
    "party": lambda: _("Party"),
    "town": lambda: _("Town"),
    "email": lambda: _("Email"),
    "website": lambda: _("Website"),
    "signed": lambda: _("Signed the Agreement"),
}


def _type_choices() -> str:
    return ", ".join(f"{t.label} ({t.value})" for t in OrganisationType)


def _party_choices() -> str:
    return ", ".join(f"{p.label} ({p.value})" for p in Party)


def _parse_date(raw) -> date | bool | None:
    """A date cell or ISO text; None when empty, False when unreadable."""
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    if not text:
        return None
    if len(text) > 10 and text[10] in " T":
        text = text[:10]  # a date written with a midnight time, as spreadsheets do
    try:
        return date.fromisoformat(text)
    except ValueError:
        return False


# --- writing --------------------------------------------------------------------------------


def apply_import(preview: ImportPreview) -> tuple[int, int]:
    """Write a valid preview's rows (the caller commits once): (created, updated)."""
    if not preview.ok:
        raise ValueError("apply_import needs a preview without errors")
    created = updated = 0
    for row in preview.rows:
        organisation = db.session.get(Organisation, row.existing_id) if row.existing_id else None
        if organisation is None:
            organisation = Organisation()
            db.session.add(organisation)
            created += 1
        else:
            updated += 1
        organisation.name = row.name
        organisation.org_type = row.org_type
        organisation.party = row.party
        organisation.town = row.town
        if row.email:
            organisation.email = row.email
        if row.website:
            organisation.website = row.website
        if row.signed_agreement_on:
            organisation.signed_agreement_on = row.signed_agreement_on
    db.session.flush()
    return created, updated
