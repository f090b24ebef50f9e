"""Monte Carlo option: parameter distributions → percentiles of control values and of risk.

Draws of the exposure/site parameters have shape ``(n, 1)`` and broadcast against the substances ``(m,)``
through the same vectorised HJ 25.3-2019 equations as the deterministic calculation (:mod:`model`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from .equations import F
from .model import SOIL_PATHWAYS, ChemArrays, control_value_arrays, unit_risk
from .params import DEFAULT_PROFILE, Chemical, LandClass, RiskInputError, param_defs, parameters

Arr = npt.NDArray[np.float64]
Kind = Literal["normal", "lognormal", "uniform", "triangular"]


@dataclass(frozen=True)
class Distribution:
    """A parameter distribution. normal(a=mean, b=sd), lognormal(a=geometric mean, b=geometric sd),
    uniform(a=low, b=high), triangular(a=low, b=mode, c=high). Draws are truncated at 0 (values ≥ 0); draws of a
    share (domain ``fraction``, e.g. SAF, fspi) are truncated at 1; a divisor (domain ``positive``) with draws ≤ 0 is
    refused by :func:`monte_carlo`."""

    kind: Kind
    a: float
    b: float
    c: float = 0.0

    def sample(self, rng: np.random.Generator, n: int) -> Arr:
        if not all(np.isfinite((self.a, self.b, self.c))):
            raise RiskInputError(f"distribution {self.kind}: parameters must be finite numbers")
        if self.kind == "lognormal" and not (self.a > 0 and self.b >= 1):
            raise RiskInputError("lognormal distribution: geometric mean must be > 0 and geometric sd ≥ 1")
        if self.kind == "normal" and self.b < 0:
            raise RiskInputError("normal distribution: sd must be ≥ 0")
        if self.kind == "uniform" and self.b < self.a:
            raise RiskInputError("uniform distribution: high must be ≥ low")
        if self.kind == "triangular" and not (self.a <= self.b <= self.c and self.a < self.c):
            raise RiskInputError("triangular distribution: needs low ≤ mode ≤ high and low < high")
        if self.kind == "normal":
            x = rng.normal(self.a, self.b, n)
        elif self.kind == "lognormal":
            x = rng.lognormal(np.log(self.a), np.log(self.b), n)
        elif self.kind == "uniform":
            x = rng.uniform(self.a, self.b, n)
        elif self.kind == "triangular":
            x = rng.triangular(self.a, self.b, self.c, n)
        else:
            raise RiskInputError(f"unknown distribution {self.kind!r}")
        return np.maximum(x, 0.0)


@dataclass(frozen=True)
class MonteCarloResult:
    """Percentiles (rows) × substances (columns) of control values and, if concentrations were given, of the
    total soil CR and HI."""

    cas: tuple[str, ...]
    percentiles: tuple[float, ...]
    n: int
    control_value: Arr
    RCVS: Arr
    HCVS: Arr
    cr_total: Arr | None
    hi_total: Arr | None


def monte_carlo(
    chems: Sequence[Chemical],
    land_class: LandClass,
    distributions: Mapping[str, Distribution],
    *,
    n: int = 10_000,
    seed: int = 0,
    profile: str = DEFAULT_PROFILE,
    params: Mapping[str, float] | None = None,
    concentrations: Sequence[float] | None = None,
    percentiles: Sequence[float] = (5.0, 50.0, 95.0),
) -> MonteCarloResult:
    """Sample the parameters in ``distributions`` (others at their defaults/overrides), compute RCVS, HCVS, the
    soil control value and (given soil ``concentrations`` per substance, mg·kg⁻¹, applied to all soil layers)
    total CR and HI, and return their percentiles. NaN where a substance has no such value."""
    pv = parameters(land_class, profile, params)
    unknown = set(distributions) - set(pv)
    if unknown:
        raise RiskInputError(f"distribution for unknown/unused parameter(s): {', '.join(sorted(unknown))}")
    rng = np.random.default_rng(seed)
    p: dict[str, F] = {k: v.value for k, v in pv.items()}
    defs = param_defs()
    for k, d in distributions.items():
        x = d.sample(rng, n)
        dom = defs[k].domain
        if dom in ("fraction", "positive_fraction"):
            x = np.minimum(x, 1.0)  # a share is truncated at 1 as every draw is at 0
        if dom in ("positive", "positive_fraction") and bool(np.any(x <= 0)):
            raise RiskInputError(
                f"distribution of parameter {k}: {int(np.sum(x <= 0))} of {n} draws are ≤ 0, but {k} divides in the "
                f"HJ 25.3 equations; use a lognormal or a distribution without mass at or below 0"
            )
        p[k] = x[:, None]
    ch = ChemArrays.of(chems)
    ur = unit_risk(p, ch, land_class)
    cv = control_value_arrays(p, ch, land_class, ur)
    q = list(percentiles)

    def pct(x: Arr) -> Arr:
        full = np.broadcast_to(x, (n, len(ch.cas)))
        out: Arr = np.full((len(q), len(ch.cas)), np.nan)
        ok = ~np.all(np.isnan(full), axis=0)
        if ok.any():
            out[:, ok] = np.percentile(full[:, ok], q, axis=0)
        return out

    cr_t: Arr | None = None
    hi_t: Arr | None = None
    if concentrations is not None:
        c = np.asarray(concentrations, dtype=np.float64)
        if c.shape != (len(ch.cas),):
            raise RiskInputError("one concentration per substance is required")
        cr = sum((np.where(np.isnan(ur.cr[k]), 0.0, ur.cr[k]) for k in SOIL_PATHWAYS), start=np.zeros(1))
        hq = sum((np.where(np.isnan(ur.hq[k]), 0.0, ur.hq[k]) for k in SOIL_PATHWAYS), start=np.zeros(1))
        cr_t, hi_t = pct(cr * c), pct(hq * c)
    return MonteCarloResult(ch.cas, tuple(q), n, pct(cv["CVS"]), pct(cv["RCVS"]), pct(cv["HCVS"]), cr_t, hi_t)
