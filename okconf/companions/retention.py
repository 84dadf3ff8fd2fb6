"""Retention of companions: their diets and needs go when the participants' do, the rest
when the participants are anonymised (the purge has just done that when this step runs)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update

from okconf.companions.models import Companion
from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.registration.models import Registration


def _sensitive_due(on: date) -> list[int]:
    """Conferences whose sensitive data is due for erasure on this day."""
    from okconf.privacy.retention import _due, periods

    conferences = db.session.scalars(select(Conference).where(Conference.date.is_not(None)))
    return [c.id for c in conferences if _due(c, periods(c).sensitive_days, on)]


def purge_companions(on: date, dry_run: bool) -> tuple[str, int]:
    """Delete the companions of anonymised participants; blank the diets and needs of
    companions whose conference's sensitive data is due. Returns how many companions."""
    of_anonymised = select(Registration.id).where(Registration.anonymised_at.is_not(None))
    gone = db.session.scalars(
        select(Companion.id).where(Companion.registration_id.in_(of_anonymised))
    ).all()
    due = _sensitive_due(on)
    sensitive = []
    if due:
        sensitive = db.session.scalars(
            select(Companion.id)
            .join(Registration, Registration.id == Companion.registration_id)
            .where(
                Registration.conference_id.in_(due),
                (Companion.diets != "") | (Companion.diet_other != "") | (Companion.needs != ""),
                Companion.id.not_in(gone) if gone else Companion.id.is_not(None),
            )
        ).all()
    if not dry_run:
        if gone:
            # Their places: an anonymised registration's companion no longer comes.
            db.session.execute(
                update(Registration)
                .where(Registration.id.in_(of_anonymised), Registration.companion_places != 0)
                .values(companion_places=0)
                .execution_options(synchronize_session=False)
            )
            db.session.execute(delete(Companion).where(Companion.id.in_(gone)))
        if sensitive:
            db.session.execute(
                update(Companion)
                .where(Companion.id.in_(sensitive))
                .values(diets="", diet_other="", needs="")
                .execution_options(synchronize_session=False)
            )
    return "companions", len(gone) + len(sensitive)


PURGE_STEPS = [purge_companions]
