"""Database base class, naming convention and shared column types."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from okconf import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints alike."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


# The largest id: every id column is an INTEGER, 32 bits on PostgreSQL. A bigger number from a
# URL or form makes PostgreSQL raise an out-of-range error (and SQLite an OverflowError past 64
# bits), which would be a 500 instead of "not found".
MAX_ID = 2**31 - 1


def as_id(value) -> int | None:
    """A positive database id from user input (str or int), or None when it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value or "").strip()
        if not text.isascii() or not text.isdigit():
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (okconf.clock.as_of can set it)."""
    return clock.now()


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as naive UTC, so SQLite and PostgreSQL agree."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Store aware values as naive UTC; refuse naive ones."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        """Give back aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_type(enum_cls: type[enum.Enum], name: str | None = None) -> sa.Enum:
    """A portable Enum column type: stored as its values, checked by a constraint."""
    return sa.Enum(
        enum_cls,
        name=name or enum_cls.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls) + 4,
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )
