"""A participant's companion (ledsagare or personal assistant)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, utcnow
from okconf.extensions import db
from okconf.vocabulary import Diet


class Companion(db.Model):
    """The one person who comes with a participant: no account, no email, no link.

    Whether they take a place of their own is the registration's `companion_places` (kept
    in the same transaction by the companions services; the places triggers count it).
    Deleted with the registration (and by erasure, cancellation, a hand-over and the purge).
    """

    __tablename__ = "companions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One companion per participant: the registration is unique.
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    # The Diet values, comma-separated (special category data, erased on schedule).
    diets: Mapped[str] = mapped_column(sa.String(200), default="")
    diet_other: Mapped[str] = mapped_column(sa.String(300), default="")
    needs: Mapped[str] = mapped_column(sa.Text, default="")
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration = relationship(
        "Registration",
        backref=sa.orm.backref(
            "companion", uselist=False, cascade="all, delete-orphan", passive_deletes=True
        ),
    )

    __table_args__ = (sa.CheckConstraint("name != ''", name="companion_has_name"),)

    @property
    def diet_list(self) -> list[Diet]:
        """The structured diets, in the vocabulary's order (unknown values are skipped)."""
        values = {v for v in (self.diets or "").split(",") if v}
        return [d for d in Diet if d.value in values]

    @diet_list.setter
    def diet_list(self, diets) -> None:
        self.diets = ",".join(Diet(d).value for d in Diet if d in set(diets))

    @property
    def diet_labels(self) -> str:
        """The diets in words, the "other" text last."""
        words = [str(d.label) for d in self.diet_list if d is not Diet.OTHER or not self.diet_other]
        if self.diet_other:
            words.append(self.diet_other)
        return ", ".join(words)

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None

    def __repr__(self) -> str:
        return f"<Companion {self.id} reg={self.registration_id}>"
