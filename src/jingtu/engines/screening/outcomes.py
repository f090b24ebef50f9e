"""Outcome, limits and reason per row (rules: :mod:`jingtu.engines.screening.engine`), on integer codes: every
text is built once per distinct (analyte, band, outcome, …) and the findings' text columns are categoricals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..standards.background import BackgroundValues
from ..standards.catalog import Catalog
from ..standards.groundwater import CLASSES, GroundwaterStandard
from ..standards.soil import SoilStandard
from .columns import BoolArray, Categories, FloatArray, IntArray, Rows, categorical, per_distinct

OUTCOMES = (
    "below_screening",
    "above_screening",
    "above_intervention",
    "within_background",
    "indeterminate",
    "not_screened",
)
BS, AS, AI, WB, IND, NS = range(6)
TOL = 1e-9
Standard = SoilStandard | GroundwaterStandard


def cmp_gt(a: FloatArray, b: FloatArray) -> BoolArray:
    """a > b strictly, with relative tolerance TOL (equal within rounding is not "exceeds")."""
    with np.errstate(invalid="ignore"):
        return (a > b) & ~np.isclose(a, b, rtol=TOL, atol=0.0)


def fmt(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:g}"


def clause(standard: Standard, aid: str) -> str | None:
    if isinstance(standard, SoilStandard):
        lims = standard.limits.get(aid)
        return next((x.clause for x in lims if x is not None), None) if lims else None
    lim = standard.limits.get(aid)
    return lim.clause if lim else None


class Reasons:
    """The reason column: codes into ``cats``; -1 while a row has no reason yet (screenable so far)."""

    def __init__(self, n: int) -> None:
        self.cats = Categories()
        self.code = np.full(n, -1, dtype=np.intp)

    def put(self, mask: BoolArray, text: str | IntArray) -> None:
        """Give rows in ``mask`` that have no reason yet ``text`` (one text, or per-row codes from a block)."""
        sel = mask & (self.code < 0)
        if isinstance(text, str):
            if text:
                self.code[sel] = self.cats.block([text])
        else:
            self.code[sel] = text[sel]

    @property
    def screenable(self) -> BoolArray:
        return self.code < 0


def common_reasons(rows: Rows, standard: Standard, cat: Catalog) -> Reasons:
    """Why a row cannot be screened at all, before limits are looked at."""
    aid = rows.text["aid"]
    ac = aid.codes
    r = Reasons(len(rows))
    in_std = aid.per_cat(lambda a: a in standard.limits, bool)[ac]
    known = aid.per_cat(lambda a: a in cat, bool)[ac]
    empty = aid.per_cat(lambda a: a == "", bool)[ac]
    r.put(empty, "analyte not recognised (no CAS, name not in the catalogue) / 检测项目无法识别")
    r.put(~known & ~empty, "analyte not in the catalogue / 检测项目不在目录中")
    matrix = rows.text["matrix"]
    mtexts = [
        f"matrix {m} is not covered by {standard.code} ({standard.matrix} only)"
        if m != "" and m != standard.matrix
        else ""
        for m in matrix.cats
    ]
    mcodes = r.cats.block_codes(mtexts)[matrix.codes]
    r.put(mcodes >= 0, mcodes)
    member_of: dict[str, list[str]] = {}
    for gid in standard.limits:
        g = cat.get(gid)
        if g is not None:
            for m in g.members:
                member_of.setdefault(m, []).append(gid)
    member_texts = [
        f"member of {', '.join(cat[g].name_zh for g in member_of[a])}: screened as the sum / 作为组分计入合计"
        if a in member_of and a not in standard.limits
        else ""
        for a in aid.cats
    ]
    acodes = r.cats.block_codes(member_texts)[ac]
    r.put(acodes >= 0, acodes)
    r.put(~in_std & known, f"no limit for this analyte in {standard.code} / 标准中无此项")
    r.put(
        rows.text["basis"].is_("wet"),
        "wet-weight result; the standard's limits are on a dry-weight basis / 湿基结果不能与干基限值比较",
    )
    ucodes = r.cats.block_codes(rows.unit_reasons)[rows.num["unit_reason"]]
    r.put(~rows.num["convertible"] & in_std & (ucodes >= 0), ucodes)
    return r


def _display_name(rows: Rows, standard: Standard, cat: Catalog) -> pd.Categorical:
    """Name in the standard when it lists the analyte, else the catalogue name, else the name as written."""
    names = []
    for a in rows.text["aid"].cats:
        if isinstance(standard, SoilStandard) and a in standard.limits:
            lim = next((x for x in standard.limits[a] if x is not None), None)
            names.append(lim.name_zh if lim else "")
        elif isinstance(standard, GroundwaterStandard) and a in standard.limits:
            names.append(standard.limits[a].name_zh)
        elif a in cat:
            names.append(cat[a].name_zh)
        else:
            names.append("")
    written = rows.text["written"]
    has = np.asarray([n != "" for n in names], dtype=bool)[rows.codes("aid")]
    codes = np.where(has, rows.codes("aid"), len(names) + written.codes)
    return categorical(codes, names + written.cats)


def _text_columns(rows: Rows, standard: Standard) -> dict[str, Any]:
    label = [standard.label]
    n = len(rows)
    return {
        "sample_code": categorical(rows.codes("sample"), rows.text["sample"].cats),
        "cas": categorical(rows.codes("aid"), rows.text["aid"].cats),
        "plot_code": categorical(rows.codes("plot"), rows.text["plot"].cats),
        "point_code": categorical(rows.codes("point"), rows.text["point"].cats),
        "clause": categorical(rows.codes("aid"), [clause(standard, a) for a in rows.text["aid"].cats]),
        "standard": categorical(np.zeros(n, dtype=np.intp), label),
    }


def soil_outcomes(
    rows: Rows,
    standard: SoilStandard,
    background: BackgroundValues | None,
    district: str | None,
    soil_type: str | None,
    cat: Catalog,
) -> dict[str, Any]:
    n = len(rows)
    aid = rows.text["aid"]
    ac = aid.codes
    reasons = common_reasons(rows, standard, cat)
    ph = rows.num["ph"]
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
    row_i = aid.per_cat(lambda a: idx.get(a, len(ids)), np.int64)[ac]
    no_ph = needs_ph[row_i] & np.isnan(ph)
    b_eff = np.where(needs_ph[row_i] & ~np.isnan(ph), band, 0)
    s = np.where(no_ph, np.nan, S[row_i, b_eff])
    iv = np.where(no_ph, np.nan, I[row_i, b_eff])
    reasons.put(no_ph, f"no pH for this sample: {standard.code} limits depend on soil pH / 缺少 pH")
    value, dl = rows.num["value"], rows.num["dl"]
    det = rows.num["detected"].astype(bool)
    missing = rows.num["missing"]
    partial = np.asarray([m != "" for m in rows.missing_members], dtype=bool)[missing]
    bg = _background(rows, bg_rule[row_i], background, district, soil_type)

    screenable = reasons.screenable
    above_s = det & cmp_gt(value, s)
    within_bg = above_s & ~np.isnan(bg) & ~cmp_gt(value, bg)
    outcome = np.select(
        [
            ~screenable,
            within_bg,
            det & cmp_gt(value, iv),
            above_s,
            ~det & np.isnan(dl),
            ~det & cmp_gt(dl, s),
            partial,
        ],
        [NS, WB, AI, AS, IND, IND, IND],
        default=BS,
    ).astype(np.intp)
    sel = np.flatnonzero(screenable)
    if len(sel):
        nb, no = standard.n_bands, len(OUTCOMES)
        key = ((missing[sel].astype(np.int64) * len(aid.cats) + ac[sel]) * nb + b_eff[sel]) * no + outcome[
            sel
        ]

        def text(k: int) -> str:
            oc, rest = k % no, k // no
            bc, rest = rest % nb, rest // nb
            a, mc = aid.cats[rest % len(aid.cats)], rest // len(aid.cats)
            lim = standard.limits[a][bc if standard.needs_ph(a) else 0]
            assert lim is not None
            return soil_reason(OUTCOMES[oc], lim, standard, rows.missing_members[mc], cat)

        inv, texts = per_distinct(key, text)
        reasons.code[sel] = reasons.cats.block(texts) + inv
        wb = sel[outcome[sel] == WB]
        if len(wb):
            # the background value is named per row (few rows: results above the screening value)
            wtexts = [
                f"{reasons.cats.texts[c]}; background value {b:g} mg/kg"
                for c, b in zip(reasons.code[wb], bg[wb], strict=True)
            ]
            reasons.code[wb] = reasons.cats.block(wtexts) + np.arange(len(wb))
    conv = rows.num["convertible"]
    unit_cats = rows.text["raw_unit"].cats + [standard.unit]
    needs_ph_rows = aid.per_cat(standard.needs_ph, bool)[ac]
    ph_band = (
        categorical(np.where(needs_ph_rows & screenable, b_eff, -1), list(standard.band_labels))
        if standard.ph_edges and n
        else categorical(np.full(n, -1, dtype=np.intp), [])
    )
    return {
        "row": rows.num["line"].astype(np.int64),
        "analyte": _display_name(rows, standard, cat),
        "value": np.where(conv, value, rows.num["raw_value"]),
        "unit": categorical(np.where(conv, len(unit_cats) - 1, rows.codes("raw_unit")), unit_cats),
        "detected": det,
        "detection_limit": np.where(conv, dl, rows.num["raw_dl"]),
        "screening_value": np.where(screenable, s, np.nan),
        "intervention_value": np.where(screenable, iv, np.nan),
        "outcome": categorical(outcome, OUTCOMES),
        "reason": categorical(reasons.code, reasons.cats.texts),
        "depth_top_m": rows.num["top"],
        "depth_bottom_m": rows.num["bottom"],
        "ph_band": ph_band,
        "land_use": categorical(np.zeros(n, dtype=np.intp), [standard.land_use]),
        "gw_class": categorical(np.full(n, -1, dtype=np.intp), []),
        "derived": rows.num["derived"].astype(bool),
        **_text_columns(rows, standard),
    }


def _background(
    rows: Rows,
    rule: BoolArray,
    background: BackgroundValues | None,
    district: str | None,
    soil_type: str | None,
) -> FloatArray:
    """Background value per row (GB 36600 table note ①), NaN where none applies."""
    n = len(rows)
    if not background or not n:
        return np.full(n, np.nan)
    a, d, t = rows.text["aid"], rows.text["district"], rows.text["soil"]
    nd, nt = len(d.cats), len(t.cats)
    key = (a.codes.astype(np.int64) * nd + d.codes) * nt + t.codes

    def value(k: int) -> float:
        hit = background.lookup(
            a.cats[k // (nd * nt)], d.cats[(k // nt) % nd] or district, t.cats[k % nt] or soil_type
        )
        return np.nan if hit is None else hit.value

    inv, uniq = pd.factorize(key)
    vals = np.asarray([value(int(k)) for k in np.asarray(uniq).tolist()], dtype=np.float64)
    return np.where(rule, vals[inv], np.nan)


def soil_reason(outcome: str, lim: Any, standard: SoilStandard, missing: str, cat: Catalog) -> str:
    where = (
        lim.clause
        + (f", {lim.ph_band}" if lim.ph_band else "")
        + (f", {standard.land_use}" if standard.land_use else "")
    )
    if standard.land_class:
        where += f", class-{standard.land_class} land"
    sv, iv = fmt(lim.screening), fmt(lim.intervention)
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
            " (the full sum may exceed the screening value) / 组分不全" if outcome == "indeterminate" else ""
        )
    return text


def gw_outcomes(rows: Rows, standard: GroundwaterStandard, cat: Catalog) -> dict[str, Any]:
    n = len(rows)
    aid = rows.text["aid"]
    ac = aid.codes
    reasons = common_reasons(rows, standard, cat)
    value, dl = rows.num["value"], rows.num["dl"]
    det = rows.num["detected"].astype(bool)
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
    row_i = aid.per_cat(lambda a: idx.get(a, len(ids)), np.int64)[ac]
    k = kind[row_i]
    reasons.put(k == "qualitative", "qualitative indicator (无/有): not screened numerically / 定性指标")
    screenable = reasons.screenable
    x = np.where(det, value, dl)  # value, or detection limit for a non-detect
    cls = np.full(n, 5, dtype=np.int64)
    for c in (3, 2, 1, 0):
        bound = B[row_i, c]
        ok = ~np.isnan(bound) & ~cmp_gt(x, bound)
        if c == 0:
            ok &= ~nd1[row_i]
        cls = np.where(ok, c + 1, cls)
    cls = np.where(nd1[row_i] & ~det, 1, cls)
    cls = np.where((cls == 5) & np.isnan(B[row_i, 3]), 4, cls)
    # pH (range rule)
    ph_cls = np.where(
        (x >= 6.5) & (x <= 8.5), 1, np.where(((x >= 5.5) & (x < 6.5)) | ((x > 8.5) & (x <= 9.0)), 4, 5)
    )
    cls = np.where(k == "ph", ph_cls, cls)
    nd_no_dl = ~det & np.isnan(dl)
    outcome = np.select(
        [~screenable, nd_no_dl, ~det & (cls >= 4), cls == 5, cls == 4], [NS, IND, IND, AI, AS], default=BS
    ).astype(np.intp)
    cls_i = np.clip(cls, 1, 5) - 1
    sel = np.flatnonzero(screenable)
    if len(sel):
        key = ((ac[sel].astype(np.int64) * len(OUTCOMES) + outcome[sel]) * 5 + cls_i[sel]) * 2 + det[sel]

        def text(kk: int) -> str:
            d, rest = bool(kk % 2), kk // 2
            lbl, rest = CLASSES[rest % 5], rest // 5
            oc, a = rest % len(OUTCOMES), aid.cats[rest // len(OUTCOMES)]
            lim = standard.limits[a]
            if oc == IND:
                return f"non-detect: detection limit missing or above the class III bound ({lim.clause}) / 检出限过高"
            if lim.kind == "ph":
                return (
                    f"class {lbl} (I–III: 6.5≤pH≤8.5; IV: 5.5≤pH<6.5 or 8.5<pH≤9.0; {lim.clause}) / {lbl}类"
                )
            nd = "" if d else "non-detect, at best "
            return f"{nd}class {lbl} (III ≤ {fmt(lim.bounds[2])}, IV ≤ {fmt(lim.bounds[3])} {lim.unit}; {lim.clause}) / {lbl}类"

        inv, texts = per_distinct(key, text)
        reasons.code[sel] = reasons.cats.block(texts) + inv
    conv = rows.num["convertible"]
    upper = screenable & (k == "upper")
    raw_units = rows.text["raw_unit"].cats
    lim_units = [standard.limits[a].unit if a in standard.limits else "" for a in aid.cats]
    in_lim = aid.per_cat(lambda a: a in standard.limits, bool)[ac]
    return {
        "row": rows.num["line"].astype(np.int64),
        "analyte": _display_name(rows, standard, cat),
        "value": np.where(conv, value, rows.num["raw_value"]),
        "unit": categorical(
            np.where(conv & in_lim, len(raw_units) + ac, rows.codes("raw_unit")), raw_units + lim_units
        ),
        "detected": det,
        "detection_limit": np.where(conv, dl, rows.num["raw_dl"]),
        "screening_value": np.where(upper, B[row_i, 2], np.nan),
        "intervention_value": np.where(upper, B[row_i, 3], np.nan),
        "outcome": categorical(outcome, OUTCOMES),
        "reason": categorical(reasons.code, reasons.cats.texts),
        "depth_top_m": rows.num["top"],
        "depth_bottom_m": rows.num["bottom"],
        "ph_band": categorical(np.full(n, -1, dtype=np.intp), []),
        "land_use": categorical(np.full(n, -1, dtype=np.intp), []),
        "gw_class": categorical(np.where(screenable & ~nd_no_dl, cls_i, -1), list(CLASSES)),
        "derived": rows.num["derived"].astype(bool),
        **_text_columns(rows, standard),
    }
