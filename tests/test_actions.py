"""The shared action helper: a done action is committed and said; a refused one is rolled back
and shown (flashed for a button, beside its field for a form)."""

from __future__ import annotations

from flask import get_flashed_messages
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField

from okconf.actions import act, act_and_go, submit
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.organisations.models import Organisation


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def _add(name: str) -> Organisation:
    org = Organisation(name=name, org_type="civil_society_org", party="civil_society")
    db.session.add(org)
    db.session.flush()
    return org


def _refuse(name: str):
    _add(name)
    raise DomainError("Nej tack.", field="name")


def test_a_done_action_is_committed_and_said(app):
    before = _count()
    with app.test_request_context():
        done, org = act(lambda: _add("Föreningen Ett"), lambda org: f"{org.name} sparad")
        assert done and org.name == "Föreningen Ett"
        assert get_flashed_messages(with_categories=True) == [("success", "Föreningen Ett sparad")]
    db.session.rollback()  # nothing left to roll back: it was committed
    assert _count() == before + 1


def test_a_refused_button_is_rolled_back_and_flashed(app):
    before = _count()
    with app.test_request_context():
        response = act_and_go(lambda: _refuse("Föreningen Två"), "Sparad", "/tillbaka")
        assert response.status_code == 302 and response.location == "/tillbaka"
        assert get_flashed_messages(with_categories=True) == [("error", "Nej tack.")]
    assert _count() == before


def test_a_refused_form_shows_the_error_beside_its_field(app):
    class NameForm(FlaskForm):
        name = StringField()

    before = _count()
    with app.test_request_context():
        form = NameForm(meta={"csrf": False})
        done, outcome = submit(form, lambda: _refuse("Föreningen Tre"), "Sparad")
        assert (done, outcome) == (False, None)
        assert form.name.errors == ["Nej tack."]
        assert get_flashed_messages() == []
    assert _count() == before
