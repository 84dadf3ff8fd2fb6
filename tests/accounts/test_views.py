"""Staff sign-in, sign-out, password change and the admins' user page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from okconf.accounts.models import Role, User
from okconf.audit.models import AuditEntry
from okconf.extensions import db
from tests.conftest import PASSWORD

WRONG = "The email or the password is wrong."


def test_sign_in_lands_on_the_staff_page_and_is_audited(client, make_user):
    user = make_user("organiser")
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff"
    page = client.get("/staff").get_data(as_text=True)
    assert user.name in page
    assert db.session.get(User, user.id).last_login_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.login"))
    assert entry.user_id == user.id


def test_sign_in_follows_a_local_next_but_not_a_foreign_one(client, make_user):
    user = make_user("admin")
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/login?next=/staff/admin/anvandare", data=data)
    assert response.headers["Location"] == "/staff/admin/anvandare"
    client.post("/logout")
    response = client.post("/login?next=//evil.example.com/x", data=data)
    assert response.headers["Location"] == "/staff"


@pytest.mark.parametrize(
    "target",
    ["/\\evil.example.com/x", "/\\/evil.example.com/x", "/\t/evil.example.com/x"],
)
def test_sign_in_does_not_follow_backslash_or_tab_tricks(client, make_user, target):
    """Browsers read a backslash as a slash and drop tabs: these lead to another site."""
    user = make_user("admin")
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/login", query_string={"next": target}, data=data)
    assert response.headers["Location"] == "/staff"


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_user):
    user = make_user("organiser")
    wrong_password = client.post("/login", data={"email": user.email, "password": "nope" * 3})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "nope" * 3})
    for response in (wrong_password, unknown):
        assert response.status_code == 200
        assert WRONG in response.get_data(as_text=True)
    assert client.get("/staff").status_code == 302  # still signed out


def test_empty_sign_in_form_shows_errors_beside_the_fields(client):
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert 'id="email-error"' in page
    assert "Enter your email." in page
    assert 'id="password-error"' in page
    assert 'aria-invalid="true"' in page


def test_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user("organiser")
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert WRONG in response.get_data(as_text=True)


def test_sign_out_ends_the_session(client, make_user, login):
    login(make_user("reader"))
    assert client.get("/staff").status_code == 200
    response = client.post("/logout")
    assert response.headers["Location"] == "/"
    response = client.get("/staff")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_password_change_ends_other_sessions(app, make_user, login):
    user = make_user("organiser")
    here, elsewhere = app.test_client(), app.test_client()
    login(user, the_client=here)
    login(user, the_client=elsewhere)
    response = here.post(
        "/staff/konto/losenord",
        data={
            "current_password": PASSWORD,
            "new_password": "a-new-password-1",
            "confirm": "a-new-password-1",
        },
    )
    assert response.status_code == 302
    assert db.session.get(User, user.id).session_version == 2
    assert here.get("/staff").status_code == 200  # this session continues
    assert elsewhere.get("/staff").status_code == 302  # the other one has ended
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    login(user, password="a-new-password-1", the_client=fresh)


def test_password_change_refuses_wrong_current_and_short_new(client, make_user, login):
    user = make_user("reviewer")
    login(user)
    page = client.post(
        "/staff/konto/losenord",
        data={"current_password": "wrong-one-x", "new_password": "long-enough-1", "confirm": "x"},
    ).get_data(as_text=True)
    assert "The passwords do not match." in page
    page = client.post(
        "/staff/konto/losenord",
        data={
            "current_password": "wrong-one-x",
            "new_password": "long-enough-1",
            "confirm": "long-enough-1",
        },
    ).get_data(as_text=True)
    assert "The current password is wrong." in page
    page = client.post(
        "/staff/konto/losenord",
        data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    ).get_data(as_text=True)
    assert "at least 10 characters" in page
    assert db.session.get(User, user.id).session_version == 1


def test_create_user_command(runner, app):
    result = runner.invoke(
        args=[
            "okconf",
            "create-user",
            "--email",
            "Ny.Person@Example.org",
            "--name",
            "Ny Person",
            "--role",
            "reviewer",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created reviewer ny.person@example.org" in result.output
    user = db.session.scalar(select(User).where(User.email == "ny.person@example.org"))
    assert user.role is Role.REVIEWER
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.created"))
    assert entry.actor == "flask okconf create-user"
    assert entry.object_id == user.id


def test_create_user_command_refuses_duplicates_and_short_passwords(runner, make_user):
    existing = make_user("reader")
    base = ["okconf", "create-user", "--name", "X", "--role", "reader"]
    result = runner.invoke(args=[*base, "--email", existing.email, "--password", "long-enough-1"])
    assert result.exit_code != 0
    assert "already exists" in result.output
    result = runner.invoke(args=[*base, "--email", "new@example.org", "--password", "short"])
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert db.session.scalar(select(User).where(User.email == "new@example.org")) is None


def test_admin_creates_a_user_through_the_page(client, make_user, login):
    login(make_user("admin"))
    assert "Staff users" in client.get("/staff/admin/anvandare").get_data(as_text=True)
    response = client.post(
        "/staff/admin/anvandare",
        data={
            "name": "Rita Läsare",
            "email": "rita@example.org",
            "role": "reader",
            "password": "a-long-password",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "rita@example.org"))
    assert user.role is Role.READER
    page = client.post(
        "/staff/admin/anvandare",
        data={
            "name": "Rita igen",
            "email": "rita@example.org",
            "role": "reader",
            "password": "a-long-password",
        },
    ).get_data(as_text=True)
    assert "A user with this email already exists." in page
    assert 'id="email-error"' in page


def test_user_page_refuses_other_roles(app, make_user, login):
    for role in ("organiser", "reviewer", "reader"):
        the_client = app.test_client()
        login(make_user(role), the_client=the_client)
        assert the_client.get("/staff/admin/anvandare").status_code == 403
        response = the_client.post(
            "/staff/admin/anvandare",
            data={
                "name": "X",
                "email": f"x-{role}@example.org",
                "role": "admin",
                "password": "a-long-password",
            },
        )
        assert response.status_code == 403
    assert db.session.scalar(select(User).where(User.role == Role.ADMIN)) is None
