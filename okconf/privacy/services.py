"""Participants' rights: a copy of everything held about them, and erasure."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum

from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.db import utcnow
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.features import feature_modules
from okconf.privacy.models import ErasureLedgerEntry, ErasureRequest, ErasureState
from okconf.privacy.retention import anonymise
from okconf.registration.models import Registration


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def personal_data(registration: Registration) -> dict:
    """Everything okconf holds about the person behind a registration, as plain JSON data."""
    columns = {
        column.key: _plain(getattr(registration, column.key))
        for column in Registration.__table__.columns
    }
    conference = registration.conference
    data = {
        "registration": columns,
        "conference": {
            "id": conference.id,
            "title": conference.title,
            "date": _plain(conference.date),
            "town": conference.town,
        },
        "dietary_needs": sorted(d.diet.value for d in registration.diets),
    }
    for module in feature_modules("personal_data"):
        collect = getattr(module, "collect", None)
        if collect is not None:
            data.update(collect(registration))
    return data


def request_erasure(registration: Registration) -> ErasureRequest:
    """Record that the participant wants their data erased (once; asking again is harmless)."""
    existing = db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.registration_id == registration.id,
            ErasureRequest.state == ErasureState.PENDING,
        )
    )
    if existing is not None:
        return existing
    erasure = ErasureRequest(
        registration_id=registration.id, conference_id=registration.conference_id
    )
    db.session.add(erasure)
    db.session.flush()
    audit.record("privacy.erasure_requested", erasure, actor="participant")
    return erasure


def erase_registration(registration: Registration, *, ledger: bool = True) -> list[str]:
    """Erase one person's registration: each feature's part, their mails, then their name.

    Returns what was kept and why. Writes an entry in the erasure ledger (ids only), so that
    restoring an older backup makes this erasure again.
    """
    kept = []
    for module in feature_modules("personal_data"):
        erase = getattr(module, "erase", None)
        if erase is not None:
            note = erase(registration)
            if note:
                kept.append(note)
    anonymise([registration.id])
    if ledger:
        db.session.add(
            ErasureLedgerEntry(
                registration_id=registration.id, conference_id=registration.conference_id
            )
        )
    return kept


def complete_erasure(erasure: ErasureRequest, user) -> ErasureRequest:
    """Erase the person's data; what the law requires (accounting) is kept and said so."""
    if erasure.state is ErasureState.COMPLETED:
        raise Conflict(_("This erasure request has already been completed."))
    kept = []
    registration = erasure.registration
    if registration is not None:
        kept = erase_registration(registration)
    erasure.state = ErasureState.COMPLETED
    erasure.completed_at = utcnow()
    erasure.completed_by_id = user.id
    erasure.outcome = "\n".join(kept)
    audit.record("privacy.erasure_completed", erasure, kept=kept)
    db.session.flush()
    return erasure


def read_ledger() -> list[tuple[int, int | None, datetime]]:
    """The erasure ledger as plain tuples (registration, conference, when), to outlive a restore."""
    return [
        (entry.registration_id, entry.conference_id, entry.erased_at)
        for entry in db.session.scalars(select(ErasureLedgerEntry).order_by(ErasureLedgerEntry.id))
    ]


def reapply_erasures(ledger: list[tuple[int, int | None, datetime]]) -> list[int]:
    """After a restore: make again every erasure of the ledger the restored data predates.

    Puts the missing ledger entries back and returns the registrations erased again.
    """
    known = {entry[0] for entry in read_ledger()}
    again = []
    for registration_id, conference_id, erased_at in ledger:
        if registration_id not in known:
            db.session.add(
                ErasureLedgerEntry(
                    registration_id=registration_id,
                    conference_id=conference_id,
                    erased_at=erased_at,
                )
            )
            known.add(registration_id)
        registration = db.session.get(Registration, registration_id)
        if registration is None or registration.anonymised_at is not None:
            continue
        kept = erase_registration(registration, ledger=False)
        for erasure in db.session.scalars(
            select(ErasureRequest).where(
                ErasureRequest.registration_id == registration_id,
                ErasureRequest.state == ErasureState.PENDING,
            )
        ):
            erasure.state = ErasureState.COMPLETED
            erasure.completed_at = erased_at
            erasure.outcome = "\n".join(kept)
        again.append(registration_id)
    if again:
        audit.record(
            "privacy.erasures_reapplied", actor="flask okconf restore", registrations=again
        )
    db.session.flush()
    return again
