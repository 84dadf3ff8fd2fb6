"""Template filters for numbers, dates, times and money in the user's language.

Everything goes through Babel's formatters, with the locale's own patterns: "12 345",
"66,7 %", "21 december 2026", "09.00" and "1 234 kr" in Swedish; English is written the
British way ("21 December 2026", "09:00"), not the American one Babel's bare "en" gives.
Times never show seconds.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask_babel import get_locale, get_timezone

# The territory each interface language is written in (dates, separators, currency place).
TERRITORIES = {"sv": "SE", "en": "GB"}
# Clock times: Swedish writes "09.00" (Språkrådet), CLDR's Swedish data says "09:00".
TIME_PATTERNS = {"sv": "HH.mm"}
DATE_FORMATS = ("short", "medium", "long", "full")


def formatting_locale() -> Locale:
    """The locale to format with: the interface language in its territory (sv_SE, en_GB)."""
    locale = get_locale() or Locale("sv")
    if locale.territory:
        return locale
    territory = TERRITORIES.get(locale.language)
    return Locale(locale.language, territory) if territory else locale


def _time_pattern(locale: Locale) -> str:
    """Hours and minutes, never seconds."""
    return TIME_PATTERNS.get(locale.language) or locale.time_formats["short"].pattern


def format_date(value: date | datetime | None, fmt: str = "medium") -> str:
    """A date in the user's language, e.g. "25 november 2011" or "25 November 2011"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _aware(value).astimezone(get_timezone()).date()
    return babel_dates.format_date(value, fmt, locale=formatting_locale())


def format_days(first: date | None, last: date | None = None, fmt: str = "medium") -> str:
    """One day, or a span of days as the locale writes it: "12–13 maj 2027".

    The locale's interval patterns for day, month and year (CLDR's yMMMd), with the month
    written out in "long" and "full" ("29–30 november 2026"; CLDR has no such pattern for
    Swedish, and Babel would fall back to "nov."); "full" leaves the weekdays out.
    """
    if first is None:
        return ""
    if last is None or last <= first:
        return format_date(first, fmt)
    locale = formatting_locale()
    if fmt == "short":
        return babel_dates.format_interval(first, last, "yMd", locale=locale)
    field = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    parts = locale.interval_formats["yMMMd"][field]
    if fmt in ("long", "full"):
        parts = [re.sub(r"(?<!M)MMM(?!M)", "MMMM", part) for part in parts]
    return "".join(
        babel_dates.parse_pattern(part).apply(day, locale)
        for part, day in zip(parts, (first, last), strict=True)
    )


def conference_dates(conference, fmt: str = "medium") -> str:
    """A conference's day, or its first to last day (it has `date` and maybe `end_date`)."""
    first = getattr(conference, "date", None)
    return format_days(first, getattr(conference, "end_date", None), fmt)


def format_time(value: time | datetime | None) -> str:
    """A clock time as 09.30 (Swedish) or 09:30, in Stockholm time for a moment."""
    if value is None:
        return ""
    locale = formatting_locale()
    if isinstance(value, datetime):
        value = _aware(value).astimezone(get_timezone())
    return babel_dates.format_time(value, _time_pattern(locale), locale=locale)


def slot_start(item) -> str:
    """When a programme slot (or workshop round) starts: its clock time, with its day in front
    on a conference of several days ("tis 2 dec. 13.00")."""
    clock = format_time(item.starts_at)
    if not getattr(item.conference, "several_days", False) or item.on_date is None:
        return clock
    day = babel_dates.format_skeleton("MMMEd", item.on_date, locale=formatting_locale())
    return f"{day} {clock}"


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    """A moment in Stockholm time, in the user's language, without seconds.

    `fmt` names the date part ("short": 2026-11-30 09.05, "medium": 30 nov. 2026 09.05).
    """
    if value is None:
        return ""
    locale = formatting_locale()
    date_pattern = locale.date_formats[fmt if fmt in DATE_FORMATS else "medium"].pattern
    return babel_dates.format_datetime(
        _aware(value),
        f"{date_pattern} {_time_pattern(locale)}",
        tzinfo=get_timezone(),
        locale=locale,
    )


def _aware(value: datetime) -> datetime:
    """Stored moments are UTC; a naive one is read as UTC, as Flask-Babel does."""
    return value if value.tzinfo else value.replace(tzinfo=babel_dates.UTC)


def number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """A number with the locale's separators: "12 345", "2,5" (or "12,345", "2.5")."""
    if value is None:
        return ""
    locale = formatting_locale()
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(value, pattern, locale=locale)


def percent(value: float | Decimal | None, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.667 → "66,7 %" in Swedish, "66.7%" in English."""
    if value is None:
        return ""
    locale = formatting_locale()
    pattern = locale.percent_formats[None].pattern
    if decimals:
        # The locale's own pattern ("#,##0 %"), with the asked-for decimals after its last 0.
        pattern = re.sub(r"0(?!.*0)", "0." + "0" * decimals, pattern, count=1)
    return babel_numbers.format_percent(value, pattern, locale=locale)


def share(part: int | None, whole: int | None, decimals: int = 1) -> str:
    """`part` of `whole` as a percentage ("66,7 %"); empty when there is no whole."""
    if part is None or not whole:
        return ""
    return percent(Decimal(part) / Decimal(whole), decimals)


def money(ore: int | None, decimals: bool = False) -> str:
    """An amount of öre as kronor: "1 234 kr" (or "1 234,50 kr" when decimals are asked for).

    Integer öre become a Decimal, so no amount passes through a float on its way to text.
    """
    if ore is None:
        return ""
    locale = formatting_locale()
    amount = Decimal(int(ore)).scaleb(-2)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    if not decimals and ore % 100 == 0:
        pattern = pattern.replace(".00", "")
    # CLDR's currency spacing, which Babel leaves out: "SEK 1,234", never "SEK1,234".
    symbol = babel_numbers.get_currency_symbol("SEK", locale)
    if symbol[-1:].isalpha():
        pattern = re.sub(r"¤(?=[#0])", "¤\u00a0", pattern)
    if symbol[:1].isalpha():
        pattern = re.sub(r"(?<=[#0])¤", "\u00a0¤", pattern)
    return babel_numbers.format_currency(
        amount, "SEK", pattern, locale=locale, currency_digits=False
    )


FILTERS = {
    "conference_dates": conference_dates,
    "format_days": format_days,
    "format_date": format_date,
    "format_datetime": format_datetime,
    "format_time": format_time,
    "money": money,
    "number": number,
    "percent": percent,
    "share": share,
    "slot_start": slot_start,
}
