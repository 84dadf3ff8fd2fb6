"""Asking confirmed participants whether they still come, and acting on the answer.

Each participant is asked once (a row per registration; the settings row is locked while a
conference's questions are written, so two runs of the command at once ask nobody twice).
"No" cancels through the registration's own rules (no fee before the cancellation deadline,
the late rule after it) and the waiting list moves up in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.conferences.models import Conference, ConferenceState
from okconf.conferences.services import today
from okconf.db import utcnow
from okconf.errors import DomainError, NotAllowed
from okconf.extensions import db
from okconf.mail.services import Body, MailObsolete, queue_deferred, render_body
from okconf.registration.models import Registration, RegistrationStatus
from okconf.rows import conference_row
from okconf.stillcoming.models import Answer, StillComingQuestion, StillComingSettings

RENDERER = "okconf.stillcoming.services:render_mail"


def settings_for(conference: Conference) -> StillComingSettings:
    """The conference's setting (an unsaved default when none)."""
    return conference_row(StillComingSettings, conference, enabled=False, days_before=5)


def save_settings(conference: Conference, *, enabled: bool, days_before: int) -> None:
    if not 1 <= days_before <= 60:
        raise DomainError(_("Give a number of days from 1 to 60."), field="days_before")
    settings = conference_row(StillComingSettings, conference, add=True)
    settings.enabled, settings.days_before = enabled, days_before
    db.session.flush()
    audit.record("still_coming.settings", conference, enabled=enabled, days_before=days_before)


def ask_on(conference: Conference) -> date | None:
    """The day the question goes out (None when the conference has no date or no setting)."""
    settings = settings_for(conference)
    if not settings.enabled or conference.date is None:
        return None
    return conference.date - timedelta(days=settings.days_before)


def _lock_settings(conference: Conference) -> StillComingSettings | None:
    return db.session.scalar(
        select(StillComingSettings)
        .where(StillComingSettings.conference_id == conference.id)
        .with_for_update()
    )


def ask(conference: Conference) -> int:
    """Ask every confirmed participant not yet asked; how many were asked."""
    if conference.cancelled_at is not None or conference.state is not ConferenceState.PUBLISHED:
        raise DomainError(_("Only a published conference that takes place can ask."))
    if conference.date is not None and today() >= conference.date:
        raise DomainError(_("The conference has begun; it is too late to ask."))
    _lock_settings(conference)
    asked = set(
        db.session.scalars(
            select(StillComingQuestion.registration_id).where(
                StillComingQuestion.conference_id == conference.id
            )
        )
    )
    people = db.session.scalars(
        select(Registration).where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).all()
    count = 0
    for registration in people:
        if registration.id in asked:
            continue
        db.session.add(
            StillComingQuestion(registration_id=registration.id, conference_id=conference.id)
        )
        _queue(registration, "ask")
        count += 1
    db.session.flush()
    if count:
        audit.record("still_coming.asked", conference, asked=count)
    return count


def ask_due(on: date | None = None) -> dict[Conference, int]:
    """The scheduled run: ask for every conference whose day to ask has come (committed per
    conference)."""
    on = on or today()
    conferences = db.session.scalars(
        select(Conference)
        .join(StillComingSettings, StillComingSettings.conference_id == Conference.id)
        .where(
            StillComingSettings.enabled.is_(True),
            Conference.state == ConferenceState.PUBLISHED,
            Conference.cancelled_at.is_(None),
            Conference.date > on,
        )
    ).all()
    done = {}
    for conference in conferences:
        day = ask_on(conference)
        if day is not None and day <= on:
            count = ask(conference)
            db.session.commit()
            if count:
                done[conference] = count
    return done


def remind_silent(conference: Conference) -> int:
    """Ask again those who were asked and have not answered (and still have a place)."""
    if conference.date is not None and today() >= conference.date:
        raise DomainError(_("The conference has begun; it is too late to ask."))
    count = 0
    for question in silent(conference):
        question.reminded_at = utcnow()
        _queue(question.registration, "remind")
        count += 1
    db.session.flush()
    if count:
        audit.record("still_coming.reminded", conference, reminded=count)
    return count


def question_for(registration: Registration) -> StillComingQuestion | None:
    return db.session.get(StillComingQuestion, registration.id)


def answer(registration: Registration, said: Answer) -> list[Registration]:
    """Record the answer; "no" gives the place away. Returns the people promoted."""
    from okconf.registration.services import cancel

    question = question_for(registration)
    if question is None:
        raise NotAllowed(_("You have not been asked whether you still come."))
    promoted: list[Registration] = []
    if said is Answer.NO and registration.status is not RegistrationStatus.CANCELLED:
        promoted = cancel(registration)
    elif said is Answer.YES and registration.status is RegistrationStatus.CANCELLED:
        raise NotAllowed(_("You have already given your place away."))
    if question.answer is not said:
        question.answer, question.answered_at = said, utcnow()
        db.session.flush()
        audit.record("still_coming.answered", registration, actor="participant", answer=said.value)
    return promoted


@dataclass
class Overview:
    asked: int = 0
    yes: int = 0
    no: int = 0
    silent: list[StillComingQuestion] = field(default_factory=list)
    not_asked: int = 0


def silent(conference: Conference) -> list[StillComingQuestion]:
    return list(
        db.session.scalars(
            select(StillComingQuestion)
            .join(Registration, Registration.id == StillComingQuestion.registration_id)
            .where(
                StillComingQuestion.conference_id == conference.id,
                StillComingQuestion.answer.is_(None),
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .order_by(Registration.last_name, Registration.first_name)
        )
    )


def overview(conference: Conference) -> Overview:
    questions = db.session.scalars(
        select(StillComingQuestion).where(StillComingQuestion.conference_id == conference.id)
    ).all()
    result = Overview(asked=len(questions))
    result.yes = sum(q.answer is Answer.YES for q in questions)
    result.no = sum(q.answer is Answer.NO for q in questions)
    result.silent = silent(conference)
    asked_ids = {q.registration_id for q in questions}
    result.not_asked = sum(
        1
        for rid in db.session.scalars(
            select(Registration.id).where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
        )
        if rid not in asked_ids
    )
    return result


def _queue(registration: Registration, template: str) -> None:
    with force_locale(registration.locale):
        subject = _("Are you still coming to %(title)s?", title=registration.conference.title)
    queue_deferred(
        registration.email,
        RENDERER,
        {
            "registration_id": registration.id,
            "link_version": registration.link_version,
            "template": template,
        },
        subject=subject,
        locale=registration.locale,
        kind="still_coming",
        conference_id=registration.conference_id,
    )


def render_mail(mail) -> Body:
    """The question, rendered by the mail worker: two links, yes and no."""
    from okconf.registration.mails import external_url, personal_token

    registration = db.session.get(Registration, mail.params["registration_id"])
    if registration is None or registration.anonymised_at is not None:
        raise MailObsolete("the registration was erased before the question was sent")
    if registration.link_version != mail.params["link_version"]:
        raise MailObsolete("the place was handed over before the question was sent")
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise MailObsolete("the registration has no place any more")
    token = personal_token(registration)
    context = {
        "registration": registration,
        "conference": registration.conference,
        "yes_url": external_url("stillcoming.yes", token=token),
        "no_url": external_url("stillcoming.no", token=token),
        "link": external_url("registration.manage", token=token),
        "reminder": mail.params.get("template") == "remind",
    }
    text, html = render_body("stillcoming/email/ask", context)
    return Body(text, html, [])
