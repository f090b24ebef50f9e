"""An assessment from stored lab data gives exactly the engine's numbers, stores its inputs and versions, and is
audited; bad input is refused."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jingtu.core.models import AuditEvent
from jingtu.engines.risk import ENGINE_VERSION, assess
from jingtu.risk import actions
from jingtu.risk.models import RiskAssessment

from .conftest import DC_ENGINE_INPUTS


def _by_cas(outputs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["cas"]: s for s in outputs["substances"]}


@pytest.mark.parametrize("statistic", ["max", "km_mean", "ucl95"])
@pytest.mark.parametrize("land_class", [1, 2])
def test_assessment_reproduces_engine(
    personas: Any, risk_plots: Any, statistic: str, land_class: int
) -> None:
    ra = actions.run_assessment(personas.frank, risk_plots.dc, land_class=land_class, statistic=statistic)
    expected = assess(DC_ENGINE_INPUTS, land_class, statistic)  # type: ignore[arg-type]
    got = _by_cas(ra.outputs)
    assert set(got) == {s.cas for s in expected.substances} == {"71-43-2", "7440-38-2"}
    for s in expected.substances:
        g = got[s.cas]
        for layer, ec in s.concentrations.items():
            assert g["concentrations"][layer]["value"] == pytest.approx(ec.value, rel=1e-9)
            assert g["concentrations"][layer]["method"] == ec.method
        for key in ("cr_total_soil", "hq_total_soil", "cr_total_groundwater", "hq_total_groundwater"):
            want = getattr(s.risk, key)
            assert (
                (g["risk"][key] is None) if want is None else g["risk"][key] == pytest.approx(want, rel=1e-9)
            )
        for pw, v in s.risk.cr.items():
            assert (
                (g["risk"]["cr"][pw] is None)
                if v is None
                else g["risk"]["cr"][pw] == pytest.approx(v, rel=1e-9)
            )
        for pw, v in s.risk.share_hq.items():
            if v is not None:
                assert g["risk"]["share_hq"][pw] == pytest.approx(v, rel=1e-9)
        assert g["control"]["control_value"] == pytest.approx(s.control.control_value, rel=1e-9)
        assert g["exceeds"] == s.exceeds
    assert ra.outputs["proposed_step"] == expected.proposed_step
    assert ra.proposed_step == ("acceptable" if expected.proposed_step == "acceptable" else "control")
    assert len(ra.outputs["targets"]) == len(expected.targets)


def test_record_keeps_inputs_versions_and_audit(personas: Any, risk_plots: Any) -> None:
    ra = actions.run_assessment(
        personas.frank, risk_plots.dc, land_class=1, statistic="max", overrides={"params": {"BWa": 70.0}}
    )
    assert ra.engine_version == ENGINE_VERSION
    assert {"chem_params.csv", "exposure_params.csv", "site_params.csv"} <= set(ra.parameter_tables)
    assert ra.run_by == personas.frank and ra.run_at is not None
    assert ra.overrides == {"params": {"BWa": 70.0}, "chem": {}}
    assert len(ra.inputs) == len(DC_ENGINE_INPUTS)
    assert sorted((i["cas"], i["layer"]) for i in ra.inputs) == sorted((t[0], t[1]) for t in DC_ENGINE_INPUTS)
    # benzene 5200 µg/kg stored as 5.2 mg/kg; groundwater 35 µg/L as 0.035 mg/L
    assert any(i["cas"] == "71-43-2" and i["value"] == pytest.approx(5.2) for i in ra.inputs)
    assert any(i["layer"] == "groundwater" and i["value"] == pytest.approx(0.035) for i in ra.inputs)
    # the override reached the engine
    plain = assess(DC_ENGINE_INPUTS, 1, "max")
    with_bw = assess(DC_ENGINE_INPUTS, 1, "max", params={"BWa": 70.0})
    got = _by_cas(ra.outputs)["71-43-2"]["control"]["control_value"]
    want = next(s for s in with_bw.substances if s.cas == "71-43-2").control.control_value
    assert got == pytest.approx(want, rel=1e-9)
    assert want != pytest.approx(
        next(s for s in plain.substances if s.cas == "71-43-2").control.control_value
    )
    ev = AuditEvent.objects.filter(action="run_assessment", object_id=str(ra.pk)).get()
    assert ev.actor == personas.frank
    assert ra.history.count() == 1


def test_selection_and_layers(personas: Any, risk_plots: Any) -> None:
    ra = actions.run_assessment(
        personas.alice,
        risk_plots.dc,
        land_class=1,
        statistic="max",
        layers=["surface"],
        analytes=["7440-38-2"],
    )
    expected = assess([t for t in DC_ENGINE_INPUTS if t[0] == "7440-38-2" and t[1] == "surface"], 1, "max")
    (s,) = ra.outputs["substances"]
    assert s["cas"] == "7440-38-2" and set(s["concentrations"]) == {"surface"}
    assert s["risk"]["cr_total_soil"] == pytest.approx(expected.substances[0].risk.cr_total_soil, rel=1e-9)
    assert ra.selection["analytes"] == ["7440-38-2"]
    assert all(
        e["reason"] == "layer subsurface not selected" for e in ra.excluded if e["sample"].endswith("3.0")
    )


def test_arsenic_25_is_not_acceptable_and_targets_are_control_values(personas: Any, risk_plots: Any) -> None:
    """Arsenic at 25 mg/kg is far above its HJ 25.3 risk-based value (≈0.45 mg/kg class 1, see
    docs/risk-engine.md): the proposal is the control list with the control values as targets."""
    ra = actions.run_assessment(personas.alice, risk_plots.dc, land_class=1, statistic="max")
    assert ra.proposed_step == "control" and ra.review_conclusion == "risk_unacceptable"
    arsenic = [t for t in ra.outputs["targets"] if t["cas"] == "7440-38-2"]
    cv = _by_cas(ra.outputs)["7440-38-2"]["control"]["control_value"]
    assert arsenic and all(t["control_value"] == pytest.approx(cv) for t in arsenic)
    assert {t["layer"] for t in arsenic} == {"surface", "subsurface"}


def test_low_values_are_acceptable(personas: Any, risk_plots: Any) -> None:
    """A selection of one low benzene result (0.65 mg/kg, class 2) proposes 'acceptable', with no targets."""
    from jingtu.engines.risk import control_values

    ra = actions.run_assessment(personas.alice, risk_plots.dc, land_class=2, statistic="max",
                                analytes=["71-43-2"], samples=["B2-3.0"])  # fmt: skip
    cv = control_values("71-43-2", 2).control_value
    assert 0.65 < cv  # 0.65 mg/kg subsurface benzene is below the class-2 control value
    assert ra.proposed_step == "acceptable" and ra.outputs["targets"] == []


def test_bad_input_refused(personas: Any, risk_plots: Any) -> None:
    with pytest.raises(ValidationError):
        actions.run_assessment(personas.alice, risk_plots.dc, land_class=3, statistic="max")
    with pytest.raises(ValidationError):
        actions.run_assessment(personas.alice, risk_plots.dc, land_class=1, statistic="median")
    with pytest.raises(ValidationError):
        actions.run_assessment(personas.alice, risk_plots.dc, land_class=1, layers=[])
    with pytest.raises(ValidationError):
        actions.run_assessment(personas.alice, risk_plots.dc, land_class=1, overrides={"params": {"NOPE": 1}})
    with pytest.raises(ValidationError):
        actions.run_assessment(personas.alice, risk_plots.dc, land_class=1, analytes=["50-00-0"])
    assert RiskAssessment.objects.count() == 0


def test_outputs_are_the_engine_dataclass(personas: Any, risk_plots: Any) -> None:
    ra = actions.run_assessment(personas.alice, risk_plots.dc, land_class=1, statistic="ucl95")
    fields = {f.name for f in dataclasses.fields(assess(DC_ENGINE_INPUTS, 1, "ucl95"))}
    assert fields <= set(ra.outputs)
