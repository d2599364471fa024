"""Horizontal bar charts drawn as inline SVG (no script); each sits beside a table that
holds the same figures, so the chart is a picture of the table, named for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH, LABEL, BAR, GAP, PAD = 520, 130, 16, 6, 44  # px in the viewBox
COLOURS = ("#00695c", "#3d4f7c")  # both ≥ 7:1 against white


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label and one or two shares (0 to 1, None when unknown)."""

    label: str
    values: tuple[float | None, ...]


def bar_chart(ident: str, title: str, bars: list[Bar], series: tuple[str, ...]) -> str:
    """An SVG bar chart; `series` names each value of a bar (shown as a legend)."""
    rows = max(len(series), 1)
    group = rows * BAR + (rows - 1) * 2 + GAP * 2
    legend = 24 if len(series) > 1 else 0
    height = legend + group * len(bars) + 4
    span = WIDTH - LABEL - PAD
    parts = [
        f'<svg role="img" aria-labelledby="{ident}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" class="chart" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]
    if legend:
        for n, name in enumerate(series):
            x = LABEL + n * 190
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[n]}"/>')
            parts.append(f'<text x="{x + 18}" y="15">{escape(name)}</text>')
    for index, bar in enumerate(bars):
        top = legend + index * group + GAP
        middle = top + (rows * BAR + (rows - 1) * 2) / 2 + 4
        parts.append(
            f'<text x="{LABEL - 8}" y="{middle:.0f}" text-anchor="end">'
            f"{escape(_short(bar.label))}</text>"
        )
        for n, value in enumerate(bar.values):
            y = top + n * (BAR + 2)
            width = 0 if value is None else max(value * span, 1)
            parts.append(
                f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" '
                f'fill="{COLOURS[n % len(COLOURS)]}"/>'
            )
            text = "\u2013" if value is None else f"{round(100 * value)}%"
            parts.append(f'<text x="{LABEL + width + 4:.1f}" y="{y + BAR - 3}">{text}</text>')
    parts.append(
        f'<line x1="{LABEL}" y1="{legend}" x2="{LABEL}" y2="{height}" '
        'stroke="#000" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
