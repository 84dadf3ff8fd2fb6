"""Fixtures of the reimbursement tests: a conference that pays travel, a budget, claims."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from okconf.clock import today as stockholm_today
from okconf.extensions import db


def png_bytes(size=(8, 8)) -> bytes:
    """A real small PNG."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    """A real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data: bytes, name: str = "kvitto.png") -> FileStorage:
    """An uploaded file as the view gets it."""
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.fixture
def conference(make_conference):
    """A conference held yesterday that pays travel (min 100 km)."""
    return make_conference(
        slug="sundsvall-test",
        title="Regional konferens Sundsvall",
        date=stockholm_today() - timedelta(days=1),
        offers_travel_reimbursement=True,
        offers_lost_earnings=True,
        min_round_trip_km=100,
        reimbursement_request_deadline=None,
    )


@pytest.fixture
def budget(conference):
    """A budget of 900 000 kr for the conference's year."""
    from okconf.reimbursements.models import Budget

    b = Budget(
        name=f"Uppföljning {conference.date.year}", year=conference.date.year, total_ore=90_000_000
    )
    db.session.add(b)
    db.session.commit()
    return b


@pytest.fixture
def volunteer(make_registration, conference):
    """A confirmed volunteer of a civil-society organisation."""
    from datetime import UTC, datetime

    return make_registration(
        conference,
        first_name="Vera",
        last_name="Volontär",
        email="vera@example.org",
        locale="en",
        is_volunteer=True,
        checked_in_at=datetime.now(UTC),
    )


@pytest.fixture
def make_claim(make_registration, conference):
    """A submitted claim for a car trip of 2 × `km` (with a passenger each way unless told)."""
    from datetime import UTC, datetime

    from okconf.reimbursements import claims, services
    from okconf.reimbursements.models import AccountKind, PayeeKind
    from okconf.reimbursements.rules import TravelMode

    def make(km=210, registration=None, submit=True, passengers=True, **fields):
        reg = registration or make_registration(
            conference,
            is_volunteer=True,
            checked_in_at=datetime.now(UTC),
            locale=fields.pop("locale", "en"),
            **fields,
        )
        claim = services.start_claim(reg)
        riders = []
        if passengers:
            rider = make_registration(conference, is_volunteer=True)
            riders = [rider.email]
        for a, b in (("Östersund", "Sundsvall"), ("Sundsvall", "Östersund")):
            claims.add_leg(
                claim,
                travel_date=conference.date,
                from_place=a,
                to_place=b,
                mode=TravelMode.CAR,
                distance_km=km,
                passenger_emails=riders,
            )
        claims.save_payee(
            claim,
            payee_kind=PayeeKind.PERSON,
            payee_name=reg.full_name,
            account_kind=AccountKind.SE_ACCOUNT,
            clearing="5839",
            account="8257466",
        )
        if submit:
            claims.submit_claim(claim, declared=True, carpool_explanation="")
        db.session.commit()
        return claim

    return make


@pytest.fixture(autouse=True)
def _request_context(request):
    """Services queue mails, whose templates need a request context (the layout's menu)."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    # The tests read English messages; Swedish is the default, and its catalog comes later.
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    with app.test_request_context():
        yield


@pytest.fixture
def plain_app():
    """A bare app with Babel, for the pure rules (no database, no backend parametrisation)."""
    from flask import Flask
    from flask_babel import Babel

    from okconf.config import Defaults

    application = Flask(__name__)
    application.config.from_object(Defaults)
    Babel(application)
    with application.test_request_context():
        yield application
