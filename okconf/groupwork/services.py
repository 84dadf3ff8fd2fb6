"""Group notes, their moderation, the wall, and the anonymous feedback form."""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from okconf.accounts.links import make_token, read_token
from okconf.conferences.models import Conference, Workshop
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotFound
from okconf.extensions import db
from okconf.groupwork.models import (
    NOTE_MAX_LENGTH,
    FeedbackAnswer,
    FeedbackRequest,
    GroupNote,
    NoteKind,
    NoteLink,
)
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import Party, Principle, Theme

# --- the public link ------------------------------------------------------------------------


def note_link(conference: Conference) -> NoteLink:
    """The conference's note link, created on first use."""
    link = db.session.get(NoteLink, conference.id)
    if link is None:
        link = NoteLink(conference_id=conference.id, token=secrets.token_urlsafe(6))
        db.session.add(link)
        db.session.flush()
    return link


def rotate_link(conference: Conference) -> NoteLink:
    """Give the conference a new note link; the old one stops working."""
    link = note_link(conference)
    link.token = secrets.token_urlsafe(6)
    link.created_at = utcnow()
    db.session.flush()
    return link


def conference_for_token(token: str) -> Conference | None:
    """The conference whose note link this is, or None."""
    link = db.session.scalar(select(NoteLink).where(NoteLink.token == token))
    return link.conference if link is not None else None


# --- notes ----------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the note."), field="text")
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("A note may be at most %(n)s characters.", n=NOTE_MAX_LENGTH), field="text"
        )
    return text


def _workshop(conference: Conference, workshop_id: int | None) -> Workshop | None:
    if not workshop_id:
        return None
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.conference_id != conference.id:
        raise DomainError(_("Choose one of this conference's workshops."), field="workshop_id")
    return workshop


def post_note(
    conference: Conference,
    *,
    kind: NoteKind,
    theme: Theme,
    text: str,
    principle: Principle | None = None,
    group_label: str = "",
    workshop_id: int | None = None,
) -> GroupNote:
    """Post a note from a workshop or table."""
    workshop = _workshop(conference, workshop_id)
    note = GroupNote(
        conference_id=conference.id,
        workshop_id=workshop.id if workshop else None,
        group_label=(group_label or "").strip()[:120],
        kind=NoteKind(kind),
        theme=Theme(theme),
        principle=Principle(principle) if principle else None,
        text=_clean_text(text),
    )
    db.session.add(note)
    db.session.flush()
    return note


def edit_note(
    note: GroupNote,
    *,
    kind: NoteKind,
    theme: Theme,
    text: str,
    principle: Principle | None,
    group_label: str,
) -> GroupNote:
    """Correct a note (an organiser's moderation)."""
    note.text = _clean_text(text)
    note.kind = NoteKind(kind)
    note.theme = Theme(theme)
    note.principle = Principle(principle) if principle else None
    note.group_label = (group_label or "").strip()[:120]
    note.edited_at = utcnow()
    db.session.flush()
    return note


def set_hidden(note: GroupNote, hidden: bool) -> None:
    """Hide a note from the wall and the summaries, or show it again."""
    note.hidden = hidden
    db.session.flush()


def merge_notes(target: GroupNote, duplicates: list[GroupNote]) -> GroupNote:
    """Merge duplicates into one note, which then counts them and links to them."""
    for note in duplicates:
        if note.id == target.id:
            raise Conflict(_("A note cannot be merged into itself."))
        if note.conference_id != target.conference_id:
            raise Conflict(_("Only notes of the same conference can be merged."))
        if target.merged_into_id is not None:
            raise Conflict(
                _("That note has itself been merged; choose the note it was merged into.")
            )
    for note in duplicates:
        # Notes already merged into the duplicate follow it.
        for child in list(note.merged):
            child.merged_into = target
        note.merged_into = target
    db.session.flush()
    return target


def unmerge(note: GroupNote) -> None:
    """Put a merged note back on the wall."""
    note.merged_into = None
    db.session.flush()


def notes_of(conference: Conference, *, visible_only: bool = False) -> list[GroupNote]:
    """The conference's notes, newest first."""
    # Every page shows each note's count of merged duplicates and its workshop: load them
    # with the notes, not one query per note.
    query = (
        select(GroupNote)
        .options(
            selectinload(GroupNote.merged, recursion_depth=-1),
            selectinload(GroupNote.workshop),
        )
        .where(GroupNote.conference_id == conference.id)
    )
    if visible_only:
        query = query.where(GroupNote.hidden.is_(False), GroupNote.merged_into_id.is_(None))
    return list(
        db.session.scalars(query.order_by(GroupNote.created_at.desc(), GroupNote.id.desc()))
    )


def grouped(conference: Conference) -> list[dict]:
    """Visible notes grouped by theme and kind, themes in the vocabulary's order."""
    by_theme: dict[Theme, dict[NoteKind, list[GroupNote]]] = defaultdict(lambda: defaultdict(list))
    for note in notes_of(conference, visible_only=True):
        by_theme[note.theme][note.kind].append(note)
    result = []
    for theme in Theme:
        if theme not in by_theme:
            continue
        result.append(
            {
                "theme": theme,
                "kinds": [(kind, by_theme[theme].get(kind, [])) for kind in NoteKind],
            }
        )
    return result


def wall_json(conference: Conference) -> dict:
    """The wall's content for the page that refreshes itself."""
    return {
        "conference": conference.title,
        "themes": [
            {
                "theme": group["theme"].value,
                "label": group["theme"].label,
                "kinds": [
                    {
                        "kind": kind.value,
                        "label": kind.label,
                        "notes": [
                            {
                                "id": n.id,
                                "text": n.text,
                                "count": n.count,
                                "group": n.group,
                                "principle": n.principle.label if n.principle else "",
                            }
                            for n in notes
                        ],
                    }
                    for kind, notes in group["kinds"]
                ],
            }
            for group in grouped(conference)
        ],
    }


# --- feedback -------------------------------------------------------------------------------


def feedback_url(registration: Registration) -> str:
    """The participant's personal feedback link."""
    token = make_token("feedback", registration.id, registration.link_version)
    base = current_app.config["BASE_URL"].rstrip("/")
    # Built without a request, so the command line can send the mails too.
    path = current_app.url_map.bind("localhost").build("groupwork.feedback", {"token": token})
    return base + path


def send_feedback(conference: Conference) -> int:
    """Queue the feedback form to every registrant who attended and has not been sent it."""
    from okconf.mail.services import queue_mail

    attended = db.session.scalars(
        select(Registration).where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.checked_in_at.is_not(None),
            Registration.anonymised_at.is_(None),
        )
    ).all()
    sent = 0
    for registration in attended:
        request = db.session.get(FeedbackRequest, registration.id)
        if request is not None and request.sent:
            continue
        if request is None:
            request = FeedbackRequest(registration_id=registration.id, conference_id=conference.id)
            db.session.add(request)
        request.sent = True
        queue_mail(
            registration.email,
            "groupwork/email/feedback",
            subject=_("What did you think of %(title)s?", title=conference.title),
            locale=registration.locale,
            kind="feedback",
            conference_id=conference.id,
            registration=registration,
            conference=conference,
            url=feedback_url(registration),
        )
        sent += 1
    db.session.flush()
    return sent


def registration_for_feedback(token: str) -> Registration:
    """The registration a feedback link names, if it is still valid and attended."""
    data = read_token("feedback", token)
    registration = db.session.get(Registration, data[0]) if data else None
    if (
        registration is None
        or registration.link_version != data[1]
        or registration.checked_in_at is None
    ):
        raise NotFound(_("This feedback link is not valid."))
    return registration


def has_answered(registration: Registration) -> bool:
    """Whether the registration has already answered."""
    request = db.session.get(FeedbackRequest, registration.id)
    return request is not None and request.answered


def answer_feedback(
    registration: Registration,
    *,
    knowledge_before: int,
    knowledge_after: int,
    principles: list[Principle],
    next_steps: str,
    free_text: str,
) -> None:
    """Store an answer without any link to the person, and note that the place has answered."""
    request = db.session.get(FeedbackRequest, registration.id, with_for_update=True)
    if request is None:
        request = FeedbackRequest(
            registration_id=registration.id, conference_id=registration.conference_id
        )
        db.session.add(request)
    if request.answered:
        raise Conflict(_("You have already answered. Thank you!"))
    for value in (knowledge_before, knowledge_after):
        if value not in range(1, 6):
            raise DomainError(_("Choose a value from 1 to 5."))
    request.answered = True
    db.session.add(
        FeedbackAnswer(
            conference_id=registration.conference_id,
            party=registration.party,
            knowledge_before=knowledge_before,
            knowledge_after=knowledge_after,
            principles=",".join(Principle(p).value for p in principles),
            next_steps=(next_steps or "").strip()[:5000],
            free_text=(free_text or "").strip()[:5000],
        )
    )
    db.session.flush()


def feedback_results(conference_ids: list[int]) -> dict:
    """Counts and distributions of the answers, in total and per sector."""
    answers = db.session.scalars(
        select(FeedbackAnswer).where(FeedbackAnswer.conference_id.in_(conference_ids))
    ).all()
    requests = db.session.scalars(
        select(FeedbackRequest).where(FeedbackRequest.conference_id.in_(conference_ids))
    ).all()

    def summarise(items) -> dict:
        before = Counter(a.knowledge_before for a in items)
        after = Counter(a.knowledge_after for a in items)
        principles = Counter(p for a in items for p in a.principle_list)
        n = len(items)
        return {
            "count": n,
            "before": [before.get(i, 0) for i in range(1, 6)],
            "after": [after.get(i, 0) for i in range(1, 6)],
            "mean_before": round(sum(a.knowledge_before for a in items) / n, 1) if n else None,
            "mean_after": round(sum(a.knowledge_after for a in items) / n, 1) if n else None,
            "principles": [(p, principles.get(p, 0)) for p in Principle],
        }

    return {
        "sent": sum(1 for r in requests if r.sent),
        "answered": sum(1 for r in requests if r.answered),
        "total": summarise(answers),
        "by_party": [
            (party, summarise([a for a in answers if a.party is party])) for party in Party
        ],
        "next_steps": [a.next_steps for a in answers if a.next_steps],
        "free_text": [a.free_text for a in answers if a.free_text],
    }


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG markup (drawn here: nothing fetched at run time)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    # Inline in HTML: drop the XML declaration, and let CSS size it.
    return svg[svg.find("<svg") :]
