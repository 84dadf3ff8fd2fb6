"""Whether a conference has a participant list, and who sees it."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from okconf.db import enum_type
from okconf.extensions import db


class Visibility(enum.StrEnum):
    """Who sees the list of those who agreed to be on it."""

    NOBODY = "nobody"
    PARTICIPANTS = "participants"
    PUBLIC = "public"

    @property
    def label(self):
        return {
            Visibility.NOBODY: _l("No participant list"),
            Visibility.PARTICIPANTS: _l("The participants, through their personal link"),
            Visibility.PUBLIC: _l("Everyone, on the conference's public page"),
        }[self]


class ParticipantListSettings(db.Model):
    """A conference's choice (no row: no list)."""

    __tablename__ = "participant_list_settings"

    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_type(Visibility, name="participant_list_visibility"), default=Visibility.NOBODY
    )
