"""Exposure-pathway selection (HJ 25.3-2019 clause 7: the pathways of the site's conceptual model)."""

from __future__ import annotations

import pytest

from jingtu.engines.risk import GW_PATHWAYS, PATHWAYS, SOIL_PATHWAYS, assess, control_values, forward_risk

INHALATION = ("PIS", "IOV1", "IOV2", "IIV1", "IOV3", "IIV2")
CONC = {"surface": 5.0, "subsurface": 3.0, "groundwater": 0.01}


def test_excluding_cgw_changes_only_groundwater() -> None:
    base = control_values("71-43-2", 1)
    no_cgw = control_values("71-43-2", 1, pathways=set(PATHWAYS) - {"CGW"})
    assert (no_cgw.RCVS, no_cgw.HCVS, no_cgw.control_value) == (base.RCVS, base.HCVS, base.control_value)
    assert base.RCVG is not None and no_cgw.RCVG is not None and no_cgw.RCVG > 10 * base.RCVG
    # RCVG from the remaining groundwater pathways alone (HJ 25.3-2019 Appendix E: ACR / Σ CR per unit)
    cr_vap = sum(base.pathways[k]["cr_per_unit"] for k in ("IOV3", "IIV2"))
    assert no_cgw.RCVG == pytest.approx(1e-6 / cr_vap, rel=1e-12)
    assert no_cgw.pathways["CGW"]["excluded"] is True and no_cgw.pathways["CGW"]["cr_per_unit"] is None
    assert no_cgw.pathways["CGW"]["exposure_ca"] == 0.0 == no_cgw.pathways["CGW"]["exposure_nc"]
    assert no_cgw.pathways_excluded == ("CGW",)
    fr, fr0 = (forward_risk("71-43-2", 1, CONC, pathways=p) for p in (set(PATHWAYS) - {"CGW"}, None))
    assert (fr.cr_total_soil, fr.hq_total_soil) == (fr0.cr_total_soil, fr0.hq_total_soil)
    assert fr.cr["CGW"] is None and fr0.cr_total_groundwater is not None
    assert fr.cr_total_groundwater == pytest.approx(fr0.cr_total_groundwater - fr0.cr["CGW"], rel=1e-12)
    assert fr.share_cr["IOV3"] + fr.share_cr["IIV2"] == pytest.approx(1.0)


def test_metal_without_inhalation_keeps_oral_and_dermal() -> None:
    """Arsenic (not volatile; IUR gives PIS a risk): without inhalation RCVS = ACR / (CR_OIS + CR_DCS)."""
    base = control_values("7440-38-2", 1)
    assert base.pathways["PIS"]["cr_per_unit"] is not None
    oral_dermal = control_values("7440-38-2", 1, pathways=set(PATHWAYS) - set(INHALATION))
    cr = base.pathways["OIS"]["cr_per_unit"] + base.pathways["DCS"]["cr_per_unit"]
    hq = base.pathways["OIS"]["hq_per_unit"] + base.pathways["DCS"]["hq_per_unit"]
    assert oral_dermal.RCVS == pytest.approx(1e-6 / cr, rel=1e-12)
    assert oral_dermal.HCVS == pytest.approx(1.0 / hq, rel=1e-12)
    assert base.RCVS is not None and oral_dermal.RCVS > base.RCVS
    for k in INHALATION:
        assert oral_dermal.pathways[k]["excluded"] and oral_dermal.pathways[k]["exposure_ca"] == 0.0
    for k in ("OIS", "DCS"):
        assert oral_dermal.pathways[k] == {**base.pathways[k], "share_cr": oral_dermal.pathways[k]["share_cr"],
                                           "share_hq": oral_dermal.pathways[k]["share_hq"]}  # fmt: skip
    assert oral_dermal.pathways["OIS"]["share_cr"] + oral_dermal.pathways["DCS"]["share_cr"] == pytest.approx(
        1
    )
    assert oral_dermal.to_json()["parameters"]["pathways"] == {
        "assessed": ["OIS", "DCS", "CGW"], "excluded": list(INHALATION)
    }  # fmt: skip


@pytest.mark.parametrize("cas", ["71-43-2", "7440-38-2", "50-32-8"])
def test_all_pathways_explicitly_equal_default(cas: str) -> None:
    for lc in (1, 2):
        a, b = control_values(cas, lc), control_values(cas, lc, pathways=list(PATHWAYS))
        assert a == b
        assert forward_risk(cas, lc, CONC) == forward_risk(cas, lc, CONC, pathways=tuple(PATHWAYS))
    rows = [
        (cas, "surface", 4.0, True, None),
        (cas, "surface", 2.0, True, None),
        (cas, "groundwater", 0.02, True, None),
    ]
    assert assess(rows, 1, "max") == assess(rows, 1, "max", pathways=set(SOIL_PATHWAYS) | set(GW_PATHWAYS))


def test_unknown_or_empty_selection_refused() -> None:
    with pytest.raises(ValueError, match="unknown exposure pathway.*CGX, XYZ"):
        control_values("71-43-2", 1, pathways={"OIS", "CGX", "XYZ"})
    with pytest.raises(ValueError, match="unknown exposure pathway.*ois"):
        forward_risk("71-43-2", 1, CONC, pathways=["ois"])
    with pytest.raises(ValueError, match="unknown exposure pathway.*NOPE"):
        assess([("71-43-2", "surface", 1.0, True, None)], 1, "max", pathways={"NOPE"})
    with pytest.raises(ValueError, match="at least one"):
        control_values("71-43-2", 1, pathways=set())
    with pytest.raises(ValueError, match="not the string"):
        control_values("71-43-2", 1, pathways="OIS")


def test_assess_records_selection_and_excluded_risk() -> None:
    rows = [("71-43-2", "groundwater", 0.01, True, None), ("71-43-2", "surface", 0.1, True, None)]
    full = assess(rows, 1, "max")
    part = assess(rows, 1, "max", pathways=set(PATHWAYS) - {"CGW"})
    assert full.pathways == list(PATHWAYS) and full.pathways_excluded == []
    assert part.pathways_excluded == ["CGW"] and "CGW" not in part.pathways
    s0, s1 = full.substances[0], part.substances[0]
    assert s1.risk.cr_total_soil == s0.risk.cr_total_soil
    assert s1.risk.cr_total_groundwater is not None and s0.risk.cr_total_groundwater is not None
    assert s1.risk.cr_total_groundwater < s0.risk.cr_total_groundwater
    only_gw = assess([("71-43-2", "surface", 0.1, True, None)], 1, "max", pathways={"CGW"})
    assert only_gw.substances[0].risk.cr_total_soil is None
