"""The organisers' page of likely duplicate registrations: keep them all, or keep one."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import act
from okconf.conferences.access import get_managed_conference
from okconf.db import as_id
from okconf.registration import duplicates
from okconf.registration.public_views import bp
from okconf.registration.staff_views import _managed_registration

organiser = roles_required(Role.ORGANISER)


def _ids(name: str) -> list[int]:
    return [i for i in map(as_id, request.form.getlist(name)) if i is not None]


@bp.route("/staff/konferenser/<int:conference_id>/anmalningar/dubbletter")
@organiser
def staff_duplicates(conference_id: int):
    """Groups of registrations that look like one person registered twice."""
    conference = get_managed_conference(conference_id)
    return render_template(
        "registration/staff_duplicates.html",
        conference=conference,
        groups=duplicates.likely_duplicates(conference.id),
        form=FlaskForm(),
    )


@bp.route(
    "/staff/konferenser/<int:conference_id>/anmalningar/dubbletter/behall-alla", methods=["POST"]
)
@organiser
def staff_duplicates_keep_all(conference_id: int):
    """Not duplicates: keep every registration of the group and stop flagging it."""
    from flask_login import current_user

    conference = get_managed_conference(conference_id)
    form = FlaskForm()
    if form.validate_on_submit():
        act(
            lambda: duplicates.keep_all(conference.id, _ids("registration"), current_user),
            _("The registrations were kept as different people."),
        )
    return redirect(url_for("registration.staff_duplicates", conference_id=conference.id))


@bp.route("/staff/anmalningar/<int:registration_id>/behall-bara", methods=["POST"])
@organiser
def staff_duplicates_keep_one(registration_id: int):
    """Keep this registration; cancel the others of its group without a fee."""
    keep = _managed_registration(registration_id)
    form = FlaskForm()
    if form.validate_on_submit():
        act(
            lambda: duplicates.keep_one(keep, _ids("duplicate")),
            lambda _done: _(
                "%(name)s was kept; the duplicates were cancelled without a fee.",
                name=keep.full_name,
            ),
        )
    return redirect(url_for("registration.staff_duplicates", conference_id=keep.conference_id))
