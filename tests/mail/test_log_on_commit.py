"""The log backend says a mail was written to the outbox only when the real transaction is
committed: SQLAlchemy also fires after_commit when a savepoint is released."""

from __future__ import annotations


def _log_app(make_app):
    from tests.mail.conftest import add_test_templates

    log_app = make_app(MAIL_BACKEND="log")
    add_test_templates(log_app)
    return log_app


def _logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "okconf.mail"]


def test_a_released_savepoint_is_no_commit(app, make_app, caplog):  # app: cleans up
    from okconf.extensions import db
    from okconf.mail.services import queue_mail

    with _log_app(make_app).app_context(), caplog.at_level("INFO", logger="okconf.mail"):
        with db.session.begin_nested():
            queue_mail("a@example.org", "testmail/email/plain", subject="Hej", name="A")
        assert _logged(caplog) == []  # only a savepoint was released
        db.session.rollback()  # and the mail never existed
        assert _logged(caplog) == []

        with db.session.begin_nested():
            kept = queue_mail("b@example.org", "testmail/email/plain", subject="Hej", name="B")
        kept_id = kept.id
        db.session.commit()
        db.session.remove()
    assert _logged(caplog) == [
        f"Mail(s) [{kept_id}] written to the outbox (MAIL_BACKEND=log keeps them there)"
    ]


def test_a_rolled_back_savepoint_forgets_only_its_own_mails(app, make_app, caplog):
    from okconf.extensions import db
    from okconf.mail.services import queue_mail

    with _log_app(make_app).app_context(), caplog.at_level("INFO", logger="okconf.mail"):
        kept_id = queue_mail("a@example.org", "testmail/email/plain", subject="Hej", name="A").id
        savepoint = db.session.begin_nested()
        queue_mail("b@example.org", "testmail/email/plain", subject="Hej", name="B")
        savepoint.rollback()
        db.session.commit()
        db.session.remove()
    assert _logged(caplog) == [
        f"Mail(s) [{kept_id}] written to the outbox (MAIL_BACKEND=log keeps them there)"
    ]
