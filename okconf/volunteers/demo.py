"""A door volunteer's check-in link for the upcoming conference (its token is not kept)."""

from __future__ import annotations

from sqlalchemy import select

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.volunteers import services
from okconf.volunteers.models import CheckinLink


def load(ctx) -> None:
    conference = db.session.scalars(
        select(Conference).order_by(Conference.date.desc()).limit(1)
    ).first()
    if conference is None:
        return
    exists = db.session.scalar(
        select(CheckinLink.id).where(CheckinLink.conference_id == conference.id)
    )
    if exists is None:
        services.create_link(conference, label="Entrén, Kim", hours=168, show_needs=False)
