"""Server-side SVG: pathway shares of carcinogenic risk and hazard quotient, one stacked bar per substance and layer
group (soil / groundwater). No JavaScript, no CDN; the SVG is inlined in the page and the printed report.

Shares are the engine's (`ForwardRisk.share_cr` / `share_hq`, HJ 25.3-2019 clause 9.3 pathway contribution),
drawn per group: soil pathways as a fraction of their sum, groundwater pathways of theirs.
"""

from __future__ import annotations

from html import escape
from typing import Any

from jingtu.engines.risk import GW_PATHWAYS, PATHWAY_NAMES, SOIL_PATHWAYS

# Okabe–Ito palette (colour-blind safe), one colour per pathway
COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999", "#000000"]
PATHWAY_COLOUR = {p: COLOURS[i % len(COLOURS)] for i, p in enumerate(list(SOIL_PATHWAYS) + list(GW_PATHWAYS))}
# fills on which the black percentage label is unreadable (contrast < 4.5:1): label in white
DARK_FILLS = {"#0072B2", "#000000"}

W = 720
LEFT, RIGHT, BAR_H, GAP, TOP = 210, 20, 18, 10, 10


def shares_svg(substances: list[dict[str, Any]], labels: dict[str, str]) -> str:
    """Stacked bars of pathway shares. `substances` are stored outputs (name_zh, risk.share_cr/share_hq, totals);
    `labels` gives translated words: cr, hq, soil, groundwater, empty."""
    bars: list[tuple[str, dict[str, float]]] = []
    for s in substances:
        risk = s["risk"]
        for kind, key, total_key in (("cr", "share_cr", "cr_total"), ("hq", "share_hq", "hq_total")):
            for group, pathways in (("soil", SOIL_PATHWAYS), ("groundwater", GW_PATHWAYS)):
                total = risk.get(f"{total_key}_{group}")
                if not total:
                    continue
                shares = {p: float(risk[key].get(p) or 0.0) for p in pathways}
                tot = sum(shares.values())
                if tot <= 0:
                    continue
                shares = {p: v / tot for p, v in shares.items()}  # share within the soil / groundwater group
                bars.append((f"{s['name_zh']} · {labels[kind]} · {labels[group]}", shares))
    if not bars:
        return f'<p class="muted">{escape(labels["empty"])}</p>'
    used = [p for p in PATHWAY_COLOUR if any(b[1].get(p, 0) > 0 for b in bars)]
    legend_rows = len(used)
    h = TOP + len(bars) * (BAR_H + GAP) + 20 + legend_rows * 18
    pw = W - LEFT - RIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="shares-chart" viewBox="0 0 {W} {h}" width="{W}" '
        f'height="{h}" role="img" font-family="sans-serif" font-size="12">'
    ]
    y = TOP
    for label, shares in bars:
        out.append(f'<text x="{LEFT - 6}" y="{y + BAR_H - 5}" text-anchor="end">{escape(label)}</text>')
        x = float(LEFT)
        for p, v in shares.items():
            if v <= 0:
                continue
            w = v * pw
            title = f"{p} {PATHWAY_NAMES.get(p, p)}: {v:.1%}"
            out.append(
                f'<rect class="share" data-pathway="{p}" x="{x:.2f}" y="{y}" width="{w:.2f}" height="{BAR_H}" '
                f'fill="{PATHWAY_COLOUR[p]}"><title>{escape(title)}</title></rect>'
            )
            if w > 34:
                ink = ' fill="#FFFFFF"' if PATHWAY_COLOUR[p] in DARK_FILLS else ""
                out.append(
                    f'<text x="{x + w / 2:.2f}" y="{y + BAR_H - 5}" text-anchor="middle"{ink}>{v:.0%}</text>'
                )
            x += w
        y += BAR_H + GAP
    y += 10
    for p in used:
        out.append(f'<rect x="{LEFT}" y="{y}" width="12" height="12" fill="{PATHWAY_COLOUR[p]}"/>')
        out.append(f'<text x="{LEFT + 18}" y="{y + 10}">{escape(p)} {escape(PATHWAY_NAMES.get(p, p))}</text>')
        y += 18
    out.append("</svg>")
    return "".join(out)
