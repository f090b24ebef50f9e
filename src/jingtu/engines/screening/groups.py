"""Group sums (GB 36600-2018 table 1 items 间二甲苯+对二甲苯, 氯丹, 硫丹, 滴滴涕, 六六六, 多氯联苯(总量) …) computed
from their reported members, per sample and depth, on integer codes.

Rule (docs/standards.md): the sum of the detected members (non-detects count 0); when no member is detected the sum
is a non-detect whose detection limit is the sum of the members' detection limits. A sample that reports the group
itself is not summed. Members missing from a sample are named (``missing_members``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..standards.catalog import Catalog
from ..standards.groundwater import GroundwaterStandard
from ..standards.soil import SoilStandard
from .columns import IntArray, Rows

CARRIED = ("plot", "point", "matrix", "basis", "district", "soil")  # first non-missing value of the group


def target_unit(
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


def add_group_sums(rows: Rows, standard: SoilStandard | GroundwaterStandard, cat: Catalog) -> None:
    """Append to ``rows`` one derived row per (sample, depth) for each group the standard limits whose members
    are reported (values already in the standard's unit)."""
    aid = rows.text["aid"]
    index = {a: k for k, a in enumerate(aid.cats)}
    for gid in [a for a in standard.limits if (ga := cat.get(a)) is not None and ga.members]:
        members = cat[gid].members
        mcodes = [index.get(m, -1) for m in members]
        present = [c for c in mcodes if c >= 0]
        if not present:
            continue
        measured = ~rows.num["derived"]  # sums of other groups appended before are never members
        sel = np.isin(aid.codes, present) & rows.num["convertible"] & measured
        gcode = index.get(gid)
        if gcode is not None:
            direct = np.unique(rows.codes("sample")[(aid.codes == gcode) & measured])
            sel &= ~np.isin(rows.codes("sample"), direct)
        idx = np.flatnonzero(sel)
        if not len(idx):
            continue
        _append(rows, idx, gid, members, mcodes, standard, cat)


def _append(
    rows: Rows,
    idx: IntArray,
    gid: str,
    members: tuple[str, ...] | list[str],
    mcodes: list[int],
    standard: SoilStandard | GroundwaterStandard,
    cat: Catalog,
) -> None:
    num = {k: v[idx] for k, v in rows.num.items()}
    sample = rows.codes("sample")[idx]
    det = num["detected"].astype(bool)
    top = np.where(np.isnan(num["top"]), -1.0, num["top"])
    bottom = np.where(np.isnan(num["bottom"]), -1.0, num["bottom"])
    tk, tu = pd.factorize(top)
    bk, bu = pd.factorize(bottom)
    key = (sample.astype(np.int64) * len(tu) + tk) * len(bu) + bk
    inv, uniq = pd.factorize(key)  # groups in order of first appearance
    frame: dict[str, npt.NDArray[Any]] = {
        "line": num["line"],
        "v": np.where(det, num["value"], 0.0),
        "dl": np.where(det, 0.0, num["dl"]),
        "det": det,
        "ph": num["ph"],
        "top": num["top"],
        "bottom": num["bottom"],
    }
    aid_codes = rows.codes("aid")[idx]
    for j, mc in enumerate(mcodes):
        frame[f"h{j}"] = aid_codes == mc
    for name in CARRIED:
        t = rows.text[name]
        c = t.codes[idx]
        frame[name] = np.where(c == t.missing, np.nan, c.astype(np.float64))
    agg = (
        pd.DataFrame(frame)
        .groupby(inv, sort=True)
        .agg(
            line=("line", "min"),
            v=("v", "sum"),
            dl=("dl", "sum"),
            det=("det", "any"),
            ph=("ph", "first"),
            top=("top", "first"),
            bottom=("bottom", "first"),
            **{f"h{j}": (f"h{j}", "any") for j in range(len(mcodes))},
            **{name: (name, "first") for name in CARRIED},
        )
    )
    g = len(uniq)
    first = np.flatnonzero(np.r_[True, inv[1:] > np.maximum.accumulate(inv)[:-1]]) if g else inv
    gdet = agg["det"].to_numpy(dtype=bool)
    value = np.where(gdet, agg["v"].to_numpy(dtype=np.float64), np.nan)
    dl = np.where(gdet, np.nan, agg["dl"].to_numpy(dtype=np.float64))
    mask = np.zeros(g, dtype=np.int64)
    for j in range(len(mcodes)):
        mask |= agg[f"h{j}"].to_numpy(dtype=np.int64) << j
    mk, mu = pd.factorize(mask)
    off = len(rows.missing_members)
    rows.missing_members.extend(
        ";".join(m for j, m in enumerate(members) if not (int(u) >> j) & 1) for u in np.asarray(mu).tolist()
    )
    rows.unit_reasons.append("")
    codes: dict[str, IntArray] = {
        "aid": np.full(g, rows.text["aid"].code_of(gid), dtype=np.intp),
        "written": np.full(g, rows.text["written"].code_of(cat[gid].name_zh), dtype=np.intp),
        "raw_unit": np.full(
            g, rows.text["raw_unit"].code_of(target_unit(standard, gid) or ""), dtype=np.intp
        ),
        "sample": sample[first],
    }
    for name in CARRIED:
        c = agg[name].to_numpy(dtype=np.float64)
        codes[name] = np.where(np.isnan(c), rows.text[name].missing, np.nan_to_num(c)).astype(np.intp)
    rows.extend(
        {
            "line": agg["line"].to_numpy(dtype=np.int64),
            "top": agg["top"].to_numpy(dtype=np.float64),
            "bottom": agg["bottom"].to_numpy(dtype=np.float64),
            "detected": gdet,
            "value": value,
            "dl": dl,
            "raw_value": value,
            "raw_dl": dl,
            "convertible": np.ones(g, dtype=bool),
            "ph": agg["ph"].to_numpy(dtype=np.float64),
            "derived": np.ones(g, dtype=bool),
            "unit_reason": np.full(g, len(rows.unit_reasons) - 1, dtype=np.intp),
            "missing": (off + mk).astype(np.intp),
        },
        codes,
    )
