"""Writing many deferred mails in one go: a message to 2,000 people returns at once.

The bulk form of `queue_deferred` (same columns, same renderer check, same transaction): the
rows go to the database in batched INSERTs (SQLAlchemy's insertmanyvalues, up to 1,000 rows a
statement) instead of one round trip per mail, and the worker renders each mail when it sends
it, exactly as for `queue_deferred`.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import insert

from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail

log = logging.getLogger("okconf.mail")


def _check_renderer(name: str) -> None:
    """Refuse a renderer name that cannot be rendered now, not at sending time (the same rule
    as queue_deferred's: "okconf.<module>:<function>")."""
    module, _sep, function = name.partition(":")
    if not (module.startswith("okconf.") and function):
        raise ValueError(f"not a renderer of okconf: {name!r}")
    getattr(importlib.import_module(module), function)


@dataclass
class Deferred:
    """One mail of a bulk write: to whom, what the renderer gets, its subject and language."""

    recipient: str
    params: dict
    subject: str
    locale: str | None = None


def queue_deferred_many(
    renderer: str, mails: list[Deferred], *, kind: str = "", conference_id: int | None = None
) -> list[tuple[int, dict]]:
    """Write deferred mails in the current transaction; their (id, params), in no set order.

    The caller tells the rows apart by their params (e.g. a registration id in each).
    """
    _check_renderer(renderer)
    if not mails:
        return []
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    rows = db.session.execute(
        insert(OutboxMail.__table__).returning(OutboxMail.id, OutboxMail.params),
        [
            {
                "recipient": mail.recipient,
                "subject": str(mail.subject)[:300],
                "body_text": "",
                "kind": kind,
                "conference_id": conference_id,
                "status": MailStatus.PENDING,
                "attempts": 0,
                "renderer": renderer,
                "params": mail.params,
                "locale": mail.locale or default_locale,
            }
            for mail in mails
        ],
    ).all()
    if current_app.config.get("MAIL_BACKEND") == "log":
        log.info("%s deferred mail(s) written to the outbox (%s)", len(rows), kind or renderer)
    return [(row.id, row.params) for row in rows]
