"""`flask okconf demo` and the command group."""

from __future__ import annotations

from sqlalchemy import func, select

from okconf.accounts.models import Role, User
from okconf.accounts.services import authenticate
from okconf.extensions import db


def test_demo_creates_one_staff_user_per_role_and_prints_the_sign_ins(runner):
    result = runner.invoke(args=["okconf", "demo"])
    assert result.exit_code == 0, result.output
    assert "admin@example.org  password: demo-admin-2011" in result.output
    roles = set(db.session.scalars(select(User.role)))
    assert roles == set(Role)
    assert authenticate("organiser@example.org", "demo-organiser-2011") is not None


def test_demo_twice_creates_no_duplicates(runner):
    runner.invoke(args=["okconf", "demo"])
    users = db.session.scalar(select(func.count()).select_from(User))
    result = runner.invoke(args=["okconf", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == users


def test_okconf_command_group_lists_the_core_commands(runner):
    result = runner.invoke(args=["okconf", "--help"])
    assert result.exit_code == 0
    for command in ("create-user", "send-mail", "demo"):
        assert command in result.output
