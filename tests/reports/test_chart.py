"""The server-rendered SVG chart."""

import re
import xml.etree.ElementTree as ET

from okconf.reports.chart import participants_chart
from okconf.vocabulary import Party


def widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"', svg)]


def test_bars_are_proportional_and_unsplit_totals_are_shown(app):
    rows = [
        (
            "Stockholm",
            {Party.CIVIL_SOCIETY: 80, Party.PUBLIC_SECTOR: 30, Party.BUSINESS_OTHER: 10},
            120,
        ),
        ("Ronneby", dict.fromkeys(Party), 180),
    ]
    svg = participants_chart(rows, "Deltagare", "Not split by sector")
    ET.fromstring(svg)  # well-formed
    bars = widths(svg)
    assert abs(bars[0] / bars[1] - 80 / 30) < 0.01
    assert abs(bars[3] - 420.0) < 0.01  # the biggest total fills the bar
    assert "Not split by sector" in svg and '<title id="chart-title">Deltagare</title>' in svg
    assert "style=" not in svg  # the CSP forbids inline styles
