"""The programme editor: time slots, speakers, the moderator, and workshops."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from okconf import undo
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import act_and_go, submit
from okconf.conferences import programme
from okconf.conferences.access import get_managed_conference
from okconf.conferences.blueprint import bp
from okconf.conferences.forms import ConfirmForm, ModeratorForm, ProgrammeItemForm, WorkshopForm
from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
from okconf.db import as_id
from okconf.errors import Conflict, DomainError, apply_to_form
from okconf.extensions import db
from okconf.formatting import format_date, format_time
from okconf.vocabulary import Theme

bp.add_app_template_global(undo.pending, "pending_undo")


def _programme_url(conference_id: int) -> str:
    return url_for("conferences.staff_programme", conference_id=conference_id)


def _item(conference, item_id: int) -> ProgrammeItem:
    item = db.session.get(ProgrammeItem, item_id)
    if item is None or item.conference_id != conference.id:
        abort(404)
    return item


def _workshop(conference, workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.conference_id != conference.id:
        abort(404)
    return workshop


@bp.route("/staff/konferenser/<int:conference_id>/program", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_programme(conference_id: int):
    """The programme with its slots and workshops; the moderator form posts here."""
    conference = get_managed_conference(conference_id)
    form = ModeratorForm(obj=conference)
    if form.validate_on_submit():
        programme.set_moderator(conference, form.moderator.data)
        db.session.commit()
        flash(_("The moderator was saved."), "success")
        return redirect(_programme_url(conference_id))
    programme.load_programme(conference)
    warnings = [
        w for item in conference.programme for w in programme.item_warnings(conference, item)
    ]
    return render_template(
        "conferences/staff_programme.html",
        conference=conference,
        form=form,
        warnings=warnings,
        rounds=programme.workshop_rounds(conference),
    )


def _item_form_view(conference, item: ProgrammeItem | None):
    form = ProgrammeItemForm(obj=item)
    if conference.several_days:
        days = conference.days
        form.day.choices = [
            SelectChoice(n, _("Day %(number)s, %(date)s", number=n, date=format_date(day, "long")))
            for n, day in enumerate(days, start=1)
        ]
        if not form.is_submitted():  # a slot on a day the conference no longer has: its last
            form.day.data = min(form.day.data or 1, len(days))
    else:
        del form.day  # one day: every slot is on it
    if item is not None and not form.is_submitted():
        form.speakers.data = programme.speakers_text(item)
        form.kind.data = item.kind.value
    if form.validate_on_submit():
        try:
            saved = programme.save_item(
                conference,
                item,
                kind=ItemKind(form.kind.data),
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                title=form.title.data,
                description=form.description.data or "",
                speakers=programme.parse_speakers(form.speakers.data or ""),
                show_time=form.show_time.data,
                day=form.day.data if conference.several_days else 1,
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            for warning in programme.item_warnings(conference, saved):
                flash(warning, "warning")
            db.session.commit()
            flash(_("The programme was saved."), "success")
            return redirect(_programme_url(conference.id))
    return render_template(
        "conferences/staff_item_form.html", conference=conference, form=form, item=item
    )


@bp.route("/staff/konferenser/<int:conference_id>/program/nytt", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_item_new(conference_id: int):
    """Add a time slot."""
    return _item_form_view(get_managed_conference(conference_id), None)


@bp.route("/staff/konferenser/<int:conference_id>/program/<int:item_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_item_edit(conference_id: int, item_id: int):
    """Change a time slot."""
    conference = get_managed_conference(conference_id)
    return _item_form_view(conference, _item(conference, item_id))


@bp.route(
    "/staff/konferenser/<int:conference_id>/program/<int:item_id>/ta-bort", methods=["GET", "POST"]
)
@roles_required(Role.ORGANISER)
def staff_item_delete(conference_id: int, item_id: int):
    """Delete a time slot: a page asks first; the programme page then offers to undo."""
    conference = get_managed_conference(conference_id)
    item = _item(conference, item_id)
    if request.method == "GET" or not ConfirmForm().validate_on_submit():
        return _confirm_page(
            conference,
            heading=_("Delete “%(title)s”?", title=item.title),
            details=_item_details(item),
            consequence=(
                _("The slot is deleted from the programme, also on the public page.")
                if not item.workshops
                else _("Delete or move this block's workshops before deleting the block.")
            ),
            button=None if item.workshops else _("Delete the slot"),
            action=url_for(".staff_item_delete", conference_id=conference.id, item_id=item.id),
        )
    snapshot = programme.item_snapshot(item)
    try:
        programme.delete_item(item)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        offered = undo.offer(
            "programme_item",
            _("“%(title)s” was deleted.", title=snapshot["title"]),
            url_for(".staff_item_restore", conference_id=conference_id),
            snapshot,
        )
        if not offered:
            flash(_("The slot was deleted."), "success")
    return redirect(_programme_url(conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/program/angra", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_item_restore(conference_id: int):
    """Undo the deletion of a slot."""
    conference = get_managed_conference(conference_id)
    snapshot = undo.take("programme_item") if ConfirmForm().validate_on_submit() else None

    def restore():
        if snapshot is None:
            raise Conflict(_("There is nothing to undo."))
        return programme.restore_item(conference, snapshot)

    return act_and_go(
        restore,
        lambda item: _("“%(title)s” is back in the programme.", title=item.title),
        _programme_url(conference_id),
    )


def _item_details(item: ProgrammeItem) -> list[str]:
    """What the confirmation page shows of a slot."""
    when = format_time(item.starts_at) + (f"–{format_time(item.ends_at)}" if item.ends_at else "")
    details = [f"{when} {item.title}"]
    if item.speakers:
        details.append(_("Speakers: %(names)s", names=", ".join(s.name for s in item.speakers)))
    return details


def _confirm_page(conference, **context):
    """The shared confirmation page, with a way back to the programme."""
    return render_template(
        "macros/confirm.html",
        back_url=_programme_url(conference.id),
        back_label=_("Programme: %(title)s", title=conference.title),
        **context,
    )


@bp.route("/staff/konferenser/<int:conference_id>/program/<int:item_id>/flytta", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_item_move(conference_id: int, item_id: int):
    """Move a slot up or down among slots that start at the same time."""
    conference = get_managed_conference(conference_id)
    direction = -1 if request.form.get("direction") == "up" else 1
    item = _item(conference, item_id)
    return act_and_go(
        lambda: programme.move_item(item, direction), None, _programme_url(conference_id)
    )


def _workshop_form_view(conference, workshop: Workshop | None):
    rounds = programme.workshop_rounds(conference)
    if not rounds:
        flash(_("Add a slot of the kind “Parallel workshops” first."), "error")
        return redirect(_programme_url(conference.id))
    form = WorkshopForm(obj=workshop)
    form.round_id.choices = [
        SelectChoice(r.id, f"{format_time(r.starts_at)} {r.title}") for r in rounds
    ]
    if not form.is_submitted():
        if workshop is not None:
            form.theme.data = workshop.theme.value if workshop.theme else ""
        else:
            form.round_id.data = request.args.get("round", type=int) or rounds[0].id
    if form.validate_on_submit():
        round_id = as_id(form.round_id.data)
        round_item = db.session.get(ProgrammeItem, round_id) if round_id else None

        def save():
            if round_item is None:
                raise DomainError(_("Choose a workshop block of this conference."), "round_id")
            programme.save_workshop(
                conference,
                workshop,
                round_item=round_item,
                title=form.title.data,
                theme=Theme(form.theme.data) if form.theme.data else None,
                description=form.description.data or "",
                inspirers=form.inspirers.data or "",
                room=form.room.data or "",
                capacity=form.capacity.data,
            )

        if submit(form, save, _("The workshop was saved."))[0]:
            return redirect(_programme_url(conference.id))
    return render_template(
        "conferences/staff_workshop_form.html", conference=conference, form=form, workshop=workshop
    )


@bp.route("/staff/konferenser/<int:conference_id>/workshops/ny", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_workshop_new(conference_id: int):
    """Add a workshop to a workshop block."""
    return _workshop_form_view(get_managed_conference(conference_id), None)


@bp.route(
    "/staff/konferenser/<int:conference_id>/workshops/<int:workshop_id>", methods=["GET", "POST"]
)
@roles_required(Role.ORGANISER)
def staff_workshop_edit(conference_id: int, workshop_id: int):
    """Change a workshop."""
    conference = get_managed_conference(conference_id)
    return _workshop_form_view(conference, _workshop(conference, workshop_id))


@bp.route(
    "/staff/konferenser/<int:conference_id>/workshops/<int:workshop_id>/ta-bort",
    methods=["GET", "POST"],
)
@roles_required(Role.ORGANISER)
def staff_workshop_delete(conference_id: int, workshop_id: int):
    """Delete a workshop, after a page that says what goes with it."""
    conference = get_managed_conference(conference_id)
    workshop = _workshop(conference, workshop_id)
    if request.method == "GET" or not ConfirmForm().validate_on_submit():
        return _confirm_page(
            conference,
            heading=_("Delete the workshop “%(title)s”?", title=workshop.title),
            details=[workshop.round.title] if workshop.round else [],
            consequence=_(
                "Participants' wishes and placements for it are deleted with it; this cannot "
                "be undone. To keep them, cancel the workshop on the workshops page instead."
            ),
            button=_("Delete the workshop"),
            action=url_for(
                ".staff_workshop_delete", conference_id=conference.id, workshop_id=workshop.id
            ),
        )
    programme.delete_workshop(workshop)
    db.session.commit()
    flash(_("The workshop was deleted."), "success")
    return redirect(_programme_url(conference_id))
