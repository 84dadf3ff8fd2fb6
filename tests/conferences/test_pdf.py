"""The printable invitation and programme, read back with pypdf."""

from __future__ import annotations

import io
from datetime import date, time

import pypdf

from okconf.conferences import programme
from okconf.conferences.models import ConferenceState, ItemKind
from okconf.vocabulary import Theme


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_invitation_pdf_shows_the_invitation_and_programme(app, client, make_conference):
    conference = make_conference(
        slug="koping-2012",
        title="Den nationella överenskommelsen inom integrationsområdet",
        guiding_question="Hur kan den användas i integrationsarbetet i Mellansverige?",
        date=date(2012, 12, 10),
        start_time=time(9),
        end_time=time(16),
        venue_name="Opalen i Folkets hus",
        street_address="Karlagatan 2",
        town="Köping",
        registration_deadline=date(2012, 11, 30),
        programme_highlights="Vilka hinder och möjligheter finns?",
        contact_email="konferens.koping@example.org",
    )
    programme.save_item(
        conference,
        None,
        kind=ItemKind.SESSION,
        starts_at=time(11, 10),
        ends_at=time(12),
        title="Omförhandling av samhällskontraktet",
        speakers=[("Erik Dahlgren", "docent", "Handelshögskolan")],
    )
    block = programme.save_item(
        conference,
        None,
        kind=ItemKind.WORKSHOPS,
        starts_at=time(14),
        ends_at=time(15, 25),
        title="Arbete i grupper",
    )
    programme.save_workshop(
        conference, None, round_item=block, title="Mötesplatser", theme=Theme.MEETING_PLACES
    )
    response = client.get("/konferens/koping-2012/inbjudan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 2  # the invitation page, then the programme
    text = pdf_text(response.data)
    for expected in (
        "Den nationella överenskommelsen inom integrationsområdet",
        "Mellansverige",
        "10 december 2012",
        "09.00–16.00",
        "Opalen i Folkets hus",
        "Karlagatan 2",
        "Vilka hinder och möjligheter finns?",
        "30 november 2012",  # the registration deadline
        "11.10–12.00",
        "Omförhandling av samhällskontraktet",
        "Erik Dahlgren",
        "Mötesplatser",
        "konferens.koping@example.org",
    ):
        assert expected in text, expected
    programme_page = reader.pages[-1].extract_text() + reader.pages[1].extract_text()
    assert "Omförhandling" in programme_page


def test_no_pdf_for_a_draft(app, client, make_conference):
    make_conference(slug="utkast", state=ConferenceState.DRAFT)
    assert client.get("/konferens/utkast/inbjudan.pdf").status_code == 404
