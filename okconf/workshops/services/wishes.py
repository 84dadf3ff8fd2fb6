"""Participants' ranked workshop wishes, saved through their personal link."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete

from okconf import audit
from okconf.errors import DomainError, NotAllowed
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.workshops.models import WorkshopPreference
from okconf.workshops.services.loading import is_published, rounds_of, workshops_of


def save_preferences(registration: Registration, ranking_by_round: dict[int, list[int]]) -> None:
    """Replace a participant's ranked wishes (workshop ids per round, first wish first)."""
    conference = registration.conference
    if is_published(conference):
        raise NotAllowed(_("The workshops have been assigned; wishes can no longer be changed."))
    if registration.status is RegistrationStatus.CANCELLED:
        raise NotAllowed(_("The registration is cancelled."))
    rounds = {r.id: r for r in rounds_of(conference)}
    for round_id, ranking in ranking_by_round.items():
        round_ = rounds.get(round_id)
        if round_ is None:
            raise DomainError(_("Unknown workshop round."))
        valid = {w.id for w in workshops_of(round_)}
        if len(set(ranking)) != len(ranking):
            raise DomainError(_("Choose each workshop only once."), field=f"round_{round_id}")
        if not set(ranking) <= valid:
            raise DomainError(_("Choose a workshop of this round."), field=f"round_{round_id}")
        ids = [w.id for w in workshops_of(round_, include_cancelled=True)]
        db.session.execute(
            delete(WorkshopPreference).where(
                WorkshopPreference.registration_id == registration.id,
                WorkshopPreference.workshop_id.in_(ids),
            )
        )
        for rank, wid in enumerate(ranking, start=1):
            db.session.add(
                WorkshopPreference(registration_id=registration.id, workshop_id=wid, rank=rank)
            )
    db.session.flush()
    audit.record("workshops.preferences", registration, actor="participant")
