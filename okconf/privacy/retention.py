"""Retention: what is erased when, and the purge that does it.

Dietary and accessibility answers go a set number of days after the conference; registrations
are anonymised after a longer period, keeping sector, organisation type, organisation,
attendance and workshop so that statistics and reports stay right. Running the purge twice
erases nothing more the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, exists, func, or_, select, update

from okconf import audit
from okconf.audit.models import AuditEntry
from okconf.clock import today
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.extensions import db
from okconf.mail.models import OutboxAttachment, OutboxMail
from okconf.privacy.models import ConferenceRetention
from okconf.registration.models import Registration, RegistrationDiet
from okconf.rows import conference_row

# Fields blanked when a registration is anonymised.
IDENTIFYING_FIELDS = ("first_name", "last_name", "email", "phone")


@dataclass
class Periods:
    """The retention periods in force for one conference."""

    sensitive_days: int
    anonymise_days: int


@dataclass
class PurgeReport:
    """What a purge erased (or, in a dry run, would erase)."""

    dry_run: bool
    sensitive: dict[int, list[int]] = field(default_factory=dict)  # conference -> registrations
    anonymised: dict[int, list[int]] = field(default_factory=dict)
    mails: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many things were (or would be) erased."""
        return (
            sum(len(v) for v in self.sensitive.values())
            + sum(len(v) for v in self.anonymised.values())
            + self.mails
            + sum(self.extra.values())
        )

    def lines(self) -> list[str]:
        """A readable account, one line per kind of data."""
        verb = "would erase" if self.dry_run else "erased"
        out = []
        for conference_id, ids in sorted(self.sensitive.items()):
            out.append(
                f"conference {conference_id}: {verb} dietary and accessibility answers "
                f"of {len(ids)} registration(s)"
            )
        for conference_id, ids in sorted(self.anonymised.items()):
            verb2 = "would anonymise" if self.dry_run else "anonymised"
            out.append(f"conference {conference_id}: {verb2} {len(ids)} registration(s)")
        if self.mails:
            out.append(f"outbox: {verb} {self.mails} mail(s)")
        for name, count in sorted(self.extra.items()):
            if count:
                out.append(f"{name}: {verb} {count}")
        return out or ["nothing to erase"]


def periods(conference: Conference) -> Periods:
    """The conference's own periods, or the configured defaults."""
    own = db.session.get(ConferenceRetention, conference.id)
    config = current_app.config
    return Periods(
        sensitive_days=own.sensitive_days
        if own and own.sensitive_days is not None
        else config["RETENTION_SENSITIVE_DAYS"],
        anonymise_days=own.anonymise_days
        if own and own.anonymise_days is not None
        else config["RETENTION_ANONYMISE_DAYS"],
    )


def set_periods(conference: Conference, sensitive_days: int | None, anonymise_days: int | None):
    """Give a conference its own retention periods (None: the default)."""
    own = conference_row(ConferenceRetention, conference, add=True)
    own.sensitive_days = sensitive_days
    own.anonymise_days = anonymise_days
    db.session.flush()
    return own


def _due(conference: Conference, days: int, on: date) -> bool:
    return conference.date is not None and on >= conference.last_day + timedelta(days=days)


def _has_sensitive():
    from okconf.questions.models import Answer, Question

    return or_(
        Registration.accessibility_needs != "",
        Registration.diet_other != "",
        exists().where(RegistrationDiet.registration_id == Registration.id),
        exists()
        .where(Answer.registration_id == Registration.id)
        .where(Answer.question_id == Question.id, Question.sensitive.is_(True)),
    )


def purge(dry_run: bool = False, on: date | None = None) -> PurgeReport:
    """Erase what is due on the given day (today in Stockholm by default)."""
    on = on or today()
    report = PurgeReport(dry_run=dry_run)
    conferences = db.session.scalars(select(Conference).where(Conference.date.is_not(None)))
    for conference in conferences:
        rules = periods(conference)
        if _due(conference, rules.sensitive_days, on):
            ids = db.session.scalars(
                select(Registration.id).where(
                    Registration.conference_id == conference.id, _has_sensitive()
                )
            ).all()
            if ids:
                report.sensitive[conference.id] = list(ids)
                if not dry_run:
                    _erase_sensitive(ids)
        if _due(conference, rules.anonymise_days, on):
            ids = db.session.scalars(
                select(Registration.id).where(
                    Registration.conference_id == conference.id,
                    Registration.anonymised_at.is_(None),
                )
            ).all()
            if ids:
                report.anonymised[conference.id] = list(ids)
                if not dry_run:
                    anonymise(ids)
    report.mails = _purge_mails(on, dry_run)
    for step in _extra_steps():
        name, count = step(on, dry_run)
        report.extra[name] = count
    if not dry_run and report.total:
        audit.record(
            "privacy.purge",
            actor="flask okconf purge",
            sensitive={str(k): len(v) for k, v in report.sensitive.items()},
            anonymised={str(k): len(v) for k, v in report.anonymised.items()},
            mails=report.mails,
            **report.extra,
        )
    db.session.flush()
    return report


def _erase_sensitive(ids: list[int]) -> None:
    from okconf.questions.counts import erase_sensitive_answers

    # The answers to sensitive questions go; how many chose each option stays.
    erase_sensitive_answers(ids)
    db.session.execute(delete(RegistrationDiet).where(RegistrationDiet.registration_id.in_(ids)))
    db.session.execute(
        update(Registration)
        .where(Registration.id.in_(ids))
        .values(accessibility_needs="", diet_other="")
        .execution_options(synchronize_session=False)
    )


def anonymise(ids: list[int]) -> None:
    """Blank who the people were; keep what statistics need. Their links stop working."""
    if not ids:
        return
    _erase_sensitive(ids)
    from okconf.questions.counts import erase_identifying_answers

    erase_identifying_answers(ids)
    delete_mails_of(ids)
    db.session.execute(
        update(Registration)
        .where(Registration.id.in_(ids))
        .values(
            first_name="",
            last_name="",
            email="",
            phone="",
            in_participant_list=False,
            participant_list_consent_at=None,
            anonymised_at=utcnow(),
            link_version=Registration.link_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    # Audit entries about these registrations may quote names or emails: keep the facts
    # (who acted, what, when) and drop the details.
    db.session.execute(
        update(AuditEntry)
        .where(AuditEntry.object_type == "Registration", AuditEntry.object_id.in_(ids))
        .values(details={})
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def _purge_mails(on: date, dry_run: bool) -> int:
    """Mails carry names, addresses and personal links: delete them RETENTION_MAIL_DAYS after
    they were sent or written, whatever their status (with MAIL_BACKEND=log they never leave)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    days = current_app.config["RETENTION_MAIL_DAYS"]
    cutoff = datetime.combine(on - timedelta(days=days), time(), ZoneInfo("Europe/Stockholm"))
    # Counted from delivery when there was one (a retried mail may leave days after it was
    # written), else from when it was written.
    age_from = func.coalesce(OutboxMail.sent_at, OutboxMail.created_at)
    ids = db.session.scalars(select(OutboxMail.id).where(age_from < cutoff)).all()
    if ids and not dry_run:
        _delete_mails(ids)
    return len(ids)


def _delete_mails(ids) -> None:
    db.session.execute(delete(OutboxAttachment).where(OutboxAttachment.mail_id.in_(ids)))
    db.session.execute(delete(OutboxMail).where(OutboxMail.id.in_(ids)))


def delete_mails_of(ids: list[int]) -> int:
    """Delete the outbox mails sent (or waiting to be sent) to these registrations' people
    about their conference; returns how many."""
    people = db.session.execute(
        select(Registration.email, Registration.conference_id).where(
            Registration.id.in_(ids), Registration.email != ""
        )
    ).all()
    mail_ids = []
    for email, conference_id in people:
        mail_ids.extend(
            db.session.scalars(
                select(OutboxMail.id).where(
                    func.lower(OutboxMail.recipient) == email.lower(),
                    or_(
                        OutboxMail.conference_id == conference_id,
                        OutboxMail.conference_id.is_(None),
                    ),
                )
            )
        )
    if mail_ids:
        _delete_mails(mail_ids)
    return len(mail_ids)


def _extra_steps():
    """Purge steps other features provide (e.g. bank details and receipts of paid claims)."""
    from okconf.features import feature_modules

    steps = []
    for module in feature_modules("retention"):
        steps.extend(getattr(module, "PURGE_STEPS", []))
    return steps
