"""HJ 25.3-2019 equations and model: hand-computed values and algebraic identities of the standard."""

from __future__ import annotations

import math

import numpy as np
import pytest

from jingtu.engines.risk import (
    Distribution,
    RiskInputError,
    chemical,
    chemicals,
    control_values,
    forward_risk,
    monte_carlo,
    parameters,
)
from jingtu.engines.risk import equations as eq


def test_oiser_class1_cancer_by_hand() -> None:
    # (200·6·350/19.2 + 100·24·350/61.8)·1/27740·1e-6 with class-1 defaults (HJ 25.3 App. A)
    child = eq.oiser(200, 6, 350, 1, 19.2, 27740)
    adult = eq.oiser(100, 24, 350, 1, 61.8, 27740)
    expected = (200 * 6 * 350 / 19.2 + 100 * 24 * 350 / 61.8) / 27740 * 1e-6
    assert float(child) + float(adult) == pytest.approx(expected, rel=1e-12)
    cv = control_values("7440-50-8", 1)
    assert cv.pathways["OIS"]["exposure_ca"] == pytest.approx(expected, rel=1e-12)


def test_transport_constants_by_hand() -> None:
    assert eq.dfoa(200, 4000, 200, 1.6e7) == pytest.approx(10.0)  # cm/s
    assert eq.dfia(220, 12) == pytest.approx(220 * 12 / 86400)
    assert eq.total_porosity(1.5, 2.65) == pytest.approx(1 - 1.5 / 2.65)
    assert eq.water_porosity(1.5, 0.2, 1.0) == pytest.approx(0.3)
    assert eq.foc_from_fom(17.0) == pytest.approx(0.01)
    assert eq.sae(100.0, 1.0, 1.0) == pytest.approx(239 * 100**0.417)
    assert eq.sf_inhalation(1e-6, 61.8, 14.5) == pytest.approx(1e-3 * 61.8 / 14.5)
    assert eq.rfd_inhalation(1.0, 61.8, 14.5) == pytest.approx(14.5 / 61.8)
    assert eq.qs(0.0, 1e-8, 3400, 1.81e-4, 35, 7e5, 5e-4) == 0.0


def test_vinyl_chloride_indoor_vf_capped_by_mass_balance() -> None:
    p = {k: v.value for k, v in parameters(1).items()}
    cv = control_values("75-01-4", 1)
    cap = p["dsub"] * p["rhob"] / (eq.dfia(p["LB"], p["ER"]) * p["tau"] * eq.SECONDS_PER_YEAR) * 1e3
    assert cv.vf["VF_subia"] == pytest.approx(cap, rel=1e-12)


def test_convective_branch_reduces_to_diffusive_as_qs_vanishes() -> None:
    args = dict(h=0.2, ksw_lkg=0.5, deff_s=5e-3, dfia_cms=0.03, ls=50.0, lcrack=35.0, deff_crack=1e-2, eta=5e-4,
                ab=7e5, dsub=1e9, rhob=1.5, tau=30.0)  # fmt: skip
    diff = float(eq.vf_subia(qs_cm3s=0.0, **args))  # type: ignore[arg-type]
    conv = float(eq.vf_subia(qs_cm3s=1e-9, **args))  # type: ignore[arg-type]
    assert conv == pytest.approx(diff, rel=1e-4)
    assert float(eq.vf_subia(qs_cm3s=10.0, **args)) > diff  # type: ignore[arg-type]


@pytest.mark.parametrize("cas", ["71-43-2", "50-32-8", "7440-43-9", "7440-50-8"])
@pytest.mark.parametrize("lc", [1, 2])
def test_forward_risk_at_control_value_equals_acceptable_level(cas: str, lc: int) -> None:
    cv = control_values(cas, lc)  # type: ignore[arg-type]
    if cv.RCVS is not None:
        fr = forward_risk(cas, lc, {"surface": cv.RCVS, "subsurface": cv.RCVS})  # type: ignore[arg-type]
        assert fr.cr_total_soil == pytest.approx(1e-6, rel=1e-9)
        assert sum(v for v in fr.share_cr.values() if v is not None) == pytest.approx(1.0)
    if cv.HCVS is not None:
        fr = forward_risk(cas, lc, {"surface": cv.HCVS, "subsurface": cv.HCVS})  # type: ignore[arg-type]
        assert fr.hq_total_soil == pytest.approx(1.0, rel=1e-9)
    assert cv.control_value == min(v for v in (cv.RCVS, cv.HCVS) if v is not None)


def test_overrides_scale_as_the_equations_say() -> None:
    base = control_values("71-43-2", 1)
    assert base.RCVS is not None and base.HCVS is not None
    assert control_values("71-43-2", 1, params={"ACR": 1e-5}).RCVS == pytest.approx(10 * base.RCVS)
    assert control_values("71-43-2", 1, params={"SAF": 1.0}).HCVS == pytest.approx(2 * base.HCVS)
    assert control_values("71-43-2", 1, params={"AHQ": 0.5}).HCVS == pytest.approx(0.5 * base.HCVS)
    nosf = control_values("71-43-2", 1, chem={"SFo": None, "IUR": None})
    assert nosf.RCVS is None and nosf.control_value == nosf.HCVS


def test_no_toxicity_gives_none() -> None:
    cv = control_values("7439-92-1", 1)  # lead: no SF, no RfD
    assert cv.RCVS is None and cv.HCVS is None and cv.control_value is None
    assert control_values("7440-50-8", 2).RCVS is None  # copper: non-carcinogen only


def test_class1_noncancer_uses_child_only_and_class2_adult_only() -> None:
    cv1 = control_values("7440-50-8", 1)
    exp_child = 200 * 6 * 350 / (19.2 * 2190) * 1e-6
    assert cv1.pathways["OIS"]["exposure_nc"] == pytest.approx(exp_child)
    cv2 = control_values("7440-50-8", 2)
    assert cv2.pathways["OIS"]["exposure_nc"] == pytest.approx(100 * 25 * 250 / (61.8 * 9125) * 1e-6)


def test_bad_input_raises_clear_errors() -> None:
    with pytest.raises(RiskInputError, match="unknown parameter 'XYZ'"):
        parameters(1, overrides={"XYZ": 1.0})
    with pytest.raises(RiskInputError, match="not used for land class 2"):
        parameters(2, overrides={"EDc": 6.0})
    with pytest.raises(RiskInputError, match="no chemical parameters"):
        chemical("00-00-0", 1)
    with pytest.raises(RiskInputError, match="unknown profile"):
        parameters(1, profile="nope")


@pytest.mark.parametrize(
    ("overrides", "msg"),
    [
        ({"BWc": 0.0}, "parameter BWc: must be > 0"),
        ({"ATnc": 0.0}, "parameter ATnc: must be > 0"),
        ({"SAF": 0.0}, "parameter SAF: must be > 0 and ≤ 1"),
        ({"WAF": 2.0}, "parameter WAF: must be > 0 and ≤ 1"),
        ({"SERc": 1.1}, "parameter SERc: must be between 0 and 1"),
        ({"ER": 0.0}, "parameter ER: must be > 0"),
        ({"EDa": math.nan}, "parameter EDa: invalid value"),
        ({"rhob": 2.65}, "total porosity"),
        ({"Pws": 0.5}, "water-filled porosity"),
    ],
)
def test_parameter_domains_api(overrides: dict[str, float], msg: str) -> None:
    """The API (used by the web form and `risk assess`) refuses divisors of 0 and fractions above 1 with the
    parameter named, instead of a division by zero or NaN results."""
    with pytest.raises(RiskInputError, match=msg):
        control_values("71-43-2", 1, params=overrides)


def test_parameter_domains_admit_the_boundaries() -> None:
    # a zero exposure term is admissible (no such exposure): EFa = 0 removes the adult term of class 2
    assert control_values("7440-50-8", 2, params={"EFa": 0.0, "EFIa": 0.0, "EFOa": 0.0}).HCVS is None
    assert control_values("7440-50-8", 1, params={"SAF": 1.0}).HCVS == pytest.approx(
        2 * (control_values("7440-50-8", 1).HCVS or 0)
    )
    with pytest.raises(RiskInputError, match="chemical parameter RfDo: must be > 0"):
        control_values("7440-50-8", 1, chem={"RfDo": 0.0})
    with pytest.raises(RiskInputError, match="chemical parameter ABSd: must be ≤ 1"):
        control_values("50-32-8", 1, chem={"ABSd": 1.3})


def test_groundwater_control_values() -> None:
    cv = control_values("71-43-2", 1)
    assert cv.RCVG is not None and cv.HCVG is not None
    fr = forward_risk("71-43-2", 1, {"groundwater": cv.RCVG})
    assert fr.cr_total_groundwater == pytest.approx(1e-6)
    assert fr.cr_total_soil is None  # soil layers not given -> not evaluated


def test_monte_carlo_fixed_parameters_equal_deterministic() -> None:
    chems = chemicals(["71-43-2", "50-32-8"], 1)
    res = monte_carlo(chems, 1, {"EDa": Distribution("uniform", 24.0, 24.0)}, n=200)
    det = [control_values(c, 1).control_value for c in ("71-43-2", "50-32-8")]
    assert np.allclose(res.control_value[1], det)


def test_monte_carlo_percentiles_are_ordered_and_bracket_default() -> None:
    chems = chemicals(None, 2)
    res = monte_carlo(chems, 2, {"fom": Distribution("lognormal", 15.0, 1.5),
                                 "OSIRa": Distribution("triangular", 50.0, 100.0, 200.0)},
                      n=5000, seed=1, concentrations=[1.0] * len(chems))  # fmt: skip
    cvs = res.control_value
    ok = ~np.isnan(cvs[0])
    assert np.all(cvs[0, ok] <= cvs[1, ok]) and np.all(cvs[1, ok] <= cvs[2, ok])
    j = res.cas.index("71-43-2")
    det = control_values("71-43-2", 2).control_value
    assert det is not None and cvs[0, j] < det < cvs[2, j]
    assert res.cr_total is not None and math.isclose(float(res.cr_total[1, j]), 1e-6 / det, rel_tol=0.3)
    with pytest.raises(RiskInputError):
        monte_carlo(chems, 2, {"EDc": Distribution("normal", 6.0, 1.0)})


def test_monte_carlo_respects_parameter_domains() -> None:
    """Shares are truncated at 1 (SAF drawn from 0.5–1.5 never exceeds the SAF = 1 value); a divisor with draws ≤ 0
    is refused with the parameter named; malformed distributions are refused."""
    chems = chemicals(["7440-50-8"], 1)  # copper: non-cancer only, HCVS ∝ SAF (HJ 25.3-2019 clause 10)
    res = monte_carlo(
        chems, 1, {"SAF": Distribution("uniform", 0.5, 1.5)}, n=2000, seed=3, percentiles=(0, 100)
    )
    at_one = control_values("7440-50-8", 1, params={"SAF": 1.0}).HCVS
    assert at_one is not None and float(res.HCVS[1, 0]) == pytest.approx(at_one)
    with pytest.raises(RiskInputError, match="distribution of parameter BWc: .* ≤ 0"):
        monte_carlo(chems, 1, {"BWc": Distribution("normal", 19.2, 15.0)}, n=2000, seed=1)
    for bad in (Distribution("lognormal", -1.0, 1.5), Distribution("uniform", 2.0, 1.0),
                Distribution("triangular", 1.0, 3.0, 2.0), Distribution("normal", 1.0, math.inf)):  # fmt: skip
        with pytest.raises(RiskInputError):
            monte_carlo(chems, 1, {"EDa": bad}, n=10)
