"""Organisers' moderation of notes, the staff wall, and feedback results."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.conferences.access import get_managed_conference
from okconf.conferences.models import Conference
from okconf.db import as_id
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.groupwork import services
from okconf.groupwork.forms import NoteForm
from okconf.groupwork.models import GroupNote, NoteKind
from okconf.vocabulary import Principle, Theme

bp = Blueprint("groupwork_staff", __name__)

CONFERENCE_NAV = [
    ("groupwork_staff.notes", _l("Group notes"), (Role.ORGANISER,), "day"),
    ("groupwork_staff.wall", _l("Open Space wall"), (Role.ORGANISER,), "day"),
    ("groupwork_staff.feedback", _l("Feedback"), (Role.ORGANISER,), "after"),
]


def _note(note_id: int) -> GroupNote:
    note = db.session.get(GroupNote, note_id) or abort(404)
    get_managed_conference(note.conference_id)
    return note


def _public_url(token: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("groupwork.post", token=token)


@bp.route("/staff/konferenser/<int:conference_id>/anteckningar")
@roles_required(Role.ORGANISER)
def notes(conference_id: int):
    """Every note of the conference, with moderation, the public link and its QR code."""
    conference = get_managed_conference(conference_id)
    link = services.note_link(conference)
    db.session.commit()
    return render_template(
        "groupwork/notes.html",
        conference=conference,
        notes=services.notes_of(conference),
        link=link,
        public_url=_public_url(link.token),
    )


@bp.route("/staff/konferenser/<int:conference_id>/anteckningar/qr.svg")
@roles_required(Role.ORGANISER)
def qr(conference_id: int):
    """The QR code of the public note link, to print or show."""
    conference = get_managed_conference(conference_id)
    link = services.note_link(conference)
    db.session.commit()
    import qrcode  # only this page draws a QR code: not imported when the app starts
    import qrcode.image.svg

    image = qrcode.make(_public_url(link.token), image_factory=qrcode.image.svg.SvgPathImage)
    return Response(image.to_string(encoding="unicode"), mimetype="image/svg+xml")


@bp.route("/staff/konferenser/<int:conference_id>/anteckningar/ny-lank", methods=["POST"])
@roles_required(Role.ORGANISER)
def rotate(conference_id: int):
    """Replace the public note link (the old one stops working)."""
    conference = get_managed_conference(conference_id)
    services.rotate_link(conference)
    audit.record("groupwork.link_rotated", conference)
    db.session.commit()
    flash(_("The note link was replaced; the old link no longer works."), "success")
    return redirect(url_for("groupwork_staff.notes", conference_id=conference.id))


@bp.route("/staff/anteckningar/<int:note_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit(note_id: int):
    """Correct a note."""
    note = _note(note_id)
    form = NoteForm(obj=note, workshops=(note.workshop and [note.workshop]) or [])
    if request.method == "GET":
        form.kind.data = note.kind.value
        form.theme.data = note.theme.value
        form.principle.data = note.principle.value if note.principle else ""
    if form.validate_on_submit():

        def save():
            services.edit_note(
                note,
                kind=NoteKind(form.kind.data),
                theme=Theme(form.theme.data),
                text=form.text.data,
                principle=Principle(form.principle.data) if form.principle.data else None,
                group_label=form.group_label.data,
            )
            audit.record("groupwork.note_edited", note)

        if submit(form, save, _("The note was saved."))[0]:
            return redirect(url_for("groupwork_staff.notes", conference_id=note.conference_id))
    status = 422 if form.errors or form.form_errors else 200
    conference = db.session.get(Conference, note.conference_id)  # for the conference menu
    return render_template(
        "groupwork/edit.html", note=note, form=form, conference=conference
    ), status


@bp.route("/staff/anteckningar/<int:note_id>/dolj", methods=["POST"])
@roles_required(Role.ORGANISER)
def hide(note_id: int):
    """Hide a note, or show it again."""
    note = _note(note_id)
    hidden = request.form.get("hidden") == "1"
    services.set_hidden(note, hidden)
    audit.record("groupwork.note_hidden" if hidden else "groupwork.note_shown", note)
    db.session.commit()
    return redirect(url_for("groupwork_staff.notes", conference_id=note.conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/anteckningar/sla-ihop", methods=["POST"])
@roles_required(Role.ORGANISER)
def merge(conference_id: int):
    """Merge the chosen duplicates into the chosen note."""
    conference = get_managed_conference(conference_id)
    target = db.session.get(GroupNote, as_id(request.form.get("target")) or 0)
    ids = [i for i in map(as_id, request.form.getlist("duplicates")) if i is not None]
    duplicates = [n for n in (db.session.get(GroupNote, i) for i in ids) if n is not None]
    if target is None or target.conference_id != conference.id or not duplicates:
        flash(_("Choose the note to keep and at least one duplicate."), "error")
        return redirect(url_for("groupwork_staff.notes", conference_id=conference.id))
    try:
        services.merge_notes(target, [d for d in duplicates if d.id != target.id] or duplicates)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        audit.record("groupwork.notes_merged", target, merged=[d.id for d in duplicates])
        db.session.commit()
        flash(_("The notes were merged."), "success")
    return redirect(url_for("groupwork_staff.notes", conference_id=conference.id))


@bp.route("/staff/anteckningar/<int:note_id>/dela", methods=["POST"])
@roles_required(Role.ORGANISER)
def unmerge(note_id: int):
    """Put a merged note back on the wall."""
    note = _note(note_id)
    services.unmerge(note)
    audit.record("groupwork.note_unmerged", note)
    db.session.commit()
    return redirect(url_for("groupwork_staff.notes", conference_id=note.conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/vagg")
@roles_required(Role.ORGANISER)
def wall(conference_id: int):
    """The wall, for staff."""
    conference = get_managed_conference(conference_id)
    return render_template(
        "groupwork/wall.html",
        conference=conference,
        groups=services.grouped(conference),
        data_url=url_for("groupwork_staff.wall_data", conference_id=conference.id),
        post_token=None,
    )


@bp.route("/staff/konferenser/<int:conference_id>/vagg.json")
@roles_required(Role.ORGANISER)
def wall_data(conference_id: int):
    """The wall's notes as JSON, for staff."""
    return jsonify(services.wall_json(get_managed_conference(conference_id)))


@bp.route("/staff/konferenser/<int:conference_id>/aterkoppling")
@roles_required(Role.ORGANISER)
def feedback(conference_id: int):
    """The feedback results of the conference, per sector."""
    conference = get_managed_conference(conference_id)
    return render_template(
        "groupwork/feedback_results.html",
        conference=conference,
        results=services.feedback_results([conference.id]),
    )


@bp.route("/staff/konferenser/<int:conference_id>/aterkoppling/skicka", methods=["POST"])
@roles_required(Role.ORGANISER)
def send_feedback(conference_id: int):
    """Send the feedback form to everyone who attended (once each)."""
    conference = get_managed_conference(conference_id)
    count = services.send_feedback(conference)
    audit.record("groupwork.feedback_sent", conference, count=count)
    db.session.commit()
    flash(_("The feedback form was queued to %(n)s participants.", n=count), "success")
    return redirect(url_for("groupwork_staff.feedback", conference_id=conference.id))
