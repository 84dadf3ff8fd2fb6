"""Certificates of attendance: only for those checked in, the PDF's content, the organisers'
page, printing all and mailing them through the real SMTP server."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
import pytest
from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.certificates import services
from okconf.certificates.models import CertificateMailing
from okconf.clock import today as stockholm_today
from okconf.db import utcnow
from okconf.errors import NotAllowed
from okconf.extensions import db
from okconf.mail.services import send_due_mails
from okconf.registration.models import RegistrationStatus


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _link(registration) -> str:
    return f"/anmalan/{make_token('registration', registration.id, registration.link_version)}"


@pytest.fixture
def held(make_conference):
    """A conference held yesterday, with certificates offered."""
    conference = make_conference(
        title="Köping 2026", town="Köping", date=stockholm_today() - timedelta(days=1)
    )
    services.save_settings(
        conference,
        enabled=True,
        minutes=390,
        text="Konferensen behandlade överenskommelsen.",
        signer_name="Anna Andersson",
        signer_title="Processledare, Länsstyrelsen",
    )
    db.session.commit()
    return conference


def test_only_people_checked_in_get_one(app, held, make_registration):
    present = make_registration(held, first_name="Alva", checked_in_at=utcnow())
    absent = make_registration(held, first_name="Bo")
    waiting = make_registration(held, status=RegistrationStatus.WAITING, checked_in_at=utcnow())
    assert services.refusal(present) is None
    assert "checked in" in services.refusal(absent)
    assert services.refusal(waiting)
    with pytest.raises(NotAllowed):
        services.certificate_pdf(absent)
    assert [r.first_name for r in services.eligible(held)] == ["Alva"]


def test_not_before_the_day_and_not_when_not_offered(app, make_conference, make_registration):
    upcoming = make_conference(date=stockholm_today() + timedelta(days=3))
    person = make_registration(upcoming, checked_in_at=utcnow())
    services.save_settings(
        upcoming, enabled=True, minutes=None, text="", signer_name="A", signer_title=""
    )
    assert "day of the conference" in services.refusal(person)
    held = make_conference(date=stockholm_today())
    other = make_registration(held, checked_in_at=utcnow())
    assert "do not give" in services.refusal(other)


def test_the_pdf_says_who_what_when_and_who_signs(app, held, make_registration):
    person = make_registration(
        held,
        first_name="Alva",
        last_name="Exempelsson",
        organisation_name="Föreningen Gemenskap",
        checked_in_at=utcnow(),
    )
    (text,) = pdf_pages(services.certificate_pdf(person))
    for expected in (
        "Alva Exempelsson",
        "Föreningen Gemenskap",
        "Köping 2026",
        "6,5",  # the participant's language (Swedish) decides the decimal comma
        "Anna Andersson",
        "Processledare, Länsstyrelsen",
        "Konferensen behandlade",
    ):
        assert expected in text, expected


def test_participant_downloads_theirs_and_is_refused_when_not_checked_in(
    client, held, make_registration
):
    present = make_registration(held, first_name="Alva", checked_in_at=utcnow())
    absent = make_registration(held, first_name="Bo")
    page = client.get(_link(present)).get_data(as_text=True)
    assert "Download the certificate" in page
    response = client.get(_link(present) + "/intyg.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Alva" in pdf_pages(response.data)[0]
    assert "Download the certificate" not in client.get(_link(absent)).get_data(as_text=True)
    refused = client.get(_link(absent) + "/intyg.pdf")
    assert refused.status_code == 403
    assert "checked in" in refused.get_data(as_text=True)
    assert client.post(_link(absent) + "/intyg/skicka").status_code == 403
    assert client.get("/anmalan/forged/intyg.pdf").status_code == 404


def test_participant_asks_for_it_by_mail(client, smtp, held, make_registration):
    person = make_registration(held, email="alva@example.org", checked_in_at=utcnow())
    assert client.post(_link(person) + "/intyg/skicka").status_code == 302
    assert send_due_mails()["failed"] == 0
    (message,) = smtp.messages
    assert message["To"] == "alva@example.org"
    (attachment,) = [p for p in message.walk() if p.get_filename()]
    assert attachment.get_filename() == f"deltagarintyg-{held.slug}.pdf"
    assert "Köping 2026" in pdf_pages(attachment.get_payload(decode=True))[0]


def test_organiser_prints_all_and_mails_each_once(
    client, smtp, login, make_user, held, make_registration, make_conference
):
    organiser = make_user("organiser")
    held.organisers.append(organiser)
    db.session.commit()
    for name in ("Cecilia", "Alva", "Bo"):
        make_registration(
            held, first_name=name, email=f"{name.lower()}@example.org", checked_in_at=utcnow()
        )
    make_registration(held, first_name="Dora")  # not checked in
    login(organiser)
    page = client.get(f"/staff/konferenser/{held.id}/intyg")
    assert page.status_code == 200
    pages = pdf_pages(client.get(f"/staff/konferenser/{held.id}/intyg/alla.pdf").data)
    assert len(pages) == 3 and "Alva" in pages[0] and not any("Dora" in p for p in pages)
    assert client.get(f"/staff/konferenser/{held.id}/intyg/exempel.pdf").status_code == 200

    assert client.post(f"/staff/konferenser/{held.id}/intyg/skicka").status_code == 302
    client.post(f"/staff/konferenser/{held.id}/intyg/skicka")  # again: nobody twice
    assert send_due_mails()["failed"] == 0
    assert sorted(m["To"] for m in smtp.messages) == [
        "alva@example.org",
        "bo@example.org",
        "cecilia@example.org",
    ]
    assert len(db.session.scalars(select(CertificateMailing)).all()) == 3

    other = make_conference()
    assert client.get(f"/staff/konferenser/{other.id}/intyg").status_code == 403


def test_settings_errors_beside_the_field(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/intyg"
    for hours, message in (
        ("sex", "e.g. 6 or 6,5"),
        ("30", "between 0.5 and 24"),
        ("0", "between"),
    ):
        page = client.post(url, data={"hours": hours, "signer_name": "A"}).get_data(as_text=True)
        assert 'id="hours-error"' in page and message in page
    page = client.post(url, data={"enabled": "y", "signer_name": ""}).get_data(as_text=True)
    assert 'id="signer_name-error"' in page
    assert (
        client.post(url, data={"enabled": "y", "hours": "6,5", "signer_name": "Anna"}).status_code
        == 302
    )
    assert services.settings_for(conference).minutes == 390
