"""The assessment runs on lab data imported through the EDD importer (`jingtu.labdata.actions.import_edd`) and gives
the engine's numbers for the same data."""

from __future__ import annotations

from typing import Any

import pytest

from jingtu.engines.risk import assess
from jingtu.risk import actions
from tests.labdata.edd import csv_bytes

from .conftest import DC_ENGINE_INPUTS, edd_rows


def test_assessment_on_imported_edd(personas: Any) -> None:
    from jingtu.labdata.actions import import_edd
    from jingtu.labdata.engine import ScreeningOptions
    from jingtu.plots.actions import create_plot

    plot = create_plot(
        personas.alice, code="T-RK-DC", name="东城风险评估测试地块", district=personas.dongcheng,
        responsible_org=personas.zenith, consultant_org=personas.geo, land_use_planned="R2",
    )  # fmt: skip
    batch = import_edd(personas.frank, plot, file_name="rk.csv", data=csv_bytes(edd_rows()),
                       options=ScreeningOptions(standard="gb36600", land_class=1))  # fmt: skip
    assert batch.status == "accepted", batch.report
    ra = actions.run_assessment(personas.frank, plot, land_class=1, statistic="ucl95")
    expected = assess(DC_ENGINE_INPUTS, 1, "ucl95")
    got = {s["cas"]: s for s in ra.outputs["substances"]}
    assert set(got) == {s.cas for s in expected.substances}
    for s in expected.substances:
        for layer, ec in s.concentrations.items():
            assert got[s.cas]["concentrations"][layer]["value"] == pytest.approx(ec.value, rel=1e-9)
        assert got[s.cas]["risk"]["cr_total_soil"] == pytest.approx(s.risk.cr_total_soil, rel=1e-9)
        assert got[s.cas]["control"]["control_value"] == pytest.approx(s.control.control_value, rel=1e-9)
    assert ra.proposed_step == ("acceptable" if expected.proposed_step == "acceptable" else "control")
