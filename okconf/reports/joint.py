"""The joint report (sammanfattande rapport) over chosen conferences, in seed 000's order."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import extract, func, select
from sqlalchemy.orm import selectinload

from okconf.conferences.models import Conference, ProgrammeItem, Series
from okconf.db import as_id
from okconf.extensions import db
from okconf.formatting import format_days
from okconf.groupwork.models import GroupNote, NoteKind
from okconf.groupwork.services import feedback_results
from okconf.reports import sections
from okconf.reports.document import Bullets, Document, PageBreak, Para, Table
from okconf.reports.models import Summary
from okconf.reports.statistics import statistics
from okconf.reports.words import number_words
from okconf.vocabulary import Party, Principle


def summary_of(conference: Conference) -> Summary | None:
    """The conference's summary, if one has been written."""
    return db.session.scalar(select(Summary).where(Summary.conference_id == conference.id))


def _summaries(conferences: list[Conference]) -> dict[int, Summary]:
    """The summaries of the conferences, in one query."""
    ids = [c.id for c in conferences]
    if not ids:
        return {}
    return {
        s.conference_id: s
        for s in db.session.scalars(select(Summary).where(Summary.conference_id.in_(ids)))
    }


def _visible_notes(conferences: list[Conference]) -> dict[int, list[GroupNote]]:
    """Each conference's notes on the wall, newest first, in one query."""
    by_conference: dict[int, list[GroupNote]] = {c.id: [] for c in conferences}
    if not by_conference:
        return by_conference
    for note in db.session.scalars(
        select(GroupNote)
        .where(
            GroupNote.conference_id.in_(list(by_conference)),
            GroupNote.hidden.is_(False),
            GroupNote.merged_into_id.is_(None),
        )
        .order_by(GroupNote.created_at.desc(), GroupNote.id.desc())
    ):
        by_conference[note.conference_id].append(note)
    return by_conference


def _per_conference(doc: Document, pairs, attr: str) -> None:
    written = False
    for conference, summary in pairs:
        text = getattr(summary, attr, "") if summary else ""
        if text.strip():
            for i, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
                doc.add(Para(paragraph.strip(), lead=sections.place(conference) if i == 0 else ""))
            written = True
    if not written:
        doc.add(Para(_("Nothing has been written on this in the summaries."), kind="muted"))


def _unique(items: list[str]) -> list[str]:
    seen, result = set(), []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _participation(totals) -> str:
    """One sentence on how many came, split by sector when the figures allow."""
    if any(totals.by_party[p] is None for p in Party):
        return _("In total %(total)s people took part.", total=totals.total)
    return _(
        "In total %(total)s people took part: %(cs)s from civil-society organisations, "
        "%(ps)s from the public sector and %(bo)s from business and others.",
        total=totals.total,
        cs=totals.by_party[Party.CIVIL_SOCIETY],
        ps=totals.by_party[Party.PUBLIC_SECTOR],
        bo=totals.by_party[Party.BUSINESS_OTHER],
    )


AGREEMENT = "Överenskommelsen inom integrationsområdet"


def _paragraphs(doc: Document, text: str) -> bool:
    """The text's paragraphs (blank-line separated); False when there is none."""
    parts = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    doc.add(*[Para(p) for p in parts])
    return bool(parts)


def build_joint_report(conferences: list[Conference], edition=None) -> Document:
    """The report's sections in order: introduction … conclusions, then the appendices.

    With an edition, its own sections (foreword, introduction, who came, likenesses and
    differences, each principle, conclusions) replace or join the generated ones."""
    conferences = sorted(conferences, key=lambda c: (c.date is None, c.date, c.id))
    # Summaries and notes in one query each, not per conference (the report grew by a
    # handful of queries per conference).
    summaries = _summaries(conferences)
    pairs = [(c, summaries.get(c.id)) for c in conferences]
    rows, totals = statistics(conferences)
    dates = [c.date for c in conferences if c.date]
    span = ""
    if dates:
        first, last = min(dates), max(dates)
        span = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    doc = Document(
        title=_(
            "Summary report from %(n)s conferences on the Agreement on integration",
            n=number_words(len(conferences)),
        ),
        subtitle=span,
        banner=AGREEMENT,
        language=str(get_locale() or "sv"),
    )
    text = edition.text if edition is not None else (lambda key: "")
    if edition is not None:
        doc.title = edition.title
        doc.subtitle = edition.season or span
        doc.foreword = text("foreword")
        doc.signed_place_date = edition.signed_place_date
        doc.signed_by = edition.signed_by

    doc.heading(_("Introduction"))
    _paragraphs(doc, text("introduction"))
    doc.add(
        Para(
            _(
                "This report documents %(n)s regional conferences on the Agreement on "
                "integration between the Government, civil-society organisations and the "
                "Swedish Association of Local Authorities and Regions: %(list)s. The purpose "
                "of the conferences was to make the Agreement known and to discuss how its "
                "intentions can be carried out locally and regionally.",
                n=number_words(len(conferences)),
                list=", ".join(
                    f"{sections.place(c)} ({format_days(c.date, c.end_date, 'long')})"
                    for c in conferences
                ),
            )
        ),
        Para(_participation(totals)),
    )

    doc.heading(_("Participants"))
    if text("who_came"):
        doc.heading(_("Who came?"), 2)
        _paragraphs(doc, text("who_came"))
    if text("likenesses"):
        doc.heading(_("Likenesses and differences"), 2)
        _paragraphs(doc, text("likenesses"))
    if edition is not None:
        doc.heading(_("How many came?"), 2)
    sections.participants(doc, rows, totals)

    doc.heading(_("Focus of each conference"))
    _per_conference(doc, pairs, "focus")

    doc.heading(_("Knowledge of the Agreement"))
    _per_conference(doc, pairs, "knowledge")
    results = feedback_results([c.id for c in conferences])
    if results["total"]["count"]:
        doc.add(
            Para(
                _(
                    "%(n)s participants answered the feedback form. On a scale from 1 (not at "
                    "all) to 5 (very well) their knowledge of the Agreement was %(before)s on "
                    "average before the conference and %(after)s after it.",
                    n=results["total"]["count"],
                    before=results["total"]["mean_before"],
                    after=results["total"]["mean_after"],
                )
            ),
            Table(
                _("Feedback answers per sector"),
                [_("Sector"), _("Answers"), _("Mean before"), _("Mean after")],
                [
                    [
                        p.label,
                        str(s["count"]),
                        str(s["mean_before"] or "–"),
                        str(s["mean_after"] or "–"),
                    ]
                    for p, s in results["by_party"]
                ],
            ),
        )

    doc.heading(_("Local and regional work"))
    _per_conference(doc, pairs, "local_regional")

    doc.heading(_("Dialogue and engagement"))
    _per_conference(doc, pairs, "dialogue")

    doc.heading(_("Local examples"))
    _per_conference(doc, pairs, "local_examples")

    doc.heading(_("The six principles"))
    doc.add(
        Para(_("The Agreement rests on six principles:")),
        Bullets([p.label for p in Principle]),
    )
    emphasised = []
    for principle in Principle:
        where = [sections.place(c) for c, s in pairs if s and principle in s.principles]
        emphasised.append([principle.label, ", ".join(where) if where else _("not emphasised")])
    doc.add(
        Table(
            _("Principles emphasised at each conference"),
            [_("Principle"), _("Emphasised at")],
            emphasised,
            numeric_from=9,
        )
    )
    _per_conference(doc, pairs, "principles_text")
    for principle in Principle:
        if text(f"principle_{principle.value}"):
            doc.heading(principle.label, 2)
            _paragraphs(doc, text(f"principle_{principle.value}"))

    doc.heading(_("The parties' positions and commitments"))
    _per_conference(doc, pairs, "parties_positions")

    doc.heading(_("The organisations' conditions: obstacles and opportunities"))
    notes = _visible_notes(conferences)
    for kind, attr, title in (
        (NoteKind.OBSTACLE, "obstacles", _("Obstacles raised at the conferences")),
        (NoteKind.OPPORTUNITY, "opportunities", _("Opportunities raised at the conferences")),
    ):
        items = []
        for conference, summary in pairs:
            if summary and getattr(summary, attr).strip():
                items.extend(Summary.lines(getattr(summary, attr)))
            else:
                items.extend(n.text for n in notes[conference.id] if n.kind is kind)
        doc.heading(title, 2)
        doc.add(Bullets(_unique(items)) if items else Para(_("None recorded."), kind="muted"))

    doc.heading(_("Conclusions"))
    if not _paragraphs(doc, text("conclusions")):
        _per_conference(doc, pairs, "conclusions")

    doc.add(PageBreak())
    doc.heading(_("Appendices"))
    doc.heading(_("Invitations and programmes"), 1)
    for conference in conferences:
        sections.invitation(doc, conference)
    years = sorted({c.date.year for c in conferences if c.date})
    sections.steering_group(doc, years or None)
    sections.signatories(doc)
    return doc


def conferences_by_ids(ids: list[int]) -> list[Conference]:
    """The conferences chosen, in date order (unknown ids are ignored)."""
    ids = [i for i in (as_id(i) for i in ids) if i is not None]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Conference)
            # The report's appendices show each conference's hosts and programme.
            .options(
                selectinload(Conference.hosts),
                selectinload(Conference.programme).selectinload(ProgrammeItem.speakers),
                selectinload(Conference.programme).selectinload(ProgrammeItem.workshops),
            )
            .where(Conference.id.in_(ids))
            .order_by(Conference.date, Conference.id)
        )
    )


def choosable_conferences() -> list[Conference]:
    """Every conference, by date, for the report's chooser."""
    return list(db.session.scalars(select(Conference).order_by(Conference.date, Conference.id)))


def chosen_ids(ids: list, series_id: int | None = None, year: int | None = None) -> list[int]:
    """The conferences chosen one by one, plus those of a whole series or a whole year."""
    chosen = [i for i in (as_id(i) for i in ids) if i is not None]
    query = select(Conference.id)
    if series_id is not None:
        chosen += db.session.scalars(query.where(Conference.series_id == series_id)).all()
    if year is not None and 2000 <= year <= 2100:
        chosen += db.session.scalars(query.where(extract("year", Conference.date) == year)).all()
    return list(dict.fromkeys(chosen))


def series_choices() -> list[tuple[Series, int]]:
    """Every series with conferences, by year, with how many it has (one-click choices)."""
    rows = db.session.execute(
        select(Series, func.count(Conference.id))
        .join(Conference, Conference.series_id == Series.id)
        .group_by(Series.id)
        .order_by(Series.year, Series.name)
    ).all()
    return [(series, n) for series, n in rows]
