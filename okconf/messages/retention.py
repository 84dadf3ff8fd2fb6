"""The purge's step for messages: who got a message is forgotten with the person's name."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from okconf.extensions import db
from okconf.messages.models import MessageRecipient
from okconf.registration.models import Registration


def purge_recipients(on, dry_run: bool) -> tuple[str, int]:
    """Delete the recipient rows of anonymised registrations (the purge anonymises first)."""
    erased = select(Registration.id).where(Registration.anonymised_at.is_not(None))
    where = MessageRecipient.registration_id.in_(erased)
    count = db.session.scalar(select(func.count(MessageRecipient.id)).where(where)) or 0
    if count and not dry_run:
        db.session.execute(delete(MessageRecipient).where(where))
    return "message recipients", count


PURGE_STEPS = [purge_recipients]
