"""Sections shared by the joint report and the annual report."""

from __future__ import annotations

import base64

from flask_babel import gettext as _
from sqlalchemy import select

from okconf.conferences.models import Conference, ItemKind
from okconf.extensions import db
from okconf.formatting import format_date, format_days, format_time, money
from okconf.organisations.models import Organisation
from okconf.reports.chart import participants_chart
from okconf.reports.document import Bullets, Chart, Document, Para, Table
from okconf.reports.statistics import Figures, Totals
from okconf.vocabulary import Party

ENTERED_MARK = "*"
SERIES_MARK = "†"


def _cell(value: int | None) -> str:
    return "–" if value is None else str(value)


def place(conference: Conference) -> str:
    """The conference's short name in tables: its town, or its title."""
    return conference.town or conference.title


def participants(doc: Document, rows: list[Figures], totals: Totals) -> None:
    """The participants table, the chart and the counts of organisations and politicians."""
    header = [
        _("Conference"),
        _("Date"),
        _("Total"),
        *[party.label for party in Party],
    ]
    body = []
    for row in rows:
        mark = ENTERED_MARK if row.entered else ""
        body.append(
            [
                place(row.conference) + mark,
                format_date(row.conference.date, "d MMM yyyy"),
                _cell(row.total),
                *[_cell(row.by_party[p]) for p in Party],
            ]
        )
    body.append(
        [
            _("Total")
            + (ENTERED_MARK if totals.includes_entered else "")
            + (SERIES_MARK if totals.total_from_series else ""),
            "",
            str(totals.total),
            *[_cell(totals.by_party[p]) for p in Party],
        ]
    )
    doc.add(
        Table(
            _("Participants per conference and sector"),
            header,
            body,
            total_row=True,
            numeric_from=2,
        )
    )
    _counts_table(doc, rows, totals)
    if totals.unsplit:
        doc.add(
            Para(
                _(
                    "– The source gives no split by sector; the sector totals leave out "
                    "%(n)s participants.",
                    n=totals.unsplit,
                ),
                kind="footnote",
            )
        )
    for note in figure_sources(rows, totals):
        doc.add(Para(note, kind="footnote"))
    charted = [r for r in rows if r.total is not None]
    description = "; ".join(
        f"{place(r.conference)}: {r.total} ("
        + ", ".join(f"{p.label} {_cell(r.by_party[p])}" for p in Party)
        + ")"
        for r in charted
    )
    # Pillow draws the PNG: imported here, not when the app starts (light web workers).
    from okconf.reports.chart_png import participants_png

    bars = [(place(r.conference), r.by_party, r.total) for r in charted]
    title, unsplit = _("Participants per conference and sector"), _("Not split by sector")
    doc.add(
        Chart(
            participants_chart(bars, title, unsplit),
            description,
            base64.b64encode(participants_png(bars, title, unsplit)).decode("ascii"),
        )
    )
    facts = []
    if totals.organisations is not None:
        facts.append(_("Organisations: %(n)s", n=totals.organisations))
    if totals.municipalities is not None:
        facts.append(_("Municipalities: %(n)s", n=totals.municipalities))
    if totals.agencies is not None:
        facts.append(_("Government agencies and county boards: %(n)s", n=totals.agencies))
    if totals.politicians is not None:
        facts.append(_("Politicians: %(n)s", n=totals.politicians))
    if totals.registered is not None:
        facts.append(
            _(
                "Registered: %(registered)s; attended: %(attended)s (counted conferences)",
                registered=totals.registered,
                attended=totals.attended,
            )
        )
    if facts:
        doc.add(Bullets(facts))
    if totals.repeat_organisations:
        doc.add(
            Para(
                _(
                    "Organisations that came to at least %(n)s of the conferences:",
                    n=totals.repeat_threshold,
                )
            ),
            Bullets([f"{name} ({n})" for name, n in totals.repeat_organisations]),
        )


COUNTS = ("organisations", "municipalities", "agencies", "politicians")


def _counts_table(doc: Document, rows: list[Figures], totals: Totals) -> None:
    """Organisations, municipalities, agencies and politicians per conference, when known."""
    # Only when some conference has its own counts; the totals are listed below anyway.
    if not any(getattr(r, attr) is not None for r in rows for attr in COUNTS):
        return
    body = [
        [place(r.conference) + (ENTERED_MARK if r.entered else "")]
        + [_cell(getattr(r, attr)) for attr in COUNTS]
        for r in rows
    ]
    body.append(
        [_("Total") + (ENTERED_MARK if totals.series_used else "")]
        + [_cell(getattr(totals, attr)) for attr in COUNTS]
    )
    doc.add(
        Table(
            _("Organisations, municipalities, agencies and politicians per conference"),
            [
                _("Conference"),
                _("Organisations"),
                _("Municipalities"),
                _("Agencies and county boards"),
                _("Politicians"),
            ],
            body,
            total_row=True,
            numeric_from=1,
        )
    )


def _places(rows: list[Figures]) -> str:
    names = [place(r.conference) for r in rows]
    if len(names) == 1:
        return names[0]
    return _("%(list)s and %(last)s", list=", ".join(names[:-1]), last=names[-1])


def figure_sources(rows: list[Figures], totals: Totals) -> list[str]:
    """Footnotes saying which figures the report shows for each conference, by source."""
    notes = []
    groups: dict[str, list[Figures]] = {}
    for row in rows:
        if row.entered:
            groups.setdefault(row.note, []).append(row)
    for note, group in groups.items():
        text = _(
            "%(mark)s Figures entered by the organisers (approximate, as the participants were "
            "not registered one by one in okconf) for %(places)s",
            mark=ENTERED_MARK,
            places=_places(group),
        )
        if note:
            text += _("; source: %(note)s", note=note)
        notes.append(text + ".")
    counted_rows = [r for r in rows if not r.entered]
    if counted_rows:
        notes.append(
            _(
                "Figures counted from registrations and check-ins in okconf for %(places)s.",
                places=_places(counted_rows),
            )
        )
    for series in totals.series_used:
        notes.append(
            _(
                "%(mark)s %(series)s: figures given for the series as a whole%(note)s.",
                mark=SERIES_MARK if totals.total_from_series else ENTERED_MARK,
                series=series.series.name,
                note=_("; source: %(note)s", note=series.note) if series.note else "",
            )
        )
    return notes


def invitation(doc: Document, conference: Conference) -> None:
    """A compact invitation and programme of one conference (an appendix)."""
    doc.heading(_("Invitation and programme: %(title)s", title=conference.title), 2)
    if conference.guiding_question:
        doc.add(Para(conference.guiding_question, kind="lead"))
    facts = []
    if conference.date:
        when = format_days(conference.date, conference.end_date, "long")
        if conference.start_time and conference.end_time:
            when += f", {format_time(conference.start_time)}–{format_time(conference.end_time)}"
        facts.append(_("When: %(when)s", when=when))
    where = ", ".join(
        x for x in (conference.venue_name, conference.street_address, conference.town) if x
    )
    if where:
        facts.append(_("Where: %(where)s", where=where))
    if conference.target_audience:
        facts.append(_("For: %(who)s", who=conference.target_audience))
    facts.append(
        _(
            "Price: %(price)s",
            price=money(conference.price_ore) if conference.price_ore else _("free"),
        )
        + (f" ({conference.price_includes})" if conference.price_includes else "")
    )
    if conference.registration_deadline:
        facts.append(
            _("Register by %(date)s", date=format_date(conference.registration_deadline, "long"))
        )
    if conference.contact_name:
        facts.append(_("Contact: %(name)s", name=conference.contact_name))
    if conference.hosts:
        facts.append(_("Hosts: %(hosts)s", hosts=", ".join(h.name for h in conference.hosts)))
    if conference.moderator:
        facts.append(_("Moderator: %(name)s", name=conference.moderator))
    doc.add(Bullets(facts))
    highlights = [line.strip() for line in conference.programme_highlights.splitlines() if line]
    if highlights:
        doc.add(Para(_("From the programme:")), Bullets(highlights))
    if conference.programme:
        rows = []
        for item in conference.programme:
            # A slot whose invitation gives no time (Sundsvall's) shows none here either.
            time_text = format_time(item.starts_at) if item.show_time else ""
            if item.show_time and item.ends_at:
                time_text += f"–{format_time(item.ends_at)}"
            text = item.title
            if item.kind is ItemKind.WORKSHOPS and item.workshops:
                text += ": " + "; ".join(w.title for w in item.workshops)
            speakers = "; ".join(
                ", ".join(x for x in (s.name, s.role, s.organisation_name) if x)
                for s in item.speakers
            )
            rows.append([time_text, text, speakers])
        doc.add(Table(_("Programme"), [_("Time"), _("Item"), _("Speakers")], rows, numeric_from=9))


def steering_group(doc: Document, years: list[int] | None = None) -> None:
    """The steering group's composition, year by year (an appendix)."""
    from okconf.steering import services

    all_years = services.years()
    chosen = [y for y in all_years if years is None or y in years]
    doc.heading(_("The steering group's composition"), 1)
    if not chosen:
        doc.add(Para(_("No steering group has been entered for these years."), kind="muted"))
    for year in chosen:
        doc.heading(_("Steering group %(year)s", year=year), 2)
        members = services.members_of(year)
        rows = []
        for m in members:
            role = _("Substitute") if m.is_substitute else m.office.label
            if m.note:
                role += f" ({m.note})"
            rows.append([m.name, m.organisation_name, m.party.label, role])
        doc.add(
            Table(
                _("Steering group %(year)s", year=year),
                [_("Name"), _("Organisation"), _("Party"), _("Office")],
                rows,
                numeric_from=9,
            )
        )


def signatory_organisations() -> list[Organisation]:
    """Organisations that signed the Agreement, in the order they joined."""
    try:
        from okconf.organisations.services import signatories
    except ImportError:
        signatories = None
    if signatories is not None:
        return list(signatories())
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.signed_agreement_on.is_not(None))
            .order_by(Organisation.signed_agreement_on, Organisation.name)
        )
    )


def signatories(doc: Document) -> None:
    """The signatory organisations in order of joining (an appendix)."""
    doc.heading(_("Signatory organisations"), 1)
    organisations = signatory_organisations()
    doc.add(Para(_("In the order in which they joined the Agreement:")))
    doc.add(
        Bullets(
            [
                f"{o.name} ({format_date(o.signed_agreement_on, 'd MMM yyyy')})"
                for o in organisations
            ],
            numbered=True,
        )
    )
