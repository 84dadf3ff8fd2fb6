"""The audit log of a conference, for its organisers and admins: who did what and when.

The log is written by every feature through `okconf.audit.record` (a low layer); reading it
needs the staff access and the other features' objects, so the page lives here, above them.
Its blueprint keeps the name "audit" (endpoint `audit.conference_log`)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.privacy import audit_log as services
from okconf.privacy.audit_log_forms import LogFilterForm

bp = Blueprint("audit", __name__)

CONFERENCE_NAV = [
    ("audit.conference_log", _l("Log"), (Role.ORGANISER,)),
]


@bp.route("/staff/konferenser/<int:conference_id>/logg")
@roles_required(Role.ORGANISER)
def conference_log(conference_id: int):
    """The conference's log, newest first, filtered by action, person, dates or object."""
    conference = get_managed_conference(conference_id)
    actions, people = services.choices(conference.id)
    form = LogFilterForm(
        request.args,
        actions=[(a, services.action_label(a)) for a in actions],
        people=people,
    )
    valid = form.validate()
    filters = services.LogFilter()
    if valid:
        filters = services.LogFilter(
            action=form.action.data or "",
            user_id=int(form.person.data) if (form.person.data or "").isdigit() else None,
            since=form.since.data,
            until=form.until.data,
        )
        for kind in ("registration", "claim"):
            if form[kind].data:
                filters.object_type, filters.object_id = kind, form[kind].data
    page = services.log_page(conference.id, filters, form.page.data or 1)
    return render_template(
        "audit/log.html",
        conference=conference,
        form=form,
        filters=filters,
        page=page,
        action_label=services.action_label,
    ), (200 if valid else 400)
