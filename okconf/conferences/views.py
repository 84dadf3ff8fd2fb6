"""Public conference pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from okconf.accounts.access import public
from okconf.conferences.models import Conference, ConferenceState
from okconf.extensions import db

bp = Blueprint("conferences", __name__)


@bp.route("/konferens/<slug>")
@public
def public_show(slug: str):
    """The conference's public page, which reads as its invitation."""
    conference = db.session.scalar(select(Conference).where(Conference.slug == slug))
    if conference is None or conference.state is not ConferenceState.PUBLISHED:
        abort(404)
    return render_template("conferences/public_show.html", conference=conference)
