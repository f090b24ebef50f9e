"""Censored-data statistics for exposure concentrations; hand-computed examples and t-table values."""

from __future__ import annotations

import pytest

from jingtu.engines.risk import (
    Observation,
    SampleResult,
    assess,
    control_values,
    exposure_concentration,
    kaplan_meier,
)
from jingtu.engines.risk.stats import CensoredDataError, t_quantile

Ob = Observation


def test_km_without_censoring_is_sample_mean_and_greenwood_se() -> None:
    # x = 1,2,3,4: mean 2.5; Greenwood area variance = population variance / n = 1.25/4 = 0.3125
    km = kaplan_meier([Ob(1, True), Ob(2, True), Ob(3, True), Ob(4, True)])
    assert km.mean == pytest.approx(2.5)
    assert km.se == pytest.approx(0.3125**0.5)


def test_km_left_censored_by_hand() -> None:
    # <1, 2, <3, 4, 5. At risk (value or DL ≤ x): n(2)=2, n(4)=4, n(5)=5; one detect each.
    # F(5)=1, F(4)=1-1/5=0.8, F(2)=0.8·(1-1/4)=0.6 -> mass 0.6 at 2 (ProUCL: below-min mass on the min detect),
    # 0.2 at 4, 0.2 at 5: mean = 1.2+0.8+1.0 = 3.0.
    # a1=(4-2)·0.6=1.2, a2=1.2+(5-4)·0.8=2.0; SE² = 1.2²·1/(4·3) + 2²·1/(5·4) = 0.12+0.2 = 0.32.
    km = kaplan_meier([Ob(None, False, 1), Ob(2, True), Ob(None, False, 3), Ob(4, True), Ob(5, True)])
    assert km.cdf == pytest.approx((0.6, 0.8, 1.0))
    assert km.mean == pytest.approx(3.0)
    assert km.se == pytest.approx(0.32**0.5)


@pytest.mark.parametrize(("p", "df", "t"), [(0.95, 1, 6.3138), (0.95, 9, 1.8331), (0.95, 29, 1.6991),
                                            (0.975, 4, 2.7764), (0.99, 20, 2.5280)])  # fmt: skip
def test_t_quantiles_match_tables(p: float, df: int, t: float) -> None:
    assert t_quantile(p, df) == pytest.approx(t, abs=1e-4)


def test_ucl_choice_low_skew_uses_t() -> None:
    data = [Ob(v, True) for v in (10, 11, 12, 13, 14)]  # σ(ln) ≈ 0.13
    ec = exposure_concentration(data, "ucl95")
    mean, se = 12.0, (2.0 / 5) ** 0.5  # population var 2, /n
    assert ec.method == "95% KM (t) UCL"
    assert ec.value == pytest.approx(mean + 2.1318 * se, abs=1e-3)  # t(0.95, 4) = 2.1318


def test_ucl_choice_moderate_skew_uses_chebyshev_and_caps_at_max() -> None:
    data = [Ob(float(v), True) for v in range(1, 11)]  # σ(ln) ≈ 0.73 -> 95 % Chebyshev
    ec = exposure_concentration(data, "ucl95")
    assert ec.method == "95% KM (Chebyshev) UCL"
    assert ec.value == pytest.approx(5.5 + 19**0.5 * (8.25 / 10) ** 0.5)
    skewed = [Ob(v, True) for v in (1, 1, 1, 1, 100)]
    ec2 = exposure_concentration(skewed, "ucl95")
    assert ec2.value == 100 and "maximum" in ec2.method and ec2.note


def test_statistics_report_what_was_used() -> None:
    data = [Ob(None, False, 0.5), Ob(2.0, True), Ob(3.0, True)]
    assert exposure_concentration(data, "max").value == 3.0
    assert exposure_concentration(data, "max").detection_frequency == pytest.approx(2 / 3)
    ucl = exposure_concentration(data, "ucl95")
    assert ucl.value == 3.0 and "fewer than 3" in ucl.method
    nd = exposure_concentration([Ob(None, False, 1.0)], "ucl95")
    assert nd.value is None and nd.n_detects == 0
    with pytest.raises(CensoredDataError):
        exposure_concentration([Ob(None, False, None)], "max")
    with pytest.raises(CensoredDataError):
        exposure_concentration(data, "median")  # type: ignore[arg-type]


def test_assess_proposes_step_with_targets() -> None:
    results = [
        SampleResult("71-43-2", "surface", 2.0, True, 0.05),
        SampleResult("71-43-2", "subsurface", 3.0, True, 0.05),
        ("7440-50-8", "surface", 100.0, True, 1.0),
        ("7440-50-8", "surface", None, False, 1.0),
        ("9999-99-9", "surface", 1.0, True, 0.1),
        ("50-32-8", "surface", None, False, 0.01),
    ]
    a = assess(results, land_class=1, statistic="max")
    assert a.proposed_step == "needs risk control or remediation"
    assert {t["cas"] for t in a.targets} == {"71-43-2"}
    assert "9999-99-9" in a.not_assessed and "50-32-8" in a.not_assessed
    benz = next(s for s in a.substances if s.cas == "71-43-2")
    assert benz.exceeds and benz.risk.cr_total_soil is not None and benz.risk.cr_total_soil > 1e-6
    assert benz.concentrations["surface"].method == "maximum detect"
    ok = assess([("7440-50-8", "surface", 100.0, True, 1.0)], land_class=2, statistic="max")
    assert ok.proposed_step == "acceptable" and not ok.targets


def test_substance_without_toxicity_is_not_assessed_not_acceptable() -> None:
    """Lead has no SF/IUR/RfD/RfC (GB 36600 lead values come from blood-lead models): HJ 25.3 cannot assess it, so
    it is listed as not assessed with that reason instead of passing as 'acceptable'."""
    a = assess([("7439-92-1", "surface", 950.0, True, 0.1)], land_class=1, statistic="max")
    assert a.substances == [] and "no toxicity value" in a.not_assessed["7439-92-1"]
    b = assess([("1-1-1", "surface", 1.0, True, 0.1)], land_class=1, statistic="max")
    assert b.not_assessed == {"1-1-1": "no chemical parameters in chem_params.csv"}


def test_targets_only_for_the_medium_that_is_not_acceptable() -> None:
    """Benzene (class 1): soil at a tenth of its soil control value, groundwater at ten times its groundwater
    control value — only groundwater is a target (HJ 25.3-2019 clause 10: soil and groundwater values apart)."""
    cv = control_values("71-43-2", 1)
    assert cv.control_value is not None and cv.control_value_groundwater is not None
    soil, gw = 0.1 * cv.control_value, 10 * cv.control_value_groundwater
    a = assess(
        [("71-43-2", "surface", soil, True, 0.01), ("71-43-2", "groundwater", gw, True, 0.001)], 1, "max"
    )
    assert a.proposed_step == "needs risk control or remediation"
    assert [(t["layer"], t["control_value"]) for t in a.targets] == [
        ("groundwater", cv.control_value_groundwater)
    ]
    (s,) = a.substances
    assert s.risk.cr_total_soil is not None and s.risk.cr_total_soil < 1e-6
    assert s.reasons and all(r.startswith("groundwater") for r in s.reasons)
