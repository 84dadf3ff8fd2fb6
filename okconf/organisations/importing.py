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

import csv
import io
import json
import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.organisations.services import find_by_name_and_town
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

TEXT_SUFFIXES = (".csv", ".txt")


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


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


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


# --- reading the file -----------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    """The file's rows as (row number, cells), heading first; raises FileProblem."""
    max_rows = current_app.config["ORGANISATION_IMPORT_MAX_ROWS"]
    lower = (filename or "").lower()
    if not data or not data.strip():
        raise FileProblem(_("The file is empty."))
    if lower.endswith(".xlsx"):
        return _read_xlsx(data, max_rows)
    if lower.endswith(".xls"):
        raise FileProblem(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV.")
        )
    if lower.endswith(TEXT_SUFFIXES):
        return _read_csv(data, max_rows)
    raise FileProblem(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Excel's Swedish CSV)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise FileProblem(
            _(
                "The file is not a text (CSV) file. If it is an Excel workbook, "
                "name it .xlsx; otherwise save it as CSV."
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            _("The file's characters could not be read. Save it as CSV in UTF-8.")
        ) from None


def _read_csv(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            if len(rows) > max_rows:
                raise _too_many(max_rows)
            rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as error:
        raise FileProblem(
            _(
                "Row %(row)s of the file could not be read: %(error)s",
                row=reader.line_num,
                error=str(error),
            )
        ) from None
    return _renumber(rows)


def _renumber(rows):
    """Record numbers, not physical lines (a quoted cell may span lines): row 1 is the heading."""
    return [(index, cells) for index, (_line, cells) in enumerate(rows, start=1)]


def _too_many(max_rows: int) -> FileProblem:
    return FileProblem(
        _(
            "The file has more than %(max)s rows. Split it into smaller files and import "
            "them one at a time.",
            max=max_rows,
        )
    )


def _read_xlsx(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    not_xlsx = FileProblem(
        _(
            "The file is named .xlsx but is not an Excel workbook. Save it again from "
            "Excel as .xlsx, or as CSV."
        )
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_xlsx
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip file
        raise not_xlsx from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileProblem(_("The workbook has no sheet."))
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(rows) > max_rows:
                raise _too_many(max_rows)
            rows.append((number, [_cell(v) for v in values]))
        return rows
    finally:
        workbook.close()


def _cell(value) -> str | date:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- validating -----------------------------------------------------------------------------


def preview_import(filename: str, data: bytes) -> ImportPreview:
    """Read and check the whole file without writing anything."""
    preview = ImportPreview()
    try:
        table = read_table(filename, data)
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
    elif signed and signed > date.today():
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


# --- keeping the file between preview and confirmation ---------------------------------------

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
UPLOAD_MAX_AGE_SECONDS = 24 * 3600


def _upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "organisation-imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def store_upload(user_id: int, filename: str, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; the random token names it for its user."""
    folder = _upload_dir()
    _remove_stale(folder)
    token = secrets.token_urlsafe(32)
    (folder / f"{token}.data").write_bytes(data)
    meta = {"user_id": user_id, "filename": filename[-200:], "stored_at": time.time()}
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def load_upload(token: str, user_id: int) -> tuple[str, bytes] | None:
    """(filename, bytes) of a kept upload of this user, or None if it is gone or not theirs."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    folder = _upload_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        data = (folder / f"{token}.data").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    if time.time() - meta.get("stored_at", 0) > UPLOAD_MAX_AGE_SECONDS:
        discard_upload(token)
        return None
    return meta.get("filename", ""), data


def discard_upload(token: str) -> None:
    """Remove a kept upload (after import, or when it expired)."""
    if not TOKEN_PATTERN.match(token or ""):
        return
    folder = _upload_dir()
    for suffix in (".data", ".json"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    """Uploads never confirmed are removed after a day."""
    limit = time.time() - UPLOAD_MAX_AGE_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue
