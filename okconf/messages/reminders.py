"""The reminder before the day, as a step of the daily `flask okconf send-reminders`."""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError

from okconf.extensions import db


def send_day_reminders(on: date) -> list[str]:
    """Send every reminder whose day has come; one transaction per conference. Lines to print."""
    from okconf.messages.services import due_reminders, m_conf, send_reminder

    lines = []
    for message_id in [m.id for m in due_reminders(on)]:
        from okconf.messages.models import Message

        message = db.session.get(Message, message_id)
        title = m_conf(message).title
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
