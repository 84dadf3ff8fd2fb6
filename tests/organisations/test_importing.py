"""Importing organisations from CSV and XLSX: validation, encodings, all-or-nothing."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.organisations import importing, kept_uploads
from okconf.organisations.models import Organisation
from okconf.vocabulary import OrganisationType, Party

GOOD_CSV = (
    "namn;typ;part;ort;e-post;anslöt\n"
    "Köpings kommun;kommun;;Köping;info@koping.example.se;\n"
    "Riksteatern;Idéburen organisation;;Stockholm;;2010-05-20\n"
    "Länsstyrelsen Västmanland;county_board;;Västerås;;\n"
    "Mälardalens högskola;Universitet;offentlig sektor;Västerås;;\n"
)


def count():
    return db.session.scalar(select(func.count()).select_from(Organisation))


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_valid_csv_previews_then_imports(app):
    preview = importing.preview_import("org.csv", GOOD_CSV.encode())
    assert preview.errors == []
    assert preview.new_count == 4
    assert count() == 0  # a preview writes nothing
    created, updated = importing.apply_import(preview)
    db.session.commit()
    assert (created, updated) == (4, 0)
    kommun = db.session.scalar(select(Organisation).where(Organisation.town == "Köping"))
    assert kommun.org_type is OrganisationType.MUNICIPALITY
    assert kommun.party is Party.PUBLIC_SECTOR
    assert kommun.email == "info@koping.example.se"
    riks = db.session.scalar(select(Organisation).where(Organisation.name == "Riksteatern"))
    assert riks.org_type is OrganisationType.CIVIL_SOCIETY_ORG
    assert riks.signed_agreement_on == date(2010, 5, 20)
    mdh = db.session.scalar(select(Organisation).where(Organisation.name.like("Mälardalen%")))
    assert mdh.org_type is OrganisationType.UNIVERSITY
    assert mdh.party is Party.PUBLIC_SECTOR  # the file's party wins over the type's


def test_errors_are_reported_row_by_row_and_nothing_is_written(app, make_organisation):
    make_organisation("Redan här")
    before = count()
    data = (
        "name,type,party,town,email,signed\n"
        "Ok förening,civil_society_org,,Boden,,\n"
        ",municipality,,Boden,,\n"
        "Konstig typ,rymdstation,,Boden,,\n"
        "Fel post,company,,Boden,inte-en-adress,\n"
        "Fel datum,company,,Boden,,25/11/2011\n"
        "Fel part,company,partiet,Boden,,\n"
        "Ok förening,other,,boden,,\n"
    ).encode()
    preview = importing.preview_import("x.csv", data)
    problems = {(e.row, e.key) for e in preview.errors}
    assert problems == {
        (3, "name"),
        (4, "type"),
        (5, "email"),
        (6, "signed"),
        (7, "party"),
        (8, "name"),  # same name and town as row 2
    }
    assert all(e.column and e.message for e in preview.errors)
    assert not preview.ok
    with pytest.raises(ValueError):
        importing.apply_import(preview)
    assert count() == before


def test_duplicate_of_registry_updates_instead_of_duplicating(app, make_organisation):
    org = make_organisation("Riksteatern", town="Stockholm", email="old@example.org")
    preview = importing.preview_import("org.csv", GOOD_CSV.encode())
    assert preview.update_count == 1
    created, updated = importing.apply_import(preview)
    db.session.commit()
    assert (created, updated) == (3, 1)
    assert count() == 4
    db.session.refresh(org)
    assert org.signed_agreement_on == date(2010, 5, 20)
    assert org.email == "old@example.org"  # an empty cell leaves the value


@pytest.mark.parametrize(
    "encoded",
    [
        GOOD_CSV.encode("utf-8"),
        b"\xef\xbb\xbf" + GOOD_CSV.encode("utf-8"),
        GOOD_CSV.encode("cp1252"),
        GOOD_CSV.encode("utf-16"),
        GOOD_CSV.replace(";", ",").encode("utf-8"),
        GOOD_CSV.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "utf16", "comma", "crlf"],
)
def test_encodings_and_separators(app, encoded):
    preview = importing.preview_import("org.csv", encoded)
    assert preview.errors == []
    assert preview.rows[0].name == "Köpings kommun"
    assert preview.rows[2].name == "Länsstyrelsen Västmanland"


def test_xlsx_with_english_headings_and_date_cells(app):
    data = xlsx(
        [
            ["Name", "Type", "Town", "Email", "Signed"],
            [
                "Caritas Sverige",
                "Civil-society organisation",
                "Stockholm",
                None,
                datetime(2010, 5, 3),
            ],
            ["Boden kommun", "MUNICIPALITY", "Boden", "info@boden.example.se", None],
            [None, None, None, None, None],
            ["Företaget", "företag", "Boden", None, "2011-01-02"],
        ]
    )
    preview = importing.preview_import("Organisationer.XLSX", data)
    assert preview.errors == []
    assert [r.row for r in preview.rows] == [2, 3, 5]
    assert preview.rows[0].signed_agreement_on == date(2010, 5, 3)
    assert preview.rows[2].org_type is OrganisationType.COMPANY
    importing.apply_import(preview)
    db.session.commit()
    assert count() == 3


def test_xlsx_errors_name_rows(app):
    data = xlsx([["namn", "typ"], ["A", "kommun"], ["B", "okänd"]])
    preview = importing.preview_import("a.xlsx", data)
    assert [(e.row, e.key) for e in preview.errors] == [(3, "type")]


@pytest.mark.parametrize(
    ("filename", "data", "fragment"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\n\n  \n", "empty"),
        ("heading.csv", b"namn;typ\n", "no rows"),
        ("fake.xlsx", b"namn;typ\nA;kommun\n", "not an Excel workbook"),
        ("zip.xlsx", b"PK\x03\x04garbage", "not an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("picture.png", b"\x89PNG", "CSV"),
        ("binary.csv", b"namn\x00typ", "not a text"),
        ("noheadings.csv", b"Riksteatern;kommun\n", "missing"),
    ],
)
def test_bad_files_get_clear_errors(app, filename, data, fragment):
    preview = importing.preview_import(filename, data)
    assert not preview.ok
    assert any(fragment in e.message for e in preview.errors), preview.errors


def test_xlsx_bytes_named_csv_are_refused(app):
    preview = importing.preview_import("a.csv", xlsx([["namn", "typ"], ["A", "kommun"]]))
    assert "not a text" in preview.errors[0].message


def test_too_many_rows(make_app):
    app = make_app(ORGANISATION_IMPORT_MAX_ROWS=3)
    with app.app_context():
        data = "namn;typ\n" + "".join(f"Förening {n};other\n" for n in range(5))
        preview = importing.preview_import("big.csv", data.encode())
        assert "more than 3 rows" in preview.errors[0].message
        data = xlsx([["namn", "typ"]] + [[f"F {n}", "other"] for n in range(5)])
        preview = importing.preview_import("big.xlsx", data)
        assert "more than 3 rows" in preview.errors[0].message


def test_unknown_columns_are_noted(app):
    preview = importing.preview_import("a.csv", b"namn;typ;skostorlek\nA;kommun;42\n")
    assert preview.ok
    assert "skostorlek" in preview.notes[0]


def test_kept_upload_belongs_to_its_user(app):
    token = kept_uploads.store_upload(7, "a.csv", b"namn;typ\n")
    assert kept_uploads.load_upload(token, 8) is None
    assert kept_uploads.load_upload(token, 7) == ("a.csv", b"namn;typ\n")
    assert kept_uploads.load_upload("../../etc/passwd", 7) is None
    kept_uploads.discard_upload(token)
    assert kept_uploads.load_upload(token, 7) is None
