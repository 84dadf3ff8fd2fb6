"""Two people adding the same organisation at once: the second gets a form message, not a 500."""

import threading

import pytest
from sqlalchemy import func, insert, select

from okconf.errors import Conflict
from okconf.extensions import db
from okconf.organisations import services
from okconf.organisations.models import Organisation
from okconf.vocabulary import OrganisationType, Party


def count():
    return db.session.scalar(select(func.count()).select_from(Organisation))


@pytest.fixture
def someone_else_adds_it_meanwhile(monkeypatch):
    """Between the duplicate check and the insert, another request inserts the same name."""
    real = services.find_by_name_and_town

    def check_then_insert(name, town):
        found = real(name, town)
        db.session.execute(
            insert(Organisation).values(
                name=name.strip(),
                town=town.strip(),
                org_type=OrganisationType.CIVIL_SOCIETY_ORG,
                party=Party.CIVIL_SOCIETY,
            )
        )
        return found

    monkeypatch.setattr(services, "find_by_name_and_town", check_then_insert)


def test_the_service_raises_a_conflict_and_keeps_the_transaction(
    app, someone_else_adds_it_meanwhile
):
    with pytest.raises(Conflict) as caught:
        services.save_organisation(
            None, name="SIOS", org_type=OrganisationType.CIVIL_SOCIETY_ORG, town="Stockholm"
        )
    assert caught.value.field == "name"
    db.session.commit()  # the savepoint rolled back only the second insert
    assert count() == 1


def test_the_form_shows_the_duplicate_beside_the_name(
    client, make_user, login, someone_else_adds_it_meanwhile
):
    login(make_user("organiser"))
    response = client.post(
        "/staff/organisationer/ny",
        data={"name": "SIOS", "org_type": "civil_society_org", "town": "Stockholm"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page
    assert "SIOS" in page
    assert count() == 0  # the request's transaction, with the other's row, was not committed


def test_two_threads_on_postgresql(app, backend):
    """Two real transactions insert the same organisation at once; one wins, one is told."""
    if backend != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs two concurrent transactions")
    barrier = threading.Barrier(2, timeout=10)
    results = []
    real = services.find_by_name_and_town

    def check_and_wait(name, town):
        found = real(name, town)
        barrier.wait()  # both have checked before either inserts
        return found

    def worker():
        with app.app_context():
            try:
                services.save_organisation(
                    None, name="SIOS", org_type=OrganisationType.CIVIL_SOCIETY_ORG, town="Solna"
                )
                db.session.commit()
                results.append("saved")
            except Conflict:
                db.session.rollback()
                results.append("conflict")
            finally:
                db.session.remove()

    services.find_by_name_and_town = check_and_wait
    try:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        services.find_by_name_and_town = real
    assert sorted(results) == ["conflict", "saved"]
    assert count() == 1
