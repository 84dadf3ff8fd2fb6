"""Likely duplicate registrations: the same person registered twice (often after mistyping
their address the first time), counted twice for places and catering.

Registrations of one conference are grouped when they have the same name and organisation,
or the same phone number. An organiser either keeps them all (they are different people:
the group is not flagged again) or keeps one and cancels the others without a fee; when the
kept one was waiting and a cancelled one had a place, the kept one takes that place, so the
person loses nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit, signals
from okconf.db import utcnow
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.registration import locking, mails
from okconf.registration.models import DuplicateReview, Registration, RegistrationStatus
from okconf.registration.services import free_place

SAME_NAME = "name"
SAME_PHONE = "phone"


@dataclass
class DuplicateGroup:
    """Registrations that look like one person, and why."""

    reason: str
    registrations: list[Registration]

    @property
    def ids(self) -> list[int]:
        """The registrations' ids, in order of registering."""
        return [r.id for r in self.registrations]


def _fold(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _phone(registration: Registration) -> str:
    """The number's digits, Swedish numbers with the country code (070… = 4670…)."""
    digits = "".join(c for c in registration.phone or "" if c.isdigit())
    if digits.startswith("0") and not digits.startswith("00"):
        digits = "46" + digits[1:]
    return digits.removeprefix("00")


def _organisation(registration: Registration) -> str:
    if registration.organisation_id is not None:
        return f"#{registration.organisation_id}"
    return _fold(registration.organisation_name)


def likely_duplicates(conference_id: int) -> list[DuplicateGroup]:
    """The conference's groups of active registrations that look like one person, unless an
    organiser has kept every one of them."""
    active = db.session.scalars(
        select(Registration)
        .where(
            Registration.conference_id == conference_id,
            Registration.status != RegistrationStatus.CANCELLED,
            Registration.anonymised_at.is_(None),
        )
        .order_by(Registration.created_at, Registration.id)
    ).all()
    reviewed = set(
        db.session.scalars(
            select(DuplicateReview.registration_id)
            .join(Registration, Registration.id == DuplicateReview.registration_id)
            .where(Registration.conference_id == conference_id)
        )
    )
    by_name, by_phone = defaultdict(list), defaultdict(list)
    for registration in active:
        name = (_fold(registration.first_name), _fold(registration.last_name))
        if any(name):
            by_name[(*name, _organisation(registration))].append(registration)
        if len(phone := _phone(registration)) >= 7:
            by_phone[phone].append(registration)
    groups, seen = [], set()
    for reason, buckets in ((SAME_NAME, by_name), (SAME_PHONE, by_phone)):
        for members in buckets.values():
            ids = frozenset(r.id for r in members)
            if len(members) < 2 or ids in seen or ids <= reviewed:
                continue
            seen.add(ids)
            groups.append(DuplicateGroup(reason, members))
    return groups


def flagged_ids(conference_id: int) -> set[int]:
    """The registrations that are in some group of likely duplicates."""
    return {r.id for group in likely_duplicates(conference_id) for r in group.registrations}


def _active(conference_id: int, ids: list[int]) -> list[Registration]:
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.id.in_(ids),
            Registration.conference_id == conference_id,
            Registration.status != RegistrationStatus.CANCELLED,
        )
    ).all()
    if len(registrations) != len(set(ids)):
        raise Conflict(_("The list has changed meanwhile: look at it again."))
    return list(registrations)


def keep_all(conference_id: int, ids: list[int], user) -> None:
    """They are different people: do not flag them again."""
    registrations = _active(conference_id, ids)
    for registration in registrations:
        if db.session.get(DuplicateReview, registration.id) is None:
            db.session.add(DuplicateReview(registration_id=registration.id, reviewed_by_id=user.id))
    db.session.flush()
    audit.record(
        "registration.duplicates_kept",
        conference_id=conference_id,
        registrations=sorted(r.id for r in registrations),
    )


def keep_one(keep: Registration, others: list[int]) -> list[Registration]:
    """Keep one registration and cancel the others without a fee; no place is lost.

    Returns the people given a freed place from the waiting list.
    """
    others = [i for i in dict.fromkeys(others) if i != keep.id]
    if not others:
        raise Conflict(_("Choose which registrations are duplicates."))
    locking.lock_conference(keep.conference_id)
    db.session.refresh(keep)
    if keep.status is RegistrationStatus.CANCELLED:
        raise Conflict(_("This registration is already cancelled."))
    duplicates = _active(keep.conference_id, others)
    for duplicate in duplicates:
        db.session.refresh(duplicate)
    had_place = any(d.status is RegistrationStatus.CONFIRMED for d in duplicates)
    moved_up = had_place and keep.status is RegistrationStatus.WAITING
    if moved_up:
        keep.status = RegistrationStatus.CONFIRMED
        keep.waiting_since = None
    now = utcnow()
    for duplicate in duplicates:
        was = duplicate.status
        duplicate.status = RegistrationStatus.CANCELLED
        duplicate.waiting_since = None
        duplicate.cancelled_at = now
        duplicate.late_cancellation = False
        duplicate.cancellation_fee_ore = 0
        audit.record(
            "registration.cancelled",
            duplicate,
            status_before=was.value,
            late=False,
            fee_ore=0,
            duplicate_of=keep.id,
        )
    db.session.flush()
    audit.record(
        "registration.duplicates_merged",
        keep,
        cancelled=[d.id for d in duplicates],
        moved_up=moved_up,
    )
    for duplicate in duplicates:
        signals.registration_cancelled.send(duplicate)
    if moved_up:
        mails.send_promoted(keep)
        signals.registration_promoted.send(keep)
    # Places freed beyond the one the kept registration took go to the queue.
    return free_place(keep.conference) if had_place else []
