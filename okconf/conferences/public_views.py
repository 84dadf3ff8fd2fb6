"""Public pages of a published conference: the invitation, its PDF and calendar files."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template

from okconf.accounts.access import public
from okconf.conferences import printing, services
from okconf.conferences.blueprint import bp


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
