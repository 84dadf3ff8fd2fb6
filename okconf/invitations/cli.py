"""`flask okconf send-reminders`: the daily reminders (invitees who have not registered, and
other features' reminders, such as the messages feature's reminder before the day)."""

from __future__ import annotations

from datetime import date

import click

from okconf import audit
from okconf.extensions import db


@click.command("send-reminders")
@click.option(
    "--on",
    "on",
    default=None,
    help="Act as if today were this date (YYYY-MM-DD); default today in Stockholm.",
)
def send_reminders(on: str | None) -> None:
    """Remind invitees who have not registered, once, when the deadline is near."""
    from okconf.invitations.services import send_due_reminders

    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise click.BadParameter("Write the date as YYYY-MM-DD.", param_hint="--on") from None
    sent = send_due_reminders(day)
    for conference, count in sent.items():
        audit.record(
            "invitations.reminded", conference, actor="flask okconf send-reminders", reminded=count
        )
    db.session.commit()
    if not sent:
        click.echo("No conference has its registration deadline near.")
    for conference, count in sent.items():
        click.echo(f"{conference.title}: {count} reminders queued")
    # Other features' daily reminders (the messages feature's reminder before the day).
    from okconf.conferences.services import today
    from okconf.features import feature_modules

    for module in feature_modules("reminders"):
        for step in getattr(module, "REMINDER_STEPS", []):
            for line in step(day or today()):
                click.echo(line)


commands = [send_reminders]
