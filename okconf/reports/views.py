"""Reports for the steering group: statistics, the joint report and the annual report."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.clock import today
from okconf.extensions import db
from okconf.reports.models import SummaryState
from okconf.reports.services import summaries

# The report builders (okconf.reports.joint, .annual, .sections, .document, .statistics, .chart)
# are imported by the pages that use them: a web worker starts without them
# (tests/test_light_workers.py).

bp = Blueprint("reports", __name__)

NAV = [("reports.index", _l("Reports"), (Role.READER,))]

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _chosen():
    from okconf.reports.joint import chosen_ids, conferences_by_ids

    ids = chosen_ids(
        request.args.getlist("c", type=int),
        series_id=request.args.get("serie", type=int),
        year=request.args.get("ar", type=int),
    )
    conferences = conferences_by_ids(ids)
    if not conferences:
        abort(404)
    return conferences


def download(doc, extension: str) -> Response:
    """The report as a PDF or DOCX attachment."""
    from okconf.reports import render  # python-docx and WeasyPrint: only for a download

    if extension == "pdf":
        data = render.to_pdf(doc)
    else:
        data = render.to_docx(
            doc,
            _("Contents"),
            _("(Update the table of contents in Word to see page numbers.)"),
            _("Foreword"),
        )
    return Response(
        data,
        mimetype=MIMETYPES[extension],
        headers={
            "Content-Disposition": f'attachment; filename="{render.filename(doc, extension)}"'
        },
    )


@bp.route("/staff/rapporter")
@roles_required(Role.READER)
def index():
    """Choose conferences for the joint report; the annual reports; summaries to approve."""
    from okconf.reports.joint import choosable_conferences, series_choices

    conferences = choosable_conferences()
    years = sorted({c.date.year for c in conferences if c.date} | {today().year})
    return render_template(
        "reports/index.html",
        conferences=conferences,
        years=years,
        series=series_choices(),
        conference_years=sorted({c.date.year for c in conferences if c.date}),
        waiting=summaries((SummaryState.SUBMITTED,)),
        approved=summaries((SummaryState.APPROVED,)),
    )


@bp.route("/staff/rapporter/samlad")
@roles_required(Role.READER)
def joint():
    """The joint report over the chosen conferences, as a web page."""
    from okconf.reports.joint import build_joint_report

    conferences = _chosen()
    ids = [c.id for c in conferences]
    return render_template(
        "reports/document.html",
        doc=build_joint_report(conferences),
        pdf_url=url_for("reports.joint_file", extension="pdf", c=ids),
        docx_url=url_for("reports.joint_file", extension="docx", c=ids),
        back_url=url_for("reports.index"),
    )


@bp.route("/staff/rapporter/samlad.<any(pdf, docx):extension>")
@roles_required(Role.READER)
def joint_file(extension: str):
    """The joint report as PDF or DOCX."""
    from okconf.reports.joint import build_joint_report

    conferences = _chosen()
    ids = [c.id for c in conferences]
    response = download(build_joint_report(conferences), extension)
    # Logged once the file is made, so the commit does not expire what the report reads.
    audit.record("export.joint_report", None, format=extension, conferences=ids)
    db.session.commit()
    return response


@bp.route("/staff/rapporter/statistik")
@roles_required(Role.READER)
def statistics_page():
    """Participation statistics of the chosen conferences (all when none are chosen)."""
    from okconf.reports.joint import choosable_conferences, conferences_by_ids
    from okconf.reports.statistics import statistics

    ids = request.args.getlist("c", type=int)
    conferences = conferences_by_ids(ids) if ids else choosable_conferences()
    rows, totals = statistics(conferences)
    return render_template("reports/statistics.html", rows=rows, totals=totals)


@bp.route("/staff/rapporter/arsrapport/<int:year>")
@roles_required(Role.READER)
def annual(year: int):
    """The parties' annual report for a year, as a web page."""
    from okconf.reports.annual import build_annual_report

    if not 2000 <= year <= 2100:
        abort(404)
    return render_template(
        "reports/document.html",
        doc=build_annual_report(year),
        pdf_url=url_for("reports.annual_file", year=year, extension="pdf"),
        docx_url=url_for("reports.annual_file", year=year, extension="docx"),
        back_url=None,
    )


@bp.route("/staff/rapporter/arsrapport/<int:year>.<any(pdf, docx):extension>")
@roles_required(Role.READER)
def annual_file(year: int, extension: str):
    """The parties' annual report as PDF or DOCX."""
    from okconf.reports.annual import build_annual_report

    if not 2000 <= year <= 2100:
        abort(404)
    response = download(build_annual_report(year), extension)
    audit.record("export.annual_report", None, format=extension, year=year)
    db.session.commit()
    return response


from okconf.reports import edition_views, summary_views  # noqa: E402

blueprints = [bp, summary_views.bp, edition_views.bp]
NAV = NAV + summary_views.NAV
CONFERENCE_NAV = summary_views.CONFERENCE_NAV
