"""Three kinds of chart as inline SVG text, no script: horizontal bars, a scatter
and columns over time. Every mark carries its data (`data-*` attributes) and a
`<title>` (the browser's tooltip), so tools and tests read what is drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import attrs

from vllmci.values import frozen

FONT = 'font-family="sans-serif" font-size="11"'


@frozen
class Mark:
    """One bar, point or column: its value(s), tooltip and data attributes."""

    label: str
    value: float
    title: str
    data: Mapping[str, str] = attrs.field(factory=dict)
    x: float = 0.0
    css: str = ""


def _attrs(data: Mapping[str, str]) -> str:
    return "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())


def _svg(chart: str, title: str, width: int, height: int, body: list[str]) -> str:
    head = (f'<svg id="{chart}" data-chart="{chart}" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" {FONT}><title>{escape(title)}</title>')
    return "\n".join([head, *body, "</svg>"])


def _number(value: float) -> str:
    return f"{value:.4g}"


def bars(chart: str, title: str, marks: Sequence[Mark], unit: str) -> str:
    """Horizontal bars, one a row, longest first as given; label left, value right."""
    row, left, width = 18, 300, 380
    top = max((m.value for m in marks), default=0.0) or 1.0
    body = []
    for i, mark in enumerate(marks):
        y, size = 8 + i * row, width * mark.value / top
        body.append(f'<g class="mark{" " + mark.css if mark.css else ""}"'
                    f' data-label="{escape(mark.label)}" data-value="{mark.value!r}"'
                    f'{_attrs(mark.data)}><title>{escape(mark.title)}</title>'
                    f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">'
                    f'{escape(mark.label)}</text>'
                    f'<rect x="{left}" y="{y + 2}" width="{size:.1f}" height="{row - 4}"/>'
                    f'<text x="{left + size + 4:.1f}" y="{y + 12}">{_number(mark.value)} '
                    f'{escape(unit)}</text></g>')
    return _svg(chart, title, left + width + 90, 16 + row * len(marks), body)


def _axes(x0: int, y0: int, x1: int, y1: int, x_label: str, y_label: str) -> list[str]:
    return [f'<line class="axis" x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}"/>',
            f'<line class="axis" x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}"/>',
            f'<text x="{(x0 + x1) // 2}" y="{y0 + 28}" text-anchor="middle">'
            f'{escape(x_label)}</text>',
            f'<text x="12" y="{(y0 + y1) // 2}" transform="rotate(-90 12 {(y0 + y1) // 2})" '
            f'text-anchor="middle">{escape(y_label)}</text>']


def _ticks(x0: int, y0: int, x1: int, y1: int, x_top: float, y_top: float) -> list[str]:
    out = []
    for share in (0.0, 0.5, 1.0):
        x, y = x0 + share * (x1 - x0), y0 - share * (y0 - y1)
        out.append(f'<text x="{x:.0f}" y="{y0 + 14}" text-anchor="middle">'
                   f'{_number(share * x_top)}</text>')
        out.append(f'<text x="{x0 - 4}" y="{y + 4:.0f}" text-anchor="end">'
                   f'{_number(share * y_top)}</text>')
    return out


def scatter(chart: str, title: str, marks: Sequence[Mark], x_label: str, y_label: str,
            x_top: float = 1.0) -> str:
    """Points at (mark.x, mark.value): x from 0 to `x_top`, y from 0 to the largest."""
    x0, y0, x1, y1 = 60, 330, 760, 20
    y_top = max((m.value for m in marks), default=0.0) or 1.0
    body = [*_axes(x0, y0, x1, y1, x_label, y_label), *_ticks(x0, y0, x1, y1, x_top, y_top)]
    for mark in marks:
        cx = x0 + (x1 - x0) * mark.x / x_top
        cy = y0 - (y0 - y1) * mark.value / y_top
        body.append(f'<circle class="mark{" " + mark.css if mark.css else ""}" '
                    f'cx="{cx:.1f}" cy="{cy:.1f}" r="4" data-label="{escape(mark.label)}" '
                    f'data-x="{mark.x!r}" data-value="{mark.value!r}"{_attrs(mark.data)}>'
                    f'<title>{escape(mark.title)}</title></circle>')
    return _svg(chart, title, 800, 370, body)


def columns(chart: str, title: str, marks: Sequence[Mark], y_label: str,
            reference: float | None = None) -> str:
    """One column per mark, left to right; a dashed line at `reference` (the median)."""
    x0, y0, x1, y1 = 60, 230, 860, 20
    y_top = max((m.value for m in marks), default=0.0) or 1.0
    step = (x1 - x0) / max(1, len(marks))
    body = [*_axes(x0, y0, x1, y1, "changes, in replay order", y_label),
            *_ticks(x0, y0, x1, y1, len(marks), y_top)]
    for i, mark in enumerate(marks):
        size = (y0 - y1) * mark.value / y_top
        body.append(f'<rect class="mark{" " + mark.css if mark.css else ""}" '
                    f'x="{x0 + i * step:.2f}" y="{y0 - size:.1f}" '
                    f'width="{max(step - 0.5, 0.5):.2f}"'
                    f' height="{size:.1f}" data-label="{escape(mark.label)}" '
                    f'data-value="{mark.value!r}"{_attrs(mark.data)}>'
                    f'<title>{escape(mark.title)}</title></rect>')
    if reference is not None:
        y = y0 - (y0 - y1) * reference / y_top
        body.append(f'<line class="reference" data-value="{reference!r}" x1="{x0}" '
                    f'y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke-dasharray="4 3"/>')
    return _svg(chart, title, 900, 270, body)
