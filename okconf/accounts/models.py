"""Staff users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class Role(enum.StrEnum):
    """What a staff user may do. Admins may do everything."""

    ADMIN = "admin"
    ORGANISER = "organiser"
    REVIEWER = "reviewer"
    READER = "reader"

    @property
    def label(self) -> str:
        """The role's name in the interface."""
        return str(
            {
                Role.ADMIN: _l("Administrator"),
                Role.ORGANISER: _l("Organiser"),
                Role.REVIEWER: _l("Reviewer"),
                Role.READER: _l("Steering group (reader)"),
            }[self]
        )


class User(UserMixin, db.Model):
    """A staff member who signs in with a password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the password changes, so other sessions end.
    session_version: Mapped[int] = mapped_column(default=1)
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lowercase"),)

    def get_id(self) -> str:
        """Flask-Login's id: the user id and session version, so a password change signs out."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot sign in."""
        return self.active

    def has_role(self, *roles: Role) -> bool:
        """True when the user has one of the roles, or is an admin."""
        return self.role is Role.ADMIN or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"
