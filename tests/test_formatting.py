"""Numbers, dates, times and money in Swedish and (British) English, through Babel."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from okconf import formatting as f

NBSP = "\xa0"


def _in(app, lang: str):
    ctx = app.test_request_context("/")
    ctx.push()
    from flask import session

    session["lang"] = lang
    return ctx


@pytest.fixture(params=["sv", "en"])
def lang(request, app):
    ctx = _in(app, request.param)
    yield request.param
    ctx.pop()


EXPECTED = {
    "sv": {
        "date": "21 december 2026",
        "time": "09.05",
        "datetime": "21 dec. 2026 10.30",
        "short": "2026-12-21 10.30",
        "number": f"12{NBSP}345",
        "share": f"66,7{NBSP}%",
        "whole_share": f"50{NBSP}%",
        "money": f"1{NBSP}234{NBSP}kr",
        "money_ore": f"1{NBSP}234,50{NBSP}kr",
        "money_decimals": f"900{NBSP}000,00{NBSP}kr",
    },
    "en": {
        "date": "21 December 2026",
        "time": "09:05",
        "datetime": "21 Dec 2026 10:30",
        "short": "21/12/2026 10:30",
        "number": "12,345",
        "share": "66.7%",
        "whole_share": "50%",
        "money": "SEK\xa01,234",
        "money_ore": "SEK\xa01,234.50",
        "money_decimals": "SEK\xa0900,000.00",
    },
}


def test_formats(lang):
    want = EXPECTED[lang]
    moment = datetime(2026, 12, 21, 9, 30, 59, tzinfo=UTC)  # 10.30 in Stockholm (winter)
    assert f.format_date(date(2026, 12, 21), "long") == want["date"]
    assert f.format_time(time(9, 5, 59)) == want["time"]
    assert f.format_datetime(moment) == want["datetime"]
    assert f.format_datetime(moment, "short") == want["short"]
    assert f.format_datetime(moment.replace(tzinfo=None), "short") == want["short"]  # naive: UTC
    assert f.number(12345) == want["number"]
    assert f.share(2, 3) == want["share"]
    assert f.share(1, 2, 0) == want["whole_share"]
    assert f.share(1, 0) == "" and f.percent(None) == ""
    assert f.money(123400) == want["money"]
    assert f.money(123450) == want["money_ore"]
    assert f.money(90000000, decimals=True) == want["money_decimals"]


def test_money_never_passes_through_a_float(lang):
    # 0,07 kr and 10^15 öre: a float division would print 0.07000000000000001 or lose öre.
    assert "0,07" in f.money(7) or "0.07" in f.money(7)
    big = f.money(10**15 + 1)
    assert big.replace(NBSP, "").replace(",", "").replace(".", "").replace(" ", "").strip(
        "SEKkr"
    ) == str(10**15 + 1)


def test_no_seconds_anywhere(lang):
    moment = datetime(2026, 6, 1, 7, 8, 9, tzinfo=UTC)
    for fmt in ("short", "medium", "long", "full"):
        assert ":09" not in f.format_datetime(moment, fmt) and ".09" not in f.format_datetime(
            moment, fmt
        )


def test_empty_values_are_empty(lang):
    assert f.format_date(None) == f.format_time(None) == f.format_datetime(None) == ""
    assert f.money(None) == f.number(None) == ""


def test_a_moment_is_dated_in_stockholm(app):
    """A UTC moment late in the evening is already the next day in Stockholm."""
    ctx = _in(app, "sv")
    try:
        late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
        assert f.format_date(late) == "1 dec. 2026"
        assert f.format_time(late) == "00.30"
    finally:
        ctx.pop()


def test_the_kronor_field_shows_ore_without_a_float():
    from okconf.conferences.forms import KronorField

    assert KronorField.format(None, 12_345) == "123,45"
    assert KronorField.format(None, 5) == "0,05"
    assert KronorField.format(None, 40_000) == "400"
    # 2**53 + 1 öre: a float would round the last öre away.
    assert KronorField.format(None, 2**53 + 1) == "90071992547409,93"


def test_a_slot_of_a_conference_of_several_days_says_its_day(lang):
    from types import SimpleNamespace

    from okconf.conferences.models import Conference, ProgrammeItem

    two_days = Conference(date=date(2026, 12, 1), end_date=date(2026, 12, 2))
    item = ProgrammeItem(starts_at=time(13, 0), day=2)
    item.conference = two_days
    want = {"sv": "ons 2 dec. 13.00", "en": "Wed 2 Dec 13:00"}[lang]
    assert f.slot_start(item) == want
    one_day = SimpleNamespace(
        starts_at=time(13, 0), conference=Conference(date=date(2026, 12, 1)), on_date=None
    )
    assert f.slot_start(one_day) == want.split(" ")[-1]
