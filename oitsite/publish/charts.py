"""Dependency-free, deterministic SVG charts with Thai labels.

Every chart is a standalone SVG document: fixed viewBox, ``role="img"``, ``<title>`` and
``<desc>``, generic font families only (no external fonts, no scripts, no CSS imports). The
same input always gives the same bytes. A chart never stands alone on a page: the renderer
puts the equivalent table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence
from xml.sax.saxutils import escape, quoteattr

FONT = "sans-serif"
INK = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#d0d0d0"
#: Fill colours by category; each reaches 4.5:1 against white (the page and the labels beside).
COLORS = {
    "urgent": "#b42318",
    "improve": "#8a5300",
    "maintain": "#067647",
    "default": "#1f5fa8",
}
_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    category: str = "default"  # a COLORS key


@dataclass(frozen=True)
class Threshold:
    value: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    category: str
    label: str


def _num(x: float, digits: str, decimals: int = 2) -> str:
    s = f"{x:,.{decimals}f}"
    return s.translate(_THAI) if digits == "thai" else s


def _f(x: float) -> str:
    """Coordinates: fixed precision, no '-0'."""
    s = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _text(x: float, y: float, text: str, *, size: int = 14, anchor: str = "start", fill: str = INK,
          weight: str | None = None, halo: bool = False) -> str:
    w = f' font-weight="{weight}"' if weight else ""
    h = ' stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"' if halo else ""
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}"{w}{h}>{escape(text)}</text>')


def _open(width: int, height: int, title: str, desc: str, id_prefix: str) -> list[str]:
    t, d = f"{id_prefix}-title", f"{id_prefix}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby={quoteattr(f"{t} {d}")} '
        f'font-family="{FONT}" lang="th">',
        f"<title id={quoteattr(t)}>{escape(title)}</title>",
        f"<desc id={quoteattr(d)}>{escape(desc)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(entries: Sequence[LegendEntry], x: float, y: float, width: float) -> tuple[list[str], float]:
    """Legend swatches, wrapping; returns (elements, height used)."""
    out, cx, cy = [], x, y
    for e in entries:
        w = 26 + 9 * len(e.label)  # generous estimate for Thai text at 13px
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + 22
        out.append(f'<rect x="{_f(cx)}" y="{_f(cy - 11)}" width="14" height="14" '
                   f'fill="{COLORS.get(e.category, COLORS["default"])}"/>')
        out.append(_text(cx + 20, cy + 1, e.label, size=13))
        cx += w
    return out, (cy - y) + 22 if entries else 0


def bar_chart(bars: Sequence[Bar], *, title: str, desc: str, thresholds: Sequence[Threshold] = (),
              legend: Sequence[LegendEntry] = (), max_value: float = 100.0, width: int = 640,
              digits: str = "arabic", id_prefix: str = "chart") -> str:
    """Horizontal bars, one per row, the label above its bar (long Thai names fit on phones)."""
    left, right = 16, 72
    plot_w = width - left - right
    top = 16
    legend_svg, legend_h = _legend(legend, left, top + 12, width - 2 * left)
    top += legend_h + (8 if legend else 0)
    axis_top = top + 18  # threshold labels above the plot
    row_h = 46
    height = int(axis_top + row_h * len(bars) + 34)
    x_of = lambda v: left + plot_w * max(0.0, min(v, max_value)) / max_value  # noqa: E731

    out = _open(width, height, title, desc, id_prefix)
    out += legend_svg
    bottom = axis_top + row_h * len(bars)
    ticks = [max_value * k / 4 for k in range(5)]
    for v in ticks:  # grid and axis labels
        out.append(f'<line x1="{_f(x_of(v))}" y1="{_f(axis_top)}" x2="{_f(x_of(v))}" y2="{_f(bottom)}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(_text(x_of(v), bottom + 20, _num(v, digits, 0), size=12, anchor="middle", fill=MUTED))
    for i, bar in enumerate(bars):
        y = axis_top + row_h * i
        bw = x_of(bar.value) - left
        fill = COLORS.get(bar.category, COLORS["default"])
        out.append(f'<rect x="{left}" y="{_f(y + 22)}" width="{_f(max(bw, 1))}" height="16" fill="{fill}"/>')
    for t in thresholds:  # dashed reference lines, labelled at the top
        x = x_of(t.value)
        out.append(f'<line x1="{_f(x)}" y1="{_f(axis_top - 4)}" x2="{_f(x)}" y2="{_f(bottom)}" '
                   f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 4"/>')
        out.append(_text(x, axis_top - 7, t.label, size=12, anchor="end" if t.value >= max_value else "middle",
                         fill=INK))
    for i, bar in enumerate(bars):  # labels last: always on top, with a white halo
        y = axis_top + row_h * i
        out.append(_text(left, y + 16, bar.label, size=14, halo=True))
        out.append(_text(x_of(bar.value) + 6, y + 35, _num(bar.value, digits), size=13, weight="bold", halo=True))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def history_chart(points: Sequence[tuple[str, float]], *, title: str, desc: str,
                  thresholds: Sequence[Threshold] = (), kind: Literal["column", "line"] = "column",
                  max_value: float = 100.0, width: int = 640, height: int = 320, digits: str = "arabic",
                  id_prefix: str = "history") -> str:
    """Total score per year: columns (or a line with markers), value above each, year below."""
    left, right, top, bottom_pad = 44, 16, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom_pad
    base = top + plot_h
    y_of = lambda v: base - plot_h * max(0.0, min(v, max_value)) / max_value  # noqa: E731
    n = max(len(points), 1)
    slot = plot_w / n

    out = _open(width, height, title, desc, id_prefix)
    for k in range(5):
        v = max_value * k / 4
        out.append(f'<line x1="{left}" y1="{_f(y_of(v))}" x2="{width - right}" y2="{_f(y_of(v))}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(_text(left - 6, y_of(v) + 4, _num(v, digits, 0), size=12, anchor="end", fill=MUTED))
    centers = [left + slot * (i + 0.5) for i in range(len(points))]
    if kind == "column":
        bw = min(64.0, slot * 0.6)
        for cx, (_, v) in zip(centers, points):
            out.append(f'<rect x="{_f(cx - bw / 2)}" y="{_f(y_of(v))}" width="{_f(bw)}" '
                       f'height="{_f(base - y_of(v))}" fill="{COLORS["default"]}"/>')
    else:
        path = " ".join(f"{_f(cx)},{_f(y_of(v))}" for cx, (_, v) in zip(centers, points))
        out.append(f'<polyline points="{path}" fill="none" stroke="{COLORS["default"]}" stroke-width="3"/>')
        for cx, (_, v) in zip(centers, points):
            out.append(f'<circle cx="{_f(cx)}" cy="{_f(y_of(v))}" r="5" fill="{COLORS["default"]}"/>')
    for t in thresholds:
        y = y_of(t.value)
        out.append(f'<line x1="{left}" y1="{_f(y)}" x2="{width - right}" y2="{_f(y)}" stroke="{INK}" '
                   f'stroke-width="1.5" stroke-dasharray="5 4"/>')
        out.append(_text(width - right, y - 4, t.label, size=12, anchor="end", halo=True))
    for cx, (label, v) in zip(centers, points):
        out.append(_text(cx, y_of(v) - 8, _num(v, digits), size=13, anchor="middle", weight="bold", halo=True))
        out.append(_text(cx, base + 22, label, size=13, anchor="middle"))
    out.append(f'<line x1="{left}" y1="{_f(base)}" x2="{width - right}" y2="{_f(base)}" stroke="{INK}" stroke-width="1"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
