"""The per-conference settings row that several features keep (keyed by conference_id)."""

from __future__ import annotations

from okconf.extensions import db


def conference_row(model, conference, *, add: bool = False, **defaults):
    """A feature's per-conference row (its primary key is conference_id): the stored one, else
    a new one with `defaults`, unsaved unless `add` (then it is added to the session to be
    written)."""
    row = db.session.get(model, conference.id)
    if row is None:
        row = model(conference_id=conference.id, **defaults)
        if add:
            db.session.add(row)
    return row
