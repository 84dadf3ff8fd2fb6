"""The messages a participant was sent, in their data download, and erased with them."""

from __future__ import annotations

from sqlalchemy import delete, select

from okconf.extensions import db
from okconf.messages.models import Message, MessageRecipient


def collect(registration) -> dict:
    """Which messages were sent to the person, and when (the texts hold no personal data)."""
    rows = db.session.execute(
        select(Message.subject_sv, Message.subject_en, MessageRecipient.created_at)
        .join(Message, Message.id == MessageRecipient.message_id)
        .where(MessageRecipient.registration_id == registration.id)
        .order_by(MessageRecipient.created_at)
    ).all()
    return {
        "messages": [
            {"subject": en if registration.locale == "en" and en else sv, "sent": at.isoformat()}
            for sv, en, at in rows
        ]
    }


def erase(registration) -> str:
    """Forget that the messages went to the person (the messages keep their counts)."""
    db.session.execute(
        delete(MessageRecipient).where(MessageRecipient.registration_id == registration.id)
    )
    return ""
