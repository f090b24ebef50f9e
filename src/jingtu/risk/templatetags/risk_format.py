"""Display helpers of the risk pages: numbers to significant figures, translated layer names."""

from __future__ import annotations

import math
from typing import Any

from django import template

from jingtu.risk.forms import LAYER_CHOICES

register = template.Library()
_LAYERS = dict(LAYER_CHOICES)


@register.filter
def sig(value: Any, digits: int = 4) -> str:
    """``value`` to ``digits`` significant figures (8.7034e-05 → "8.703e-05", 0.012 → "0.012"); "—" for none.

    Fixed decimals (``floatformat``) would print a groundwater control value of 8.7e-05 mg/L as 0.0001.
    """
    if value is None or value == "":
        return "—"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return "—"
    return f"{v:.{int(digits)}g}"


@register.filter
def layer_label(value: str) -> str:
    """Translated name of an engine layer (surface / subsurface / groundwater)."""
    return str(_LAYERS.get(value, value))


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """``mapping[key]`` or "" (dictionary lookup by a variable key in a template)."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
