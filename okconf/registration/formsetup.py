"""What the registration form needs of a conference besides its own row, kept per version.

The form and the rules that check a registration read, for every request, the conference's
workshop rounds (programme items and workshops), its reimbursement offer (its rules row or its
series'), and the form's parts ask whether it has a participant list and whether it asks
questions of its own (questions/hooks.py, participantlist/hooks.py keep those here): five
statements and their ORM work, for data that changes only when organisers edit. They are read
once per version of the conference and kept in each process (`setup`), with the form class
built from them (forms.py).

The version is the conference's `updated_at`, which every request reads with the conference
anyway. An edit of any row the setup is built from moves it, in the edit's own transaction:
a listener on every session's flush (`_bump_versions`) sets `updated_at` of the conferences
concerned when a programme item, workshop, question, question option, participant-list
setting or reimbursement rules row (a conference's or its series') is added, changed or
deleted, or a series is deleted; and a conference's retention periods (the consent text
the public form states, registration/public_views.py, which also keeps the form's fields as
first shown, as HTML, per version and language); and a webhook (whether a conference has
any is kept the same way, for webhooks/services.py; one for every conference moves them
all); and a new
invitation (whether a conference has any, for invitations/services.py). So the first
request after the edit's commit, in any process, reads the new version and builds the setup
anew; nothing waits for a timeout.
Writes that bypass the ORM's unit of work on these tables must move the version themselves
(there are none: `tests/registration/test_form_setup.py` edits each kind of row and registers).

Also here: the person form's fixed options (sectors, organisation types, diets), translated
once per language and process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import column, event, inspect, or_, select, table, true, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from wtforms.fields.choices import SelectChoice

from okconf.conferences.models import Conference, Series
from okconf.db import utcnow
from okconf.vocabulary import Diet, OrganisationType, Party


class WorkshopChoice(NamedTuple):
    """A workshop as the form offers it."""

    id: int
    title: str


class Setup(NamedTuple):
    """A conference's form setup, as of one version of the conference."""

    # (round key, round title or None for the loose workshops' round, workshops)
    round_rows: tuple[tuple[str, str | None, tuple[WorkshopChoice, ...]], ...]
    # (travel, lost earnings): what the conference offers (the reimbursements feature says).
    offered: tuple[bool, bool]

    def rounds(self) -> list[tuple[str, str, tuple[WorkshopChoice, ...]]]:
        """The workshop rounds as rules.workshop_rounds gives them (titles translated now)."""
        return [(key, title or _("Workshops"), ws) for key, title, ws in self.round_rows]


_CACHE: OrderedDict[tuple, object] = OrderedDict()
_CACHE_SIZE = 512
_LOCK = threading.Lock()


def _build(conference: Conference) -> Setup:
    from okconf.registration.rules import reimbursement_offered, workshop_rounds

    rows = []
    for key, title, workshops in workshop_rounds(conference):
        choices = tuple(WorkshopChoice(w.id, w.title) for w in workshops)
        rows.append((key, None if key == "0" else title, choices))
    return Setup(
        round_rows=tuple(rows),
        offered=reimbursement_offered(conference),
    )


def cache_key(conference: Conference) -> tuple | None:
    """The key of the conference's current version (None: not stored yet, or changed in this
    session and not flushed, so not to be cached)."""
    state = inspect(conference)
    if not state.persistent or conference.updated_at is None or state.modified:
        return None
    return (conference.id, conference.updated_at)


def per_version(conference: Conference, name: str, build):
    """What `build()` makes of the conference, kept per version of the conference and process
    (the setup, the form class of a form without parts; the features with a part of the form
    keep theirs here too, such as whether the conference asks questions)."""
    key = cache_key(conference)
    if key is None:
        return build()
    key = (name, *key)
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    built = build()
    with _LOCK:
        _CACHE[key] = built
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return built


def setup(conference: Conference) -> Setup:
    """The conference's form setup, read once per version of the conference and process."""
    return per_version(conference, "setup", lambda: _build(conference))


# --- the version moves with every edit the setup depends on --------------------------------

# By table name: the questions', the participant list's and the reimbursements' models are
# features above registration (tests/test_import_layers.py).
_BY_CONFERENCE = {
    "programme_items",
    "workshops",
    "questions",
    "participant_list_settings",
    "conference_retention",  # the periods the form's consent text states (public_views.py)
}
_QUESTIONS = table("questions", column("id"), column("conference_id"))


def _values(obj, name: str) -> set:
    """The attribute's value now and, when it changed in this flush, before; and the id of
    the object its relationship names (a workshop appended to `conference.workshops` has no
    conference_id before the flush)."""
    history = inspect(obj).attrs[name].history
    found = {v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None}
    related = obj.__dict__.get(name.removesuffix("_id"))
    if getattr(related, "id", None) is not None:
        found.add(related.id)
    return found


@event.listens_for(Session, "before_flush")
def _bump_versions(session: Session, _flush_context, _instances) -> None:
    """Move `updated_at` of every conference whose form setup this flush changes."""
    conference_ids: set[int] = set()
    question_ids: set[int] = set()
    series_ids: set[int] = set()
    everywhere = False  # a hook for every conference
    changed = [*session.new, *session.deleted]
    changed += [o for o in session.dirty if session.is_modified(o)]  # collections too
    for obj in changed:
        name = getattr(type(obj), "__tablename__", None)
        if name in _BY_CONFERENCE:
            conference_ids |= _values(obj, "conference_id")
        elif name == "question_options":
            question = obj.__dict__.get("question")
            if question is not None and question.conference_id is not None:
                conference_ids.add(question.conference_id)
            question_ids |= _values(obj, "question_id")
        elif name == "reimbursement_rules":
            conference_ids |= _values(obj, "conference_id")
            series_ids |= _values(obj, "series_id")
        elif name == "webhooks":  # whether a conference has hooks (webhooks/services.py)
            history = inspect(obj).attrs["conference_id"].history
            wanted = {*history.added, *history.unchanged, *history.deleted}
            everywhere |= None in wanted or not wanted
            conference_ids |= wanted - {None}
        elif name == "invitations" and obj in session.new:
            # whether a conference has invitations (invitations/services.py): only a new one
            # can turn "none" into "some"; a deleted one at worst leaves a lookup that finds
            # nothing
            conference_ids |= _values(obj, "conference_id")
        elif isinstance(obj, Series) and obj in session.deleted:
            series_ids.add(obj.id)  # its conferences' series_id goes to NULL, not via the ORM
    if not (conference_ids or question_ids or series_ids or everywhere):
        return
    now = utcnow()
    which = []
    if conference_ids:
        which.append(Conference.id.in_(conference_ids))
    if question_ids:
        which.append(
            Conference.id.in_(
                select(_QUESTIONS.c.conference_id).where(_QUESTIONS.c.id.in_(question_ids))
            )
        )
    if series_ids:
        which.append(Conference.series_id.in_(series_ids))
    if everywhere:
        which = [true()]
    session.connection().execute(
        update(Conference.__table__).where(or_(*which)).values(updated_at=now)
    )
    # The conferences this session holds say the new version too (a later request in the same
    # transaction must not find the old setup under the old one).
    # (Those a question option concerns included: a version no row has is only a miss.)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Conference) and (
            everywhere or question_ids or obj.id in conference_ids or obj.series_id in series_ids
        ):
            set_committed_value(obj, "updated_at", now)


# --- the fixed options, per language --------------------------------------------------------


def _type_choices() -> list[SelectChoice]:
    """Finer types, each named with its sector, sector by sector."""
    return [
        SelectChoice(t.value, f"{t.party.label}: {t.label}")
        for party in Party
        for t in OrganisationType
        if t.party is party
    ]


_CHOICES: dict[tuple[str, str], tuple[SelectChoice, ...]] = {}


def fixed_choices(name: str) -> list[SelectChoice]:
    """The person form's fixed options in the current language, translated once per language
    and process (the translations do not change while it runs): every registration request
    built them anew, some 40 translated words."""
    key = (name, str(get_locale() or "sv"))
    found = _CHOICES.get(key)
    if found is None:
        if name == "party":
            found = tuple(Party.choices())
        elif name == "org_type":
            found = (SelectChoice("", str(_l("Choose…"))), *_type_choices())
        else:
            found = tuple(Diet.choices())
        _CHOICES[key] = found
    return list(found)
