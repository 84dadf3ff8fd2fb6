"""Template filters for dates, times and money in the user's language."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import format_date as _format_date
from flask_babel import format_datetime as _format_datetime
from flask_babel import format_decimal


def format_date(value: date | None, fmt: str = "medium") -> str:
    """A date in the user's language, e.g. "25 november 2011"."""
    return _format_date(value, fmt) if value else ""


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    """A moment in Stockholm time, in the user's language."""
    return _format_datetime(value, fmt) if value else ""


def format_time(value: time | None) -> str:
    """A clock time as 09.30 (Swedish) or 09:30."""
    if value is None:
        return ""
    return value.strftime("%H.%M") if _is_swedish() else value.strftime("%H:%M")


def money(ore: int | None, decimals: bool = False) -> str:
    """An amount of öre as kronor: "1 234 kr" (or "1 234,50 kr" when decimals are asked for)."""
    if ore is None:
        return ""
    if decimals or ore % 100:
        text = format_decimal(ore / 100, format="#,##0.00")
    else:
        text = format_decimal(ore // 100, format="#,##0")
    return f"{text} kr"


def _is_swedish() -> bool:
    from flask_babel import get_locale

    locale = get_locale()
    return locale is not None and locale.language == "sv"


FILTERS = {
    "format_date": format_date,
    "format_datetime": format_datetime,
    "format_time": format_time,
    "money": money,
}
