"""Conferences' receivers of other features' signals (imported when the app is made)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf import signals
from okconf.conferences.models import conference_hosts
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.organisations.models import Organisation


@signals.organisation_deleting.connect
def refuse_to_delete_a_host(organisation: Organisation, **_kwargs) -> None:
    """An organisation that hosts a conference stays until it is removed from the hosts."""
    hosting = db.session.scalar(
        select(func.count())
        .select_from(conference_hosts)
        .where(conference_hosts.c.organisation_id == organisation.id)
    )
    if hosting:
        raise Conflict(
            _(
                "%(name)s hosts a conference. Remove it from the conference's hosts first.",
                name=organisation.name,
            )
        )
