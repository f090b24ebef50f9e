"""Exposure-point concentration from censored laboratory data (non-detects).

Statistics (HJ 25.3-2019 clause 7 leaves the choice of the exposure concentration to the assessor; HJ 25.2 /
US EPA practice uses the maximum or a 95 % upper confidence limit of the mean):

- detection frequency ``n_detects / n``;
- maximum detected value;
- Kaplan–Meier mean for left-censored data (non-detects at their detection limit; the KM mass below the
  smallest detect is placed on that detect, as in US EPA ProUCL 5.x — the mean is therefore slightly high);
- standard error of the KM mean by Greenwood's formula for the area under the KM curve
  (Kaplan & Meier 1958; ProUCL 5.1 Technical Guide §4.3 form
  ``SE² = Σᵢ aᵢ² · dᵢ₊₁ / (nᵢ₊₁ (nᵢ₊₁ − dᵢ₊₁))``, ``aᵢ = Σ_{j≤i} (x_{j+1} − x_j) F(x_j)``);
  no small-sample n/(n−1) correction;
- 95 % UCL chosen ProUCL-style from the skewness of the detected values (σ̂ = s.d. of ln detects):
  σ̂ ≤ 0.5 → KM-t UCL (mean + t₀.₉₅,ₙ₋₁·SE); 0.5 < σ̂ ≤ 1 → 95 % KM-Chebyshev (mean + √(1/α − 1)·SE,
  α = 0.05); 1 < σ̂ ≤ 2 → 97.5 % KM-Chebyshev; σ̂ > 2 → 99 % KM-Chebyshev. This is a simplification of
  the ProUCL decision tables (which also test normal/gamma/lognormal fits); documented in docs/risk-engine.md.
  A UCL above the maximum detect is replaced by the maximum (US EPA RAGS practice), and the result says so.
  Fewer than 3 detects: no UCL; the maximum detect is used and the result says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Statistic = Literal["max", "km_mean", "ucl95"]
STATISTICS: tuple[str, ...] = ("max", "km_mean", "ucl95")


class CensoredDataError(ValueError):
    """Invalid observations (negative value, missing detection limit, …)."""


@dataclass(frozen=True)
class Observation:
    """One laboratory result: ``value`` if detected, else non-detect below detection limit ``dl``."""

    value: float | None
    detected: bool
    dl: float | None = None

    def level(self) -> float:
        v = self.value if self.detected else self.dl
        if v is None:
            raise CensoredDataError("detected result without value or non-detect without detection limit")
        return v


@dataclass(frozen=True)
class KaplanMeier:
    """KM estimate for left-censored data: mean, standard error, distinct detects and their KM CDF."""

    mean: float
    se: float
    sd: float
    x: tuple[float, ...]
    cdf: tuple[float, ...]


def kaplan_meier(obs: Sequence[Observation]) -> KaplanMeier:
    """Kaplan–Meier mean and SE of left-censored data (see module docstring). Needs ≥ 1 detect."""
    levels = [(o.level(), o.detected) for o in obs]
    for lv, _ in levels:
        if lv < 0 or not math.isfinite(lv):
            raise CensoredDataError(f"invalid concentration/detection limit {lv}")
    xs = sorted({lv for lv, det in levels if det})
    if not xs:
        raise CensoredDataError("Kaplan–Meier needs at least one detected value")
    n_at = [sum(1 for lv, _ in levels if lv <= x) for x in xs]  # at risk: value or DL ≤ x
    d_at = [sum(1 for lv, det in levels if det and lv == x) for x in xs]
    k = len(xs)
    cdf = [0.0] * k
    f = 1.0
    for j in range(k - 1, -1, -1):
        cdf[j] = f
        f *= 1.0 - d_at[j] / n_at[j]
    mean = xs[0] * cdf[0] + sum(xs[j] * (cdf[j] - cdf[j - 1]) for j in range(1, k))
    var = 0.0
    a = 0.0
    for i in range(k - 1):
        a += (xs[i + 1] - xs[i]) * cdf[i]
        n1, d1 = n_at[i + 1], d_at[i + 1]
        if n1 - d1 > 0:
            var += a * a * d1 / (n1 * (n1 - d1))
    second = xs[0] ** 2 * cdf[0] + sum(xs[j] ** 2 * (cdf[j] - cdf[j - 1]) for j in range(1, k))
    sd = math.sqrt(max(second - mean * mean, 0.0))
    return KaplanMeier(mean, math.sqrt(var), sd, tuple(xs), tuple(cdf))


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularized incomplete beta (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """Student-t cumulative distribution function."""
    x = df / (df + t * t)
    tail = 0.5 * _betainc(df / 2.0, 0.5, x)
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """Student-t quantile by bisection on :func:`t_cdf` (|error| < 1e-10)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("p must be in (0, 1) and df > 0")
    lo, hi = -1e3, 1e3
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12:
            break
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class ExposureConcentration:
    """The exposure concentration of one substance in one layer and how it was obtained."""

    statistic: str  # what the user asked for
    method: str  # what was actually used (e.g. "95% KM (Chebyshev) UCL", "maximum detect")
    value: float | None  # None: not detected at all
    n: int
    n_detects: int
    detection_frequency: float
    maximum: float | None
    km_mean: float | None
    km_se: float | None
    ucl95: float | None
    ucl_method: str | None
    sigma_log: float | None
    note: str


def ucl95(km: KaplanMeier, n: int, detects: Sequence[float]) -> tuple[float, str, float]:
    """ProUCL-style 95 % UCL of the KM mean; returns (ucl, method, σ̂ of ln detects)."""
    logs = [math.log(v) for v in detects if v > 0]
    m = sum(logs) / len(logs)
    sigma = math.sqrt(sum((v - m) ** 2 for v in logs) / (len(logs) - 1))
    if sigma <= 0.5:
        return km.mean + t_quantile(0.95, n - 1) * km.se, "95% KM (t) UCL", sigma
    alpha, label = (0.05, "95%") if sigma <= 1.0 else ((0.025, "97.5%") if sigma <= 2.0 else (0.01, "99%"))
    return km.mean + math.sqrt(1.0 / alpha - 1.0) * km.se, f"{label} KM (Chebyshev) UCL", sigma


def exposure_concentration(
    obs: Sequence[Observation], statistic: Statistic = "ucl95"
) -> ExposureConcentration:
    """Detection frequency, maximum, KM mean and 95 % UCL of the observations; ``value`` by ``statistic``."""
    if statistic not in STATISTICS:
        raise CensoredDataError(f"unknown statistic {statistic!r}; expected one of {', '.join(STATISTICS)}")
    n = len(obs)
    if n == 0:
        raise CensoredDataError("no observations")
    for o in obs:
        o.level()
        if o.detected and o.value is not None and o.value < 0:
            raise CensoredDataError(f"negative concentration {o.value}")
    detects = [o.level() for o in obs if o.detected]
    nd = len(detects)
    df = nd / n
    if nd == 0:
        return ExposureConcentration(statistic, "not detected", None, n, 0, 0.0, None, None, None, None, None,
                                     None, "no detected value: no exposure concentration")  # fmt: skip
    mx = max(detects)
    km = kaplan_meier(obs)
    ucl: float | None = None
    ucl_m: str | None = None
    sigma: float | None = None
    note = ""
    if nd >= 3 and n >= 3:
        ucl, ucl_m, sigma = ucl95(km, n, detects)
        if ucl > mx:
            note = f"{ucl_m} {ucl:.4g} exceeds the maximum detect; maximum used (US EPA RAGS practice)"
            ucl, ucl_m = mx, "maximum detect (UCL > max)"
    if statistic == "max":
        value, method = mx, "maximum detect"
    elif statistic == "km_mean":
        value, method = km.mean, "Kaplan-Meier mean"
    elif ucl is not None and ucl_m is not None:
        value, method = ucl, ucl_m
    else:
        value, method = mx, "maximum detect (fewer than 3 detects: no UCL)"
        note = "fewer than 3 detected values: UCL not computed, maximum detect used"
    return ExposureConcentration(
        statistic, method, value, n, nd, df, mx, km.mean, km.se, ucl, ucl_m, sigma, note
    )
