"""The participants chart as a PNG drawn with Pillow: the one picture the PDF and the DOCX
share (the web page draws the same bars as SVG, chart.py). Pillow is already a dependency;
no plotting library is needed for a handful of bars."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from okconf.reports.chart import COLOURS, UNSPLIT
from okconf.vocabulary import Party

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
SCALE = 2  # drawn at twice the size, for print


def _font(bold: bool = False, size: int = 13):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size * SCALE)
    return ImageFont.load_default(size * SCALE)


def participants_png(
    rows: list[tuple[str, dict[Party, int | None], int]], title: str, unsplit_label: str
) -> bytes:
    """Horizontal stacked bars, one per conference, one segment per sector, with a legend."""
    s = SCALE
    label_width, bar_width, bar_height, gap, top = 150, 420, 26, 12, 40
    width = max(label_width + bar_width + 60, 720)
    height = top + len(rows) * (bar_height + gap) + 44
    image = Image.new("RGB", (width * s, height * s), "white")
    draw = ImageDraw.Draw(image)
    regular, bold = _font(), _font(bold=True)
    draw.text((10 * s, 8 * s), title, fill="#1a1a1a", font=_font(bold=True, size=14))
    biggest = max([total for _n, _p, total in rows] + [1])
    for i, (name, parts, total) in enumerate(rows):
        y = top + i * (bar_height + gap)
        middle = (y + bar_height / 2) * s
        draw.text(((label_width - 8) * s, middle), name, fill="#1a1a1a", font=regular, anchor="rm")
        x = float(label_width)
        segments = [(COLOURS[p], parts.get(p) or 0) for p in Party]
        segments.append((UNSPLIT, total - sum(v for _c, v in segments)))
        for colour, value in segments:
            if value <= 0:
                continue
            w = bar_width * value / biggest
            draw.rectangle([x * s, y * s, (x + w) * s, (y + bar_height) * s], fill=colour)
            if w > 24:
                draw.text(
                    ((x + w / 2) * s, middle), str(value), fill="white", font=regular, anchor="mm"
                )
            x += w
        draw.text(((x + 6) * s, middle), str(total), fill="#1a1a1a", font=bold, anchor="lm")
    legend = [(p.label, COLOURS[p]) for p in Party]
    if any(total > sum(v or 0 for v in parts.values()) for _n, parts, total in rows):
        legend.append((unsplit_label, UNSPLIT))
    x, y = 10.0, top + len(rows) * (bar_height + gap) + 12
    for label, colour in legend:
        draw.rectangle([x * s, y * s, (x + 12) * s, (y + 12) * s], fill=colour)
        draw.text(((x + 16) * s, (y + 6) * s), label, fill="#1a1a1a", font=regular, anchor="lm")
        x += 16 + draw.textlength(label, font=regular) / s + 18
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
