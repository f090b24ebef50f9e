"""Server-side SVG chart: value against depth for one analyte of one plot, with the screening and intervention
values as vertical lines. No JavaScript, no CDN: the SVG is inlined in the page (and works when printed).

Detected results are filled circles, non-detects open circles drawn at their detection limit. Depth (m below ground,
middle of the sample interval) grows downwards. The value axis is logarithmic when the plotted values and limits span
more than two decades, otherwise linear from 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

W, H = 640, 440
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 48, 50


@dataclass(frozen=True)
class ChartPoint:
    depth_m: float
    value: float
    detected: bool
    label: str


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    start = math.floor(lo / step) * step
    ticks = []
    t = start
    while True:  # up to the first tick at or above hi, so the axis covers every value
        if t >= lo - step * 1e-9:
            ticks.append(round(t, 12))
        if t >= hi - step * 1e-9:
            return ticks
        t += step


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def value_depth_svg(
    points: list[ChartPoint],
    *,
    title: str,
    unit: str,
    screening: float | None,
    intervention: float | None,
    labels: dict[str, str],
) -> str:
    """SVG markup. `labels` gives the translated words: depth, value, screening, intervention, non_detect, detect,
    empty."""
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f'<text x="{LEFT}" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    if not points:
        out.append(f'<text x="{LEFT}" y="{TOP + 40}">{escape(labels["empty"])}</text></svg>')
        return "".join(out)
    values = [p.value for p in points if p.value > 0] + [v for v in (screening, intervention) if v]
    vmax = max(values + [max(p.value for p in points)]) if values else 1.0
    vmin_pos = min(values) if values else 1.0
    log = vmin_pos > 0 and vmax / vmin_pos > 100
    if log:
        lo = 10 ** math.floor(math.log10(vmin_pos))
        hi = 10 ** math.ceil(math.log10(vmax))

        def x(v: float) -> float:
            v = max(v, lo)
            return LEFT + pw * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

        xt = [10**e for e in range(int(math.log10(lo)), int(math.log10(hi)) + 1)]
    else:
        xt = _nice_ticks(0.0, vmax * 1.05 or 1.0)
        lo, hi = 0.0, xt[-1]

        def x(v: float) -> float:
            return LEFT + pw * (v - lo) / (hi - lo)

    dmax = max(p.depth_m for p in points)
    dticks = _nice_ticks(0.0, max(dmax * 1.05, 0.5))
    dhi = dticks[-1] if dticks[-1] > 0 else 1.0

    def y(d: float) -> float:
        return TOP + ph * d / dhi

    # axes and grid
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
    for t in xt:
        if lo <= t <= hi:
            out.append(
                f'<line x1="{x(t):.1f}" y1="{TOP}" x2="{x(t):.1f}" y2="{TOP + ph}" stroke="#eee"/>'
                f'<text x="{x(t):.1f}" y="{TOP + ph + 16}" font-size="11" text-anchor="middle">{_fmt(t)}</text>'
            )
    for d in dticks:
        out.append(
            f'<line x1="{LEFT}" y1="{y(d):.1f}" x2="{LEFT + pw}" y2="{y(d):.1f}" stroke="#eee"/>'
            f'<text x="{LEFT - 6}" y="{y(d) + 4:.1f}" font-size="11" text-anchor="end">{_fmt(d)}</text>'
        )
    out.append(
        f'<text x="{LEFT + pw / 2}" y="{H - 10}" font-size="12" text-anchor="middle">'
        f"{escape(labels['value'])} ({escape(unit)}){' · log' if log else ''}</text>"
        f'<text x="16" y="{TOP + ph / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 16 {TOP + ph / 2})">{escape(labels["depth"])} (m)</text>'
    )
    # limits
    for value, colour, key in (
        (screening, "#d08700", "screening"),
        (intervention, "#c0392b", "intervention"),
    ):
        if value is None:
            continue
        xv = x(value)
        out.append(
            f'<line x1="{xv:.1f}" y1="{TOP}" x2="{xv:.1f}" y2="{TOP + ph}" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="6 3" class="limit-{key}"/>'
            f'<text x="{xv + 3:.1f}" y="{TOP + 12 if key == "screening" else TOP + 26}" font-size="11" '
            f'fill="{colour}">{escape(labels[key])} {_fmt(value)}</text>'
        )
    # points
    for p in points:
        cx, cy = x(p.value), y(p.depth_m)
        tip = f"{p.label}: {_fmt(p.value)} {unit} @ {_fmt(p.depth_m)} m"
        if p.detected:
            over = intervention is not None and p.value > intervention
            fill = (
                "#c0392b"
                if over
                else ("#d08700" if screening is not None and p.value > screening else "#2c7be5")
            )
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{fill}" class="pt"><title>{escape(tip)}</title></circle>'
            )
        else:
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="white" stroke="#555" class="pt nd">'
                f"<title>{escape(tip)} ({escape(labels['non_detect'])})</title></circle>"
            )
    ly = 34  # legend on its own line under the title
    out.append(
        f'<circle cx="{LEFT + 4}" cy="{ly}" r="4" fill="#2c7be5"/>'
        f'<text x="{LEFT + 12}" y="{ly + 4}" font-size="11">{escape(labels["detect"])}</text>'
        f'<circle cx="{LEFT + 104}" cy="{ly}" r="4" fill="white" stroke="#555"/>'
        f'<text x="{LEFT + 112}" y="{ly + 4}" font-size="11">{escape(labels["non_detect"])}</text>'
    )
    out.append("</svg>")
    return "".join(out)
