"""Vectorised HJ 25.3-2019 model: exposure per pathway, unit risks, forward risk and control values.

Parameters are a mapping symbol -> float or array; chemical properties are arrays over substances
(:class:`ChemArrays`). Everything broadcasts, so the same code serves one substance, the 85 GB 36600 items and
Monte Carlo draws (parameters of shape ``(n, 1)`` against substances of shape ``(m,)``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from . import equations as eq
from .equations import F
from .params import Chemical, LandClass

Arr = npt.NDArray[np.float64]
Layer = Literal["surface", "subsurface", "groundwater"]

SOIL_PATHWAYS: tuple[str, ...] = ("OIS", "DCS", "PIS", "IOV1", "IOV2", "IIV1")
GW_PATHWAYS: tuple[str, ...] = ("IOV3", "IIV2", "CGW")
PATHWAYS: tuple[str, ...] = SOIL_PATHWAYS + GW_PATHWAYS
PATHWAY_ROUTE: dict[str, str] = {
    "OIS": "oral",
    "DCS": "dermal",
    "PIS": "inhalation",
    "IOV1": "inhalation",
    "IOV2": "inhalation",
    "IIV1": "inhalation",
    "IOV3": "inhalation",
    "IIV2": "inhalation",
    "CGW": "oral",
}
PATHWAY_LAYER: dict[str, Layer] = {
    "OIS": "surface",
    "DCS": "surface",
    "PIS": "surface",
    "IOV1": "surface",
    "IOV2": "subsurface",
    "IIV1": "subsurface",
    "IOV3": "groundwater",
    "IIV2": "groundwater",
    "CGW": "groundwater",
}
PATHWAY_NAMES: dict[str, str] = {
    "OIS": "经口摄入土壤 / oral ingestion of soil",
    "DCS": "皮肤接触土壤 / dermal contact with soil",
    "PIS": "吸入土壤颗粒物 / inhalation of soil particles",
    "IOV1": "吸入室外空气中来自表层土壤的气态污染物 / outdoor vapour from surface soil",
    "IOV2": "吸入室外空气中来自下层土壤的气态污染物 / outdoor vapour from subsurface soil",
    "IIV1": "吸入室内空气中来自下层土壤的气态污染物 / indoor vapour from subsurface soil",
    "IOV3": "吸入室外空气中来自地下水的气态污染物 / outdoor vapour from groundwater",
    "IIV2": "吸入室内空气中来自地下水的气态污染物 / indoor vapour from groundwater",
    "CGW": "饮用地下水 / drinking groundwater",
}

Params = Mapping[str, F]


def check_pathways(pathways: Collection[str] | None) -> frozenset[str]:
    """The exposure pathways to assess (HJ 25.3-2019 clause 7: the pathways of the site's conceptual model;
    e.g. no CGW where groundwater is not drunk, no IIV1/IIV2 without buildings). None = all of :data:`PATHWAYS`.

    Raises :class:`ValueError` naming unknown codes or when the selection is empty.
    """
    if pathways is None:
        return frozenset(PATHWAYS)
    if isinstance(pathways, str):
        raise ValueError(f"pathways must be a collection of codes, not the string {pathways!r}")
    chosen = {str(p).strip() for p in pathways}
    unknown = sorted(chosen - set(PATHWAYS))
    if unknown:
        raise ValueError(f"unknown exposure pathway(s) {', '.join(unknown)}; known: {', '.join(PATHWAYS)}")
    if not chosen:
        raise ValueError(f"select at least one exposure pathway of {', '.join(PATHWAYS)}")
    return frozenset(chosen)


@dataclass(frozen=True)
class ChemArrays:
    """Chemical parameters of m substances as float arrays (NaN = no value)."""

    cas: tuple[str, ...]
    H: Arr
    Da: Arr
    Dw: Arr
    Koc: Arr
    Kd: Arr
    SFo: Arr
    IUR: Arr
    RfDo: Arr
    RfC: Arr
    ABSgi: Arr
    ABSd: Arr
    volatile: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, chems: Sequence[Chemical]) -> ChemArrays:
        def col(name: str) -> Arr:
            return np.array(
                [np.nan if (v := c.value(name)) is None else float(v) for c in chems], dtype=np.float64
            )

        return cls(
            cas=tuple(c.cas for c in chems),
            H=col("H"),
            Da=col("Da"),
            Dw=col("Dw"),
            Koc=col("Koc"),
            Kd=col("Kd"),
            SFo=col("SFo"),
            IUR=col("IUR"),
            RfDo=col("RfDo"),
            RfC=col("RfC"),
            ABSgi=col("ABSgi"),
            ABSd=col("ABSd"),
            volatile=np.array([c.volatile for c in chems], dtype=np.bool_),
        )


def _nz(x: F) -> Arr:
    """NaN -> 0 (a missing route contributes nothing)."""
    a = np.asarray(x, dtype=np.float64)
    return np.where(np.isnan(a), 0.0, a)


def volatilisation_factors(p: Params, ch: ChemArrays) -> dict[str, Arr]:
    """VF_suroa, VF_suboa, VF_subia (kg·m⁻³), VF_gwoa, VF_gwia (L·m⁻³); 0 for non-volatile substances
    (HJ 25.3-2019 Appendix F; see :mod:`equations`)."""
    theta = eq.total_porosity(p["rhob"], p["rhos"])
    theta_ws = eq.water_porosity(p["rhob"], p["Pws"], p["rhow"])
    theta_as = theta - theta_ws
    foc = eq.foc_from_fom(p["fom"])
    kd = np.where(np.isnan(ch.Kd), eq.kd_organic(ch.Koc, foc), ch.Kd)
    kd = np.where(np.isnan(kd), 0.0, kd)
    dw = _nz(ch.Dw)
    k_sw = eq.ksw(theta_ws, kd, p["rhob"], ch.H, theta_as)
    d_s = eq.deff(ch.Da, dw, ch.H, theta_as, theta_ws, theta)
    theta_crack = p["thetaacrack"] + p["thetawcrack"]
    d_crack = eq.deff(ch.Da, dw, ch.H, p["thetaacrack"], p["thetawcrack"], theta_crack)
    d_cap = eq.deff(ch.Da, dw, ch.H, p["thetaacap"], p["thetawcap"], theta)
    d_gws = eq.deff_gws(p["Lgw"], p["hcap"], d_cap, p["hv"], d_s)
    df_oa = eq.dfoa(p["Uair"], p["W"], p["deltaair"], p["A"])
    df_ia = eq.dfia(p["LB"], p["ER"])
    q_s = eq.qs(p["dP"], p["Kv"], p["Xcrack"], p["muair"], p["Zcrack"], p["Ab"], p["eta"])
    vfs = {
        "VF_suroa": eq.vf_suroa(p["rhob"], df_oa, d_s, ch.H, p["tau"], k_sw, p["d"]),
        "VF_suboa": eq.vf_suboa(ch.H, k_sw, df_oa, p["Ls"], d_s, p["dsub"], p["rhob"], p["tau"]),
        "VF_subia": eq.vf_subia(
            ch.H,
            k_sw,
            d_s,
            df_ia,
            p["Ls"],
            p["Lcrack"],
            d_crack,
            p["eta"],
            q_s,
            p["Ab"],
            p["dsub"],
            p["rhob"],
            p["tau"],
        ),  # fmt: skip
        "VF_gwoa": eq.vf_gwoa(ch.H, df_oa, p["Lgw"], d_gws),
        "VF_gwia": eq.vf_gwia(ch.H, d_gws, df_ia, p["Lgw"], p["Lcrack"], d_crack, p["eta"]),
    }
    return {k: np.where(ch.volatile, _nz(v), 0.0) for k, v in vfs.items()}


def _receptors(land_class: LandClass, nc: bool) -> tuple[str, ...]:
    """Receptors summed for an effect (HJ 25.3-2019 clause 7): class 1 cancer child+adult, non-cancer child;
    class 2 adult."""
    if land_class == 2:
        return ("a",)
    return ("c",) if nc else ("c", "a")


def _sum(land_class: LandClass, nc: bool, p: Params, term: Callable[[str, F], F]) -> F:
    at = p["ATnc"] if nc else p["ATca"]
    total: F = 0.0
    for r in _receptors(land_class, nc):
        total = total + term(r, at)
    return total


def exposure(
    p: Params, ch: ChemArrays, land_class: LandClass, vf: Mapping[str, Arr] | None = None
) -> tuple[dict[str, Arr], dict[str, Arr]]:
    """Exposure per pathway for carcinogenic (``ca``) and non-carcinogenic (``nc``) effects
    (HJ 25.3-2019 clause 7, Appendix A); soil pathways kg·kg⁻¹·d⁻¹, groundwater pathways L·kg⁻¹·d⁻¹."""
    vf = volatilisation_factors(p, ch) if vf is None else vf
    absd = _nz(ch.ABSd)
    out: list[dict[str, Arr]] = []
    for nc in (False, True):

        def ois(r: str, at: F) -> F:
            return eq.oiser(p["OSIR" + r], p["ED" + r], p["EF" + r], p["ABSo"], p["BW" + r], at)

        def dcs(r: str, at: F) -> F:
            s = eq.sae(p["H" + r], p["BW" + r], p["SER" + r])
            return eq.dcser(s, p["SSAR" + r], p["EF" + r], p["ED" + r], p["Ev"], absd, p["BW" + r], at)

        def pis(r: str, at: F) -> F:
            return eq.piser(p["PM10"], p["DAIR" + r], p["ED" + r], p["PIAF"], p["fspo"], p["EFO" + r], p["fspi"],
                            p["EFI" + r], p["BW" + r], at)  # fmt: skip

        def outdoor(r: str, at: F) -> F:
            return eq.vapour_exposure(1.0, p["DAIR" + r], p["EFO" + r], p["ED" + r], p["BW" + r], at)

        def indoor(r: str, at: F) -> F:
            return eq.vapour_exposure(1.0, p["DAIR" + r], p["EFI" + r], p["ED" + r], p["BW" + r], at)

        def cgw(r: str, at: F) -> F:
            return eq.cgwer(p["GWCR" + r], p["EF" + r], p["ED" + r], p["BW" + r], at)

        o = _sum(land_class, nc, p, outdoor)
        i = _sum(land_class, nc, p, indoor)
        zero = np.zeros(len(ch.cas))
        e: dict[str, F] = {
            "OIS": _sum(land_class, nc, p, ois) + zero,
            "DCS": _sum(land_class, nc, p, dcs),
            "PIS": _sum(land_class, nc, p, pis) + zero,
            "IOV1": vf["VF_suroa"] * o,
            "IOV2": vf["VF_suboa"] * o,
            "IIV1": vf["VF_subia"] * i,
            "IOV3": vf["VF_gwoa"] * o,
            "IIV2": vf["VF_gwia"] * i,
            "CGW": _sum(land_class, nc, p, cgw) + zero,
        }
        out.append({k: np.asarray(v, dtype=np.float64) for k, v in e.items()})
    return out[0], out[1]


def route_toxicity(p: Params, ch: ChemArrays) -> tuple[dict[str, F], dict[str, F]]:
    """Slope factors and reference doses by route (oral, dermal, inhalation), NaN where none
    (HJ 25.3-2019 clause 8, Appendix B)."""
    sf = {
        "oral": ch.SFo,
        "dermal": eq.sf_dermal(ch.SFo, ch.ABSgi),
        "inhalation": eq.sf_inhalation(ch.IUR, p["BWa"], p["DAIRa"]),
    }
    rfd = {
        "oral": ch.RfDo,
        "dermal": eq.rfd_dermal(ch.RfDo, ch.ABSgi),
        "inhalation": eq.rfd_inhalation(ch.RfC, p["BWa"], p["DAIRa"]),
    }
    return sf, rfd


@dataclass(frozen=True)
class UnitRisk:
    """Per-pathway carcinogenic risk and hazard quotient at unit concentration (1 mg·kg⁻¹ soil, 1 mg·L⁻¹ water).

    ``cr``/``hq`` hold NaN where the pathway has no toxicity value or is excluded (``excluded``: pathways left out
    of the site's conceptual model, whose exposure is 0); ``hq`` includes SAF (soil) / WAF (water).
    """

    cas: tuple[str, ...]
    ca: dict[str, Arr]
    nc: dict[str, Arr]
    vf: dict[str, Arr]
    cr: dict[str, Arr]
    hq: dict[str, Arr]
    excluded: frozenset[str] = field(default_factory=frozenset)


def unit_risk(
    p: Params, ch: ChemArrays, land_class: LandClass, pathways: Collection[str] | None = None
) -> UnitRisk:
    """CR and HQ per pathway at unit concentration (HJ 25.3-2019 clause 9, Appendix C).

    ``pathways``: the pathways to assess (None = all); an excluded pathway has exposure 0 and CR/HQ NaN, so it
    contributes nothing to totals and control values (see :func:`check_pathways`).
    """
    chosen = check_pathways(pathways)
    excluded = frozenset(PATHWAYS) - chosen
    vf = volatilisation_factors(p, ch)
    ca, nc = exposure(p, ch, land_class, vf)
    for pw in excluded:
        ca[pw] = np.zeros_like(ca[pw])
        nc[pw] = np.zeros_like(nc[pw])
    sf, rfd = route_toxicity(p, ch)
    cr: dict[str, Arr] = {}
    hq: dict[str, Arr] = {}
    for pw in PATHWAYS:
        route = PATHWAY_ROUTE[pw]
        share = p["SAF"] if pw in SOIL_PATHWAYS else p["WAF"]
        cr[pw] = np.asarray(eq.cancer_risk(ca[pw], 1.0, sf[route]), dtype=np.float64)
        hq[pw] = np.asarray(eq.hazard_quotient(nc[pw], 1.0, rfd[route], share), dtype=np.float64)
        if pw in excluded:
            cr[pw] = np.full(np.shape(cr[pw]), np.nan)
            hq[pw] = np.full(np.shape(hq[pw]), np.nan)
    return UnitRisk(ch.cas, ca, nc, vf, cr, hq, excluded)


def _total(d: Mapping[str, Arr], keys: Sequence[str]) -> tuple[Arr, npt.NDArray[np.bool_]]:
    total = sum((_nz(d[k]) for k in keys), start=np.zeros(1))
    has = np.zeros(np.shape(total), dtype=np.bool_)
    for k in keys:
        has = has | ~np.isnan(d[k])
    return np.asarray(total, dtype=np.float64), has


def control_value_arrays(
    p: Params,
    ch: ChemArrays,
    land_class: LandClass,
    ur: UnitRisk | None = None,
    pathways: Collection[str] | None = None,
) -> dict[str, Arr]:
    """RCVS, HCVS, CVS (= min) in mg·kg⁻¹ and RCVG, HCVG, CVG in mg·L⁻¹ per substance; NaN = not derivable
    (no toxicity value for that effect, or all its pathways excluded). HJ 25.3-2019 clause 10, Appendix D (soil)
    and E (groundwater). ``pathways`` is used only when ``ur`` is not given (``ur`` carries its own selection)."""
    ur = unit_risk(p, ch, land_class, pathways) if ur is None else ur
    out: dict[str, Arr] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for med, keys, share in (("S", SOIL_PATHWAYS, p["SAF"]), ("G", GW_PATHWAYS, p["WAF"])):
            cr_t, has_c = _total(ur.cr, keys)
            # hq already contains the share: AHQ / Σhq == AHQ·share / Σ(exposure/RfD)
            hq_t, has_h = _total(ur.hq, keys)
            rcv = np.where(has_c & (cr_t > 0), eq.risk_control_value(p["ACR"], cr_t), np.nan)
            hcv = np.where(has_h & (hq_t > 0), eq.hazard_control_value(p["AHQ"], share, hq_t * share), np.nan)
            out["RCV" + med] = np.asarray(rcv, dtype=np.float64)
            out["HCV" + med] = np.asarray(hcv, dtype=np.float64)
            out["CV" + med] = np.fmin(out["RCV" + med], out["HCV" + med])
    return out


def forward_risk_arrays(
    ur: UnitRisk, concentration: Mapping[Layer, F | None]
) -> tuple[dict[str, Arr], dict[str, Arr]]:
    """CR and HQ per pathway at the given exposure concentrations (HJ 25.3-2019 clause 9, Appendix C):
    surface soil (OIS, DCS, PIS, IOV1), subsurface soil (IOV2, IIV1) in mg·kg⁻¹, groundwater (IOV3, IIV2, CGW) in
    mg·L⁻¹. A layer with concentration None is not evaluated (NaN)."""
    cr: dict[str, Arr] = {}
    hq: dict[str, Arr] = {}
    for pw in PATHWAYS:
        c = concentration.get(PATHWAY_LAYER[pw])
        if c is None:
            cr[pw] = np.full(np.shape(ur.cr[pw]), np.nan)
            hq[pw] = np.full(np.shape(ur.hq[pw]), np.nan)
        else:
            cr[pw] = ur.cr[pw] * c
            hq[pw] = ur.hq[pw] * c
    return cr, hq
