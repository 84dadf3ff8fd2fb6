"""okconf.clock: today in Stockholm, and `as_of`, which runs code as of another moment."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from okconf import clock
from okconf.db import utcnow


def test_as_of_sets_today_and_utcnow_and_gives_them_back():
    real = utcnow()
    # 23:30 UTC on 14 December is already the 15th in Stockholm.
    with clock.as_of(datetime(2011, 12, 14, 23, 30, tzinfo=UTC)):
        assert clock.today() == date(2011, 12, 15)
        assert utcnow() == datetime(2011, 12, 14, 23, 30, tzinfo=UTC)
    assert utcnow() >= real and clock.today().year >= 2026


def test_as_of_refuses_a_naive_moment():
    with pytest.raises(ValueError), clock.as_of(datetime(2011, 12, 14, 10, 0)):
        pass
