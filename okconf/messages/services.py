"""Writing, previewing, testing and sending messages; the reminder before the day."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update

from okconf import audit
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.mail.bulk import Deferred, queue_deferred_many
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.services import queue_deferred
from okconf.messages import placeholders
from okconf.messages.groups import GROUPS, recipients_query
from okconf.messages.mails import RENDERER, Values, masked, workshops_of
from okconf.messages.models import Message, MessageKind, MessageRecipient
from okconf.registration.models import Registration

TEXT_FIELDS = ("subject_sv", "body_sv", "subject_en", "body_en")
MAX_PICKED = 5000


@dataclass
class Draft:
    """What the organiser wrote (the form's data, checked by the service)."""

    subject_sv: str
    body_sv: str
    subject_en: str = ""
    body_en: str = ""
    group: str = "confirmed"
    group_value: str = ""
    picked_ids: list[int] | None = None


def check_texts(draft) -> None:
    """Refuse unknown placeholders, and an English version with only one of its two parts."""
    for name in TEXT_FIELDS:
        placeholders.check(getattr(draft, name), field=name)
    if bool(draft.subject_en.strip()) != bool(draft.body_en.strip()):
        missing = "body_en" if draft.subject_en.strip() else "subject_en"
        raise DomainError(
            _("Write both the subject and the text in English, or neither."), field=missing
        )


def check_group(conference, draft: Draft) -> None:
    """Refuse a group okconf does not know, or a value it does not offer."""
    group = GROUPS.get(draft.group)
    if group is None:
        raise DomainError(_("Choose who the message goes to."), field="group")
    if group.choices is not None:
        if draft.group_value not in {value for value, _label in group.choices(conference)}:
            raise DomainError(_("Choose one of the listed values."), field="group_value")
    else:
        draft.group_value = ""
    if draft.group == "picked":
        ids = draft.picked_ids or []
        if not ids:
            raise DomainError(_("Tick at least one person in the registration list."))
        found = db.session.scalars(
            select(Registration.id).where(
                Registration.conference_id == conference.id, Registration.id.in_(ids)
            )
        ).all()
        draft.picked_ids = sorted(found)
        if not found:
            raise DomainError(_("None of the picked people are registered for this conference."))
    else:
        draft.picked_ids = None


def save_draft(conference, draft: Draft, user, message: Message | None = None) -> Message:
    """Create or change an unsent message."""
    if message is not None and message.sent_at is not None:
        raise Conflict(_("This message has been sent and can no longer be changed."))
    check_texts(draft)
    check_group(conference, draft)
    if message is None:
        message = Message(conference_id=conference.id, created_by_id=getattr(user, "id", None))
        db.session.add(message)
    for name in (*TEXT_FIELDS, "group", "group_value", "picked_ids"):
        setattr(message, name, getattr(draft, name))
    db.session.flush()
    return message


def delete_draft(message: Message) -> None:
    """Throw away an unsent message."""
    if message.sent_at is not None:
        raise Conflict(_("A sent message is kept with its recipients."))
    db.session.delete(message)
    db.session.flush()


def recipients(message: Message, conference, limit: int | None = None) -> list[Registration]:
    """The people the message would go to now (the first `limit` of them)."""
    query = recipients_query(message, conference)
    if query is None:
        return []
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def recipient_count(message: Message, conference) -> int:
    """How many people the message would go to now."""
    query = recipients_query(message, conference, (Registration.id,))
    if query is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def preview(message: Message, registration: Registration):
    """(subject, Body) of the message as this person would get it, in their language, with
    the key of their personal link hidden: the organiser sees where the link goes, but cannot
    open the person's registration as them."""
    from okconf.messages.mails import render_message

    with force_locale(registration.locale):
        subject, body = render_message(message, registration, registration.locale)
    return subject, masked(body)


def send_test(message: Message, registration: Registration, user) -> None:
    """Send the organiser the mail one recipient would get, marked as a test (the key of the
    person's link hidden, as in the preview)."""
    with force_locale(registration.locale):
        subject = placeholders.fill(
            message.subject_for(registration.locale), Values(registration, registration.conference)
        )
        subject = _("[Test] %(subject)s", subject=subject)
    queue_deferred(
        user.email,
        RENDERER,
        {
            "message_id": message.id,
            "registration_id": registration.id,
            "link_version": registration.link_version,
            "test": True,
        },
        subject=subject,
        locale=registration.locale,
        kind="message_test",
        conference_id=message.conference_id,
    )
    db.session.flush()


def queue_all(message: Message, conference, rows) -> int:
    """Write one deferred mail per person and the recipients, in a bounded number of
    statements: the outbox rows in batched INSERTs (okconf.mail.bulk), the recipients in one
    executemany. Returns how many."""
    if not rows:
        return 0
    uses = placeholders.keys_in(message.subject_sv) | placeholders.keys_in(message.subject_en)
    workshop = workshops_of([r.id for r in rows]) if "workshop" in uses else {}
    constant: dict[tuple[str, str], str] = {}
    mails = []
    for row in rows:
        locale = row.locale or "sv"
        values = Values(row, conference, row.link_version, workshop.get(row.id, ""))

        def value(key, values=values, locale=locale):
            if key in ("conference", "date", "place"):  # the same for everyone in a language
                if (locale, key) not in constant:
                    with force_locale(locale):
                        constant[locale, key] = values(key)
                return constant[locale, key]
            return values(key)

        subject = message.subject_for(locale)
        if "{" in subject:
            subject = placeholders.fill(subject, value)
        params = {"message_id": message.id, "registration_id": row.id}
        params["link_version"] = row.link_version
        mails.append(Deferred(row.email, params, subject, locale))
    written = queue_deferred_many(
        RENDERER,
        mails,
        kind="message" if message.kind is MessageKind.MESSAGE else "message_reminder",
        conference_id=conference.id,
    )
    now = utcnow()
    db.session.execute(
        insert(MessageRecipient),
        [
            {
                "message_id": message.id,
                "registration_id": params["registration_id"],
                "mail_id": mail_id,
                "created_at": now,
            }
            for mail_id, params in written
        ],
    )
    return len(written)


class _Row:
    """A recipient's columns, enough for the mail and the placeholders (no ORM object)."""

    __slots__ = ("conference", "email", "first_name", "id", "link_version", "locale")

    def __init__(self, row, conference):
        self.id, self.email, self.locale, self.link_version, self.first_name = row
        self.conference = conference


def recipient_rows(query, conference) -> list[_Row]:
    return [_Row(r, conference) for r in db.session.execute(query)]


COLUMNS = (
    Registration.id,
    Registration.email,
    Registration.locale,
    Registration.link_version,
    Registration.first_name,
)


def send(message: Message, conference, user) -> int:
    """Send the message to its group now: one mail per person through the outbox.

    The message is marked sent first, with a compare-and-set, so a double click or two
    organisers at once send it only once. Returns how many it went to.
    """
    check_texts(message)
    if not message.subject_sv.strip() or not message.body_sv.strip():
        raise DomainError(_("Write the subject and the text in Swedish first."))
    if message.kind is not MessageKind.MESSAGE:
        raise Conflict(_("The reminder is sent by okconf on its day."))
    query = recipients_query(message, conference, COLUMNS)
    if query is None:
        raise DomainError(_("Choose who the message goes to."))
    now = utcnow()
    marked = db.session.execute(
        update(Message)
        .where(Message.id == message.id, Message.sent_at.is_(None))
        .values(sent_at=now, sent_by_id=getattr(user, "id", None))
        .execution_options(synchronize_session=False)
    ).rowcount
    if marked != 1:
        raise Conflict(_("This message has already been sent."))
    rows = recipient_rows(query, conference)
    if not rows:
        raise DomainError(_("Nobody is in the chosen group at the moment."))
    count = queue_all(message, conference, rows)
    db.session.execute(
        update(Message)
        .where(Message.id == message.id)
        .values(recipient_count=count, picked_ids=None)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        "messages.sent",
        message,
        subject=message.subject_sv,
        group=message.group,
        value=message.group_value,
        recipients=count,
    )
    db.session.flush()
    db.session.expire(message)
    return count


@dataclass
class Progress:
    """Where a sent message's mails are: counts from the outbox states."""

    total: int
    sent: int
    waiting: int
    failed: int
    dropped: int
    # Purged from the outbox after RETENTION_MAIL_DAYS, or erased with the registration.
    gone: int

    @property
    def percent(self) -> int:
        """Sent, as a whole percentage of the total."""
        return round(100 * self.sent / self.total) if self.total else 0


def progress(message: Message) -> Progress:
    """How many of a message's mails are sent, waiting, failed (one grouped query)."""
    rows = db.session.execute(
        select(OutboxMail.status, func.count(MessageRecipient.id))
        .select_from(MessageRecipient)
        .outerjoin(OutboxMail, OutboxMail.id == MessageRecipient.mail_id)
        .where(MessageRecipient.message_id == message.id)
        .group_by(OutboxMail.status)
    ).all()
    counts = dict(rows)
    recorded = sum(counts.values())
    total = max(message.recipient_count, recorded)
    return Progress(
        total=total,
        sent=counts.get(MailStatus.SENT, 0),
        waiting=counts.get(MailStatus.PENDING, 0) + counts.get(MailStatus.SENDING, 0),
        failed=counts.get(MailStatus.FAILED, 0),
        dropped=counts.get(MailStatus.DROPPED, 0),
        gone=counts.get(None, 0) + (total - recorded),
    )


def messages_of(registration: Registration):
    """(message, its mail's status or None) for every message the person got, newest first."""
    return db.session.execute(
        select(Message, OutboxMail.status, MessageRecipient.created_at)
        .join(MessageRecipient, MessageRecipient.message_id == Message.id)
        .outerjoin(OutboxMail, OutboxMail.id == MessageRecipient.mail_id)
        .where(MessageRecipient.registration_id == registration.id)
        .order_by(MessageRecipient.created_at.desc(), Message.id.desc())
    ).all()
