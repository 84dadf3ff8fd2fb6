"""`flask okconf send-feedback <conference>`."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from okconf.extensions import db


@click.command("send-feedback")
@click.argument("conference")
def send_feedback(conference: str) -> None:
    """Queue the feedback form to everyone who attended CONFERENCE (its slug or id)."""
    from okconf import audit
    from okconf.conferences.models import Conference
    from okconf.groupwork.services import send_feedback as send

    query = select(Conference).where(Conference.slug == conference)
    found = db.session.scalar(query)
    if found is None and conference.isdigit():
        found = db.session.get(Conference, int(conference))
    if found is None:
        raise click.ClickException(f"No conference {conference!r}.")
    # The templates' context processors expect a request (an anonymous one will do).
    with current_app.test_request_context():
        count = send(found)
    audit.record("groupwork.feedback_sent", found, actor="flask okconf send-feedback", count=count)
    db.session.commit()
    click.echo(f"Feedback form queued to {count} participants of {found.slug}.")


commands = [send_feedback]
