"""Exports, read back by parsing them: CSV, XLSX, the catering list, badges, tables."""

from __future__ import annotations

import csv
import io

import openpyxl
from pypdf import PdfReader
from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.conferences.models import Workshop
from okconf.extensions import db
from okconf.registration.models import RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party
from okconf.workshops.models import WorkshopPreference


def _people(conference, make_registration):
    anna = make_registration(
        conference, first_name="Åsa", last_name="Ängström", organisation_name="Länsstyrelsen"
    )
    bo = make_registration(
        conference,
        first_name="Bo",
        last_name="Berg",
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.MUNICIPALITY,
        organisation_name="Köpings kommun",
        is_politician=True,
    )
    make_registration(conference, first_name="Cilla", status=RegistrationStatus.CANCELLED)
    return anna, bo


def test_csv_streams_for_swedish_excel(client, signed_in, conference, make_registration):
    _people(conference, make_registration)
    client.get("/language/sv")
    response = client.get(
        f"/staff/konferenser/{conference.id}/export/deltagare",
        query_string={"format": "csv", "scope": "confirmed", "columns": ["last_name", "party"]},
    )
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    # In Swedish, the headings are the Swedish catalog's words for the columns.
    assert rows[0] == ["Efternamn", "Sektor"]
    assert [r[0] for r in rows[1:]] == ["Berg", "Ängström"]  # cancelled Cilla left out
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.attendees"))
    assert entry.details["rows"] == 2 and entry.details["columns"] == ["last_name", "party"]
    assert entry.user_id == signed_in.id


def test_csv_headings_follow_the_language(client, signed_in, conference, make_registration):
    _people(conference, make_registration)
    client.get("/language/en")
    body = client.get(
        f"/staff/konferenser/{conference.id}/export/deltagare",
        query_string={"format": "csv", "scope": "all", "columns": ["first_name", "status"]},
    ).get_data()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["First name", "Status"]
    assert ["Cilla", "Cancelled"] in rows


def test_xlsx_export(client, signed_in, conference, make_registration):
    _people(conference, make_registration)
    client.get("/language/en")
    response = client.get(
        f"/staff/konferenser/{conference.id}/export/deltagare",
        query_string={
            "format": "xlsx",
            "scope": "confirmed",
            "columns": ["first_name", "organisation", "politician"],
        },
    )
    assert response.is_streamed
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["First name", "Organisation", "Elected politician"]
    assert ["Bo", "Köpings kommun", "Yes"] in values
    assert ["Åsa", "Länsstyrelsen", "No"] in values
    assert len(values) == 3


def test_unknown_format_is_a_readable_error(client, signed_in, conference):
    response = client.get(
        f"/staff/konferenser/{conference.id}/export/deltagare", query_string={"format": "pdf"}
    )
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)


def test_catering_counts_and_names(client, signed_in, conference, make_registration):
    anna, bo = _people(conference, make_registration)
    cilla = make_registration(conference, first_name="Cilla", last_name="Ceder")
    gone = make_registration(conference, status=RegistrationStatus.CANCELLED, first_name="Borta")
    for reg, diet in [
        (anna, Diet.GLUTEN_FREE),
        (anna, Diet.LACTOSE_FREE),
        (bo, Diet.GLUTEN_FREE),
        (gone, Diet.GLUTEN_FREE),
    ]:
        db.session.add(RegistrationDiet(registration_id=reg.id, diet=diet))
    cilla.diet_other = "Inga svampar"
    db.session.commit()
    client.get("/language/en")
    xlsx = client.get(
        f"/staff/konferenser/{conference.id}/export/mat", query_string={"format": "xlsx"}
    ).get_data()
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    summary = {r[0]: r[1] for r in book.worksheets[0].iter_rows(values_only=True)}
    # One meal per person: Åsa's two needs are one row; the cancelled registration is left out.
    assert summary["Gluten-free"] == 1
    assert summary["Gluten-free + Lactose-free"] == 1
    assert summary["Other"] == 1
    assert summary["No special diet"] == 0  # Cilla has an "other" need
    assert summary["Total"] == 3
    names = list(book.worksheets[1].iter_rows(values_only=True))
    assert ("Gluten-free", "Bo Berg", "Köpings kommun") in names
    assert any(r[0] == "Other: Inga svampar" and r[1] == "Cilla Ceder" for r in names)
    page = client.get(f"/staff/konferenser/{conference.id}/export/mat").get_data(as_text=True)
    assert "Gluten-free (1)" in page and "Inga svampar" in page and "Borta" not in page
    actions = db.session.scalars(select(AuditEntry)).all()
    catering = [a for a in actions if a.action == "export.catering"]
    assert len(catering) == 2
    # The audit log says who exported, never what anyone eats.
    assert all("Gluten" not in str(a.details) and "svamp" not in str(a.details) for a in actions)


def test_badges_pdf(client, signed_in, conference, make_registration):
    _anna, bo = _people(conference, make_registration)
    workshop = Workshop(conference_id=conference.id, title="Språk och arbete")
    db.session.add(workshop)
    db.session.flush()
    db.session.add(WorkshopPreference(registration_id=bo.id, workshop_id=workshop.id, rank=1))
    for n in range(8):
        make_registration(conference, first_name=f"Extra{n}", last_name="Person")
    response = client.get(f"/staff/konferenser/{conference.id}/export/namnbrickor.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    assert len(reader.pages) == 2  # ten badges, eight to a sheet
    assert reader.pages[0].extract_text().count(conference.title) == 8
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Bo Berg" in text and "Köpings kommun" in text and "Språk och arbete" in text
    assert "Åsa Ängström" in text and "Cilla" not in text


def test_workshop_list_from_wishes(client, signed_in, conference, make_registration):
    anna, bo = _people(conference, make_registration)
    first = Workshop(conference_id=conference.id, title="Bostad", position=1)
    second = Workshop(conference_id=conference.id, title="Hälsa", position=2)
    db.session.add_all([first, second])
    db.session.flush()
    db.session.add_all(
        [
            WorkshopPreference(registration_id=anna.id, workshop_id=first.id, rank=2),
            WorkshopPreference(registration_id=bo.id, workshop_id=first.id, rank=1),
            WorkshopPreference(registration_id=anna.id, workshop_id=second.id, rank=1),
        ]
    )
    db.session.commit()
    page = client.get(f"/staff/konferenser/{conference.id}/export/workshops").get_data(as_text=True)
    housing = page[page.index("Bostad") : page.index("Hälsa")]
    assert housing.index("Bo Berg") < housing.index("Åsa Ängström")
    list_page = client.get(
        f"/staff/konferenser/{conference.id}/anmalningar",
        query_string={"workshop": str(second.id)},
    ).get_data(as_text=True)
    assert "Åsa Ängström" in list_page and "Bo Berg" not in list_page


def test_exhibition_tables(client, signed_in, conference, make_registration):
    make_registration(
        conference, organisation_name="Bokbordsföreningen", wants_exhibition_table=True
    )
    make_registration(
        conference, organisation_name="bokbordsföreningen ", wants_exhibition_table=True
    )
    make_registration(conference, organisation_name="Ingen Bokbord")
    page = client.get(f"/staff/konferenser/{conference.id}/export/utstallarbord").get_data(
        as_text=True
    )
    assert page.count('<th scope="row">') == 1
    assert "Ingen Bokbord" not in page
