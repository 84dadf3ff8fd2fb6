"""Writing mails to the outbox, in the transaction of the change that causes them."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from okconf.extensions import db
from okconf.mail.models import OutboxAttachment, OutboxMail
from okconf.mail.rendering import mail_request_context, render_body, renderer_function

log = logging.getLogger("okconf.mail")


def queue_mail(
    recipient: str,
    template: str,
    *,
    subject: str | None = None,
    locale: str | None = None,
    kind: str = "",
    conference_id: int | None = None,
    attachments: list[tuple[str, str, bytes]] = (),
    **context,
) -> OutboxMail:
    """Render `templates/<template>.html` (or `.txt`) into an outbox mail with both parts.

    The mail is added to the current transaction: it exists if and only if the change that
    caused it is committed. `subject` may be given, or taken from a `{% block subject %}`-less
    template variable `subject` set in the context. Attachments are (filename, type, bytes).
    """
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with mail_request_context(), force_locale(locale):
        text, html = render_body(template, context)
        if subject is None:
            subject = context.get("subject", "")
    outgoing = OutboxMail(
        recipient=recipient,
        subject=str(subject)[:300],
        body_text=text,
        body_html=html,
        kind=kind,
        conference_id=conference_id,
    )
    for filename, content_type, data in attachments:
        outgoing.attachments.append(
            OutboxAttachment(filename=filename, content_type=content_type, data=data)
        )
    db.session.add(outgoing)
    db.session.flush()
    db.session.info.setdefault("okconf_queued_mails", []).append(outgoing)
    return outgoing


def queue_deferred(
    recipient: str,
    renderer: str,
    params: dict,
    *,
    subject: str,
    locale: str | None = None,
    kind: str = "",
    conference_id: int | None = None,
) -> OutboxMail:
    """Write a mail that the worker renders when it sends it, in the current transaction.

    Only what the mail needs is stored: `renderer` ("okconf.<module>:<function>") is called
    with the mail at sending time and returns its Body; `params` (JSON) tell it what the mail
    is about. Rendering (templates, calendar files, QR codes) thus happens outside the
    transaction that caused the mail, and a failure there is retried like a failed delivery.
    """
    renderer_function(renderer)  # refuse a name that cannot be rendered now, not at sending time
    outgoing = OutboxMail(
        recipient=recipient,
        subject=str(subject)[:300],
        body_text="",
        kind=kind,
        conference_id=conference_id,
        renderer=renderer,
        params=params,
        locale=locale or current_app.config["BABEL_DEFAULT_LOCALE"],
    )
    db.session.add(outgoing)
    db.session.info.setdefault("okconf_queued_mails", []).append(outgoing)
    return outgoing


@event.listens_for(Session, "after_commit")
def _log_committed_mails(session):
    """In the log backend, say which mails were committed to the outbox (on the real commit:
    SQLAlchemy fires after_commit when a savepoint is released too)."""
    if session.in_nested_transaction():
        return
    queued = session.info.pop("okconf_queued_mails", None)
    if queued:
        try:
            if current_app.config.get("MAIL_BACKEND") == "log":
                # The identity needs no query (the objects are expired by the commit).
                ids = [inspect(m).identity[0] for m in queued if inspect(m).identity]
                log.info(
                    "Mail(s) %s written to the outbox (MAIL_BACKEND=log keeps them there)", ids
                )
        except RuntimeError:
            pass


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_mails(session):
    if session.in_nested_transaction():
        return  # a savepoint: its own mails lost their identity, and the commit skips them
    session.info.pop("okconf_queued_mails", None)
