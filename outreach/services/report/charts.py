"""Horizontal bar charts as inline SVG, drawn on the server.

No JavaScript and no chart library: the SVG is part of the HTML, so it shows offline,
prints sharp on A4 and is read out by screen readers through its <title> and <desc>.
Each bar carries its number as text, and the same numbers stand in the table beside it.
Hidden small numbers ("<5") get no bar, only their label and "<5", so a chart never
shows more than the table does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .small_numbers import Shown

# Narrow on purpose: scaled down to a 390 px phone the labels stay readable.
WIDTH = 420
LABEL_WIDTH = 180
VALUE_WIDTH = 56
LABEL_CHARS = 20  # per line: a longer name wraps onto a second line, never past the edge
LABEL_LINES = 2  # beyond two lines the name ends in an ellipsis; the full name is in <desc>
LINE_HEIGHT = 13
BAR_HEIGHT = 22
GAP = 8
COLOR = "#0b6e4f"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Shown


def _lines(label: str) -> list[str]:
    """LABEL in lines of at most LABEL_CHARS, broken between words where it can be."""
    lines, words = [], label.split()
    current = ""
    for word in words:
        while len(word) > LABEL_CHARS:  # one long word: break it
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:LABEL_CHARS])
            word = word[LABEL_CHARS:]
        if current and len(current) + 1 + len(word) > LABEL_CHARS:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > LABEL_LINES:
        last = lines[LABEL_LINES - 1]
        lines = lines[:LABEL_LINES - 1] + [last[:LABEL_CHARS - 1].rstrip() + "…"]
    return lines or [""]


def _label(x: int, middle: float, label: str) -> str:
    lines = _lines(label)
    first = middle - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(f'<tspan x="{x}" y="{_fmt(first + i * LINE_HEIGHT)}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text class="bar-label" x="{x}" text-anchor="end">{spans}</text>'


def _fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def bar_chart(title: str, description: str, bars: list[Bar], *,
              chart_id: str | None = None) -> Markup:
    """An accessible SVG bar chart of BARS, one row each, longest bar to scale."""
    chart_id = chart_id or f"chart-{next(_ids)}"
    top = 4
    height = top + len(bars) * (BAR_HEIGHT + GAP) + 4
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((b.value.bar for b in bars), default=0) or 1
    parts = [
        f'<svg class="bar-chart" id="{chart_id}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)} '
        + escape("; ".join(f"{b.label}: {b.value.text}" for b in bars)) + "</desc>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * (BAR_HEIGHT + GAP)
        middle = _fmt(y + BAR_HEIGHT / 2 + 5)
        length = room * bar.value.bar / largest
        parts.append(_label(LABEL_WIDTH - 8, y + BAR_HEIGHT / 2 + 5, bar.label))
        if length > 0:
            parts.append(f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{_fmt(length)}" '
                         f'height="{BAR_HEIGHT}" fill="{COLOR}"/>')
        parts.append(f'<text class="bar-value" x="{_fmt(LABEL_WIDTH + length + 6)}" '
                     f'y="{middle}">{escape(bar.value.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
