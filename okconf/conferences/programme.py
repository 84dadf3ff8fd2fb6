"""Programme rules: time slots, their speakers, the moderator and the workshops of a round."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from okconf import audit
from okconf.conferences.models import Conference, ItemKind, ProgrammeItem, Speaker, Workshop
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.formatting import format_time
from okconf.vocabulary import Theme


def parse_speakers(text: str) -> list[tuple[str, str, str]]:
    """Speakers one a line as "name; role; organisation" (role and organisation optional)."""
    speakers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) > 3:
            raise DomainError(
                _(
                    "Line %(n)d has more than three parts; write name; role; organisation.",
                    n=number,
                ),
                field="speakers",
            )
        name, role, organisation = ([*parts, "", ""])[:3]
        if not name:
            raise DomainError(_("Line %(n)d has no name.", n=number), field="speakers")
        if len(name) > 200 or len(role) > 200 or len(organisation) > 300:
            raise DomainError(_("Line %(n)d is too long.", n=number), field="speakers")
        speakers.append((name, role, organisation))
    return speakers


def speakers_text(item: ProgrammeItem) -> str:
    """The item's speakers in the form's one-a-line notation."""
    lines = []
    for s in item.speakers:
        parts = [s.name, s.role, s.organisation_name]
        while parts and not parts[-1]:
            parts.pop()
        lines.append("; ".join(parts))
    return "\n".join(lines)


def check_times(starts_at: time, ends_at: time | None) -> None:
    """A slot ends after it starts."""
    if ends_at is not None and ends_at <= starts_at:
        raise DomainError(_("The slot must end after it starts."), field="ends_at")


def load_programme(conference: Conference) -> None:
    """Load the conference's slots with their speakers and workshops in three queries, however
    many slots there are (the staff programme page shows them all)."""
    db.session.scalar(
        select(Conference)
        .where(Conference.id == conference.id)
        .options(
            selectinload(Conference.programme).selectinload(ProgrammeItem.speakers),
            selectinload(Conference.programme).selectinload(ProgrammeItem.workshops),
        )
    )


def item_warnings(conference: Conference, item: ProgrammeItem) -> list[str]:
    """Things worth a second look that are not errors: a slot outside the conference's hours."""
    warnings = []
    if conference.start_time and item.starts_at < conference.start_time:
        warnings.append(
            _(
                "“%(title)s” starts before the conference does (%(time)s).",
                title=item.title,
                time=format_time(conference.start_time),
            )
        )
    end = item.ends_at or item.starts_at
    if conference.end_time and end > conference.end_time:
        warnings.append(
            _(
                "“%(title)s” ends after the conference does (%(time)s).",
                title=item.title,
                time=format_time(conference.end_time),
            )
        )
    return warnings


def save_item(
    conference: Conference,
    item: ProgrammeItem | None,
    *,
    kind: ItemKind,
    starts_at: time,
    ends_at: time | None,
    title: str,
    description: str = "",
    speakers: list[tuple[str, str, str]] = (),
    show_time: bool = True,
    day: int = 1,
) -> ProgrammeItem:
    """Add a time slot (item None) or change one, with its speakers; `day` is which day of a
    conference held over several days (1, the first, for a conference of one day)."""
    check_times(starts_at, ends_at)
    if not 1 <= day <= max(len(conference.days), 1):
        raise DomainError(_("Choose one of the conference's days."), field="day")
    if not title.strip():
        raise DomainError(_("Give the slot a title."), field="title")
    changing_block = item is not None and item.kind is ItemKind.WORKSHOPS
    if changing_block and kind is not ItemKind.WORKSHOPS and item.workshops:
        raise Conflict(
            _("This block has workshops; move or delete them before changing its kind."),
            field="kind",
        )
    creating = item is None
    if creating:
        item = ProgrammeItem(conference=conference, position=_next_position(conference))
        db.session.add(item)
    item.kind = kind
    item.day = day
    item.starts_at = starts_at
    item.ends_at = ends_at
    item.title = title.strip()
    item.description = description.strip()
    item.show_time = show_time
    item.speakers = [
        Speaker(name=name, role=role, organisation_name=org, position=n)
        for n, (name, role, org) in enumerate(speakers)
    ]
    db.session.flush()
    audit.record("programme.item_saved" if not creating else "programme.item_added", item)
    return item


def _next_position(conference: Conference) -> int:
    highest = db.session.scalar(
        select(func.max(ProgrammeItem.position)).where(ProgrammeItem.conference_id == conference.id)
    )
    return (highest or 0) + 1


def delete_item(item: ProgrammeItem) -> None:
    """Remove a slot; a workshop block must lose its workshops first."""
    if item.workshops:
        raise Conflict(_("Delete or move this block's workshops before deleting the block."))
    audit.record("programme.item_deleted", item, title=item.title)
    conference = item.conference
    db.session.delete(item)
    db.session.flush()
    db.session.expire(conference, ["programme"])


def item_snapshot(item: ProgrammeItem) -> dict:
    """A deletable slot's fields and speakers as plain values, to restore it on undo."""
    return {
        "conference_id": item.conference_id,
        "kind": item.kind.value,
        "day": item.day,
        "starts_at": item.starts_at.strftime("%H:%M"),
        "ends_at": item.ends_at.strftime("%H:%M") if item.ends_at else None,
        "show_time": item.show_time,
        "title": item.title,
        "description": item.description,
        "position": item.position,
        "speakers": [[s.name, s.role, s.organisation_name] for s in item.speakers],
    }


def restore_item(conference: Conference, snapshot: dict) -> ProgrammeItem:
    """Put a deleted slot back from its snapshot (undo of delete_item)."""
    if snapshot.get("conference_id") != conference.id:
        raise Conflict(_("There is nothing to undo."))
    try:
        kind = ItemKind(snapshot["kind"])
        starts_at = time.fromisoformat(snapshot["starts_at"])
        ends_at = time.fromisoformat(snapshot["ends_at"]) if snapshot.get("ends_at") else None
        speakers = [(str(n), str(r), str(o)) for n, r, o in snapshot.get("speakers", [])]
        day = snapshot.get("day", 1)
        day = min(day, max(len(conference.days), 1)) if isinstance(day, int) and day > 0 else 1
    except (KeyError, TypeError, ValueError) as error:
        raise Conflict(_("There is nothing to undo.")) from error
    item = save_item(
        conference,
        None,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        title=str(snapshot.get("title", "")),
        description=str(snapshot.get("description", "")),
        speakers=speakers,
        show_time=bool(snapshot.get("show_time", True)),
        day=day,
    )
    if isinstance(snapshot.get("position"), int):
        item.position = snapshot["position"]
    db.session.flush()
    db.session.expire(conference, ["programme"])
    audit.record("programme.item_restored", item)
    return item


def move_item(item: ProgrammeItem, direction: int) -> None:
    """Swap a slot with its neighbour (-1 up, +1 down); slots stay in time order."""
    programme = sorted(
        item.conference.programme, key=lambda i: (i.day, i.starts_at, i.position, i.id)
    )
    index = programme.index(item)
    other_index = index + (1 if direction > 0 else -1)
    if not 0 <= other_index < len(programme):
        raise Conflict(_("The slot is already at the edge of the programme."))
    other = programme[other_index]
    if other.day != item.day:
        raise Conflict(
            _(
                "“%(title)s” is the day's first or last slot; change its day to move it to "
                "another day.",
                title=item.title,
            )
        )
    if other.starts_at != item.starts_at:
        raise Conflict(
            _(
                "Slots are ordered by start time; change the time to move “%(title)s” past "
                "“%(other)s”.",
                title=item.title,
                other=other.title,
            )
        )
    # Renumber so the two can swap even when their positions were equal.
    for n, each in enumerate(programme):
        each.position = n
    item.position, other.position = other.position, item.position
    db.session.flush()


def set_moderator(conference: Conference, moderator: str) -> None:
    """The moderator of the day (name and role)."""
    conference.moderator = moderator.strip()
    db.session.flush()
    audit.record("programme.moderator_set", conference)


def save_workshop(
    conference: Conference,
    workshop: Workshop | None,
    *,
    round_item: ProgrammeItem,
    title: str,
    theme: Theme | None,
    description: str = "",
    inspirers: str = "",
    room: str = "",
    capacity: int | None = None,
) -> Workshop:
    """Add a workshop to a workshop block of the conference, or change one."""
    if round_item.conference_id != conference.id or round_item.kind is not ItemKind.WORKSHOPS:
        raise DomainError(_("Choose a workshop block of this conference."), field="round_id")
    if not title.strip():
        raise DomainError(_("Give the workshop a title."), field="title")
    if capacity is not None and capacity < 0:
        raise DomainError(_("The capacity cannot be negative."), field="capacity")
    creating = workshop is None
    if creating:
        highest = max((w.position for w in conference.workshops), default=0)
        workshop = Workshop(conference=conference, position=highest + 1)
        db.session.add(workshop)
    workshop.round = round_item
    workshop.title = title.strip()
    workshop.theme = theme
    workshop.description = description.strip()
    workshop.inspirers = inspirers.strip()
    workshop.room = room.strip()
    workshop.capacity = capacity
    db.session.flush()
    audit.record("programme.workshop_added" if creating else "programme.workshop_saved", workshop)
    return workshop


def delete_workshop(workshop: Workshop) -> None:
    """Remove a workshop (participants' preferences for it go with it)."""
    audit.record("programme.workshop_deleted", workshop, title=workshop.title)
    round_item, conference = workshop.round, workshop.conference
    db.session.delete(workshop)
    db.session.flush()
    # Reload the collections that listed it, so the block can be deleted next.
    if round_item is not None:
        db.session.expire(round_item, ["workshops"])
    db.session.expire(conference, ["workshops"])


def workshop_rounds(conference: Conference) -> list[ProgrammeItem]:
    """The conference's workshop blocks, in programme order."""
    return [item for item in conference.programme if item.kind is ItemKind.WORKSHOPS]
