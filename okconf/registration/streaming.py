"""The stream link shortly before the start: `flask okconf send-stream-links`, run from cron.

Once per person: the command claims the confirmed online participants who have not had the
mail yet with one UPDATE ... WHERE stream_link_sent_at IS NULL ... RETURNING, and queues their
mails in the same transaction. A second run at the same moment waits on PostgreSQL for the
rows the first one claimed (READ COMMITTED re-reads them after its commit, finds them sent and
skips them); on SQLite the second writer waits for the first's commit. Nobody gets two, and
on-site participants, the waiting list and the cancelled are never claimed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import click
from flask import current_app
from sqlalchemy import select, update

from okconf import audit
from okconf.clock import STOCKHOLM
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.extensions import db
from okconf.registration import mails
from okconf.registration.models import Attendance, Registration, RegistrationStatus


def starts_at(conference: Conference) -> datetime | None:
    """When the conference starts, in Stockholm (the day's start when no time is given)."""
    if conference.date is None:
        return None
    return datetime.combine(conference.date, conference.start_time or time(0, 0), STOCKHOLM)


def due_conferences(now: datetime) -> list[Conference]:
    """Conferences with online places and a stream link, starting within the configured
    hours (STREAM_LINK_HOURS_BEFORE) and not yet over."""
    hours = float(current_app.config["STREAM_LINK_HOURS_BEFORE"])
    candidates = db.session.scalars(
        select(Conference).where(
            Conference.online_capacity.is_not(None),
            Conference.stream_url != "",
            Conference.cancelled_at.is_(None),
            Conference.date.is_not(None),
            Conference.date >= (now.astimezone(STOCKHOLM).date() - timedelta(days=1)),
        )
    ).all()
    due = []
    for conference in candidates:
        start = starts_at(conference)
        end = datetime.combine(conference.date, conference.end_time or time(23, 59), STOCKHOLM)
        if start - timedelta(hours=hours) <= now < end:
            due.append(conference)
    return due


def send_stream_links(conference: Conference) -> int:
    """Queue the stream link for every confirmed online participant who has not had it."""
    claimed = db.session.scalars(
        update(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.attendance == Attendance.ONLINE,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.stream_link_sent_at.is_(None),
            Registration.anonymised_at.is_(None),
            Registration.email != "",
        )
        .values(stream_link_sent_at=utcnow(), updated_at=Registration.updated_at)
        .returning(Registration.id)
        .execution_options(synchronize_session=False)
    ).all()
    for registration_id in sorted(claimed):
        mails.send_stream_link(db.session.get(Registration, registration_id))
    if claimed:
        audit.record(
            "registration.stream_links_sent",
            conference,
            actor="flask okconf send-stream-links",
            recipients=len(claimed),
        )
    db.session.flush()
    return len(claimed)


@click.command("send-stream-links")
@click.option(
    "--at",
    "at",
    default=None,
    help="Act as if it were this moment (YYYY-MM-DDTHH:MM, Stockholm time); default now.",
)
def send_stream_links_command(at: str | None) -> None:
    """Mail the stream link to online participants shortly before the start (once each)."""
    try:
        now = (
            datetime.fromisoformat(at).replace(tzinfo=STOCKHOLM) if at else datetime.now(STOCKHOLM)
        )
    except ValueError:
        raise click.BadParameter(
            "Write the moment as YYYY-MM-DDTHH:MM.", param_hint="--at"
        ) from None
    conferences = due_conferences(now)
    if not conferences:
        click.echo("No conference with online participation starts soon.")
    for conference_id in [c.id for c in conferences]:
        conference = db.session.get(Conference, conference_id)
        count = send_stream_links(conference)
        db.session.commit()
        click.echo(f"{conference.title}: stream link queued for {count} participant(s)")
