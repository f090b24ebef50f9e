"""Public entry points: control values of one substance, forward risk, the derived GB 36600 table."""

from __future__ import annotations

import csv
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from .equations import F
from .model import (
    GW_PATHWAYS,
    PATHWAY_LAYER,
    PATHWAY_NAMES,
    PATHWAY_ROUTE,
    PATHWAYS,
    SOIL_PATHWAYS,
    ChemArrays,
    Layer,
    UnitRisk,
    check_pathways,
    control_value_arrays,
    forward_risk_arrays,
    unit_risk,
)
from .params import (
    DATA_DIR,
    DEFAULT_PROFILE,
    Chemical,
    GBItem,
    LandClass,
    ParamValue,
    RiskInputError,
    chemical,
    gb36600_items,
    known_cas,
    parameters,
)

ENGINE_VERSION = "0.1.0"
DEVIATIONS_FILE = DATA_DIR / "gb36600_deviations.csv"


def _opt(x: Any) -> float | None:
    v = float(x)
    return None if math.isnan(v) else v


def _values(pv: Mapping[str, ParamValue]) -> dict[str, F]:
    return {k: v.value for k, v in pv.items()}


@dataclass(frozen=True)
class ControlValues:
    """Control values of one substance for one land class (HJ 25.3-2019 clause 10).

    Soil values in mg·kg⁻¹, groundwater values in mg·L⁻¹; None = no toxicity value for that effect.
    ``pathways`` holds per pathway: exposure (ca/nc), CR and HQ at unit concentration, and the share of the
    total at unit concentration (which is the pathway's share at any concentration when all layers are equal),
    and ``excluded`` (True for a pathway left out of the site's conceptual model: exposure 0, CR/HQ None).
    ``pathways_excluded``: those codes, in :data:`PATHWAYS` order.
    """

    cas: str
    land_class: LandClass
    profile: str
    RCVS: float | None
    HCVS: float | None
    control_value: float | None
    RCVG: float | None
    HCVG: float | None
    control_value_groundwater: float | None
    pathways: dict[str, dict[str, Any]]
    vf: dict[str, float]
    parameters: dict[str, ParamValue]
    chemical: Chemical
    pathways_excluded: tuple[str, ...] = ()

    @property
    def pathways_assessed(self) -> tuple[str, ...]:
        return tuple(k for k in PATHWAYS if k not in self.pathways_excluded)

    def to_json(self, groundwater: bool = False) -> dict[str, Any]:
        """The CLI contract: cas, land_class, RCVS, HCVS, control_value, pathways, parameters
        (plus RCVG, HCVG, control_value_groundwater when ``groundwater``)."""
        pw = self.pathways if groundwater else {k: v for k, v in self.pathways.items() if k in SOIL_PATHWAYS}
        out: dict[str, Any] = {
            "cas": self.cas,
            "land_class": self.land_class,
            "RCVS": self.RCVS,
            "HCVS": self.HCVS,
            "control_value": self.control_value,
            "pathways": pw,
            "parameters": {
                "profile": self.profile,
                "engine_version": ENGINE_VERSION,
                "pathways": {
                    "assessed": list(self.pathways_assessed),
                    "excluded": list(self.pathways_excluded),
                },
                "exposure": {
                    k: {"value": v.value, "unit": v.unit, "flag": v.flag, "source": v.source}
                    for k, v in self.parameters.items()
                },
                "volatilisation_factors": self.vf,
                "chemical": self.chemical.as_dict(),
            },
        }
        if groundwater:
            out["RCVG"] = self.RCVG
            out["HCVG"] = self.HCVG
            out["control_value_groundwater"] = self.control_value_groundwater
        return out


def _pathway_table(ur: UnitRisk, j: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for group in (SOIL_PATHWAYS, GW_PATHWAYS):
        cr_t = sum(0.0 if math.isnan(float(ur.cr[k][j])) else float(ur.cr[k][j]) for k in group)
        hq_t = sum(0.0 if math.isnan(float(ur.hq[k][j])) else float(ur.hq[k][j]) for k in group)
        for k in group:
            cr = _opt(ur.cr[k][j])
            hq = _opt(ur.hq[k][j])
            out[k] = {
                "name": PATHWAY_NAMES[k],
                "layer": PATHWAY_LAYER[k],
                "route": PATHWAY_ROUTE[k],
                "exposure_ca": float(ur.ca[k][j]),
                "exposure_nc": float(ur.nc[k][j]),
                "cr_per_unit": cr,
                "hq_per_unit": hq,
                "share_cr": (cr / cr_t) if (cr is not None and cr_t > 0) else None,
                "share_hq": (hq / hq_t) if (hq is not None and hq_t > 0) else None,
                "excluded": k in ur.excluded,
            }
    return out


def control_values(
    cas: str,
    land_class: LandClass,
    *,
    params: Mapping[str, float] | None = None,
    chem: Mapping[str, float | bool | None] | None = None,
    profile: str = DEFAULT_PROFILE,
    pathways: Collection[str] | None = None,
) -> ControlValues:
    """RCVS, HCVS and soil control value (= smaller), RCVG/HCVG for one substance (HJ 25.3-2019 clause 10).

    ``params``: HJ 25.3 symbols without subscripts (EDa, SAF, fom, …) overriding the land-class defaults;
    ``chem``: H, Da, Dw, Koc, Kd, SFo, IUR, RfDo, RfC, ABSgi, ABSd (None = no value), volatile (bool);
    ``pathways``: exposure pathway codes of the site's conceptual model (None = all nine; HJ 25.3-2019 clause 7),
    the others are excluded (exposure 0) and the control values derived from the rest.
    Raises :class:`RiskInputError` on unknown names or bad values, :class:`ValueError` on unknown pathway codes.
    """
    chosen = check_pathways(pathways)
    pv = parameters(land_class, profile, params)
    ch = chemical(cas, land_class, profile, chem)
    arr = ChemArrays.of([ch])
    p = _values(pv)
    ur = unit_risk(p, arr, land_class, chosen)
    cv = control_value_arrays(p, arr, land_class, ur)
    return ControlValues(
        cas=cas,
        land_class=land_class,
        profile=profile,
        RCVS=_opt(cv["RCVS"][0]),
        HCVS=_opt(cv["HCVS"][0]),
        control_value=_opt(cv["CVS"][0]),
        RCVG=_opt(cv["RCVG"][0]),
        HCVG=_opt(cv["HCVG"][0]),
        control_value_groundwater=_opt(cv["CVG"][0]),
        pathways=_pathway_table(ur, 0),
        vf={k: float(v[0]) for k, v in ur.vf.items()},
        parameters=pv,
        chemical=ch,
        pathways_excluded=tuple(k for k in PATHWAYS if k not in chosen),
    )


@dataclass(frozen=True)
class ForwardRisk:
    """Forward risk of one substance (HJ 25.3-2019 clause 9): CR/HQ per pathway (None = not evaluated or no
    toxicity value), totals for soil and groundwater, and each pathway's share of its total."""

    cas: str
    land_class: LandClass
    concentrations: dict[str, float | None]
    cr: dict[str, float | None]
    hq: dict[str, float | None]
    cr_total_soil: float | None
    hq_total_soil: float | None
    cr_total_groundwater: float | None
    hq_total_groundwater: float | None
    share_cr: dict[str, float | None]
    share_hq: dict[str, float | None]
    pathways_excluded: tuple[str, ...] = field(default=())


def _totals(d: Mapping[str, float | None], keys: Sequence[str]) -> float | None:
    vals = [d[k] for k in keys if d[k] is not None]
    return sum(v for v in vals if v is not None) if vals else None


def forward_risk(
    cas: str,
    land_class: LandClass,
    concentrations: Mapping[Layer, float | None],
    *,
    params: Mapping[str, float] | None = None,
    chem: Mapping[str, float | bool | None] | None = None,
    profile: str = DEFAULT_PROFILE,
    pathways: Collection[str] | None = None,
) -> ForwardRisk:
    """CR and HQ per pathway and in total at the given exposure concentrations (surface / subsurface soil
    mg·kg⁻¹, groundwater mg·L⁻¹; HJ 25.3-2019 clause 9, Appendix C).

    ``pathways``: codes to assess (None = all); excluded pathways have CR/HQ None and are left out of the
    totals and shares; they are listed in ``pathways_excluded``. Unknown codes raise :class:`ValueError`."""
    chosen = check_pathways(pathways)
    for layer in concentrations:
        if layer not in ("surface", "subsurface", "groundwater"):
            raise RiskInputError(f"unknown layer {layer!r}; expected surface, subsurface or groundwater")
    pv = parameters(land_class, profile, params)
    arr = ChemArrays.of([chemical(cas, land_class, profile, chem)])
    ur = unit_risk(_values(pv), arr, land_class, chosen)
    cr_a, hq_a = forward_risk_arrays(ur, concentrations)
    cr = {k: _opt(cr_a[k][0]) for k in PATHWAYS}
    hq = {k: _opt(hq_a[k][0]) for k in PATHWAYS}
    crs, hqs = _totals(cr, SOIL_PATHWAYS), _totals(hq, SOIL_PATHWAYS)
    crg, hqg = _totals(cr, GW_PATHWAYS), _totals(hq, GW_PATHWAYS)

    def share(
        d: Mapping[str, float | None], k: str, tot_s: float | None, tot_g: float | None
    ) -> float | None:
        tot = tot_s if k in SOIL_PATHWAYS else tot_g
        v = d[k]
        return v / tot if (v is not None and tot) else None

    return ForwardRisk(
        cas=cas,
        land_class=land_class,
        concentrations={k: concentrations.get(k) for k in ("surface", "subsurface", "groundwater")},
        cr=cr,
        hq=hq,
        cr_total_soil=crs,
        hq_total_soil=hqs,
        cr_total_groundwater=crg,
        hq_total_groundwater=hqg,
        share_cr={k: share(cr, k, crs, crg) for k in PATHWAYS},
        share_hq={k: share(hq, k, hqs, hqg) for k in PATHWAYS},
        pathways_excluded=tuple(k for k in PATHWAYS if k not in chosen),
    )


# ---------------------------------------------------------------------------------------------------------------
# GB 36600 derived table
# ---------------------------------------------------------------------------------------------------------------

Level = Literal["screening", "intervention"]
LEVEL_PROFILE: dict[str, str] = {"screening": "gb36600_2018", "intervention": "gb36600_2018_intervention"}
TOLERANCE = 0.25  # ±25 % (issue #4)


@lru_cache(maxsize=1)
def _deviations() -> tuple[tuple[str, str, str, str, str], ...]:
    with DEVIATIONS_FILE.open(encoding="utf-8", newline="") as f:
        return tuple(
            (r["cas"], r["land_class"], r["level"], r["kind"], r["explanation"]) for r in csv.DictReader(f)
        )


def deviation_note(cas: str, land_class: LandClass, level: Level) -> tuple[str, str] | None:
    """(kind, explanation) of a documented deviation from GB 36600, or None."""
    for c, lc, lv, kind, text in _deviations():
        if c == cas and lc in ("*", str(land_class)) and lv in ("*", level):
            return kind, text
    return None


@dataclass(frozen=True)
class TableRow:
    """One GB 36600 item with its derived value (mg·kg⁻¹)."""

    item: GBItem
    land_class: LandClass
    level: Level
    gb_value: float
    RCVS: float | None
    HCVS: float | None
    derived: float | None
    ratio: float | None
    status: str  # "pass" | "deviation" | "not derivable"
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.item.table,
            "seq": self.item.seq,
            "name_zh": self.item.name_zh,
            "name_en": self.item.name_en,
            "cas": self.item.cas,
            "land_class": self.land_class,
            "level": self.level,
            "gb36600": self.gb_value,
            "RCVS": self.RCVS,
            "HCVS": self.HCVS,
            "derived": self.derived,
            "ratio": self.ratio,
            "status": self.status,
            "explanation": self.explanation,
        }


def derived_table(
    land_class: LandClass, level: Level = "screening", profile: str | None = None
) -> list[TableRow]:
    """All 85 GB 36600-2018 items with the value derived by this engine beside the published one.

    Screening values use profile ``gb36600_2018``, intervention values ``gb36600_2018_intervention`` unless
    ``profile`` is given. Items without chemical parameters are "not derivable". Vectorised over substances.
    """
    prof = profile or LEVEL_PROFILE[level]
    items = gb36600_items()
    have = set(known_cas())
    derivable = [it for it in items if it.cas in have]
    p = _values(parameters(land_class, prof))
    arr = ChemArrays.of([chemical(it.cas, land_class, prof) for it in derivable])
    cv = control_value_arrays(p, arr, land_class)
    idx = {c: j for j, c in enumerate(arr.cas)}
    rows = []
    for it in items:
        gb = (it.screening if level == "screening" else it.intervention)[land_class - 1]
        note = deviation_note(it.cas, land_class, level)
        if it.cas not in idx:
            rows.append(TableRow(it, land_class, level, gb, None, None, None, None, "not derivable",
                                 "no chemical/toxicity parameters in chem_params.csv"))  # fmt: skip
            continue
        j = idx[it.cas]
        derived = _opt(cv["CVS"][j])
        ratio = derived / gb if derived is not None else None
        if ratio is None:
            status = "not derivable"
        elif abs(ratio - 1.0) <= TOLERANCE:
            status = "pass"
        else:
            status = "deviation"
        expl = note[1] if note and status != "pass" else ("" if status == "pass" else "not documented")
        rows.append(TableRow(it, land_class, level, gb, _opt(cv["RCVS"][j]), _opt(cv["HCVS"][j]), derived,
                             ratio, status, expl))  # fmt: skip
    return rows


def control_values_all(
    land_class: LandClass, profile: str = DEFAULT_PROFILE
) -> dict[str, np.ndarray[Any, Any]]:
    """Vectorised control values (RCVS, HCVS, CVS, RCVG, HCVG, CVG) for every GB 36600 item; NaN where the
    item has no parameters or no toxicity value. Keys also include ``cas`` (array of str)."""
    items = gb36600_items()
    have = set(known_cas())
    chems = [chemical(it.cas, land_class, profile) for it in items if it.cas in have]
    arr = ChemArrays.of(chems)
    cv = control_value_arrays(_values(parameters(land_class, profile)), arr, land_class)
    pos = {c: j for j, c in enumerate(arr.cas)}
    out: dict[str, np.ndarray[Any, Any]] = {"cas": np.array([it.cas for it in items])}
    for k, v in cv.items():
        out[k] = np.array([v[pos[it.cas]] if it.cas in pos else np.nan for it in items])
    return out
