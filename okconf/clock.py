"""Dates and times as the conferences live them: Stockholm's calendar (a lower layer).

Every feature reads "today" here, so no feature imports another just to know the date.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def today() -> date:
    """Today's date in Stockholm."""
    return datetime.now(STOCKHOLM).date()
