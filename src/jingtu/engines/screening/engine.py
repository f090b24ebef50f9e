"""Screening of validated results against a standard (vectorised; 1M results in well under a second).

Outcomes per result (GB 36600-2018 §3.4–3.5 and §4; GB 15618-2018 §3, §5; "exceeds" = strictly greater, as the
standards say "超过"):

* ``below_screening``: value ≤ screening value (a non-detect whose detection limit ≤ screening value);
* ``above_screening``: screening value < value ≤ intervention value (or no intervention value exists);
* ``above_intervention``: value > intervention value;
* ``within_background``: above the screening value but ≤ the local background value, for items carrying
  GB 36600-2018 table note ① (As; Co, V) when a background value is supplied — not managed as contaminated;
* ``indeterminate``: non-detect whose detection limit is above the screening value, a non-detect without a
  detection limit, or a group sum with members missing that stays below the screening value;
* ``not_screened``: no limit applies (reason says why: analyte not in the standard, other matrix, wet basis,
  unit not convertible, no pH for a pH-dependent limit, qualitative indicator, unknown analyte).

Comparisons use a relative tolerance of 1e-9 so that binary rounding from unit conversion (e.g. 550 µg/kg vs
0.55 mg/kg) never turns "equal" into "exceeds". Values and limits are reported in the standard's unit.
GB/T 14848-2017: the class (I–V) is computed; class III bound = screening value, class IV bound = intervention
value, so class IV -> above_screening and class V -> above_intervention.

Group sums (m+p-xylene, chlordane, endosulfan, DDT, HCH, PCB total): when the members are reported and the group is
not, the group result is computed per sample and depth as the sum of detected members (non-detects count 0; when
no member is detected the sum is a non-detect with the sum of the members' detection limits as its limit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..edd.model import EddTable, Problem
from ..standards.background import BackgroundValues
from ..standards.catalog import Catalog, load_catalog
from ..standards.combined import CombinedStandard
from ..standards.groundwater import GroundwaterStandard
from ..standards.soil import SoilStandard
from ..standards.units import UnitError, conversion_factor
from .columns import FloatArray, IntArray, Rows, Texts
from .groups import add_group_sums, target_unit
from .outcomes import OUTCOMES, TOL, gw_outcomes, soil_outcomes

SEVERITY = {
    "above_intervention": 5,
    "above_screening": 4,
    "indeterminate": 3,
    "within_background": 2,
    "below_screening": 1,
    "not_screened": 0,
}
__all__ = ["EXTRA_COLUMNS", "FINDING_COLUMNS", "OUTCOMES", "SEVERITY", "TOL", "ScreeningResult", "screen"]
FINDING_COLUMNS = (
    "row",
    "sample_code",
    "analyte",
    "cas",
    "value",
    "unit",
    "detected",
    "detection_limit",
    "screening_value",
    "intervention_value",
    "outcome",
    "reason",
)
EXTRA_COLUMNS = (
    "plot_code",
    "point_code",
    "depth_top_m",
    "depth_bottom_m",
    "ph_band",
    "land_use",
    "gw_class",
    "clause",
    "standard",
    "derived",
)
StandardLike = SoilStandard | GroundwaterStandard | CombinedStandard


@dataclass
class ScreeningResult:
    """Findings (one per accepted result, plus computed group sums) and the file's rejected rows."""

    standard: str
    findings: pd.DataFrame
    rejected: list[Problem] = field(default_factory=list)
    rows: int = 0

    def summary(self) -> dict[str, int]:
        counts = self.findings["outcome"].value_counts()
        return {o: int(counts.get(o, 0)) for o in OUTCOMES}

    def to_json_dict(self, extra: bool = False) -> dict[str, Any]:
        """The CLI/API JSON shape (issue 3). ``extra=True`` adds the EXTRA_COLUMNS to each finding."""
        cols = list(FINDING_COLUMNS) + (list(EXTRA_COLUMNS) if extra else [])
        df = self.findings[cols]
        findings = []
        for rec in df.to_dict(orient="records"):
            findings.append({k: _json_value(v) for k, v in rec.items()})
        return {
            "standard": self.standard,
            "rows": self.rows,
            "rejected": [p.as_dict() for p in self.rejected],
            "findings": findings,
            "summary": self.summary(),
        }


def _json_value(v: object) -> object:
    if isinstance(v, float | np.floating):
        return None if np.isnan(v) else float(v)
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def screen(
    data: EddTable | pd.DataFrame,
    standard: StandardLike,
    *,
    background: BackgroundValues | None = None,
    district: str | None = None,
    soil_type: str | None = None,
    catalog: Catalog | None = None,
) -> ScreeningResult:
    """Screen validated records (``EddTable`` or its ``records`` frame) against ``standard``.

    ``background``: background values for the GB 36600 note ① rule, looked up per row by the row's district / soil
    type columns, falling back to ``district`` / ``soil_type``."""
    table = data if isinstance(data, EddTable) else None
    records = data.records if isinstance(data, EddTable) else data
    cat = catalog or load_catalog()
    if isinstance(standard, CombinedStandard):
        parts = [_screen_one(records, m, background, district, soil_type, cat) for m in standard.members]
        findings = _combine(parts, standard.mode)
    else:
        findings = _screen_one(records, standard, background, district, soil_type, cat)
    return ScreeningResult(
        standard=standard.label,
        findings=findings,
        rejected=list(table.rejected) if table else [],
        rows=table.n_rows if table else len(records),
    )


def _combine(parts: Sequence[pd.DataFrame], mode: str) -> pd.DataFrame:
    # text keys as plain strings: the members' categoricals differ and codes do not sort as the texts do
    parts = [
        p.astype({c: object for c in p.columns if isinstance(p[c].dtype, pd.CategoricalDtype)}) for p in parts
    ]
    allf = pd.concat([p.assign(_member=i) for i, p in enumerate(parts)], ignore_index=True)
    sev = allf["outcome"].map(SEVERITY).astype(np.int64)
    if mode == "most_conservative":
        allf = allf.assign(_k1=-sev, _k2=allf["screening_value"].fillna(np.inf))
    else:
        allf = allf.assign(_k1=np.where(allf["outcome"] == "not_screened", 1, 0), _k2=allf["_member"])
    allf = allf.sort_values(["row", "cas", "sample_code", "_k1", "_k2"], kind="stable")
    out = allf.drop_duplicates(["row", "cas", "sample_code", "derived"], keep="first")
    return out.drop(columns=["_member", "_k1", "_k2"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------


def _sample_ph(records: pd.DataFrame, sample: IntArray) -> FloatArray:
    """pH per row: the row's pH column, else the sample's first pH value (pH column or a pH analyte row)."""
    ph_col = records["ph"].to_numpy(dtype=np.float64)
    is_ph = (records["analyte_id"] == "JT:PH").to_numpy(dtype=bool)
    ph_from_rows = np.where(
        is_ph & records["detected"].to_numpy(dtype=bool), records["value"].to_numpy(dtype=np.float64), np.nan
    )
    cand = np.where(np.isnan(ph_col), ph_from_rows, ph_col)
    if not len(cand):
        return ph_col
    per_sample = pd.Series(cand).groupby(sample).first()
    sample_ph = per_sample.reindex(np.arange(sample.max() + 1)).to_numpy(dtype=np.float64)
    return np.where(np.isnan(ph_col), sample_ph[sample], ph_col)


def _unit_factors(
    aid: Texts, unit: Texts, standard: SoilStandard | GroundwaterStandard, cat: Catalog
) -> tuple[FloatArray, IntArray, list[str]]:
    """Factor to the standard's unit per row (NaN: no limit, or not convertible) and the unit reason codes."""
    nu = len(unit.cats)
    pair_inv, pair_u = pd.factorize(aid.codes.astype(np.int64) * nu + unit.codes)
    factors = np.full(len(pair_u), np.nan)
    reasons = [""] * len(pair_u)
    for k, p in enumerate(np.asarray(pair_u).tolist()):
        a, u = aid.cats[int(p) // nu], unit.cats[int(p) % nu]
        target = target_unit(standard, a, cat)
        if target is None:
            continue
        if a == "JT:PH" and u == "":
            u = "dimensionless"
        try:
            factors[k] = conversion_factor(u, target)
        except UnitError as exc:
            reasons[k] = f"unit not convertible: {exc}"
    return factors[pair_inv], pair_inv.astype(np.intp), reasons


TEXT_SOURCES = {
    "aid": "analyte_id",
    "written": "analyte",
    "sample": "sample_code",
    "plot": "plot_code",
    "point": "point_code",
    "matrix": "matrix",
    "basis": "basis",
    "district": "district",
    "soil": "soil_type",
    "raw_unit": "unit",
}


def _rows(records: pd.DataFrame, standard: SoilStandard | GroundwaterStandard, cat: Catalog) -> Rows:
    n = len(records)
    text = {k: Texts.of(records[c]) for k, c in TEXT_SOURCES.items()}
    factor, unit_reason, unit_reasons = _unit_factors(text["aid"], text["raw_unit"], standard, cat)
    raw_value = records["value"].to_numpy(dtype=np.float64)
    raw_dl = records["detection_limit"].to_numpy(dtype=np.float64)
    num = {
        "line": records["line"].to_numpy(dtype=np.int64),
        "top": records["depth_top_m"].to_numpy(dtype=np.float64),
        "bottom": records["depth_bottom_m"].to_numpy(dtype=np.float64),
        "detected": records["detected"].to_numpy(dtype=bool),
        "value": raw_value * factor,
        "dl": raw_dl * factor,
        "raw_value": raw_value,
        "raw_dl": raw_dl,
        "convertible": ~np.isnan(factor),
        "ph": _sample_ph(records, text["sample"].codes),
        "derived": np.zeros(n, dtype=bool),
        "unit_reason": unit_reason,
        "missing": np.zeros(n, dtype=np.intp),
    }
    return Rows(num=num, text=text, unit_reasons=unit_reasons, missing_members=[""])


def _screen_one(
    records: pd.DataFrame,
    standard: SoilStandard | GroundwaterStandard,
    background: BackgroundValues | None,
    district: str | None,
    soil_type: str | None,
    cat: Catalog,
) -> pd.DataFrame:
    rows = _rows(records, standard, cat)
    add_group_sums(rows, standard, cat)
    # stable order by (row, derived): measured result first, then a group sum anchored on the same row
    key = rows.num["line"] * 2 + rows.num["derived"].astype(np.int64)
    if len(key) and not bool((np.diff(key) >= 0).all()):
        rows.take(np.argsort(key, kind="stable"))
    cols = (
        soil_outcomes(rows, standard, background, district, soil_type, cat)
        if isinstance(standard, SoilStandard)
        else gw_outcomes(rows, standard, cat)
    )
    order = (*FINDING_COLUMNS, *(c for c in EXTRA_COLUMNS if c != "standard"), "standard")
    return pd.DataFrame({c: cols[c] for c in order}, copy=False)
