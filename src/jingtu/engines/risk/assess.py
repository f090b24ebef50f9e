"""Assessment of a plot's results: the pure function behind ``jingtu risk assess --plot CODE``.

The platform (Django adapter) selects the plot's lab results, maps each to a layer and calls :func:`assess`;
it stores inputs, outputs, :data:`ENGINE_VERSION` and the parameter-table versions with the assessment record.
The proposed lifecycle step is a proposal; the decision stays human (issue #4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .api import ENGINE_VERSION, ControlValues, ForwardRisk, control_values, forward_risk
from .model import PATHWAYS, Layer, check_pathways
from .params import DEFAULT_PROFILE, LandClass, RiskInputError, parameters
from .stats import ExposureConcentration, Observation, Statistic, exposure_concentration

LAYERS: tuple[Layer, ...] = ("surface", "subsurface", "groundwater")
SURFACE_MAX_DEPTH_M = 0.5  # R: HJ 25.3 表层土壤 taken as 0–0.5 m (recalled, unverified); adapter may override
NOT_DETECTED = "not detected in any layer"
NO_PARAMETERS = "no chemical parameters in chem_params.csv"
NO_TOXICITY = "no toxicity value (SF, IUR, RfD, RfC): HJ 25.3 gives no risk or control value for it"
NO_PATHWAY = "no toxicity value on any of the assessed exposure pathways (the others are excluded)"


def layer_for_depth(top_m: float, surface_max_m: float = SURFACE_MAX_DEPTH_M) -> Layer:
    """Soil layer of a sample by its top depth in metres: surface (< ``surface_max_m``) or subsurface."""
    if top_m < 0:
        raise RiskInputError(f"negative sample depth {top_m}")
    return "surface" if top_m < surface_max_m else "subsurface"


@dataclass(frozen=True)
class SampleResult:
    """One lab result: CAS, layer (surface/subsurface soil in mg·kg⁻¹, groundwater in mg·L⁻¹), value if
    detected, detection flag, detection limit."""

    cas: str
    layer: Layer
    value: float | None
    detected: bool
    dl: float | None = None


@dataclass(frozen=True)
class SubstanceAssessment:
    cas: str
    concentrations: dict[Layer, ExposureConcentration]  # by layer
    risk: ForwardRisk
    control: ControlValues
    exceeds: bool
    reasons: list[str]


@dataclass(frozen=True)
class Assessment:
    """Result of :func:`assess`: per substance, exposure concentrations per layer, CR/HQ per pathway, totals,
    pathway shares, control values; the proposed lifecycle step with control values as targets."""

    land_class: LandClass
    statistic: str
    profile: str
    engine_version: str
    acceptable_risk: float
    acceptable_hq: float
    substances: list[SubstanceAssessment]
    not_assessed: dict[str, str]  # cas -> reason
    proposed_step: str  # "acceptable" | "needs risk control or remediation"
    targets: list[dict[str, Any]] = field(default_factory=list)
    pathways: list[str] = field(default_factory=lambda: list(PATHWAYS))  # assessed, in PATHWAYS order
    pathways_excluded: list[str] = field(default_factory=list)


def assess(
    results: Sequence[SampleResult | tuple[str, str, float | None, bool, float | None]],
    land_class: LandClass,
    statistic: Statistic = "ucl95",
    params: Mapping[str, float] | None = None,
    chem: Mapping[str, Mapping[str, float | bool | None]] | None = None,
    profile: str = DEFAULT_PROFILE,
    pathways: Collection[str] | None = None,
) -> Assessment:
    """Assess all substances in ``results`` for ``land_class`` (HJ 25.3-2019 clauses 7–10).

    ``results``: (cas, layer, value|None, detected, dl) with layer surface/subsurface/groundwater.
    ``params``: HJ 25.3 parameter overrides; ``chem``: per-CAS chemical overrides.
    ``pathways``: exposure pathway codes present in the site's conceptual model (HJ 25.3-2019 clause 7; None = all);
    excluded pathways contribute nothing to risks and control values. Unknown codes raise :class:`ValueError`.
    A substance is not acceptable when its soil or groundwater total CR exceeds ACR or HI exceeds AHQ; its
    targets are the soil control value (mg·kg⁻¹) and groundwater control value (mg·L⁻¹).
    Targets are listed for the medium (soil layers or groundwater) whose total is not acceptable.
    Substances without chemical parameters, without any toxicity value (e.g. lead: GB 36600 uses blood-lead
    models) or never detected are listed in ``not_assessed`` with the reason; they do not count as acceptable
    and the adapter must show them beside the proposal.
    """
    chosen = check_pathways(pathways)
    pv = parameters(land_class, profile, params)
    acr, ahq = pv["ACR"].value, pv["AHQ"].value
    by: dict[str, dict[Layer, list[Observation]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        sr = r if isinstance(r, SampleResult) else SampleResult(r[0], r[1], r[2], r[3], r[4])  # type: ignore[arg-type]
        if sr.layer not in LAYERS:
            raise RiskInputError(f"result {sr.cas}: unknown layer {sr.layer!r}; expected {', '.join(LAYERS)}")
        by[sr.cas][sr.layer].append(Observation(sr.value, sr.detected, sr.dl))
    subs: list[SubstanceAssessment] = []
    skipped: dict[str, str] = {}
    targets: list[dict[str, Any]] = []
    for cas, layers in by.items():
        ecs = {lay: exposure_concentration(obs, statistic) for lay, obs in layers.items()}
        conc: dict[Layer, float | None] = {lay: ec.value for lay, ec in ecs.items()}
        if all(v is None for v in conc.values()):
            skipped[cas] = NOT_DETECTED
            continue
        try:
            cv = control_values(
                cas, land_class, params=params, chem=(chem or {}).get(cas), profile=profile, pathways=chosen
            )
            fr = forward_risk(
                cas,
                land_class,
                conc,
                params=params,
                chem=(chem or {}).get(cas),
                profile=profile,
                pathways=chosen,
            )
        except RiskInputError as exc:
            skipped[cas] = NO_PARAMETERS if str(exc).startswith("no chemical parameters") else str(exc)
            continue
        if all(v is None for v in (cv.RCVS, cv.HCVS, cv.RCVG, cv.HCVG)):
            # e.g. lead: no SF/IUR/RfD/RfC, so HJ 25.3 gives neither risk nor control value — not "acceptable"
            skipped[cas] = NO_TOXICITY
            if cv.pathways_excluded:
                full = control_values(
                    cas, land_class, params=params, chem=(chem or {}).get(cas), profile=profile
                )
                if any(v is not None for v in (full.RCVS, full.HCVS, full.RCVG, full.HCVG)):
                    skipped[cas] = NO_PATHWAY
            continue
        reasons = []
        exceeded: set[str] = set()
        for medium, label, v, lim in (
            ("soil", "soil CR", fr.cr_total_soil, acr),
            ("soil", "soil HI", fr.hq_total_soil, ahq),
            ("groundwater", "groundwater CR", fr.cr_total_groundwater, acr),
            ("groundwater", "groundwater HI", fr.hq_total_groundwater, ahq),
        ):
            if v is not None and v > lim:
                reasons.append(f"{label} {v:.3g} > {lim:g}")
                exceeded.add(medium)
        exceeds = bool(reasons)
        if exceeds:
            for lay, c in conc.items():
                # targets for the medium whose total risk is not acceptable (soil layers / groundwater)
                if c is None or ("groundwater" if lay == "groundwater" else "soil") not in exceeded:
                    continue
                target = cv.control_value_groundwater if lay == "groundwater" else cv.control_value
                targets.append({"cas": cas, "layer": lay, "exposure_concentration": c, "control_value": target,
                                "unit": "mg/L" if lay == "groundwater" else "mg/kg"})  # fmt: skip
        subs.append(SubstanceAssessment(cas, dict(ecs), fr, cv, exceeds, reasons))
    step = "needs risk control or remediation" if any(s.exceeds for s in subs) else "acceptable"
    return Assessment(land_class, statistic, profile, ENGINE_VERSION, acr, ahq, subs, skipped, step, targets,
                      [k for k in PATHWAYS if k in chosen], [k for k in PATHWAYS if k not in chosen])  # fmt: skip
