"""Editions of the joint report: drafted from the summaries and figures, edited by a member of
the steering group, reviewed, approved and published; a published edition is frozen."""

from __future__ import annotations

import difflib

from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.accounts.models import Role
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.reports import document as documents
from okconf.reports.edition_models import (
    EditionState,
    EditionVersion,
    ReportEdition,
    edition_sections,
)
from okconf.reports.models import Summary
from okconf.reports.statistics import statistics
from okconf.reports.words import number_words
from okconf.vocabulary import Party, Principle

S = EditionState
# action: (from, to)
TRANSITIONS = {
    "submit": (S.DRAFT, S.REVIEW),
    "return": (S.REVIEW, S.DRAFT),
    "approve": (S.REVIEW, S.APPROVED),
    "reopen": (S.APPROVED, S.DRAFT),
    "publish": (S.APPROVED, S.PUBLISHED),
}


def _place(conference: Conference) -> str:
    return conference.town or conference.title


def draft_sections(conferences: list[Conference]) -> dict[str, str]:
    """A first draft of the edition's sections, from the conferences' summaries and figures."""
    summaries = {
        s.conference_id: s
        for s in db.session.scalars(
            select(Summary).where(Summary.conference_id.in_([c.id for c in conferences]))
        )
    }
    _rows, totals = statistics(conferences)
    n = number_words(len(conferences))
    texts = {
        "foreword": _(
            "The steering group held %(n)s regional conferences to make the Agreement known and "
            "to discuss how it can be used locally and regionally. This report gathers what "
            "they showed.",
            n=n,
        ),
        "introduction": "\n\n".join(
            f"{_place(c)}: {summaries[c.id].focus}"
            for c in conferences
            if c.id in summaries and summaries[c.id].focus
        ),
        "who_came": _(
            "In total %(total)s people took part in the %(n)s conferences.",
            total=totals.total,
            n=n,
        ),
        "likenesses": "",
        "conclusions": "\n\n".join(
            summaries[c.id].conclusions
            for c in conferences
            if c.id in summaries and summaries[c.id].conclusions
        ),
    }
    if all(totals.by_party[p] is not None for p in Party):
        texts["who_came"] += " " + _(
            "%(cs)s came from civil-society organisations, %(ps)s from the public sector and "
            "%(bo)s from business and others.",
            cs=totals.by_party[Party.CIVIL_SOCIETY],
            ps=totals.by_party[Party.PUBLIC_SECTOR],
            bo=totals.by_party[Party.BUSINESS_OTHER],
        )
    if totals.repeat_organisations:
        texts["likenesses"] = _(
            "Came to at least %(n)s of the conferences: %(list)s.",
            n=totals.repeat_threshold,
            list=", ".join(name for name, _count in totals.repeat_organisations),
        )
    for principle in Principle:
        where = [
            _place(c)
            for c in conferences
            if c.id in summaries and principle in summaries[c.id].principles
        ]
        if where:
            texts[f"principle_{principle.value}"] = _(
                "Emphasised in %(places)s.", places=", ".join(where)
            )
    return texts


def create_edition(
    conferences: list[Conference],
    *,
    title: str,
    editor,
    season: str = "",
    series=None,
    signed_place_date: str = "",
    signed_by: str = "",
) -> ReportEdition:
    """A new edition over the conferences, drafted from their summaries and figures."""
    if not conferences:
        raise DomainError(_("Choose at least one conference."), field="series")
    if not (title or "").strip():
        raise DomainError(_("Enter the report's title."), field="title")
    edition = ReportEdition(
        title=title.strip(),
        season=season.strip(),
        series=series,
        editor=editor,
        signed_place_date=signed_place_date.strip(),
        signed_by=signed_by.strip(),
        sections=draft_sections(conferences),
        conferences=list(conferences),
    )
    db.session.add(edition)
    _add_version(edition, editor, _("Drafted from the summaries and figures"))
    db.session.flush()
    audit.record("edition.created", edition)
    return edition


def _add_version(edition: ReportEdition, user, note: str) -> EditionVersion:
    version = EditionVersion(
        number=len(edition.versions) + 1,
        author_id=getattr(user, "id", None),
        author_name=getattr(user, "name", "") or "",
        note=note[:300],
        sections=dict(edition.sections or {}),
    )
    edition.versions.append(version)
    return version


def may_edit(edition: ReportEdition, user) -> bool:
    """The edition's editor (or an admin) edits it, while it is a draft."""
    if edition.state is not EditionState.DRAFT:
        return False
    return user.role is Role.ADMIN or (
        edition.editor_id is not None and edition.editor_id == user.id
    )


def save_sections(edition: ReportEdition, user, texts: dict[str, str], note: str = "", **fields):
    """Save the editor's text as a new version (nothing is saved when nothing changed)."""
    if edition.state is not EditionState.DRAFT:
        raise Conflict(_("Only a draft can be edited. Return the edition to draft first."))
    if not may_edit(edition, user):
        raise NotAllowed(_("Only the edition's editor may change its text."))
    keys = [key for key, _label in edition_sections()]
    sections = {k: (texts.get(k, edition.text(k)) or "").strip() for k in keys}
    changed = sections != {k: edition.text(k) for k in keys}
    for name in ("title", "season", "signed_place_date", "signed_by"):
        if name in fields and fields[name] is not None:
            value = fields[name].strip()
            if name == "title" and not value:
                raise DomainError(_("Enter the report's title."), field="title")
            changed = changed or value != getattr(edition, name)
            setattr(edition, name, value)
    if not changed:
        return None
    edition.sections = sections
    version = _add_version(edition, user, note or _("Edited"))
    db.session.flush()
    audit.record("edition.saved", edition, version=version.number)
    return version


def transition(edition: ReportEdition, action: str, user) -> ReportEdition:
    """Move an edition along draft → under review → approved → published (or back)."""
    if action not in TRANSITIONS:
        raise DomainError(_("Unknown action."))
    source, target = TRANSITIONS[action]
    if not user.has_role(Role.READER):
        raise NotAllowed(_("Only the steering group handles the joint report."))
    if edition.state is not source:
        raise Conflict(
            _(
                "The edition is %(state)s; that cannot be done now.",
                state=edition.state.label.lower(),
            )
        )
    if action == "approve" and edition.editor_id == user.id and user.role is not Role.ADMIN:
        raise NotAllowed(_("Another member of the steering group approves the editor's text."))
    if target is EditionState.PUBLISHED:
        # Frozen: the document as it reads now, figures included.
        edition.snapshot = documents.to_dict(build_document(edition, live=True))
        edition.published_at = utcnow()
    edition.state = target
    audit.record(f"edition.{action}", edition, state=target)
    db.session.flush()
    return edition


def build_document(edition: ReportEdition, live: bool = False) -> documents.Document:
    """The edition as a document: the frozen snapshot once published, else built now."""
    if edition.snapshot and not live:
        return documents.from_dict(edition.snapshot)
    from okconf.reports.joint import build_joint_report, conferences_by_ids

    return build_joint_report(
        conferences_by_ids([c.id for c in edition.conferences]), edition=edition
    )


def changes(older: EditionVersion | None, newer: EditionVersion) -> list[tuple[str, list[str]]]:
    """What a version changed, section by section, as unified-diff lines."""
    result = []
    before = older.sections if older is not None else {}
    for key, label in edition_sections():
        a, b = before.get(key, ""), newer.sections.get(key, "")
        if a == b:
            continue
        diff = difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=1)
        # Without the file header and the hunk positions: readers see the text only.
        lines = [line for line in list(diff)[2:] if not line.startswith("@@")]
        result.append((label, lines))
    return result
