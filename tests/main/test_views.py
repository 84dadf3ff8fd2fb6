"""The front page, the health check and the language switch."""

import pytest


def test_healthz_reports_database(client, backend):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"
    assert response.json["database_backend"] == backend


def test_front_page_is_swedish_by_default(make_app):
    response = make_app(BABEL_DEFAULT_LOCALE="sv").test_client().get("/")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.get_data(as_text=True)


def test_language_switch_to_english_and_back(make_app):
    client = make_app(BABEL_DEFAULT_LOCALE="sv").test_client()
    response = client.get("/language/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    client.get("/language/sv")
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example.com/",
        "/\\evil.example.com/",  # browsers read a backslash as a slash: //evil.example.com
        "/\\/evil.example.com/",
        "/\t/evil.example.com/",  # browsers drop tabs and newlines in URLs
        "https://evil.example.com/",
    ],
)
def test_language_switch_refuses_foreign_redirects(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_language_switch_goes_back_to_a_local_page(client):
    response = client.get("/language/en", query_string={"next": "/konferens/x?y=1"})
    assert response.headers["Location"] == "/konferens/x?y=1"


def test_unknown_language_is_ignored(make_app):
    client = make_app(BABEL_DEFAULT_LOCALE="sv").test_client()
    client.get("/language/xx")
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)


import pytest  # noqa: E402


@pytest.mark.parametrize(
    "target",
    ["//evil.example.com/", "/\\evil.example.com", "https://evil.example.com/", "/\t/evil.example"],
)
def test_redirect_targets_stay_on_the_site(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_redirect_to_a_local_page_with_query_is_kept(client):
    response = client.get("/language/en", query_string={"next": "/konferens/x?a=1"})
    assert response.headers["Location"] == "/konferens/x?a=1"
