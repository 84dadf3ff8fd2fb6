"""The parties' annual report (seed 001): measures with progress, signatories, steering group."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import extract, select

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.reports import sections
from okconf.reports.document import Document, PageBreak, Para
from okconf.reports.statistics import statistics
from okconf.steering.models import AgreementParty
from okconf.steering.services import measures


def build_annual_report(year: int) -> Document:
    """The parties' report for a year."""
    doc = Document(
        title=_("The parties' report on the Agreement on integration"), subtitle=str(year)
    )
    doc.heading(_("An annual report"))
    doc.add(
        Para(
            _(
                "This is the parties' joint follow-up of the Agreement on integration for "
                "%(year)s, and each party's report on its own measures. Each party owns its "
                "part of the follow-up; the steering group is responsible for the joint parts.",
                year=year,
            )
        )
    )
    conferences = list(
        db.session.scalars(
            select(Conference)
            .where(extract("year", Conference.date) == year)
            .order_by(Conference.date)
        )
    )
    if conferences:
        doc.heading(_("Regional conferences %(year)s", year=year), 2)
        rows, totals = statistics(conferences)
        sections.participants(doc, rows, totals)

    doc.heading(_("The parties' reports"))
    by_party = {party: list(measures(party)) for party in AgreementParty}
    for party in (AgreementParty.GOVERNMENT, AgreementParty.CIVIL_SOCIETY, AgreementParty.SKL):
        doc.heading(party.label, 2)
        if not by_party[party]:
            doc.add(Para(_("No measures have been entered."), kind="muted"))
        for measure in by_party[party]:
            title = _("Measure %(n)s", n=measure.number)
            if measure.title:
                title += f": {measure.title}"
            doc.heading(title, 3)
            doc.add(Para(measure.commitment))
            report = measure.report_for(year)
            doc.add(
                Para(
                    report.text if report else _("No progress report for this year."),
                    lead=_("Progress report %(year)s", year=year),
                    kind="" if report else "muted",
                )
            )

    doc.add(PageBreak())
    doc.heading(_("Appendices"))
    sections.signatories(doc)
    sections.steering_group(doc, [year - 1, year])
    return doc
