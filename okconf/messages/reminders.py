"""The reminder before the day: set per conference, sent by the daily
`flask okconf send-reminders` (REMINDER_STEPS), once per person."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from okconf import audit
from okconf.db import utcnow
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.messages.groups import recipients_query
from okconf.messages.models import Message, MessageKind, MessageRecipient
from okconf.messages.services import (
    COLUMNS,
    TEXT_FIELDS,
    Draft,
    check_texts,
    queue_all,
    recipient_rows,
)
from okconf.registration.models import Registration


def reminder_of(conference) -> Message | None:
    """The conference's reminder, if one was ever written."""
    return db.session.scalar(
        select(Message).where(
            Message.conference_id == conference.id, Message.kind == MessageKind.REMINDER
        )
    )


def save_reminder(conference, draft: Draft, enabled: bool, days_before: int, user) -> Message:
    """Set the conference's reminder: its texts, whether it is on, how many days before."""
    check_texts(draft)
    if enabled and (not draft.subject_sv.strip() or not draft.body_sv.strip()):
        raise DomainError(_("Write the subject and the text in Swedish first."), field="subject_sv")
    if not 1 <= days_before <= 60:
        raise DomainError(_("Choose between 1 and 60 days."), field="days_before")
    message = reminder_of(conference)
    if message is None:
        message = Message(
            conference_id=conference.id,
            kind=MessageKind.REMINDER,
            created_by_id=getattr(user, "id", None),
        )
        db.session.add(message)
    for name in TEXT_FIELDS:
        setattr(message, name, getattr(draft, name))
    message.group, message.group_value, message.picked_ids = "confirmed", "", None
    message.enabled, message.days_before = enabled, days_before
    db.session.flush()
    audit.record("messages.reminder_saved", message, enabled=enabled, days_before=days_before)
    return message


def reminder_day(message: Message, conference) -> date | None:
    """The day the reminder goes out, when it is on and the conference has a date."""
    if not message.enabled or not message.days_before or conference.date is None:
        return None
    return conference.date - timedelta(days=message.days_before)


def due_reminders(on: date) -> list[Message]:
    """The reminders whose day has come, for conferences still ahead (a run that missed the
    day catches up until the day before the conference)."""
    from okconf.conferences.models import Conference, ConferenceState

    candidates = db.session.scalars(
        select(Message)
        .join(Conference, Conference.id == Message.conference_id)
        .where(
            Message.kind == MessageKind.REMINDER,
            Message.enabled.is_(True),
            Conference.state == ConferenceState.PUBLISHED,
            Conference.date > on,
        )
        .order_by(Message.id)
    ).all()
    return [m for m in candidates if (day := reminder_day(m, conference_of(m))) and day <= on]


def conference_of(message: Message):
    """The message's conference."""
    from okconf.conferences.models import Conference

    return db.session.get(Conference, message.conference_id)


def send_reminder(message: Message) -> int:
    """Send the reminder to the confirmed participants who have not had it yet.

    Exactly once per person: the ones already recorded are left out, and the unique
    (message, registration) constraint refuses a second run that raced this one (its
    transaction, mails included, then rolls back). The row lock on PostgreSQL makes a second
    run wait and then find them recorded.
    """
    conference = conference_of(message)
    db.session.execute(select(Message.id).where(Message.id == message.id).with_for_update())
    already = select(MessageRecipient.registration_id).where(
        MessageRecipient.message_id == message.id
    )
    query = recipients_query(message, conference, COLUMNS).where(Registration.id.not_in(already))
    rows = recipient_rows(query, conference)
    count = queue_all(message, conference, rows)
    if count:
        db.session.execute(
            update(Message)
            .where(Message.id == message.id)
            .values(recipient_count=Message.recipient_count + count, sent_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        audit.record(
            "messages.reminder_sent",
            message,
            actor="flask okconf send-reminders",
            recipients=count,
        )
    db.session.flush()
    return count


def send_day_reminders(on: date) -> list[str]:
    """Send every reminder whose day has come; one transaction per conference. Lines to print."""
    lines = []
    for message_id in [m.id for m in due_reminders(on)]:
        message = db.session.get(Message, message_id)
        title = conference_of(message).title
        try:
            count = send_reminder(message)
            db.session.commit()
        except IntegrityError:
            # Another run recorded the same people first: they have theirs, nobody gets two.
            db.session.rollback()
            lines.append(f"{title}: another run is sending the reminder; nothing added")
            continue
        lines.append(f"{title}: reminder before the day queued for {count} participant(s)")
    return lines


REMINDER_STEPS = [send_day_reminders]
