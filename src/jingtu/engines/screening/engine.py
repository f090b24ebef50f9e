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
import numpy.typing as npt
import pandas as pd

from ..edd.model import EddTable, Problem
from ..standards.background import BackgroundValues
from ..standards.catalog import Catalog, load_catalog
from ..standards.combined import CombinedStandard
from ..standards.groundwater import CLASSES, GroundwaterStandard
from ..standards.soil import SoilStandard
from ..standards.units import UnitError, conversion_factor

OUTCOMES = (
    "below_screening",
    "above_screening",
    "above_intervention",
    "within_background",
    "indeterminate",
    "not_screened",
)
SEVERITY = {
    "above_intervention": 5,
    "above_screening": 4,
    "indeterminate": 3,
    "within_background": 2,
    "below_screening": 1,
    "not_screened": 0,
}
TOL = 1e-9
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
FloatArray = npt.NDArray[np.float64]
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
    if v is None or (isinstance(v, str) and v == "" and False):
        return None
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


def _sample_ph(records: pd.DataFrame) -> FloatArray:
    """pH per row: the row's pH column, else the sample's first pH value (pH column or a pH analyte row)."""
    codes = (
        records["sample_code"].cat.codes.to_numpy()
        if hasattr(records["sample_code"], "cat")
        else pd.factorize(records["sample_code"])[0]
    )
    ph_col = records["ph"].to_numpy(dtype=np.float64)
    is_ph = (records["analyte_id"] == "JT:PH").to_numpy()
    ph_from_rows = np.where(
        is_ph & records["detected"].to_numpy(), records["value"].to_numpy(dtype=np.float64), np.nan
    )
    cand = np.where(np.isnan(ph_col), ph_from_rows, ph_col)
    per_sample = pd.Series(cand).groupby(codes).first()
    sample_ph = per_sample.reindex(np.arange(codes.max() + 1 if len(codes) else 0)).to_numpy(dtype=np.float64)
    return np.where(np.isnan(ph_col), sample_ph[codes] if len(codes) else ph_col, ph_col)


def _group_sums(
    base: pd.DataFrame, standard: SoilStandard | GroundwaterStandard, cat: Catalog
) -> pd.DataFrame:
    """Derived rows for groups the standard limits whose members are reported (values already in target unit)."""
    groups = [a for a in standard.limits if (ga := cat.get(a)) is not None and ga.members]
    if not groups:
        return base.iloc[0:0]
    out = []
    ids = pd.Series(_objs(base["analyte_id"]), index=base.index)
    for gid in groups:
        members = cat[gid].members
        direct = set(_objs(base.loc[ids == gid, "sample_code"]).tolist())
        sub = base.loc[ids.isin(members) & base["_convertible"]]
        if sub.empty:
            continue
        sub = sub.assign(
            _v=np.where(sub["detected"], sub["_value"], 0.0),
            _dl=np.where(sub["detected"], 0.0, sub["_dl"]),
            _sc=sub["sample_code"].astype(str),
            _aid=sub["analyte_id"].astype(str),
            _t=sub["depth_top_m"].fillna(-1.0),
            _b=sub["depth_bottom_m"].fillna(-1.0),
            **{f"_h{j}": _objs(sub["analyte_id"]) == m for j, m in enumerate(members)},
        )
        sub = sub.loc[~sub["_sc"].isin(direct)]
        if sub.empty:
            continue
        grouped = sub.groupby(["_sc", "_t", "_b"], sort=False, observed=True)
        agg = grouped.agg(
            line=("line", "min"),
            plot_code=("plot_code", "first"),
            point_code=("point_code", "first"),
            depth_top_m=("depth_top_m", "first"),
            depth_bottom_m=("depth_bottom_m", "first"),
            matrix=("matrix", "first"),
            basis=("basis", "first"),
            district=("district", "first"),
            soil_type=("soil_type", "first"),
            _value=("_v", "sum"),
            _dl=("_dl", "sum"),
            detected=("detected", "any"),
            _ph=("_ph", "first"),
            **{f"_h{j}": (f"_h{j}", "any") for j in range(len(members))},
        ).reset_index()
        agg["analyte_id"] = gid
        agg["analyte"] = cat[gid].name_zh
        agg["_value"] = np.where(agg["detected"], agg["_value"], np.nan)
        agg["_dl"] = np.where(agg["detected"], np.nan, agg["_dl"])
        mask = np.zeros(len(agg), dtype=np.int64)
        for j in range(len(members)):
            mask |= agg[f"_h{j}"].to_numpy(dtype=np.int64) << j
        agg["_missing"] = _per_unique(
            mask, lambda mk, ms=members: ";".join(m for j, m in enumerate(ms) if not (int(mk) >> j) & 1)
        )
        agg["derived"] = True
        agg["_convertible"] = True
        agg["_unit_reason"] = ""
        agg["sample_code"] = agg["_sc"]
        out.append(agg.drop(columns=["_sc", "_t", "_b", *[f"_h{j}" for j in range(len(members))]]))
    if not out:
        return base.iloc[0:0]
    result: pd.DataFrame = pd.concat(out, ignore_index=True)
    return result


def _target_unit(
    standard: SoilStandard | GroundwaterStandard, aid: str, cat: Catalog | None = None
) -> str | None:
    """Unit of the standard's limit for ``aid`` or for a group it is a member of (None when the standard has no
    limit: values stay as written)."""
    if isinstance(standard, SoilStandard):
        if aid in standard.limits:
            return standard.unit
        if cat is not None and any(g in standard.limits for g in cat.groups_of(aid)):
            return standard.unit
        return None
    lim = standard.limit(aid)
    return lim.unit if lim is not None and lim.unit else None


def _screen_one(
    records: pd.DataFrame,
    standard: SoilStandard | GroundwaterStandard,
    background: BackgroundValues | None,
    district: str | None,
    soil_type: str | None,
    cat: Catalog,
) -> pd.DataFrame:
    n = len(records)
    aid_cat = records["analyte_id"]
    aid_codes = aid_cat.cat.codes.to_numpy()
    aid_names = [str(x) for x in aid_cat.cat.categories]
    unit_codes = records["unit"].cat.codes.to_numpy()
    unit_names = [str(x) for x in records["unit"].cat.categories]

    # unit factor per (analyte, unit) pair
    pair = aid_codes.astype(np.int64) * (len(unit_names) + 1) + unit_codes
    pair_inv, pair_u = pd.factorize(pair)  # one unit factor per distinct pair (order irrelevant)
    factors = np.full(len(pair_u), np.nan)
    unit_reason: list[str] = [""] * len(pair_u)
    target_units: list[str] = [""] * len(pair_u)
    for k, p in enumerate(pair_u):
        aid = aid_names[int(p) // (len(unit_names) + 1)]
        unit = unit_names[int(p) % (len(unit_names) + 1)]
        target = _target_unit(standard, aid, cat)
        if target is None:
            continue
        target_units[k] = target
        if aid == "JT:PH" and unit == "":
            unit = "dimensionless"
        try:
            factors[k] = conversion_factor(unit, target)
        except UnitError as exc:
            unit_reason[k] = f"unit not convertible: {exc}"
    factor = factors[pair_inv] if n else np.zeros(0)
    base = pd.DataFrame(
        {
            "line": records["line"].to_numpy(),
            "plot_code": records["plot_code"],
            "point_code": records["point_code"],
            "sample_code": records["sample_code"],
            "depth_top_m": records["depth_top_m"].to_numpy(),
            "depth_bottom_m": records["depth_bottom_m"].to_numpy(),
            "matrix": records["matrix"],
            "basis": records["basis"],
            "district": records["district"],
            "soil_type": records["soil_type"],
            "analyte_id": aid_cat,
            "analyte": records["analyte"],
            "detected": records["detected"].to_numpy(),
            "_value": records["value"].to_numpy(dtype=np.float64) * factor,
            "_dl": records["detection_limit"].to_numpy(dtype=np.float64) * factor,
            "_raw_value": records["value"].to_numpy(dtype=np.float64),
            "_raw_dl": records["detection_limit"].to_numpy(dtype=np.float64),
            "_raw_unit": records["unit"],
            "_convertible": ~np.isnan(factor),
            "_unit_reason": np.asarray(unit_reason, dtype=object)[pair_inv]
            if n
            else np.zeros(0, dtype=object),
            "_ph": _sample_ph(records) if n else np.zeros(0),
            "derived": np.zeros(n, dtype=bool),
            "_missing": pd.Series(np.full(n, "", dtype=object), dtype=object),
        }
    )
    derived = _group_sums(base, standard, cat)
    if len(derived):
        derived["_raw_value"] = derived["_value"]
        derived["_raw_dl"] = derived["_dl"]
        derived["_raw_unit"] = [_target_unit(standard, a) or "" for a in derived["analyte_id"]]
        for c in (
            "plot_code",
            "point_code",
            "sample_code",
            "matrix",
            "basis",
            "district",
            "soil_type",
            "analyte",
            "_raw_unit",
        ):
            base[c] = base[c].astype(object)
            derived[c] = derived[c].astype(object)
    # outcomes are computed row by row (per-distinct-value work only caches per-row answers), so the measured rows
    # (still categorical) and the derived group sums are screened apart and their findings concatenated
    parts = [base] + ([derived[list(base.columns)].reset_index(drop=True)] if len(derived) else [])
    outs = [
        _soil_outcomes(part, standard, background, district, soil_type, cat)
        if isinstance(standard, SoilStandard)
        else _gw_outcomes(part, standard, cat)
        for part in parts
    ]
    cols = {k: np.concatenate([o[k] for o in outs]) if len(outs) > 1 else outs[0][k] for k in outs[0]}
    # stable order by (row, derived): measured result first, then a group sum anchored on the same row
    key = cols["row"].astype(np.int64) * 2 + cols["derived"].astype(np.int64)
    if len(key) and not bool((np.diff(key) >= 0).all()):
        order = np.argsort(key, kind="stable")
        cols = {k: v[order] for k, v in cols.items()}
    out = _frame(cols)
    out["standard"] = standard.label
    return out


def _objs(series: pd.Series) -> npt.NDArray[np.object_]:
    """Object array of strings ('' for missing) without building a pyarrow string array per call."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = np.asarray([str(c) for c in series.cat.categories] + [""], dtype=object)
        codes = series.cat.codes.to_numpy()
        return cats[np.where(codes < 0, len(cats) - 1, codes)]
    arr = np.asarray(series, dtype=object)
    missing = np.asarray(pd.isna(series))
    if missing.any():
        arr = arr.copy()
        arr[missing] = ""
    return arr


Distinct = tuple[npt.NDArray[np.intp], Any]


def _distinct(values: npt.NDArray[Any]) -> Distinct:
    """Codes and distinct values (factorised once, reused by several :func:`_per_unique` calls)."""
    codes, uniq = pd.factorize(values, use_na_sentinel=False)
    return codes, uniq


def _per_unique(
    values: npt.NDArray[Any], fn: Any, dtype: Any = object, distinct: Distinct | None = None
) -> npt.NDArray[Any]:
    """Apply ``fn`` once per distinct value and broadcast back (``distinct``: ``_distinct(values)`` if known)."""
    codes, uniq = distinct if distinct is not None else _distinct(values)
    return np.asarray([fn(u) for u in uniq], dtype=dtype)[codes] if len(values) else np.zeros(0, dtype=dtype)


def _common_not_screened(
    base: pd.DataFrame, standard: SoilStandard | GroundwaterStandard, cat: Catalog
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_]]:
    """Reason (or "") why a row cannot be screened at all, before limits are looked at."""
    n = len(base)
    reason = np.full(n, "", dtype=object)
    aid = _objs(base["analyte_id"])
    aid_d = _distinct(aid)
    matrix = _objs(base["matrix"])
    basis = _objs(base["basis"])
    in_std = _per_unique(aid, lambda a: a in standard.limits, bool, aid_d)
    known = _per_unique(aid, lambda a: a in cat, bool, aid_d)

    def put(mask: npt.NDArray[np.bool_], text: str | npt.NDArray[np.object_]) -> None:
        sel = mask & (reason == "")
        if isinstance(text, str):
            reason[sel] = text
        else:
            reason[sel] = text[sel]

    put(aid == "", "analyte not recognised (no CAS, name not in the catalogue) / 检测项目无法识别")
    put(~known & (aid != ""), "analyte not in the catalogue / 检测项目不在目录中")
    other_matrix = (matrix != "") & (matrix != standard.matrix)
    put(
        other_matrix,
        _per_unique(
            matrix, lambda m: f"matrix {m} is not covered by {standard.code} ({standard.matrix} only)"
        ),
    )
    is_member_only = np.zeros(n, dtype=bool)
    if n:
        member_of: dict[str, list[str]] = {}
        for gid in standard.limits:
            g = cat.get(gid)
            if g is not None:
                for m in g.members:
                    member_of.setdefault(m, []).append(gid)
        mm = ~in_std & _per_unique(aid, lambda a: a in member_of, bool, aid_d)
        is_member_only = mm
        texts = _per_unique(
            aid,
            lambda a: (
                f"member of {', '.join(cat[g].name_zh for g in member_of.get(a, []))}: screened as the sum"
                " / 作为组分计入合计"
                if a in member_of
                else ""
            ),
            distinct=aid_d,
        )
        put(mm, texts)
    put(~in_std & known, f"no limit for this analyte in {standard.code} / 标准中无此项")
    put(
        basis == "wet",
        "wet-weight result; the standard's limits are on a dry-weight basis / 湿基结果不能与干基限值比较",
    )
    put(~base["_convertible"].to_numpy() & in_std, base["_unit_reason"].to_numpy(dtype=object))
    return reason, is_member_only


def _cmp_gt(a: FloatArray, b: FloatArray) -> npt.NDArray[np.bool_]:
    """a > b strictly, with relative tolerance TOL (equal within rounding is not "exceeds")."""
    with np.errstate(invalid="ignore"):
        return (a > b) & ~np.isclose(a, b, rtol=TOL, atol=0.0)


def _fmt(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:g}"


def _soil_outcomes(
    base: pd.DataFrame,
    standard: SoilStandard,
    background: BackgroundValues | None,
    district: str | None,
    soil_type: str | None,
    cat: Catalog,
) -> dict[str, Any]:
    n = len(base)
    reason0, _ = _common_not_screened(base, standard, cat)
    aid = _objs(base["analyte_id"])
    aid_d = _distinct(aid)
    ph = base["_ph"].to_numpy(dtype=np.float64)
    band = (
        np.searchsorted(np.asarray(standard.ph_edges), ph, side="left")
        if standard.ph_edges
        else np.zeros(n, dtype=np.int64)
    )
    ids = sorted(standard.limits)
    idx = {a: i for i, a in enumerate(ids)}
    S = np.full((len(ids) + 1, standard.n_bands), np.nan)
    I = np.full((len(ids) + 1, standard.n_bands), np.nan)  # noqa: E741
    needs_ph = np.zeros(len(ids) + 1, dtype=bool)
    bg_rule = np.zeros(len(ids) + 1, dtype=bool)
    for a, i in idx.items():
        for b, lim in enumerate(standard.limits[a]):
            if lim is not None:
                S[i, b] = np.nan if lim.screening is None else lim.screening
                I[i, b] = np.nan if lim.intervention is None else lim.intervention
                bg_rule[i] |= lim.background_rule
        needs_ph[i] = standard.needs_ph(a)
    row_i = _per_unique(aid, lambda a: idx.get(a, len(ids)), np.int64, aid_d)
    no_ph = needs_ph[row_i] & np.isnan(ph)
    b_eff = np.where(needs_ph[row_i] & ~np.isnan(ph), band, 0)
    s = S[row_i, b_eff]
    iv = I[row_i, b_eff]
    s = np.where(no_ph, np.nan, s)
    iv = np.where(no_ph, np.nan, iv)
    reason = reason0.copy()
    reason[(reason == "") & no_ph] = (
        f"no pH for this sample: {standard.code} limits depend on soil pH / 缺少 pH"
    )
    value = base["_value"].to_numpy(dtype=np.float64)
    dl = base["_dl"].to_numpy(dtype=np.float64)
    det = base["detected"].to_numpy(dtype=bool)
    missing = _objs(base["_missing"])

    # background values (GB 36600 table note ①)
    bg = np.full(n, np.nan)
    if background:
        row_d = _objs(base["district"])
        row_s = _objs(base["soil_type"])
        key = (
            pd.Series([f"{a}\x1f{d}\x1f{t}" for a, d, t in zip(aid, row_d, row_s, strict=True)])
            if n
            else pd.Series([], dtype=object)
        )
        codes, uniq = pd.factorize(key)
        vals = []
        for u in uniq:
            a, d, t = str(u).split("\x1f")
            hit = background.lookup(a, d or district, t or soil_type)
            vals.append(np.nan if hit is None else hit.value)
        bg = np.asarray(vals, dtype=np.float64)[codes] if n else bg
        bg = np.where(bg_rule[row_i], bg, np.nan)

    screenable = reason == ""
    outcome = np.full(n, "not_screened", dtype=object)
    above_s = det & _cmp_gt(value, s)
    above_i = det & _cmp_gt(value, iv)
    within_bg = above_s & ~np.isnan(bg) & ~_cmp_gt(value, bg)
    nd_no_dl = ~det & np.isnan(dl)
    nd_indet = ~det & _cmp_gt(dl, s)
    partial = missing != ""
    out_code = np.select(
        [
            ~screenable,
            within_bg,
            above_i,
            above_s,
            nd_no_dl,
            nd_indet,
            partial,
        ],
        [
            "not_screened",
            "within_background",
            "above_intervention",
            "above_screening",
            "indeterminate",
            "indeterminate",
            "indeterminate",
        ],
        default="below_screening",
    )
    outcome = out_code
    rs = np.full(n, "", dtype=object)
    rs[~screenable] = reason[~screenable]
    # reasons for screened rows are built per distinct (outcome, analyte, band)
    band_lbl = np.asarray(standard.band_labels, dtype=object)[b_eff] if n else np.zeros(0, dtype=object)
    sel = np.flatnonzero(screenable)
    if len(sel):
        o_codes, o_u = pd.factorize(np.asarray(outcome[sel], dtype=object))
        a_codes, a_u = pd.factorize(aid[sel])
        m_codes, m_u = pd.factorize(missing[sel])
        nb = standard.n_bands
        rkey = ((m_codes.astype(np.int64) * len(a_u) + a_codes) * nb + b_eff[sel]) * len(o_u) + o_codes
        inv, uk_arr = pd.factorize(rkey)
        texts = []
        for kk in np.asarray(uk_arr).tolist():
            oc, rest = kk % len(o_u), kk // len(o_u)
            bc, rest = rest % nb, rest // nb
            ac, mc = rest % len(a_u), rest // len(a_u)
            a = str(a_u[ac])
            lim = standard.limits[a][bc if standard.needs_ph(a) else 0]
            assert lim is not None
            texts.append(_soil_reason(str(o_u[oc]), lim, standard, str(m_u[mc]), cat))
        rs[sel] = np.asarray(texts, dtype=object)[inv]
        bg_rows = sel[outcome[sel] == "within_background"]
        for i in bg_rows:
            rs[i] = f"{rs[i]}; background value {bg[i]:g} mg/kg"
    name = _display_names(aid, _objs(base["analyte"]), standard, cat)
    unit = np.where(base["_convertible"].to_numpy(), standard.unit, _objs(base["_raw_unit"])).astype(object)
    conv = base["_convertible"].to_numpy()
    return {
        "row": base["line"].to_numpy(dtype=np.int64),
        "sample_code": _objs(base["sample_code"]),
        "analyte": name,
        "cas": aid,
        "value": np.where(conv, value, base["_raw_value"].to_numpy(dtype=np.float64)),
        "unit": unit,
        "detected": det,
        "detection_limit": np.where(conv, dl, base["_raw_dl"].to_numpy(dtype=np.float64)),
        "screening_value": np.where(screenable, s, np.nan),
        "intervention_value": np.where(screenable, iv, np.nan),
        "outcome": outcome,
        "reason": rs,
        "plot_code": _objs(base["plot_code"]),
        "point_code": _objs(base["point_code"]),
        "depth_top_m": base["depth_top_m"].to_numpy(dtype=np.float64),
        "depth_bottom_m": base["depth_bottom_m"].to_numpy(dtype=np.float64),
        "ph_band": np.where(
            _per_unique(aid, standard.needs_ph, bool, aid_d) & screenable,
            band_lbl,
            np.asarray(None),
        )
        if standard.ph_edges and n
        else np.full(n, None, dtype=object),
        "land_use": np.full(n, standard.land_use, dtype=object),
        "gw_class": np.full(n, None, dtype=object),
        "clause": _per_unique(aid, lambda a: _clause(standard, a), object, aid_d)
        if n
        else np.zeros(0, dtype=object),
        "derived": base["derived"].to_numpy(dtype=bool),
    }


def _frame(cols: dict[str, Any]) -> pd.DataFrame:
    """DataFrame whose object (text) columns stay object dtype (no per-call pyarrow string conversion)."""
    return pd.DataFrame(
        {
            k: pd.Series(v, dtype=object) if isinstance(v, np.ndarray) and v.dtype == object else v
            for k, v in cols.items()
        },
        copy=False,
    )


def _clause(standard: SoilStandard | GroundwaterStandard, aid: str) -> str | None:
    if isinstance(standard, SoilStandard):
        lims = standard.limits.get(aid)
        return next((x.clause for x in lims if x is not None), None) if lims else None
    lim = standard.limits.get(aid)
    return lim.clause if lim else None


def _display_names(
    aid: npt.NDArray[Any],
    written: npt.NDArray[Any],
    standard: SoilStandard | GroundwaterStandard,
    cat: Catalog,
) -> npt.NDArray[np.object_]:
    """Name in the standard when it lists the analyte, else the catalogue name, else the name as written."""
    codes, uniq = pd.factorize(aid)
    names = []
    for a in uniq:
        a = str(a)
        if isinstance(standard, SoilStandard) and a in standard.limits:
            lim = next((x for x in standard.limits[a] if x is not None), None)
            names.append(lim.name_zh if lim else "")
        elif isinstance(standard, GroundwaterStandard) and a in standard.limits:
            names.append(standard.limits[a].name_zh)
        elif a in cat:
            names.append(cat[a].name_zh)
        else:
            names.append("")
    arr = np.asarray(names, dtype=object)[codes] if len(aid) else np.zeros(0, dtype=object)
    return np.where(arr == "", written, arr)


def _soil_reason(outcome: str, lim: Any, standard: SoilStandard, missing: str, cat: Catalog) -> str:
    where = (
        lim.clause
        + (f", {lim.ph_band}" if lim.ph_band else "")
        + (f", {standard.land_use}" if standard.land_use else "")
    )
    if standard.land_class:
        where += f", class-{standard.land_class} land"
    sv, iv = _fmt(lim.screening), _fmt(lim.intervention)
    text = {
        "below_screening": f"≤ screening value {sv} {lim.unit} ({where}) / 未超过筛选值",
        "above_screening": f"> screening value {sv} {lim.unit}"
        + (f", ≤ intervention value {iv}" if lim.intervention is not None else ", no intervention value")
        + f" ({where}) / 超过筛选值",
        "above_intervention": f"> intervention value {iv} {lim.unit} ({where}) / 超过管制值",
        "within_background": f"> screening value {sv} {lim.unit} but ≤ background value ({where}, note ①) / 超过筛选值但不高于背景值",
        "indeterminate": f"non-detect: detection limit missing or above the screening value {sv} {lim.unit} ({where}) / 检出限高于筛选值，无法判定",
    }[outcome]
    if missing:
        names = ", ".join(cat[m].name_zh if m in cat else m for m in missing.split(";"))
        text += f"; sum of reported members, missing: {names}" + (
            " (the full sum may exceed the screening value) / 组分不全"
            if outcome in ("indeterminate",)
            else ""
        )
    return text


def _gw_outcomes(base: pd.DataFrame, standard: GroundwaterStandard, cat: Catalog) -> dict[str, Any]:
    n = len(base)
    reason0, _ = _common_not_screened(base, standard, cat)
    aid = _objs(base["analyte_id"])
    aid_d = _distinct(aid)
    value = base["_value"].to_numpy(dtype=np.float64)
    dl = base["_dl"].to_numpy(dtype=np.float64)
    det = base["detected"].to_numpy(dtype=bool)
    ids = sorted(standard.limits)
    idx = {a: i for i, a in enumerate(ids)}
    B = np.full((len(ids) + 1, 4), np.nan)
    kind = np.full(len(ids) + 1, "", dtype=object)
    nd1 = np.zeros(len(ids) + 1, dtype=bool)
    for a, i in idx.items():
        lim = standard.limits[a]
        B[i] = [np.nan if b is None else b for b in lim.bounds]
        kind[i] = lim.kind
        nd1[i] = lim.nd_class_i
    row_i = _per_unique(aid, lambda a: idx.get(a, len(ids)), np.int64, aid_d)
    k = kind[row_i]
    reason = reason0.copy()
    reason[(reason == "") & (k == "qualitative")] = (
        "qualitative indicator (无/有): not screened numerically / 定性指标"
    )
    screenable = reason == ""
    x = np.where(det, value, dl)  # value, or detection limit for a non-detect
    cls = np.full(n, 5, dtype=np.int64)
    for c in (3, 2, 1, 0):
        bound = B[row_i, c]
        ok = ~np.isnan(bound) & ~_cmp_gt(x, bound)
        if c == 0:
            ok &= ~nd1[row_i]
        cls = np.where(ok, c + 1, cls)
    cls = np.where(nd1[row_i] & ~det, 1, cls)
    no_iv = np.isnan(B[row_i, 3])
    cls = np.where((cls == 5) & no_iv, 4, cls)
    # pH (range rule)
    is_ph = k == "ph"
    ph_cls = np.where(
        (x >= 6.5) & (x <= 8.5), 1, np.where(((x >= 5.5) & (x < 6.5)) | ((x > 8.5) & (x <= 9.0)), 4, 5)
    )
    cls = np.where(is_ph, ph_cls, cls)
    nd_no_dl = ~det & np.isnan(dl)
    outcome = np.select(
        [~screenable, nd_no_dl, ~det & (cls >= 4), cls == 5, cls == 4],
        ["not_screened", "indeterminate", "indeterminate", "above_intervention", "above_screening"],
        default="below_screening",
    )
    cls_lbl = np.asarray(CLASSES, dtype=object)[np.clip(cls, 1, 5) - 1]
    gw_class = np.where(screenable & ~nd_no_dl, cls_lbl, np.asarray(None))
    rs = np.where(screenable, "", reason).astype(object)
    sel = np.flatnonzero(screenable)
    for i in sel.tolist():
        lim = standard.limits[aid[i]]
        if outcome[i] == "indeterminate":
            rs[i] = (
                f"non-detect: detection limit missing or above the class III bound ({lim.clause}) / 检出限过高"
            )
        elif lim.kind == "ph":
            rs[i] = (
                f"class {cls_lbl[i]} (I–III: 6.5≤pH≤8.5; IV: 5.5≤pH<6.5 or 8.5<pH≤9.0; {lim.clause}) / {cls_lbl[i]}类"
            )
        else:
            nd = "" if det[i] else "non-detect, at best "
            rs[i] = (
                f"{nd}class {cls_lbl[i]} (III ≤ {_fmt(lim.bounds[2])}, IV ≤ {_fmt(lim.bounds[3])} {lim.unit}; {lim.clause}) / {cls_lbl[i]}类"
            )
    conv = base["_convertible"].to_numpy()
    s = np.where(screenable & (k == "upper"), B[row_i, 2], np.nan)
    iv = np.where(screenable & (k == "upper"), B[row_i, 3], np.nan)
    unit = (
        np.asarray(
            [
                standard.limits[a].unit if a in standard.limits and c else u
                for a, c, u in zip(aid, conv, _objs(base["_raw_unit"]), strict=True)
            ],
            dtype=object,
        )
        if n
        else np.zeros(0, dtype=object)
    )
    return {
        "row": base["line"].to_numpy(dtype=np.int64),
        "sample_code": _objs(base["sample_code"]),
        "analyte": _display_names(aid, _objs(base["analyte"]), standard, cat),
        "cas": aid,
        "value": np.where(conv, value, base["_raw_value"].to_numpy(dtype=np.float64)),
        "unit": unit,
        "detected": det,
        "detection_limit": np.where(conv, dl, base["_raw_dl"].to_numpy(dtype=np.float64)),
        "screening_value": s,
        "intervention_value": iv,
        "outcome": outcome,
        "reason": rs,
        "plot_code": _objs(base["plot_code"]),
        "point_code": _objs(base["point_code"]),
        "depth_top_m": base["depth_top_m"].to_numpy(dtype=np.float64),
        "depth_bottom_m": base["depth_bottom_m"].to_numpy(dtype=np.float64),
        "ph_band": np.full(n, None, dtype=object),
        "land_use": np.full(n, None, dtype=object),
        "gw_class": gw_class,
        "clause": _per_unique(aid, lambda a: _clause(standard, a), object, aid_d)
        if n
        else np.zeros(0, dtype=object),
        "derived": base["derived"].to_numpy(dtype=bool),
    }
