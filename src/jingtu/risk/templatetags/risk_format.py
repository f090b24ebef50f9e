"""Display helpers of the risk pages: numbers to significant figures, translated layer names."""

from __future__ import annotations

import math
import re
from typing import Any

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jingtu.engines.risk.assess import NO_PARAMETERS, NO_TOXICITY, NOT_DETECTED
from jingtu.risk.forms import LAYER_CHOICES
from jingtu.web.engine_text import EngineText

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


# The engine's fixed English texts (jingtu.engines.risk.stats / assess), stored as they are in the record and
# translated for display only.
_ENGINE_TEXT = {
    "not detected": _("not detected"),
    "maximum detect": _("maximum detect"),
    "Kaplan-Meier mean": _("Kaplan–Meier mean"),
    "95% KM (t) UCL": _("95% KM (t) UCL"),
    "95% KM (Chebyshev) UCL": _("95% KM (Chebyshev) UCL"),
    "97.5% KM (Chebyshev) UCL": _("97.5% KM (Chebyshev) UCL"),
    "99% KM (Chebyshev) UCL": _("99% KM (Chebyshev) UCL"),
    "maximum detect (UCL > max)": _("maximum detect (UCL above the maximum)"),
    "maximum detect (fewer than 3 detects: no UCL)": _("maximum detect (fewer than 3 detects: no UCL)"),
    "no detected value: no exposure concentration": _("no detected value: no exposure concentration"),
    "fewer than 3 detected values: UCL not computed, maximum detect used": _(
        "fewer than 3 detected values: UCL not computed, maximum detect used"
    ),
    NOT_DETECTED: _("not detected in any layer"),
    NO_PARAMETERS: _("no chemical parameters in the engine's table (chem_params.csv)"),
    NO_TOXICITY: _("no toxicity value (SF, IUR, RfD, RfC): HJ 25.3 gives no risk or control value for it"),
}
_UCL_OVER_MAX = re.compile(
    r"^(.+ UCL) (\S+) exceeds the maximum detect; maximum used \(US EPA RAGS practice\)$"
)
_REASON = re.compile(r"^(soil CR|soil HI|groundwater CR|groundwater HI) (\S+) > (\S+)$")
_REASON_LABEL = {
    "soil CR": _("soil CR"),
    "soil HI": _("soil HI"),
    "groundwater CR": _("groundwater CR"),
    "groundwater HI": _("groundwater HI"),
}


_ENGINE = EngineText(
    _ENGINE_TEXT,
    [
        (
            _UCL_OVER_MAX,
            lambda m: (
                gettext("%(ucl)s %(value)s exceeds the maximum detect; maximum used (US EPA RAGS practice)")
                % {"ucl": engine_text(m.group(1)), "value": m.group(2)}
            ),
        ),
        (_REASON, lambda m: f"{_REASON_LABEL[m.group(1)]} {m.group(2)} > {m.group(3)}"),
    ],
)


@register.filter
def engine_text(value: str) -> str:
    """Display translation of a fixed engine text (method, note, not-assessed reason, exceedance reason)."""
    return _ENGINE(value)
