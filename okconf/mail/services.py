"""The outbox's interface for the other features, in one import.

The parts live in their own modules: `rendering` (one template, an HTML and a text part, the
shared layout), `outbox` (writing mails in the caller's transaction) and `worker` (claiming
due mails under a lease and sending them over SMTP). Only public names are offered here.
"""

from __future__ import annotations

from okconf.mail.outbox import queue_deferred, queue_mail
from okconf.mail.rendering import (
    Attachment,
    Body,
    MailObsolete,
    RenderedMail,
    finish_html,
    html_to_text,
    preview,
    render,
    render_body,
    text_to_html,
)
from okconf.mail.worker import (
    backoff,
    claim_due_mails,
    db_now,
    retry_now,
    send_due_mails,
)

__all__ = [
    "Attachment",
    "Body",
    "MailObsolete",
    "RenderedMail",
    "backoff",
    "claim_due_mails",
    "db_now",
    "finish_html",
    "html_to_text",
    "preview",
    "queue_deferred",
    "queue_mail",
    "render",
    "render_body",
    "retry_now",
    "send_due_mails",
    "text_to_html",
]
