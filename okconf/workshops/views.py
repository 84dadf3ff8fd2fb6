"""Organisers' workshop actions (run, move, lock, cancel, tables, publish, print, export), and
participants' wishes through their link.

Long because: every workshop route that changes something lives on this one blueprint module
(the read-only pages are in pages.py, the rules in services/); each route is a short view.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from okconf import audit
from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.actions import act
from okconf.conferences.access import get_managed_conference
from okconf.conferences.models import ProgrammeItem, Workshop
from okconf.db import as_id
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.registration.models import Registration
from okconf.registration.services import current_registration_or_404
from okconf.security import local_path
from okconf.workshops.forms import (
    ActionForm,
    LockForm,
    MoveForm,
    RunForm,
    TableMoveForm,
    TablesForm,
    preference_form,
)
from okconf.workshops.models import Assignment, TableSeating
from okconf.workshops.services import assignment, exports, loading, publication, tables, wishes

bp = Blueprint("workshops", __name__)

CONFERENCE_NAV = [("workshops.manage", _l("Workshops"), (Role.ORGANISER,), "before")]
PARTICIPANT_SECTIONS = ["workshops/_participant_section.html"]


@bp.app_template_global()
def workshop_placement(registration):
    """The participant's workshops and tables (for their page)."""
    return publication.placement(registration)


def _round(conference, round_id) -> ProgrammeItem:
    round_ = db.session.get(ProgrammeItem, round_id)
    if round_ is None or round_.conference_id != conference.id:
        abort(404)
    return round_


def _registration(conference, registration_id) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.conference_id != conference.id:
        abort(404)
    return registration


def _workshop(conference, workshop_id) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.conference_id != conference.id:
        abort(404)
    return workshop


def _int(value):
    number = as_id(value)
    if number is None:
        abort(400)
    return number


def _tab(endpoint: str, conference) -> str:
    """A workshop page of the conference, or the local page the form said to return to."""
    return local_path(request.form.get("next")) or url_for(
        f".{endpoint}", conference_id=conference.id
    )


def _act(conference, call, success: str | None, back: str):
    """The shared shape of a button: check its token, call the service, commit and flash;
    a DomainError is rolled back and flashed instead. Redirects to the `back` tab."""
    if not ActionForm().validate_on_submit():
        abort(400)
    _done, outcome = act(call, success)
    return redirect(_tab(back, conference)), outcome


@bp.route("/staff/konferenser/<int:conference_id>/workshops/fordela", methods=["POST"])
@roles_required(Role.ORGANISER)
def run(conference_id: int):
    """Run the assignment (keeping locked people)."""
    from okconf.workshops.pages import result_context

    conference = get_managed_conference(conference_id)
    form = RunForm()
    if not form.validate_on_submit():
        return render_template(
            "workshops/result.html", **result_context(conference, run_form=form)
        ), 400
    try:
        outcome = assignment.run_assignment(conference, form.balance_points.data)
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return render_template(
            "workshops/result.html", **result_context(conference, run_form=form)
        ), 409
    db.session.commit()
    if outcome.result.ok:
        flash(_("The assignment is done. Review it below, then publish."), "success")
    else:
        flash(_("The assignment could not be made: see the report below."), "error")
    return redirect(url_for(".result", conference_id=conference.id))


@bp.route("/staff/konferenser/<int:conference_id>/workshops/sena", methods=["POST"])
@roles_required(Role.ORGANISER)
def late(conference_id: int):
    """Place people without a workshop into remaining seats without moving anyone."""
    conference = get_managed_conference(conference_id)
    response, outcome = _act(conference, lambda: assignment.place_late(conference), None, "result")
    if outcome is None:
        return response
    if not outcome.result.ok:
        flash(_("Not everybody could be placed: see the report below."), "error")
    elif outcome.relaxed_to is not None:
        flash(
            _(
                "Everybody is placed; the mix of the sectors had to be allowed to differ by "
                "up to %(d)d in a hundred.",
                d=outcome.relaxed_to,
            ),
            "warning",
        )
    else:
        flash(_("Everybody without a workshop is placed; nobody else was moved."), "success")
    return response


@bp.route("/staff/konferenser/<int:conference_id>/workshops/flytta", methods=["POST"])
@roles_required(Role.ORGANISER)
def move(conference_id: int):
    """Move one person to another workshop (and lock them there)."""
    conference = get_managed_conference(conference_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    round_ = _round(conference, _int(form.round_id.data))
    registration = _registration(conference, _int(form.registration_id.data))
    workshop = db.session.get(Workshop, as_id(form.workshop_id.data) or 0)
    if workshop is None or workshop.conference_id != conference.id:
        flash(_("Choose a workshop of this round."), "error")
        return redirect(_tab("people", conference))
    try:
        assignment.move(registration, round_, workshop)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(_tab("people", conference))
    db.session.commit()
    flash(
        _(
            "%(name)s is now in “%(title)s” (locked).",
            name=registration.full_name,
            title=workshop.title,
        ),
        "success",
    )
    return redirect(_tab("people", conference))


@bp.route("/staff/konferenser/<int:conference_id>/workshops/las", methods=["POST"])
@roles_required(Role.ORGANISER)
def lock(conference_id: int):
    """Lock or unlock one assignment."""
    conference = get_managed_conference(conference_id)
    form = LockForm()
    if not form.validate_on_submit():
        abort(400)
    row = db.session.get(Assignment, _int(form.assignment_id.data))
    if row is None or row.round.conference_id != conference.id:
        abort(404)
    assignment.set_locked(row, bool(form.locked.data))
    db.session.commit()
    flash(
        _("Locked: re-runs keep this placement.")
        if form.locked.data
        else _("Unlocked: re-runs may move this person."),
        "success",
    )
    return redirect(_tab("people", conference))


@bp.route(
    "/staff/konferenser/<int:conference_id>/workshops/<int:workshop_id>/stall-in",
    methods=["GET", "POST"],
)
@roles_required(Role.ORGANISER)
def cancel_workshop(conference_id: int, workshop_id: int):
    """Cancel a workshop and re-place its people, keeping everybody else (a page asks first)."""
    conference = get_managed_conference(conference_id)
    workshop = _workshop(conference, workshop_id)
    if request.method == "GET":
        return _confirm_cancel(conference, workshop)
    if workshop.cancelled:
        flash(_("“%(title)s” is already cancelled.", title=workshop.title), "error")
        return redirect(_tab("result", conference))

    def cancel():
        displaced = assignment.cancel_workshop(workshop)
        return displaced, assignment.place_late(conference) if displaced else None

    response, outcome = _act(conference, cancel, None, "result")
    if outcome is None:
        return response
    displaced, placed = outcome
    if placed is not None and not placed.result.ok:
        flash(
            _(
                "“%(title)s” is cancelled; %(n)d people could not be re-placed: see the report.",
                title=workshop.title,
                n=displaced,
            ),
            "error",
        )
    else:
        flash(
            _(
                "“%(title)s” is cancelled; its %(n)d people are re-placed, nobody else moved.",
                title=workshop.title,
                n=displaced,
            ),
            "success",
        )
    return response


def _confirm_cancel(conference, workshop):
    """The page that asks before a workshop is cancelled."""
    placed = db.session.scalar(
        select(func.count(Assignment.id)).where(Assignment.workshop_id == workshop.id)
    )
    return render_template(
        "macros/confirm.html",
        heading=_("Cancel the workshop “%(title)s”?", title=workshop.title),
        details=[
            ngettext(
                "%(num)d person is placed in it now.",
                "%(num)d people are placed in it now.",
                placed,
            )
        ],
        consequence=_(
            "Its people are placed in the other workshops of the round where there are seats; "
            "nobody else is moved. You can take the workshop back later, but the people "
            "re-placed stay where they are."
        ),
        button=_("Cancel the workshop"),
        action=url_for(".cancel_workshop", conference_id=conference.id, workshop_id=workshop.id),
        back_url=url_for(".result", conference_id=conference.id),
        back_label=_("Back to the assignment"),
    )


@bp.route(
    "/staff/konferenser/<int:conference_id>/workshops/<int:workshop_id>/aterinfor",
    methods=["POST"],
)
@roles_required(Role.ORGANISER)
def reinstate_workshop(conference_id: int, workshop_id: int):
    """Take a cancelled workshop back: it is open again for wishes and placements."""
    conference = get_managed_conference(conference_id)
    workshop = _workshop(conference, workshop_id)
    response, _outcome = _act(
        conference,
        lambda: assignment.reinstate_workshop(workshop),
        _("“%(title)s” is back; people can be placed in it again.", title=workshop.title),
        "result",
    )
    return response


@bp.route("/staff/konferenser/<int:conference_id>/workshops/bord", methods=["POST"])
@roles_required(Role.ORGANISER)
def seat_tables(conference_id: int):
    """Lay mixed tables in the plenary or within a round's workshops."""
    from okconf.workshops.pages import tables_context

    conference = get_managed_conference(conference_id)
    form = TablesForm()
    context = tables_context(conference, tables_form=form)
    if not form.validate_on_submit():
        return render_template("workshops/tables.html", **context), 400
    round_ = None
    if form.scope.data != "plenary":
        round_ = _round(conference, _int(form.scope.data))
    try:
        seatings = tables.seat_tables(conference, form.table_size.data, round_)
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return render_template("workshops/tables.html", **context), 409
    db.session.commit()
    full = sum(s.all_parties for s in seatings)
    bound = sum(s.bound for s in seatings)
    count = sum(len(s.tables) for s in seatings)
    flash(
        _(
            "%(count)d tables laid; %(full)d hold all three parties (the most the numbers "
            "allow: %(bound)d).",
            count=count,
            full=full,
            bound=bound,
        ),
        "success",
    )
    return redirect(url_for(".tables_page", conference_id=conference.id))


@bp.route("/staff/konferenser/<int:conference_id>/workshops/bord/flytta", methods=["POST"])
@roles_required(Role.ORGANISER)
def move_table(conference_id: int):
    """Move a person to another table by hand."""
    conference = get_managed_conference(conference_id)
    form = TableMoveForm()
    if not form.validate_on_submit():
        flash(_("Enter a table number from 1."), "error")
        return redirect(_tab("people", conference))
    seat = db.session.get(TableSeating, _int(form.seat_id.data))
    if seat is None or seat.conference_id != conference.id:
        abort(404)
    tables.move_table(seat, form.table_number.data)
    db.session.commit()
    flash(_("The table is changed."), "success")
    return redirect(_tab("people", conference))


@bp.route("/staff/konferenser/<int:conference_id>/workshops/publicera", methods=["POST"])
@roles_required(Role.ORGANISER)
def publish(conference_id: int):
    """Publish: every participant gets their workshop(s) and table by email and on their page."""
    conference = get_managed_conference(conference_id)
    response, n = _act(conference, lambda: publication.publish(conference), None, "lists")
    if n is not None:
        flash(_("Published: %(n)d participants are told their workshops.", n=n), "success")
    return response


@bp.route("/staff/konferenser/<int:conference_id>/workshops/avpublicera", methods=["POST"])
@roles_required(Role.ORGANISER)
def unpublish(conference_id: int):
    """Take the publication back (participants may change their wishes again)."""
    conference = get_managed_conference(conference_id)
    response, _outcome = _act(
        conference,
        lambda: publication.unpublish(conference),
        _("The assignment is no longer published."),
        "lists",
    )
    return response


@bp.route("/staff/konferenser/<int:conference_id>/workshops/utskrift")
@roles_required(Role.ORGANISER)
def print_list(conference_id: int):
    """A printable list per workshop (?by=workshop) or per table (?by=table)."""
    conference = get_managed_conference(conference_id)
    by = request.args.get("by", "workshop")
    rows = exports.list_rows(conference)
    groups: dict[str, list] = {}
    if by == "table":
        seen = set()
        keyed: dict[tuple, list] = {}
        for row in rows:
            if row["workshop_table"]:
                keyed.setdefault((1, row["workshop"], row["workshop_table"]), []).append(row)
            if row["plenary_table"] and row["registration_id"] not in seen:
                keyed.setdefault((0, _("Plenary"), row["plenary_table"]), []).append(row)
                seen.add(row["registration_id"])
        for (_order, scope, number), members in sorted(keyed.items()):
            groups[f"{scope} – " + _("table %(n)d", n=number)] = members
    else:
        by = "workshop"
        for row in rows:
            groups.setdefault(f"{row['round']}: {row['workshop'] or _('Not placed')}", []).append(
                row
            )
    audit.record("export.workshop_print", conference, format="html", by=by)
    db.session.commit()
    return render_template("workshops/print.html", conference=conference, groups=groups, by=by)


@bp.route("/staff/konferenser/<int:conference_id>/workshops/export.<fmt>")
@roles_required(Role.ORGANISER)
def export(conference_id: int, fmt: str):
    """The list of placements as CSV or XLSX."""
    conference = get_managed_conference(conference_id)
    if fmt == "csv":
        data, mimetype = exports.export_csv(conference), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data = exports.export_xlsx(conference)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    audit.record("export.workshop_placements", conference, format=fmt)
    db.session.commit()
    return Response(
        data,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="workshops-{conference.slug}.{fmt}"'
        },
    )


# --- participants ---------------------------------------------------------------------------


@bp.route("/anmalan/<token>/workshops", methods=["GET", "POST"])
@public
def preferences(token: str):
    """A participant ranks the workshops of each round, until the assignment is published."""
    registration = current_registration_or_404(token)
    conference = registration.conference
    rounds = loading.rounds_of(conference)
    workshops_by_round = {r.id: loading.workshops_of(r) for r in rounds}
    current = {
        r.id: loading.preferences_by_registration(r).get(registration.id, []) for r in rounds
    }
    form_class, fields = preference_form(rounds, workshops_by_round, current)
    form = form_class()
    place = publication.placement(registration)
    if request.method == "POST":
        if not place.open_for_preferences:
            flash(_("The workshops have been assigned; wishes can no longer be changed."), "error")
            return redirect(url_for(".preferences", token=token))
        if form.validate_on_submit():
            ranking_by_round = {}
            ok = True
            for round_, names in fields:
                chosen = [int(form[n].data) for n in names if form[n].data]
                if len(set(chosen)) != len(chosen):
                    form[names[0]].errors = [
                        *form[names[0]].errors,
                        _("Choose each workshop only once."),
                    ]
                    ok = False
                ranking_by_round[round_.id] = chosen
            if ok:
                try:
                    wishes.save_preferences(registration, ranking_by_round)
                except DomainError as error:
                    db.session.rollback()
                    flash(error.message, "error")
                else:
                    db.session.commit()
                    flash(_("Your workshop wishes are saved."), "success")
                    return redirect(url_for(".preferences", token=token))
        status = 400
    else:
        status = 200
    return render_template(
        "workshops/preferences.html",
        registration=registration,
        conference=conference,
        form=form,
        fields=fields,
        placement=place,
        token=token,
    ), status


from okconf.workshops import pages  # noqa: E402,F401 - the staff pages' routes on bp
