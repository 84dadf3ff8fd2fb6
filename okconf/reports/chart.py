"""A stacked bar chart of participants per conference and sector, as SVG (no JS library)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from okconf.vocabulary import Party

# Colours with at least 3:1 contrast against white and each other's labels in white text.
COLOURS = {
    Party.CIVIL_SOCIETY: "#1f5f8b",
    Party.PUBLIC_SECTOR: "#8a4b08",
    Party.BUSINESS_OTHER: "#3d6b35",
}


UNSPLIT = "#6b6b6b"


def participants_chart(
    rows: list[tuple[str, dict[Party, int | None], int]], title: str, unsplit_label: str
) -> str:
    """Horizontal stacked bars: one bar per conference, one segment per sector."""
    label_width, bar_width, bar_height, gap = 150, 420, 26, 12
    top = 30
    height = top + len(rows) * (bar_height + gap) + 40
    width = max(label_width + bar_width + 60, 720)
    biggest = max([total for _, _parts, total in rows] + [1])
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart-title" '
        f'class="chart" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for i, (name, parts, total) in enumerate(rows):
        y = top + i * (bar_height + gap)
        out.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'fill="#1a1a1a">{escape(name)}</text>'
        )
        x = float(label_width)
        segments = [(party.label, COLOURS[party], parts.get(party) or 0) for party in Party]
        segments.append((unsplit_label, UNSPLIT, total - sum(s[2] for s in segments)))
        for label, colour, value in segments:
            if value <= 0:
                continue
            w = bar_width * value / biggest
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{colour}"><title>{escape(label)}: {value}</title></rect>'
            )
            if w > 24:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_height * 0.7:.1f}" '
                    f'text-anchor="middle" fill="#ffffff">{value}</text>'
                )
            x += w
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + bar_height * 0.7:.1f}" fill="#1a1a1a" '
            f'font-weight="bold">{total}</text>'
        )
    legend_y = top + len(rows) * (bar_height + gap) + 14
    x = 10.0
    legend = [(party.label, COLOURS[party]) for party in Party]
    if any(total > sum(v or 0 for v in parts.values()) for _, parts, total in rows):
        legend.append((unsplit_label, UNSPLIT))
    for label, colour in legend:
        out.append(
            f'<rect x="{x:.1f}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
        )
        out.append(f'<text x="{x + 16:.1f}" y="{legend_y}" fill="#1a1a1a">{escape(label)}</text>')
        x += 16 + 7.2 * len(label) + 18
    out.append("</svg>")
    return "".join(out)
