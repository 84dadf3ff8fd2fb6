"""Publishing the assignment (a mail to each participant), taking it back, and what a
participant sees of their own workshops and tables.

Functions only flush; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.conferences.models import Conference, ProgrammeItem, Workshop
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.workshops.models import AssignmentRun, SeatingScope, TableSeating
from okconf.workshops.services.loading import (
    assignments_of,
    is_published,
    lock,
    participants,
    remove_stale,
    rounds_of,
    run_of,
)


def publish(conference: Conference) -> int:
    """Publish every round's assignment and mail each participant their workshop(s) and
    table(s). Every confirmed participant must have a workshop in every round."""
    from okconf.mail.services import queue_mail

    lock(conference)
    rounds = rounds_of(conference)
    if not rounds:
        raise DomainError(_("The programme has no workshop round."))
    remove_stale(conference)
    people = participants(conference)
    missing = 0
    for round_ in rounds:
        current = assignments_of(round_)
        missing += sum(1 for r in people if r.id not in current)
    if missing:
        raise Conflict(
            _(
                "%(n)d placements are missing: run the assignment or place late registrants first.",
                n=missing,
            )
        )
    now = utcnow()
    for round_ in rounds:
        run = run_of(round_)
        if run is None:
            run = AssignmentRun(conference_id=conference.id, round_id=round_.id)
            db.session.add(run)
        run.published_at = now
    db.session.flush()
    for r in people:
        queue_mail(
            r.email,
            "workshops/email/assignment",
            subject=_("Your workshop at %(title)s", title=conference.title),
            locale=r.locale,
            kind="workshop_assignment",
            conference_id=conference.id,
            registration=r,
            conference=conference,
            placement=placement(r),
            link=participant_link(r),
        )
    audit.record("workshops.publish", conference, participants=len(people))
    return len(people)


def participant_link(registration: Registration) -> str:
    """The participant's own workshop page (their personal link)."""
    from flask import current_app

    from okconf.accounts.links import make_token

    token = make_token("registration", registration.id, registration.link_version)
    return f"{current_app.config['BASE_URL'].rstrip('/')}/anmalan/{token}/workshops"


def unpublish(conference: Conference) -> None:
    for round_ in rounds_of(conference):
        run = run_of(round_)
        if run is not None:
            run.published_at = None
    audit.record("workshops.unpublish", conference)
    db.session.flush()


@dataclass
class Placement:
    """A participant's workshops and tables, for their page and mail."""

    published: bool
    rounds: list[tuple[ProgrammeItem, Workshop | None, int | None]]
    plenary_table: int | None
    open_for_preferences: bool


def placement(registration: Registration) -> Placement:
    conference = registration.conference
    rounds = rounds_of(conference)
    seats = db.session.scalars(
        select(TableSeating).where(TableSeating.registration_id == registration.id)
    ).all()
    plenary = next((s.table_number for s in seats if s.scope is SeatingScope.PLENARY), None)
    by_workshop = {s.workshop_id: s.table_number for s in seats if s.workshop_id}
    rows = []
    for round_ in rounds:
        a = assignments_of(round_).get(registration.id)
        w = a.workshop if a is not None else None
        rows.append((round_, w, by_workshop.get(w.id) if w else None))
    published = is_published(conference)
    return Placement(
        published=published,
        rounds=rows,
        plenary_table=plenary,
        open_for_preferences=bool(rounds)
        and not published
        and registration.status is not RegistrationStatus.CANCELLED,
    )
