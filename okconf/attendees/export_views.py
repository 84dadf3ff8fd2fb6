"""The organiser's exports: attendee list, catering, workshops, badges, exhibition tables.

Every export is audit-logged with who took it and what it covered (never the diets themselves).
"""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.attendees import exports, services
from okconf.attendees.attendee_list import AttendeeExport, iter_file, question_columns
from okconf.attendees.forms import ExportForm
from okconf.attendees.views import ORGANISERS, bp
from okconf.clock import today
from okconf.conferences.access import get_managed_conference
from okconf.extensions import db
from okconf.formdata import as_choices
from okconf.registration.models import Attendance, Registration, RegistrationStatus

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(conference, what: str, ext: str) -> str:
    return f"{conference.slug}-{what}-{today().isoformat()}.{ext}"


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/staff/konferenser/<int:conference_id>/export")
@roles_required(*ORGANISERS)
def export(conference_id: int):
    """The exports page: the attendee list's options and links to the other lists."""
    conference = get_managed_conference(conference_id)
    return render_template(
        "attendees/exports.html", conference=conference, form=_export_form(conference, None)
    )


def _export_form(conference, args) -> ExportForm:
    """The export form, with the conference's own questions (not the sensitive ones) among
    the columns to choose."""
    from okconf.questions.services import questions_of

    form = ExportForm(args)
    locale = str(get_locale())
    form.columns.choices = as_choices(list(form.columns.choices)) + as_choices(
        [(q.field_name, q.label(locale)) for q in questions_of(conference) if not q.sensitive]
    )
    return form


@bp.route("/staff/konferenser/<int:conference_id>/export/deltagare")
@roles_required(*ORGANISERS)
def export_attendees(conference_id: int):
    """The attendee list as CSV or XLSX, streamed, with the columns the organiser chose."""
    conference = get_managed_conference(conference_id)
    form = _export_form(conference, request.args or None)
    if not form.validate():
        return render_template("attendees/exports.html", conference=conference, form=form), 400
    job = AttendeeExport.prepare(
        db.engine,
        conference.id,
        form.columns.data,
        form.scope.data,
        question_columns(conference, form.columns.data, str(get_locale())),
    )
    audit.record(
        "export.attendees",
        conference,
        format=form.format.data,
        scope=job.scope,
        columns=[c.key for c in job.columns] + [f"question_{q.question_id}" for q in job.questions],
        rows=job.count(),
    )
    db.session.commit()
    if form.format.data == "xlsx":
        path = job.write_xlsx(_("Participants"))
        return _download(iter_file(path), XLSX_TYPE, _filename(conference, "deltagare", "xlsx"))
    return _download(job.iter_csv(), CSV_TYPE, _filename(conference, "deltagare", "csv"))


@bp.route("/staff/konferenser/<int:conference_id>/export/mat")
@roles_required(*ORGANISERS)
def export_catering(conference_id: int):
    """The catering list: a print page, or XLSX with ?format=xlsx."""
    conference = get_managed_conference(conference_id)
    summary = exports.catering(conference)
    fmt = "xlsx" if request.args.get("format") == "xlsx" else "html"
    audit.record("export.catering", conference, format=fmt, people=summary.total)
    db.session.commit()
    if fmt == "xlsx":
        body = exports.catering_xlsx(conference, summary)
        return _download(body, XLSX_TYPE, _filename(conference, "kost", "xlsx"))
    return render_template("attendees/catering.html", conference=conference, summary=summary)


@bp.route("/staff/konferenser/<int:conference_id>/export/workshops")
@roles_required(*ORGANISERS)
def export_workshops(conference_id: int):
    """The people of each workshop, as a print page."""
    conference = get_managed_conference(conference_id)
    lists = services.workshop_lists(conference)
    audit.record("export.workshops", conference, format="html")
    db.session.commit()
    return render_template("attendees/workshops.html", conference=conference, lists=lists)


@bp.route("/staff/konferenser/<int:conference_id>/export/namnbrickor.pdf")
@roles_required(*ORGANISERS)
def export_badges(conference_id: int):
    """Name badges of the confirmed participants on site and their companions as an A4 PDF,
    eight to a sheet."""
    conference = get_managed_conference(conference_id)
    people = db.session.scalars(
        select(Registration)
        .options(joinedload(Registration.organisation), selectinload(Registration.companion))
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance == Attendance.ON_SITE,
        )
        .order_by(func.lower(Registration.last_name), func.lower(Registration.first_name))
    ).all()
    # A companion's badge follows their participant's (same workshop: they go together).
    badges = []
    for registration in people:
        badges.append((registration, None))
        if registration.companion is not None:
            badges.append((registration, registration.companion))
    html = render_template(
        "attendees/badges.html",
        conference=conference,
        badges=badges,
        workshops=services.badge_workshops(conference),
    )
    audit.record("export.badges", conference, format="pdf", people=len(badges))
    db.session.commit()
    pdf = exports.badges_pdf(conference, html)
    return _download(pdf, "application/pdf", _filename(conference, "namnbrickor", "pdf"))


@bp.route("/staff/konferenser/<int:conference_id>/export/utstallarbord")
@roles_required(*ORGANISERS)
def export_tables(conference_id: int):
    """Organisations that asked for an exhibition table (bokbord), as a print page."""
    conference = get_managed_conference(conference_id)
    tables = exports.exhibition_tables(conference)
    audit.record("export.exhibition_tables", conference, format="html", tables=len(tables))
    db.session.commit()
    return render_template("attendees/tables.html", conference=conference, tables=tables)
