"""Public pages of a published conference (the invitation, its PDF and calendar files) and
the feeds of upcoming conferences for the hosts' websites and calendars."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from okconf.accounts.access import public
from okconf.conferences import printing, services
from okconf.conferences.blueprint import bp
from okconf.conferences.models import Series
from okconf.extensions import db


def registration_link_available() -> bool:
    """Whether the registration feature's form exists in this app."""
    return "registration.register" in current_app.view_functions


def render_public_page(conference, preview: bool = False):
    """The invitation page (for staff also as a preview of a draft)."""
    return render_template(
        "conferences/public_show.html",
        conference=conference,
        state=services.registration_state(conference),
        can_link_registration=registration_link_available(),
        preview=preview,
    )


def _published(slug: str):
    conference = services.published_conference(slug)
    if conference is None:
        abort(404)
    return conference


@bp.route("/konferens/<slug>")
@public
def public_show(slug: str):
    """The conference's public page, which reads as its invitation."""
    return render_public_page(_published(slug))


@bp.route("/konferens/<slug>/inbjudan.pdf")
@public
def public_pdf(slug: str):
    """The invitation and programme as a PDF."""
    conference = _published(slug)
    return Response(
        printing.invitation_pdf(conference),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="inbjudan-{conference.slug}.pdf"'},
    )


def _ics_response(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/konferens/<slug>/konferens.ics")
@public
def public_ics(slug: str):
    """The conference as a calendar event."""
    conference = _published(slug)
    if conference.date is None:
        abort(404)
    from okconf.conferences import calendar  # icalendar only where calendar files are made

    return _ics_response(calendar.conference_ics(conference), f"{conference.slug}.ics")


@bp.route("/konferens/<slug>/program.ics")
@public
def public_programme_ics(slug: str):
    """Every programme slot as a calendar event."""
    conference = _published(slug)
    if conference.date is None:
        abort(404)
    from okconf.conferences import calendar

    return _ics_response(calendar.programme_ics(conference), f"{conference.slug}-program.ics")


FEED_MAX_AGE = 300  # seconds a host's site or calendar may keep a feed before asking again


def _feed_response(body, mimetype: str, conferences, filename: str | None = None) -> Response:
    from okconf.conferences import feeds

    response = Response(body, mimetype=mimetype)
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    # Public facts only: any host site may read them, also from its visitors' browsers.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    modified = feeds.last_modified(conferences)
    if modified is not None:
        response.last_modified = modified
    response.add_etag()
    return response.make_conditional(request)


def _feed_title(series=None) -> str:
    if series is not None:
        return _("%(series)s – conferences", series=series.name)
    return _("Regional conferences on the integration agreement")


def _series(series_id: int):
    series = db.session.get(Series, series_id)
    if series is None:
        abort(404)
    return series


def _ics_feed(series=None):
    from okconf.conferences import feeds  # icalendar: only when a feed is asked for

    conferences = feeds.upcoming(series)
    name = "konferenser.ics" if series is None else f"serie-{series.id}.ics"
    body = feeds.feed_ics(conferences, _feed_title(series))
    return _feed_response(body, "text/calendar", conferences, name)


def _json_feed(series=None):
    from okconf.conferences import feeds

    conferences = feeds.upcoming(series)
    links = feeds.feed_links(series)
    body = feeds.feed_json(
        conferences,
        title=_feed_title(series),
        home=url_for("main.index", _external=True),
        feed_url=links["json"],
    )
    return _feed_response(
        json.dumps(body, ensure_ascii=False), "application/feed+json", conferences
    )


@bp.route("/konferenser.ics")
@public
def feed_ics():
    """Every upcoming published conference as a calendar to subscribe to."""
    return _ics_feed()


@bp.route("/konferenser.json")
@public
def feed_json():
    """Every upcoming published conference as a JSON Feed, for a host's website to list."""
    return _json_feed()


@bp.route("/serie/<int:series_id>/konferenser.ics")
@public
def series_feed_ics(series_id: int):
    """One series' upcoming conferences as a calendar to subscribe to."""
    return _ics_feed(_series(series_id))


@bp.route("/serie/<int:series_id>/konferenser.json")
@public
def series_feed_json(series_id: int):
    """One series' upcoming conferences as a JSON Feed."""
    return _json_feed(_series(series_id))
