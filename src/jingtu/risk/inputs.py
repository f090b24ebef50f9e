"""From stored lab results to the risk engine's inputs (no rule here beyond unit conversion and layer mapping).

A result becomes one ``(cas, layer, value, detected, detection limit)`` tuple of `jingtu.engines.risk.assess`:

- layer: groundwater samples -> ``groundwater``; soil samples by their top depth with
  `jingtu.engines.risk.layer_for_depth` (surface above ``surface_max_depth_m``, default the engine's 0.5 m);
- units: soil in mg/kg, groundwater in mg/L, converted with `jingtu.engines.standards.units.conversion_factor`
  (pint; no hand-written factors);
- a non-detect uses its detection limit, else its reporting limit.

Results that cannot be used (other matrices, no depth, unit not convertible, no limit for a non-detect, a layer not
selected) are returned with the reason, and the assessment stores and shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jingtu.engines.risk import RiskInputError, layer_for_depth
from jingtu.engines.standards.units import UnitError, conversion_factor

LAYERS = ("surface", "subsurface", "groundwater")
TARGET_UNIT = {"soil": "mg/kg", "groundwater": "mg/L"}


@dataclass
class EngineInputs:
    rows: list[dict[str, Any]] = field(
        default_factory=list
    )  # cas, layer, value, detected, dl, result, sample
    excluded: list[dict[str, Any]] = field(default_factory=list)  # result, sample, analyte, reason

    def tuples(self) -> list[tuple[str, str, float | None, bool, float | None]]:
        return [(r["cas"], r["layer"], r["value"], r["detected"], r["dl"]) for r in self.rows]


def engine_inputs(
    results: Iterable[Any],
    *,
    layers: Sequence[str] = LAYERS,
    surface_max_depth_m: float = 0.5,
) -> EngineInputs:
    """Convert `jingtu.labdata.models.Result` rows (with their sample) to engine inputs; see the module docstring."""
    out = EngineInputs()
    for r in results:
        sample = r.sample
        base = {"result": r.pk, "sample": sample.code, "analyte": r.analyte_key, "name": r.analyte_name}

        def skip(reason: str, base: dict[str, Any] = base) -> None:
            out.excluded.append({**base, "reason": reason})

        if sample.matrix not in TARGET_UNIT:
            skip(f"matrix {sample.matrix} is not assessed by HJ 25.3 (soil and groundwater only)")
            continue
        if sample.matrix == "groundwater":
            layer = "groundwater"
        elif sample.depth_top_m is None:
            skip("soil sample without depth")
            continue
        else:
            try:
                layer = layer_for_depth(sample.depth_top_m, surface_max_depth_m)
            except RiskInputError as exc:
                skip(str(exc))
                continue
        if layer not in layers:
            skip(f"layer {layer} not selected")
            continue
        target = TARGET_UNIT[sample.matrix]
        try:
            f = conversion_factor(r.unit, target)
        except UnitError as exc:
            skip(f"unit: {exc}")
            continue
        if r.detected:
            if r.value is None:
                skip("detected without a value")
                continue
            value, dl = r.value * f, (r.detection_limit * f if r.detection_limit is not None else None)
        else:
            limit = r.detection_limit if r.detection_limit is not None else r.reporting_limit
            if limit is None:
                skip("non-detect without detection or reporting limit")
                continue
            value, dl = None, limit * f
        out.rows.append(
            {
                "cas": r.analyte_key,
                "layer": layer,
                "value": value,
                "detected": bool(r.detected),
                "dl": dl,
                "unit": target,
                **base,
            }
        )
    return out
