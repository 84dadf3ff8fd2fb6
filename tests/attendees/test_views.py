"""The organiser's registration list, check-in desk and statistics page over HTTP."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from okconf.audit.models import AuditEntry
from okconf.clock import today as stockholm_today
from okconf.db import utcnow
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party

PAGES = [
    "/staff/konferenser/{c}/anmalningar",
    "/staff/konferenser/{c}/incheckning",
    "/staff/konferenser/{c}/incheckning/pa-plats",
    "/staff/konferenser/{c}/statistik",
    "/staff/konferenser/{c}/export",
    "/staff/konferenser/{c}/export/deltagare",
    "/staff/konferenser/{c}/export/mat",
    "/staff/konferenser/{c}/export/workshops",
    "/staff/konferenser/{c}/export/namnbrickor.pdf",
    "/staff/konferenser/{c}/export/utstallarbord",
]


def test_access_to_every_page(client, login, make_user, organiser, conference):
    """Anonymous: sign-in; another organiser, reader, reviewer: 403; the organiser, admin: 200."""
    paths = [p.format(c=conference.id) for p in PAGES]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for role in ("organiser", "reader", "reviewer"):
        login(make_user(role))
        for path in paths:
            assert client.get(path).status_code == 403, (role, path)
        client.post("/logout")
    for user in (organiser, make_user("admin")):
        login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200 and response.get_data(), path
        client.post("/logout")


def test_missing_conference_is_404(client, signed_in):
    assert client.get("/staff/konferenser/99999/anmalningar").status_code == 404


def test_list_searches_and_filters(client, signed_in, conference, make_registration):
    anna = make_registration(
        conference, first_name="Anna", last_name="Ek", email="anna@example.org"
    )
    make_registration(
        conference,
        first_name="Bo",
        last_name="Berg",
        organisation_name="Sundsvalls kommun",
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.MUNICIPALITY,
    )
    url = f"/staff/konferenser/{conference.id}/anmalningar"
    page = client.get(url, query_string={"q": "anna@"}).get_data(as_text=True)
    assert "Anna Ek" in page and "Bo Berg" not in page
    page = client.get(url, query_string={"party": "public_sector"}).get_data(as_text=True)
    assert "Bo Berg" in page and "Anna Ek" not in page
    page = client.get(url, query_string={"organisation": "sundsvalls kommun"}).get_data(
        as_text=True
    )
    assert "Bo Berg" in page and "Anna Ek" not in page
    db.session.add(RegistrationDiet(registration_id=anna.id, diet=Diet.VEGAN))
    db.session.commit()
    page = client.get(url, query_string={"diet": "vegan"}).get_data(as_text=True)
    assert "Anna Ek" in page and "Bo Berg" not in page
    # The list filters by diet but never shows anyone's diet.
    assert "Vegan" not in page.split("<table")[1]


def test_list_shows_waiting_positions(client, signed_in, conference, make_registration):
    from okconf.db import utcnow

    now = utcnow()
    make_registration(
        conference, first_name="Sist", status=RegistrationStatus.WAITING, waiting_since=now
    )
    make_registration(
        conference,
        first_name="Först",
        status=RegistrationStatus.WAITING,
        waiting_since=now - timedelta(hours=1),
    )
    client.get("/language/en")
    page = client.get(
        f"/staff/konferenser/{conference.id}/anmalningar", query_string={"status": "waiting"}
    ).get_data(as_text=True)
    first = page.index("Först")
    assert "Waiting list, number 1" in page[first : first + 800]
    last = page.index("Sist")
    assert "Waiting list, number 2" in page[last : last + 800]


def test_bad_filter_values_do_not_break_the_list(client, signed_in, conference):
    response = client.get(
        f"/staff/konferenser/{conference.id}/anmalningar",
        query_string={"party": "nope", "page": "x", "workshop": "abc", "status": "zzz"},
    )
    assert response.status_code == 200
    huge = str(10**30)
    response = client.get(
        f"/staff/konferenser/{conference.id}/anmalningar",
        query_string={"page": huge, "workshop": huge, "q": "x" * 5000, "organisation": "ö" * 999},
    )
    assert response.status_code == 200
    assert client.get(f"/staff/anmalningar/{huge}/incheckning").status_code == 404


def _count_queries(client, url: str) -> int:
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


def test_list_queries_do_not_grow_with_rows(
    client, signed_in, conference, make_registration, make_organisation
):
    org = make_organisation()
    for n in range(5):
        r = make_registration(conference, organisation_id=org.id, last_name=f"A{n:03}")
        db.session.add(RegistrationDiet(registration_id=r.id, diet=Diet.HALAL))
    db.session.commit()
    url = f"/staff/konferenser/{conference.id}/anmalningar"
    few = _count_queries(client, url)
    for n in range(45):
        org = make_organisation()
        make_registration(
            conference,
            organisation_id=org.id,
            last_name=f"B{n:03}",
            status=RegistrationStatus.WAITING if n % 3 else RegistrationStatus.CONFIRMED,
        )
    many = _count_queries(client, url)
    assert few == many
    assert many <= 10


def test_checkin_desk_checks_in_and_undoes(client, signed_in, conference, make_registration):
    person = make_registration(conference, first_name="Greta", last_name="Gran")
    desk = f"/staff/konferenser/{conference.id}/incheckning"
    page = client.get(desk, query_string={"q": "gret"}).get_data(as_text=True)
    assert "Greta Gran" in page and "0 of 1" in page.replace("av", "of")
    response = client.post(f"/staff/anmalningar/{person.id}/incheckning", data={"q": "gret"})
    assert response.status_code == 302 and "q=gret" in response.headers["Location"]
    assert db.session.get(Registration, person.id).checked_in_at is not None
    # A second tap changes nothing and logs nothing.
    client.post(f"/staff/anmalningar/{person.id}/incheckning")
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("registration.check_in") == 1
    client.post(f"/staff/anmalningar/{person.id}/incheckning/angra")
    assert db.session.get(Registration, person.id).checked_in_at is None
    assert "registration.check_in_undone" in db.session.scalars(select(AuditEntry.action)).all()


def test_checkin_needs_csrf_when_enabled(make_app, make_user, make_conference, make_registration):
    from tests.conftest import PASSWORD

    app = make_app(WTF_CSRF_ENABLED=True)
    user = make_user("organiser")
    conf = make_conference(organisers=[user])
    person = make_registration(conf)
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    response = client.post(f"/staff/anmalningar/{person.id}/incheckning")
    assert response.status_code in (302, 400)
    assert db.session.get(Registration, person.id).checked_in_at is None


def test_qr_link_opens_person_checkin(client, login, make_user, conference, make_registration):
    person = make_registration(conference, first_name="Qvist")
    url = f"/staff/anmalningar/{person.id}/incheckning"
    assert "/login" in client.get(url).headers["Location"]
    login(make_user("organiser"))
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(conference.organisers[0])
    page = client.get(url).get_data(as_text=True)
    assert "Qvist" in page
    response = client.post(url, data={"back": "person"})
    assert response.headers["Location"].endswith(url)


def test_waiting_person_cannot_be_checked_in(client, signed_in, conference, make_registration):
    person = make_registration(conference, status=RegistrationStatus.WAITING)
    client.post(f"/staff/anmalningar/{person.id}/incheckning")
    assert db.session.get(Registration, person.id).checked_in_at is None


def test_walk_in_over_capacity(client, signed_in, make_conference, organiser, make_registration):
    conference = make_conference(organisers=[organiser], capacity=1)
    make_registration(conference)
    url = f"/staff/konferenser/{conference.id}/incheckning/pa-plats"
    response = client.post(url, data={"first_name": "", "last_name": "X", "party": "civil_society"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="first_name-error"' in page
    response = client.post(
        url,
        data={
            "first_name": "Dörr",
            "last_name": "Gäst",
            "organisation_name": "Boden kommun",
            "party": "public_sector",
            "org_type": "municipality",
        },
    )
    assert response.status_code == 302
    guest = db.session.scalar(select(Registration).where(Registration.first_name == "Dörr"))
    assert guest.status is RegistrationStatus.CONFIRMED and guest.checked_in_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "registration.walk_in"))
    assert entry.details["over_capacity"] is True


def test_statistics_page(client, signed_in, make_conference, organiser, make_registration):
    conference = make_conference(organisers=[organiser], date=stockholm_today() - timedelta(days=1))
    make_registration(conference, is_politician=True)
    client.get("/language/en")
    page = client.get(f"/staff/konferenser/{conference.id}/statistik").get_data(as_text=True)
    assert "No-shows" in page
    assert "Elected politicians</th><td>1</td>" in page


def test_checkin_words_a_state_and_a_verb_apart(client, signed_in, conference, make_registration):
    """The person page offers "Check in" (a verb) before, states "Checked in" after, with Undo."""
    person = make_registration(conference, first_name="Vera", organisation_name="Föreningen Ord")
    url = f"/staff/anmalningar/{person.id}/incheckning"
    page = client.get(url).get_data(as_text=True)
    assert '<h1 class="person-name">Vera' in page and "Föreningen Ord" in page
    assert ">Check in</button>" in page and "Checked in" not in page
    assert 'class="main-nav"' not in page and 'class="console-nav"' not in page  # focused
    client.post(url, data={"back": "person"})
    page = client.get(url).get_data(as_text=True)
    assert "Checked in" in page and ">Undo</button>" in page and ">Check in</button>" not in page


def test_desk_results_alone_for_the_typing_search(client, signed_in, conference, make_registration):
    make_registration(conference, first_name="Greta", last_name="Gran")
    make_registration(conference, first_name="Olle", last_name="Ek", email="olle@example.org")
    desk = f"/staff/konferenser/{conference.id}/incheckning"
    part = client.get(desk, query_string={"q": "olle@", "part": "results"}).get_data(as_text=True)
    assert 'id="desk-results"' in part
    assert "Olle Ek" in part and "Greta" not in part and "<html" not in part


def test_desk_counts_as_json(client, signed_in, conference, make_registration):
    make_registration(conference, checked_in_at=utcnow())
    make_registration(conference)
    response = client.get(f"/staff/konferenser/{conference.id}/incheckning/antal.json")
    assert response.get_json() == {"arrived": 1, "expected": 2}
    assert response.headers["Cache-Control"] == "no-store"


def test_scanner_page_loads_the_local_decoder(client, signed_in, conference):
    page = client.get(f"/staff/konferenser/{conference.id}/incheckning/skanna").get_data(
        as_text=True
    )
    assert 'data-decoder="/static/vendor/jsqr/jsQR.js"' in page
    assert client.get("/static/vendor/jsqr/jsQR.js").status_code == 200
