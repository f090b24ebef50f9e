"""Writes of the risk app: `run_assessment` (scoped read of the plot's results -> engine -> stored record + audit).

The numbers are `jingtu.engines.risk.assess`'s (HJ 25.3-2019); nothing here decides a risk. The proposed lifecycle
step is stored and shown; a person decides it in the plots app.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import jingtu
from jingtu.core import access, actions
from jingtu.engines.risk import (
    ENGINE_VERSION,
    PATHWAYS,
    PROFILES,
    RiskInputError,
    assess,
    check_pathways,
    chemical,
)
from jingtu.engines.risk.stats import STATISTICS, CensoredDataError
from jingtu.labdata.models import Result
from jingtu.plots.models import Plot
from jingtu.risk.inputs import LAYERS, engine_inputs
from jingtu.risk.models import RiskAssessment, Step

RISK_DATA = Path(jingtu.__file__).parent / "data" / "risk"


@lru_cache(maxsize=1)
def parameter_tables() -> dict[str, str]:
    """Version of each reference table the engine reads: file name -> first 12 hex of its SHA-256 (the tables in
    `jingtu/data/risk` carry their sources but no version number, so the content hash identifies them)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12]
        for p in sorted(RISK_DATA.iterdir())
        if p.suffix in (".csv", ".md", ".toml", ".yaml", ".json")
    }


def _clean(x: Any) -> Any:
    """JSON-safe copy: NaN/inf -> None, tuples -> lists, keys -> str."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


def _names(cas: str, land_class: int) -> tuple[str, str]:
    try:
        c = chemical(cas, land_class)  # type: ignore[arg-type]
    except RiskInputError:
        return cas, cas
    return c.name_zh, c.name_en


def outputs_of(result: Any, land_class: int) -> dict[str, Any]:
    """The engine's `Assessment` as stored JSON, with the substances' names added for display."""
    out: dict[str, Any] = _clean(dataclasses.asdict(result))
    for s in out["substances"]:
        s["name_zh"], s["name_en"] = _names(s["cas"], land_class)
    for t in out["targets"]:
        t["name_zh"], t["name_en"] = _names(t["cas"], land_class)
    return out


@transaction.atomic
def run_assessment(
    actor: Any,
    plot: Plot,
    *,
    land_class: int,
    statistic: str = "ucl95",
    layers: Sequence[str] = LAYERS,
    overrides: Mapping[str, Any] | None = None,
    analytes: Sequence[str] = (),
    samples: Sequence[str] = (),
    surface_max_depth_m: float = 0.5,
    profile: str = "hj25_3",
    pathways: Collection[str] | None = None,
) -> RiskAssessment:
    """Run HJ 25.3 on `plot`'s stored results the actor may see and store the assessment (audited).

    overrides: {"params": {HJ 25.3 symbol: value}, "chem": {CAS: {H|Da|…: value}}} (units of the engine's tables).
    analytes / samples: restrict the data (CAS / sample codes); empty = all.
    pathways: HJ 25.3 exposure pathway codes of the site's conceptual model (None = all nine); stored in
    ``selection["pathways"]`` / ``selection["pathways_excluded"]``.
    Raises PermissionDenied when the actor may not run an assessment on this plot, ValidationError on bad input
    or when no usable result is stored.
    """
    access.require(actor, "view", plot)
    probe = RiskAssessment(plot=plot)
    access.require(actor, "add", probe)
    if land_class not in (1, 2):
        raise ValidationError({"land_class": "land class must be 1 or 2"})
    if statistic not in STATISTICS:
        raise ValidationError(
            {"statistic": f"unknown statistic {statistic!r}; expected {', '.join(STATISTICS)}"}
        )
    if profile not in PROFILES:
        raise ValidationError({"profile": f"unknown profile {profile!r}"})
    layers = [lay for lay in LAYERS if lay in set(layers)]
    if not layers:
        raise ValidationError({"layers": "select at least one layer"})
    ov = dict(overrides or {})
    unknown = set(ov) - {"params", "chem"}
    if unknown:
        raise ValidationError(
            {"overrides": f"unknown override group(s) {sorted(unknown)}; use params / chem"}
        )
    try:
        chosen = check_pathways(pathways)
    except ValueError as exc:
        raise ValidationError({"pathways": str(exc)}) from exc
    params = {str(k): float(v) for k, v in (ov.get("params") or {}).items()}
    chem = {str(c): dict(v) for c, v in (ov.get("chem") or {}).items()}

    qs = access.scope(actor, Result.objects.filter(plot=plot)).select_related("sample")
    if analytes:
        qs = qs.filter(analyte_key__in=list(analytes))
    if samples:
        qs = qs.filter(sample__code__in=list(samples))
    data = engine_inputs(qs.order_by("sample__code", "analyte_key", "pk"), layers=layers,
                         surface_max_depth_m=surface_max_depth_m)  # fmt: skip
    if not data.rows:
        raise ValidationError(
            f"no usable soil or groundwater result for plot {plot.code} in the selection "
            f"({len(data.excluded)} left out)"
        )
    try:
        result = assess(
            data.tuples(),
            land_class,  # type: ignore[arg-type]
            statistic,  # type: ignore[arg-type]
            params=params or None,
            chem=chem or None,
            profile=profile,
            pathways=chosen,
        )
    except (RiskInputError, CensoredDataError) as exc:
        raise ValidationError(str(exc)) from exc
    outputs = outputs_of(result, land_class)
    step = Step.CONTROL if result.proposed_step != "acceptable" else Step.ACCEPTABLE
    obj = actions.create(
        actor,
        RiskAssessment,
        plot=plot,
        land_class=land_class,
        statistic=statistic,
        profile=profile,
        layers=layers,
        surface_max_depth_m=surface_max_depth_m,
        selection={
            "analytes": sorted(analytes),
            "samples": sorted(samples),
            "n_results": len(data.rows),
            "pathways": [k for k in PATHWAYS if k in chosen],
            "pathways_excluded": [k for k in PATHWAYS if k not in chosen],
        },
        overrides={"params": params, "chem": chem},
        inputs=_clean(data.rows),
        excluded=data.excluded,
        outputs=outputs,
        proposed_step=step,
        engine_version=ENGINE_VERSION,
        parameter_tables=parameter_tables(),
        run_by=actor if getattr(actor, "is_authenticated", False) else None,
        run_at=timezone.now(),
        action="run_assessment",
        reason=f"HJ 25.3 class {land_class}, {statistic}: {result.proposed_step}",
    )
    return obj


def plot_for(actor: Any, code: str) -> Plot:
    """The plot with this code if the actor may see it (PermissionDenied otherwise, without saying whether it
    exists)."""
    plot = access.scope(actor, Plot.objects.select_related("district")).filter(code=code).first()
    if plot is None:
        raise PermissionDenied(f"no plot {code} visible to this user")
    return plot
