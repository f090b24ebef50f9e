"""HJ 25.3-2019 equations, one function per equation, vectorised with numpy broadcasting.

Every function accepts floats or numpy arrays (any mix that broadcasts: e.g. parameters of shape ``(n, 1)`` for
Monte Carlo draws against chemical properties of shape ``(m,)``) and returns the broadcast result.

Citation convention. HJ 25.3-2019 《建设用地土壤污染风险评估技术导则》: clause 7 暴露评估 (exposure assessment), clause 8
毒性评估 (toxicity), clause 9 风险表征 (risk characterisation), clause 10 风险控制值 (control values); the equations
are in the informative/normative appendices: **Appendix A** (exposure, A.x), **Appendix B** (toxicity
conversions), **Appendix C** (risk characterisation), **Appendix D/E** (soil / groundwater control values),
**Appendix F** (transport / volatilisation factors), **Appendix G** (parameter defaults). The full text was not
available when this engine was written (see ``docs/risk-engine.md``): the equation *forms* are taken from
``/work/shared/reference/hj25_3_2019.md`` §3–§5 (two public implementations, cross-checked by reproducing GB
36600-2018), the appendix letters from the same notes; individual equation numbers are given only where a source
named them (A.7) and are otherwise marked "no." unverified. Land class 1 sums a child (c) and an adult (a)
term for carcinogenic effects and uses the child term only for non-carcinogenic effects; class 2 uses the adult
term only (clause 7, notes §1) — the receptor sums are done by the caller (``model.py``) with the per-receptor
functions below.

Units (notes §3–§4): exposure of soil pathways in kg soil·(kg BW)⁻¹·d⁻¹; groundwater pathways in L·(kg BW)⁻¹·d⁻¹;
transport in cm, s, g·cm⁻³; volatilisation factors VF in kg·m⁻³ (soil) or L·m⁻³ (groundwater).
"""

from __future__ import annotations

import math
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

F: TypeAlias = float | npt.NDArray[np.float64]

SECONDS_PER_YEAR = 31_536_000.0  # 365 d · 86 400 s, as used in HJ 25.3 Appendix F
SECONDS_PER_DAY = 86_400.0


def _exp(x: F) -> F:
    return np.exp(x)


def _sqrt(x: F) -> F:
    return np.sqrt(x)


def _log(x: F) -> F:
    return np.log(x)


# --------------------------------------------------------------------------------------------------------------
# Appendix A: exposure (one receptor term; class-1 carcinogenic exposure = child term + adult term)
# --------------------------------------------------------------------------------------------------------------


def oiser(osir: F, ed: F, ef: F, abso: F, bw: F, at: F) -> F:
    """Oral ingestion of soil, one receptor term (OISER), kg soil·kg⁻¹·d⁻¹.

    HJ 25.3-2019 clause 7, Appendix A (经口摄入土壤, OISER_ca / OISER_nc; no. unverified):
    ``OSIR·ED·EF·ABSo / (BW·AT) · 1e-6``. OSIR mg·d⁻¹, ED a, EF d·a⁻¹, ABSo –, BW kg, AT d.
    """
    return osir * ed * ef * abso / (bw * at) * 1e-6


def sae(h: F, bw: F, ser: F) -> F:
    """Exposed skin surface area (SAE), cm².

    HJ 25.3-2019 Appendix A (皮肤接触土壤; no. unverified): ``239 · H^0.417 · BW^0.517 · SER``.
    H cm, BW kg, SER –.
    """
    return 239.0 * np.power(h, 0.417) * np.power(bw, 0.517) * ser


def dcser(sae_cm2: F, ssar: F, ef: F, ed: F, ev: F, absd: F, bw: F, at: F) -> F:
    """Dermal contact with soil, one receptor term (DCSER), kg soil·kg⁻¹·d⁻¹.

    HJ 25.3-2019 clause 7, Appendix A (皮肤接触土壤, DCSER_ca / DCSER_nc; no. unverified):
    ``SAE·SSAR·EF·ED·Ev·ABSd / (BW·AT) · 1e-6``. SAE cm², SSAR mg·cm⁻², Ev d⁻¹, ABSd –.
    """
    return sae_cm2 * ssar * ef * ed * ev * absd / (bw * at) * 1e-6


def piser(pm10: F, dair: F, ed: F, piaf: F, fspo: F, efo: F, fspi: F, efi: F, bw: F, at: F) -> F:
    """Inhalation of soil particles, one receptor term (PISER), kg soil·kg⁻¹·d⁻¹.

    HJ 25.3-2019 clause 7, Appendix A (吸入土壤颗粒物; A.7 for class-1 PISER_ca in the 2014 edition, where the
    printed child term shows BW_a — read as BW_c, notes §3): ``PM10·DAIR·ED·PIAF·(fspo·EFO + fspi·EFI) / (BW·AT)
    · 1e-6``. PM10 mg·m⁻³, DAIR m³·d⁻¹, EFI/EFO d·a⁻¹.
    """
    return pm10 * dair * ed * piaf * (fspo * efo + fspi * efi) / (bw * at) * 1e-6


def vapour_exposure(vf: F, dair: F, ef_io: F, ed: F, bw: F, at: F) -> F:
    """Inhalation of vapour, one receptor term (IOVER1/2/3, IIVER1/2), kg soil (or L water)·kg⁻¹·d⁻¹.

    HJ 25.3-2019 clause 7, Appendix A (吸入室外/室内空气中气态污染物; no. unverified):
    ``VF·DAIR·EF(O|I)·ED / (BW·AT)``. VF kg·m⁻³ (soil) or L·m⁻³ (groundwater); EFO for outdoor, EFI for indoor.
    """
    return vf * dair * ef_io * ed / (bw * at)


def cgwer(gwcr: F, ef: F, ed: F, bw: F, at: F) -> F:
    """Drinking groundwater, one receptor term (CGWER), L·kg⁻¹·d⁻¹.

    HJ 25.3-2019 clause 7, Appendix A (饮用地下水; no. unverified): ``GWCR·EF·ED / (BW·AT)``. GWCR L·d⁻¹.
    """
    return gwcr * ef * ed / (bw * at)


# --------------------------------------------------------------------------------------------------------------
# Appendix F: soil properties and volatilisation factors
# --------------------------------------------------------------------------------------------------------------


def total_porosity(rhob: F, rhos: F) -> F:
    """Total porosity θ = 1 − ρb/ρs, – (HJ 25.3-2019 Appendix F; ρb, ρs kg·dm⁻³)."""
    return 1.0 - rhob / rhos


def water_porosity(rhob: F, pws: F, rhow: F) -> F:
    """Water-filled porosity θws = ρb·Pws/ρw, – (HJ 25.3-2019 Appendix F; Pws kg·kg⁻¹)."""
    return rhob * pws / rhow


def foc_from_fom(fom: F) -> F:
    """Organic carbon fraction foc = fom / 1.7 / 1000, kg·kg⁻¹ (HJ 25.3-2019 Appendix F; fom g·kg⁻¹)."""
    return fom / 1.7 / 1000.0


def kd_organic(koc: F, foc: F) -> F:
    """Soil–water partition coefficient Kd = Koc·foc, L·kg⁻¹ (HJ 25.3-2019 Appendix F; Koc L·kg⁻¹)."""
    return koc * foc


def ksw(theta_ws: F, kd: F, rhob: F, h: F, theta_as: F) -> F:
    """Soil–water (total) partition Ksw = (θws + Kd·ρb + H′·θas)/ρb, L·kg⁻¹ (HJ 25.3-2019 Appendix F)."""
    return (theta_ws + kd * rhob + h * theta_as) / rhob


def deff(da: F, dw: F, h: F, theta_a: F, theta_w: F, theta: F) -> F:
    """Effective diffusivity (Millington–Quirk), cm²·s⁻¹.

    HJ 25.3-2019 Appendix F (D_eff^s, D_eff^crack, D_eff^cap):
    ``Da·θa^3.33/θ² + Dw·θw^3.33/(H′·θ²)``. Da, Dw cm²·s⁻¹. For the capillary fringe the divisor θ is the total
    soil porosity (one of two public readings, notes §4 point 1).
    """
    return da * np.power(theta_a, 3.33) / theta**2 + dw * np.power(theta_w, 3.33) / (h * theta**2)


def deff_gws(lgw: F, hcap: F, deff_cap: F, hv: F, deff_s: F) -> F:
    """Effective diffusivity groundwater→surface, cm²·s⁻¹ (HJ 25.3-2019 Appendix F):
    ``Lgw / (hcap/D_cap + hv/D_s)``. Lgw, hcap, hv cm."""
    return lgw / (hcap / deff_cap + hv / deff_s)


def dfoa(uair: F, w: F, deltaair: F, a: F) -> F:
    """Outdoor air dispersion factor DFoa = Uair·W·δair/A, cm·s⁻¹ (HJ 25.3-2019 Appendix F; Uair cm·s⁻¹,
    W, δair cm, A cm²)."""
    return uair * w * deltaair / a


def dfia(lb: F, er: F) -> F:
    """Indoor air dilution factor DFia = LB·ER/86400, cm·s⁻¹ (HJ 25.3-2019 Appendix F; LB cm, ER d⁻¹)."""
    return lb * er / SECONDS_PER_DAY


def vf_suroa(rhob: F, dfoa_cms: F, deff_s: F, h: F, tau: F, ksw_lkg: F, d: F) -> F:
    """Outdoor VF from surface soil, kg·m⁻³ (HJ 25.3-2019 Appendix F, VF_suroa; smaller of two forms):
    ``min(ρb/DFoa·sqrt(4·D_s·H′/(π·τ·31536000·Ksw·ρb))·1e3, d·ρb/(DFoa·τ·31536000)·1e3)``; τ a, d cm."""
    t = tau * SECONDS_PER_YEAR
    vf1 = rhob / dfoa_cms * _sqrt(4.0 * deff_s * h / (math.pi * t * ksw_lkg * rhob)) * 1e3
    vf2 = d * rhob / (dfoa_cms * t) * 1e3
    return np.minimum(vf1, vf2)


def vf_suboa(h: F, ksw_lkg: F, dfoa_cms: F, ls: F, deff_s: F, dsub: F, rhob: F, tau: F) -> F:
    """Outdoor VF from subsurface soil, kg·m⁻³ (HJ 25.3-2019 Appendix F, VF_suboa):
    ``min(H′/(Ksw·(1 + DFoa·Ls/D_s))·1e3, dsub·ρb/(DFoa·τ·31536000)·1e3)``; Ls, dsub cm."""
    vf1 = h / (ksw_lkg * (1.0 + dfoa_cms * ls / deff_s)) * 1e3
    vf2 = dsub * rhob / (dfoa_cms * tau * SECONDS_PER_YEAR) * 1e3
    return np.minimum(vf1, vf2)


def qs(dp: F, kv: F, xcrack: F, muair: F, zcrack: F, ab: F, eta: F) -> F:
    """Convective soil-gas flow into the building Qs, cm³·s⁻¹ (HJ 25.3-2019 Appendix F):
    ``2π·dP·Kv·Xcrack / (μair·ln(2·Zcrack·Xcrack/(Ab·η)))``; dP g·cm⁻¹·s⁻², Kv cm², μair g·cm⁻¹·s⁻¹."""
    return 2.0 * math.pi * dp * kv * xcrack / (muair * _log(2.0 * zcrack * xcrack / (ab * eta)))


def vf_subia(
    h: F, ksw_lkg: F, deff_s: F, dfia_cms: F, ls: F, lcrack: F, deff_crack: F, eta: F,
    qs_cm3s: F, ab: F, dsub: F, rhob: F, tau: F,
) -> F:  # fmt: skip
    """Indoor VF from subsurface soil, kg·m⁻³ (HJ 25.3-2019 Appendix F, VF_subia; Johnson–Ettinger form).

    Qs = 0: ``1e3 / [(Ksw/H′)·(1 + D_s/(DFia·Ls) + D_s·Lcrack/(D_crack·Ls·η))·DFia·Ls/D_s]``;
    Qs > 0: ``ξ = Qs·Lcrack/(Ab·D_crack·η)``,
    ``1e3 / [(Ksw/H′)·(e^ξ + D_s/(DFia·Ls) + D_s·Ab/(Qs·Ls)·(e^ξ−1))·DFia·Ls/(D_s·e^ξ)]``;
    result capped by the mass balance ``dsub·ρb/(DFia·τ·31536000)·1e3``.
    """
    kh = ksw_lkg / h
    base = dfia_cms * ls / deff_s
    vf_diff = 1e3 / (kh * (1.0 + deff_s / (dfia_cms * ls) + deff_s * lcrack / (deff_crack * ls * eta)) * base)
    q = np.asarray(qs_cm3s, dtype=np.float64)
    if np.any(q > 0):
        qpos = np.where(q > 0, q, 1.0)
        xi = qpos * lcrack / (ab * deff_crack * eta)
        e = _exp(xi)
        vf_conv = 1e3 / (
            kh * (e + deff_s / (dfia_cms * ls) + deff_s * ab / (qpos * ls) * (e - 1.0)) * base / e
        )
        vf1: F = np.where(q > 0, vf_conv, vf_diff)
    else:
        vf1 = vf_diff
    vf2 = dsub * rhob / (dfia_cms * tau * SECONDS_PER_YEAR) * 1e3
    return np.minimum(vf1, vf2)


def vf_gwoa(h: F, dfoa_cms: F, lgw: F, deff_gws_cm2s: F) -> F:
    """Outdoor VF from groundwater, L·m⁻³ (HJ 25.3-2019 Appendix F, VF_gwoa):
    ``H′·1e3 / (1 + DFoa·Lgw/D_gws)``."""
    return h * 1e3 / (1.0 + dfoa_cms * lgw / deff_gws_cm2s)


def vf_gwia(h: F, deff_gws_cm2s: F, dfia_cms: F, lgw: F, lcrack: F, deff_crack: F, eta: F) -> F:
    """Indoor VF from groundwater (Qs = 0), L·m⁻³ (HJ 25.3-2019 Appendix F, VF_gwia):
    ``1e3·H′·D_gws / {[1 + D_gws/(DFia·Lgw) + D_gws·Lcrack/(D_crack·Lgw·η)]·DFia·Lgw}``."""
    den = (
        (1.0 + deff_gws_cm2s / (dfia_cms * lgw) + deff_gws_cm2s * lcrack / (deff_crack * lgw * eta))
        * dfia_cms
        * lgw
    )
    return 1e3 * h * deff_gws_cm2s / den


def lf_sgw(ksw_lkg: F, ugw: F, deltagw: F, i: F, w: F, dsub: F, rhob: F, tau: F) -> F:
    """Soil→groundwater leaching factor LF_sgw, kg·L⁻¹ (HJ 25.3-2019 Appendix F; form read in code only, notes §4
    point 2): ``min(1/(Ksw·(1 + Ugw·δgw/(I·W))), dsub·ρb/(I·τ))``; Ugw, I cm·a⁻¹; δgw, W, dsub cm; τ a."""
    lf1 = 1.0 / (ksw_lkg * (1.0 + ugw * deltagw / (i * w)))
    lf2 = dsub * rhob / (i * tau)
    return np.minimum(lf1, lf2)


# --------------------------------------------------------------------------------------------------------------
# Appendix B: toxicity conversions (clause 8)
# --------------------------------------------------------------------------------------------------------------


def sf_dermal(sfo: F, absgi: F) -> F:
    """Dermal slope factor SFd = SFo/ABSgi, (mg·kg⁻¹·d⁻¹)⁻¹ (HJ 25.3-2019 clause 8, Appendix B)."""
    return sfo / absgi


def rfd_dermal(rfdo: F, absgi: F) -> F:
    """Dermal reference dose RfDd = RfDo·ABSgi, mg·kg⁻¹·d⁻¹ (HJ 25.3-2019 clause 8, Appendix B)."""
    return rfdo * absgi


def sf_inhalation(iur_per_ugm3: F, bwa: F, daira: F) -> F:
    """Inhalation slope factor SFi = IUR·BWa/DAIRa, (mg·kg⁻¹·d⁻¹)⁻¹ (HJ 25.3-2019 clause 8, Appendix B).

    IUR is given per µg·m⁻³ (as in chem_params.csv) and converted to per mg·m⁻³ (×1000); BWa kg, DAIRa m³·d⁻¹.
    """
    return iur_per_ugm3 * 1000.0 * bwa / daira


def rfd_inhalation(rfc: F, bwa: F, daira: F) -> F:
    """Inhalation reference dose RfDi = RfC·DAIRa/BWa, mg·kg⁻¹·d⁻¹ (HJ 25.3-2019 clause 8, Appendix B; RfC mg·m⁻³)."""
    return rfc * daira / bwa


# --------------------------------------------------------------------------------------------------------------
# Appendix C: risk characterisation (clause 9); Appendix D/E: control values (clause 10)
# --------------------------------------------------------------------------------------------------------------


def cancer_risk(exposure: F, concentration: F, sf: F) -> F:
    """Carcinogenic risk of one pathway CR = exposure·C·SF, – (HJ 25.3-2019 clause 9, Appendix C).

    exposure kg·kg⁻¹·d⁻¹ (soil, C in mg·kg⁻¹) or L·kg⁻¹·d⁻¹ (groundwater, C in mg·L⁻¹); SF (mg·kg⁻¹·d⁻¹)⁻¹.
    """
    return exposure * concentration * sf


def hazard_quotient(exposure_nc: F, concentration: F, rfd: F, share: F) -> F:
    """Hazard quotient of one pathway HQ = exposure·C/(RfD·SAF) (soil) or /(RfD·WAF) (groundwater), –
    (HJ 25.3-2019 clause 9, Appendix C); RfD mg·kg⁻¹·d⁻¹."""
    return exposure_nc * concentration / (rfd * share)


def risk_control_value(acr: F, risk_per_unit: F) -> F:
    """Risk-based control value RCVS (mg·kg⁻¹) or RCVG (mg·L⁻¹) = ACR / Σ(exposure·SF)
    (HJ 25.3-2019 clause 10, Appendix D (soil) / E (groundwater)); ``risk_per_unit`` = Σ over pathways of
    exposure·SF, i.e. the carcinogenic risk at unit concentration."""
    return acr / risk_per_unit


def hazard_control_value(ahq: F, share: F, hq_per_unit_without_share: F) -> F:
    """Hazard-based control value HCVS (mg·kg⁻¹) or HCVG (mg·L⁻¹) = AHQ·SAF / Σ(exposure/RfD)
    (HJ 25.3-2019 clause 10, Appendix D/E; written as RfDo·SAF·AHQ/(OISER + DCSER·RfDo/RfDd + …) in the standard,
    identical algebraically and defined when a route has no reference dose)."""
    return ahq * share / hq_per_unit_without_share
