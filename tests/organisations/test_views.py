"""Registry pages: access, forms with readable errors, the import's two steps, signatories."""

import io
import re
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.organisations.models import ContactPerson, Organisation
from okconf.vocabulary import Party


def count():
    return db.session.scalar(select(func.count()).select_from(Organisation))


@pytest.fixture
def organiser(make_user, login):
    user = make_user("organiser")
    login(user)
    return user


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("organiser", 200), ("reviewer", 403), ("reader", 403)]
)
def test_registry_is_for_admins_and_organisers(client, make_user, login, role, status):
    login(make_user(role))
    assert client.get("/staff/organisationer").status_code == status
    assert client.get("/staff/organisationer/import").status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/staff/organisationer")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_list_filters_by_party(client, organiser, make_organisation):
    make_organisation("Köpings kommun", org_type="municipality", town="Köping")
    make_organisation("Föreningen Bro", town="Köping")
    page = client.get("/staff/organisationer?party=public_sector").get_data(as_text=True)
    assert "Köpings kommun" in page
    assert "Föreningen Bro" not in page
    # A forged filter value is ignored, not a 500.
    assert client.get("/staff/organisationer?party=evil&org_type=x&town=y").status_code == 200


def test_create_with_party_from_type(client, organiser):
    response = client.post(
        "/staff/organisationer/ny",
        data={
            "name": "Länsstyrelsen i Västmanlands län",
            "org_type": "county_board",
            "party": "",
            "town": "Västerås",
            "signed_agreement_on": "",
        },
    )
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation))
    assert org.party is Party.PUBLIC_SECTOR


def test_create_errors_are_shown_beside_fields(client, organiser, make_organisation):
    make_organisation("SIOS", town="Stockholm")
    response = client.post(
        "/staff/organisationer/ny",
        data={
            "name": "SIOS",
            "org_type": "civil_society_org",
            "town": "Stockholm",
            "email": "not-an-email",
            "website": "javascript:alert(1)",
            "signed_agreement_on": "2999-01-01",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page
    assert 'id="website-error"' in page
    assert 'id="signed_agreement_on-error"' in page
    assert count() == 1


def test_duplicate_name_and_town_is_an_error_beside_name(client, organiser, make_organisation):
    make_organisation("SIOS", town="Stockholm")
    response = client.post(
        "/staff/organisationer/ny",
        data={"name": "sios", "org_type": "civil_society_org", "town": "stockholm"},
    )
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page
    assert "already in the registry" in page or "redan" in page
    assert count() == 1


def test_edit_contact_and_delete(client, organiser, make_organisation):
    org = make_organisation("Caritas Sverige")
    response = client.post(
        f"/staff/organisationer/{org.id}/kontakter",
        data={"name": "Alex Exempel", "email": "alex@example.org", "title": "Samordnare"},
    )
    assert response.status_code == 302
    person = db.session.scalar(select(ContactPerson))
    assert person.email == "alex@example.org"
    response = client.post(
        f"/staff/organisationer/{org.id}/kontakter/{person.id}",
        data={"name": "Alex Exempel", "email": "bad"},
    )
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert (
        client.post(f"/staff/organisationer/{org.id + 1}/kontakter/{person.id}").status_code == 404
    )
    client.post(f"/staff/organisationer/{org.id}/kontakter/{person.id}/radera")
    assert db.session.scalar(select(func.count()).select_from(ContactPerson)) == 0
    client.post(f"/staff/organisationer/{org.id}/radera")
    assert count() == 0


def upload(client, filename, data):
    return client.post(
        "/staff/organisationer/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def confirm_url(page: str) -> str:
    match = re.search(r'action="(/staff/organisationer/import/[^"]+)"', page)
    assert match, page
    return match.group(1)


def test_csv_import_previews_then_writes(client, organiser):
    data = "namn;typ;ort;anslöt\nRiksteatern;idéburen organisation;Stockholm;2010-05-20\n"
    response = upload(client, "org.csv", data.encode("cp1252"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Riksteatern" in page
    assert count() == 0
    response = client.post(confirm_url(page))
    assert response.status_code == 302
    assert count() == 1
    # The kept file is gone: confirming twice does not import twice.
    response = client.post(confirm_url(page))
    assert response.status_code == 302
    assert count() == 1


def test_xlsx_import_through_the_page(client, organiser):
    workbook = Workbook()
    workbook.active.append(["Name", "Type", "Town"])
    workbook.active.append(["Boden kommun", "Municipality", "Boden"])
    out = io.BytesIO()
    workbook.save(out)
    page = upload(client, "org.xlsx", out.getvalue()).get_data(as_text=True)
    client.post(confirm_url(page))
    assert db.session.scalar(select(Organisation.name)) == "Boden kommun"


def test_import_with_errors_writes_nothing_and_lists_rows(client, organiser, make_organisation):
    make_organisation("Redan här")
    before = count()
    data = "namn;typ\nBra förening;other\nDålig;okänd typ\n;kommun\n"
    response = upload(client, "org.csv", data.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "/staff/organisationer/import/" not in page  # no confirm button
    assert "<td>3</td>" in page and "<td>4</td>" in page
    assert count() == before


@pytest.mark.parametrize(
    ("filename", "data"),
    [("fake.xlsx", b"just text"), ("empty.csv", b""), ("x.pdf", b"%PDF-1.4")],
)
def test_bad_files_never_500(client, organiser, filename, data):
    response = upload(client, filename, data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)


def test_missing_file_is_a_field_error(client, organiser):
    response = client.post("/staff/organisationer/import", data={})
    assert 'id="file-error"' in response.get_data(as_text=True)


def test_another_user_cannot_confirm_my_upload(client, app, make_user, login, organiser):
    page = upload(client, "org.csv", b"namn;typ\nA;kommun\n").get_data(as_text=True)
    url = confirm_url(page)
    other = app.test_client()
    login(make_user("organiser"), the_client=other)
    response = other.post(url)
    assert response.status_code == 302
    assert count() == 0


def test_signatories_page_is_public_and_ordered(client, make_organisation):
    make_organisation("Riksteatern", signed_agreement_on=date(2010, 5, 20))
    make_organisation("Civilförsvarsförbundet", signed_agreement_on=date(2010, 5, 2))
    make_organisation("Ej ansluten")
    page = client.get("/anslutna-organisationer").get_data(as_text=True)
    assert page.index("Civilförsvarsförbundet") < page.index("Riksteatern")
    assert "Ej ansluten" not in page


def test_too_large_upload_gets_a_readable_413(make_app, make_user, login):
    app = make_app(MAX_CONTENT_LENGTH=1000)
    with app.app_context():
        client = app.test_client()
        login(make_user("organiser"), the_client=client)
        response = upload(client, "big.csv", b"namn;typ\n" + b"A;kommun\n" * 500)
        assert response.status_code == 413
        assert 'class="error-summary"' not in response.get_data(as_text=True)
        assert "<h1>" in response.get_data(as_text=True)
