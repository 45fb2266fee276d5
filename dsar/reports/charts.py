"""Charts drawn on the server as SVG, by hand: no script, no other origin, nothing the strict CSP
(dsar/core/web.py) would block. Colours are SVG attributes, not inline styles. Every chart carries
a title and description for screen readers; the page shows the same figures as a table."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 260
LEFT, BOTTOM, TOP = 40, 40, 16
# Colour-blind safe palette (Okabe-Ito), one colour per right in a fixed order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]


# The legend wraps onto as many rows as its names need, and the drawing grows to hold them: a
# name is never cut off at the edge or drawn over the next one, in any language.
LEGEND_ROW = 16
LEGEND_SWATCH = 14  # the colour square and the space after it
LEGEND_GAP = 18
CHAR_WIDTH = 6.5  # generous average width of a character at font-size 10 (sans-serif)


def _frame(title: str, description: str, body: list[str], chart_id: str, height: int = HEIGHT) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'class="chart" aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
    )
    # Every text that reaches the SVG went through escape(); numbers and colours are ours.
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704


def _axis(top_value: float, suffix: str = "") -> list[str]:
    base = HEIGHT - BOTTOM
    parts = [f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#666"/>']
    for step in range(5):
        value = top_value * step / 4
        y = base - (base - TOP) * step / 4
        label = f"{value:.0f}{suffix}"
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{label}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#ddd"/>')
    return parts


def stacked_bars(
    labels: list[str], series: list[tuple[str, list[int]]], title: str, description: str
) -> Markup:
    """One bar per label, stacked by series (name, values); the legend names each colour."""
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = max([*totals, 1])
    top = top + (-top % 4)  # round axis steps
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    base = HEIGHT - BOTTOM
    parts = _axis(top)
    for i, label in enumerate(labels):
        x, y = LEFT + i * slot + slot * 0.15, base
        for colour, (name, values) in zip(PALETTE, series, strict=False):
            height = (base - TOP) * values[i] / top
            if values[i]:
                y -= height
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
                    f'fill="{colour}"><title>{escape(label)} · {escape(name)}: {values[i]}</title></rect>'
                )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{base + 14}" text-anchor="middle" font-size="10">'
            f"{escape(label)}</text>"
        )
    legend, height = _legend([(colour, name) for colour, (name, _) in zip(PALETTE, series, strict=False)])
    return _frame(title, description, parts + legend, "volume", height)


def legend_rows(names: list[str]) -> list[list[tuple[float, str]]]:
    """Each name with its x position, row by row: a row ends before a name would cross the edge."""
    rows: list[list[tuple[float, str]]] = [[]]
    x = float(LEFT)
    for name in names:
        width = LEGEND_SWATCH + len(name) * CHAR_WIDTH
        if rows[-1] and x + width > WIDTH:
            rows.append([])
            x = float(LEFT)
        rows[-1].append((x, name))
        x += width + LEGEND_GAP
    return rows


def _legend(items: list[tuple[str, str]]) -> tuple[list[str], int]:
    colours = {name: colour for colour, name in items}
    top = HEIGHT - BOTTOM + 24  # below the month labels
    parts = []
    rows = legend_rows([name for _, name in items])
    for r, row in enumerate(rows):
        y = top + r * LEGEND_ROW
        for x, name in row:
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="10" height="10" fill="{colours[name]}"/>')
            parts.append(
                f'<text class="legend" x="{x + LEGEND_SWATCH:.1f}" y="{y + 9}" font-size="10">'
                f"{escape(name)}</text>"
            )
    return parts, max(HEIGHT, top + len(rows) * LEGEND_ROW + 4)


def percent_bars(labels: list[str], values: list[float | None], title: str, description: str) -> Markup:
    """One bar per label on a 0-100 % axis; a month without answered cases has no bar."""
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    base = HEIGHT - BOTTOM
    parts = _axis(100, "%")
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + i * slot + slot * 0.15
        if value is not None:
            height = (base - TOP) * value / 100
            parts.append(
                f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
                f'fill="{PALETTE[2]}"><title>{escape(label)}: {value}%</title></rect>'
            )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{base + 14}" text-anchor="middle" font-size="10">'
            f"{escape(label)}</text>"
        )
    return _frame(title, description, parts, "ontime")
