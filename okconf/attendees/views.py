"""The organiser's registration list, the check-in desk and the statistics page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.attendees import days, desk, desk_day, services
from okconf.attendees.forms import ActionForm, ListFilterForm, WalkInForm
from okconf.attendees.statistics import conference_statistics
from okconf.conferences.access import get_managed_conference
from okconf.conferences.models import Workshop
from okconf.db import MAX_ID
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.registration.models import Registration
from okconf.vocabulary import Diet, OrganisationType, Party
from okconf.volunteers.access import desk_required, get_desk_conference, shows_needs

bp = Blueprint("attendees", __name__)
blueprints = [bp]

ORGANISERS = (Role.ORGANISER,)
CONFERENCE_NAV = [
    ("attendees.list", _l("Registrations"), ORGANISERS, "registration"),
    ("attendees.checkin", _l("Check-in"), ORGANISERS, "day"),
    ("attendees.export", _l("Exports"), ORGANISERS, "registration"),
    ("attendees.statistics", _l("Statistics"), ORGANISERS, "after"),
]
# The registration feature's organiser actions, linked when that feature provides them.
REGISTRATION_ACTIONS = (
    "registration.staff_add",
    "registration.staff_edit",
    "registration.staff_cancel",
    "registration.staff_promote",
)
# The messages feature's "write to the ticked rows", when it is there.
WRITE_TO = "messages.new"


def _enum(enum_cls, value):
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


def _int(value) -> int | None:
    """A positive whole number that fits an id column, else None."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number <= MAX_ID else None


@bp.route("/staff/konferenser/<int:conference_id>/anmalningar", endpoint="list")
@roles_required(*ORGANISERS)
def registrations(conference_id: int):
    """Registrations of a conference: search, filters, waiting positions, pages."""
    conference = get_managed_conference(conference_id)
    workshops = db.session.scalars(
        select(Workshop).where(Workshop.conference_id == conference.id).order_by(Workshop.position)
    ).all()
    from okconf.questions import services as questions

    locale = str(get_locale())
    form = ListFilterForm(
        request.args,
        workshops=workshops,
        answers=questions.filter_choices(conference, locale),
    )
    form.validate()
    filters = services.RegistrationFilter(
        q=(request.args.get("q") or "")[:200],
        party=_enum(Party, request.args.get("party")),
        org_type=_enum(OrganisationType, request.args.get("org_type")),
        organisation=(request.args.get("organisation") or "")[:300],
        status=s if (s := request.args.get("status")) in services.STATUS_FILTERS else "",
        attendance=a if (a := request.args.get("attendance")) in ("on_site", "online") else "",
        diet=_enum(Diet, request.args.get("diet")),
        workshop_id=_int(request.args.get("workshop")),
        answer=questions.parse_filter(conference, request.args.get("answer")),
        page=_int(request.args.get("page")) or 1,
    )
    page = services.registration_page(conference, filters)
    # The answers as columns; sensitive ones are not shown in the list, as the diets are not.
    columns = [q for q in questions.questions_of(conference) if not q.sensitive]
    answers = questions.answer_texts(columns, [r.id for r, _pos in page.rows], locale)
    actions = {e: e in current_app.view_functions for e in (*REGISTRATION_ACTIONS, WRITE_TO)}
    return render_template(
        "attendees/list.html",
        conference=conference,
        form=form,
        filters=filters,
        page=page,
        actions=actions,
        duplicate_ids=_duplicate_ids(conference.id),
        question_columns=columns,
        answers=answers,
        locale=locale,
        day_numbers=days.day_numbers(conference, [r.id for r, _pos in page.rows]),
    )


def _duplicate_ids(conference_id: int) -> set[int]:
    """Registrations flagged as likely duplicates (the registration feature decides)."""
    if "registration.staff_duplicates" not in current_app.view_functions:
        return set()
    from okconf.registration.duplicates import flagged_ids

    return flagged_ids(conference_id)


@bp.route("/staff/konferenser/<int:conference_id>/incheckning")
@desk_required(*ORGANISERS)
def checkin(conference_id: int):
    """The desk: search someone and check them in with one button."""
    conference = get_desk_conference(conference_id)
    q = (request.args.get("q") or "")[:200]
    # The search narrows as the organiser types: the page's script asks for the results only.
    template = "attendees/_desk_results.html" if request.args.get("part") == "results" else None
    day = desk_day.chosen(conference)
    results = desk.desk_search(conference, q)
    return render_template(
        template or "attendees/checkin.html",
        conference=conference,
        q=q,
        results=results,
        counts=desk.arrivals(conference, day),
        action_form=ActionForm(),
        desk_day=day,
        day_times=days.times_on(day, [r.id for r in results]) if day else {},
    )


@bp.route("/staff/konferenser/<int:conference_id>/incheckning/antal.json")
@desk_required(*ORGANISERS)
def checkin_counts(conference_id: int):
    """How many have arrived, for the desks' counters (polled every few seconds)."""
    conference = get_desk_conference(conference_id)
    response = jsonify(desk.arrivals_json(conference, desk_day.chosen(conference)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/staff/konferenser/<int:conference_id>/incheckning/skanna")
@desk_required(*ORGANISERS)
def checkin_scan(conference_id: int):
    """Read a confirmation's QR code with the phone's camera and open that person's check-in."""
    conference = get_desk_conference(conference_id)
    day = desk_day.chosen(conference)
    return render_template(
        "attendees/checkin_scan.html",
        conference=conference,
        counts=desk.arrivals(conference, day),
        desk_day=day,
    )


def _desk_or_person(registration: Registration):
    """Back to the desk search the button came from, or to the person's page."""
    if request.form.get("back") == "person":
        return redirect(url_for(".checkin_person", registration_id=registration.id))
    q = (request.form.get("q") or "")[:200]
    return redirect(url_for(".checkin", conference_id=registration.conference_id, q=q or None))


def _managed_registration(registration_id: int) -> Registration:
    if registration_id > MAX_ID:
        abort(404)
    registration = db.get_or_404(Registration, registration_id)
    get_desk_conference(registration.conference_id)
    return registration


@bp.route("/staff/anmalningar/<int:registration_id>/incheckning", methods=["GET", "POST"])
@desk_required(*ORGANISERS)
def checkin_person(registration_id: int):
    """One person's check-in (the QR code in the confirmation opens this page)."""
    registration = _managed_registration(registration_id)
    form = ActionForm()
    day = desk_day.chosen(registration.conference)
    if request.method == "POST" and form.validate_on_submit():
        try:
            done = desk.check_in(registration, day)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return _desk_or_person(registration)
        db.session.commit()
        if done:
            flash(_("%(name)s is checked in.", name=registration.full_name), "success")
        else:
            flash(_("%(name)s was already checked in.", name=registration.full_name), "info")
        return _desk_or_person(registration)
    return render_template(
        "attendees/checkin_person.html",
        conference=registration.conference,
        registration=registration,
        action_form=form,
        counts=desk.arrivals(registration.conference, day),
        show_needs=shows_needs(),
        desk_day=day,
        day_times=days.times_on(day, [registration.id]) if day else {},
    )


@bp.route("/staff/anmalningar/<int:registration_id>/incheckning/angra", methods=["POST"])
@desk_required(*ORGANISERS)
def checkin_undo(registration_id: int):
    """Take back a check-in made by mistake."""
    registration = _managed_registration(registration_id)
    day = desk_day.chosen(registration.conference)
    if ActionForm().validate_on_submit() and desk.undo_check_in(registration, day):
        db.session.commit()
        flash(_("The check-in of %(name)s is undone.", name=registration.full_name), "success")
    return _desk_or_person(registration)


def _managed_companion(registration_id: int):
    registration = _managed_registration(registration_id)
    companion = registration.companion
    if companion is None:
        abort(404)
    return registration, companion


@bp.route("/staff/anmalningar/<int:registration_id>/ledsagare/incheckning", methods=["POST"])
@desk_required(*ORGANISERS)
def checkin_companion(registration_id: int):
    """Check in the participant's companion (their own button beside the participant's)."""
    registration, companion = _managed_companion(registration_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        done = desk.check_in_companion(companion)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _desk_or_person(registration)
    db.session.commit()
    if done:
        flash(_("%(name)s (companion) is checked in.", name=companion.name), "success")
    else:
        flash(_("%(name)s (companion) was already checked in.", name=companion.name), "info")
    return _desk_or_person(registration)


@bp.route("/staff/anmalningar/<int:registration_id>/ledsagare/incheckning/angra", methods=["POST"])
@desk_required(*ORGANISERS)
def checkin_companion_undo(registration_id: int):
    """Take back a companion's check-in made by mistake."""
    registration, companion = _managed_companion(registration_id)
    if ActionForm().validate_on_submit() and desk.undo_companion_check_in(companion):
        db.session.commit()
        flash(_("The check-in of %(name)s is undone.", name=companion.name), "success")
    return _desk_or_person(registration)


@bp.route("/staff/konferenser/<int:conference_id>/incheckning/pa-plats", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def walk_in(conference_id: int):
    """Register someone who turns up without a registration, and check them in."""
    conference = get_managed_conference(conference_id)
    form = WalkInForm()
    if form.validate_on_submit():
        done, _outcome = submit(
            form,
            lambda: desk.register_walk_in(
                conference,
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                email=form.email.data or "",
                organisation_name=form.organisation_name.data or "",
                party=Party(form.party.data),
                org_type=OrganisationType(form.org_type.data),
                day=desk_day.chosen(conference),
            ),
            lambda registration: _(
                "%(name)s is registered and checked in.", name=registration.full_name
            ),
        )
        if done:
            return redirect(url_for(".checkin", conference_id=conference.id))
    return render_template("attendees/walk_in.html", conference=conference, form=form)


@bp.route("/staff/konferenser/<int:conference_id>/statistik")
@roles_required(*ORGANISERS)
def statistics(conference_id: int):
    """Who registered and who came, per sector and type, and the report's other figures."""
    conference = get_managed_conference(conference_id)
    return render_template(
        "attendees/statistics.html",
        conference=conference,
        stats=conference_statistics(conference),
        parties=Party,
        types=OrganisationType,
    )


from okconf.attendees import export_views  # noqa: E402,F401 - routes on bp
