"""`flask okconf ask-still-coming`: the daily run that asks participants whether they come."""

from __future__ import annotations

from datetime import date

import click


@click.command("ask-still-coming")
@click.option("--on", "on", default=None, help="Act as if today were this date (YYYY-MM-DD).")
def ask_still_coming(on: str | None) -> None:
    """Ask confirmed participants "Kommer du fortfarande?" where the day to ask has come."""
    from okconf.stillcoming.services import ask_due

    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise click.BadParameter("Write the date as YYYY-MM-DD.", param_hint="--on") from None
    done = ask_due(day)
    if not done:
        click.echo("No conference asks its participants today.")
    for conference, count in done.items():
        click.echo(f"{conference.title}: {count} participants asked")


commands = [ask_still_coming]
