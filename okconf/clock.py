"""Dates and times as the conferences live them: Stockholm's calendar (a lower layer).

Every feature reads "today" here, so no feature imports another just to know the date.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# A moment the code runs "as of" instead of now (the demo's claims are sent in 2011): read by
# today() here and by okconf.db.utcnow(). None, the default, is the real clock.
_as_of: ContextVar[datetime | None] = ContextVar("okconf_as_of", default=None)


def now() -> datetime:
    """Now, as an aware UTC datetime (or the moment of `as_of`)."""
    moment = _as_of.get()
    return moment if moment is not None else datetime.now(UTC)


def frozen() -> datetime | None:
    """The moment of `as_of` while code runs as of it, else None (the real clock)."""
    return _as_of.get()


def today() -> date:
    """Today's date in Stockholm."""
    return now().astimezone(STOCKHOLM).date()


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Run the code inside as if it were `moment` (aware): its today() and its utcnow()."""
    if moment.tzinfo is None:
        raise ValueError("as_of needs an aware datetime")
    token = _as_of.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _as_of.reset(token)
