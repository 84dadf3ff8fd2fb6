"""The parties' annual report (seed 001): the year's joint follow-up, each party's measures
with their progress, the signatories and the steering groups of the year and the next."""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import extract, select

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.formatting import format_date
from okconf.reports import sections
from okconf.reports.document import Bullets, Document, PageBreak, Para
from okconf.reports.joint import AGREEMENT
from okconf.reports.statistics import series_figures_of_year, statistics
from okconf.reports.words import number_words
from okconf.steering.models import AgreementParty
from okconf.steering.services import measures


def _conferences(year: int) -> list[Conference]:
    return list(
        db.session.scalars(
            select(Conference)
            .where(extract("year", Conference.date) == year)
            .order_by(Conference.date, Conference.id)
        )
    )


def _participation(doc: Document, year: int, conferences: list[Conference]) -> None:
    """The year's participants: as the parties reported them for the year's series when
    entered (seed 001's ca 360: 210/120/30), otherwise the per-conference table."""
    given = [f for f in series_figures_of_year(year) if f.series.conferences]
    if not given:
        rows, totals = statistics(conferences)
        sections.participants(doc, rows, totals)
        return
    for figures in given:
        text = _(
            "About %(total)s people took part in the %(n)s conferences of %(series)s.",
            total=figures.total,
            n=number_words(len(figures.series.conferences)),
            series=figures.series.name,
        )
        if figures.civil_society is not None:
            text += " " + _(
                "%(cs)s of them represented civil-society organisations, %(ps)s the public "
                "sector (local politicians included) and %(bo)s business and others.",
                cs=figures.civil_society,
                ps=figures.public_sector if figures.public_sector is not None else "–",
                bo=figures.business_other if figures.business_other is not None else "–",
            )
        if figures.organisations is not None:
            text += " " + _("About %(n)s organisations were represented.", n=figures.organisations)
        doc.add(Para(text))
        if figures.note:
            doc.add(
                Para(
                    _(
                        "Figures entered for the series as a whole; source: %(note)s.",
                        note=figures.note,
                    ),
                    kind="footnote",
                )
            )


def _signed_by(year: int) -> tuple[int, date]:
    """How many organisations had joined by the end of May after the year (the report's date)."""
    until = date(year + 1, 5, 31)
    joined = [
        o
        for o in sections.signatory_organisations()
        if o.signed_agreement_on and o.signed_agreement_on <= until
    ]
    return len(joined), until


def build_annual_report(year: int) -> Document:
    """The parties' report for a year."""
    doc = Document(
        title=_("The parties' report on the Agreement on integration"),
        subtitle=str(year),
        banner=AGREEMENT,
        language=str(get_locale() or "sv"),
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
    joined, until = _signed_by(year)
    if joined:
        doc.add(
            Para(
                _(
                    "By %(date)s, %(n)s organisations had joined the Agreement (listed in the "
                    "appendix).",
                    date=format_date(until, "MMMM yyyy"),
                    n=joined,
                )
            )
        )
    conferences = _conferences(year)
    if conferences:
        doc.heading(
            _(
                "%(n)s regional conferences",
                n=number_words(len(conferences), capitalise=True),
            ),
            2,
        )
        doc.add(
            Para(_("The regional conferences of %(year)s took place in:", year=year)),
            Bullets(
                [
                    f"{sections.place(c)} {format_date(c.date, 'd MMMM')}"
                    for c in conferences
                    if c.date
                ]
            ),
        )
        _participation(doc, year, conferences)

    doc.heading(_("The parties' reports"))
    by_party = {party: list(measures(party)) for party in AgreementParty}
    for party in (AgreementParty.GOVERNMENT, AgreementParty.CIVIL_SOCIETY, AgreementParty.SKL):
        doc.heading(party.label, 2)
        if not by_party[party]:
            doc.add(Para(_("No measures have been entered."), kind="muted"))
        for measure in by_party[party]:
            if party is AgreementParty.GOVERNMENT:
                title = _("Measure %(n)s", n=measure.number)
            else:
                title = _("Commitment %(n)s", n=measure.number)
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
    # The report on a year is published the next spring: it shows both steering groups.
    sections.steering_group(doc, [year, year + 1])
    return doc
