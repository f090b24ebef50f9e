"""What the result page and report show beside the engine's numbers: substances HJ 25.3 cannot assess (lead) are
not passed as acceptable, small control values keep their significant figures, layers are named in Chinese, and
overrides outside a parameter's domain are refused with the parameter named."""

from __future__ import annotations

from typing import Any

from django.test import Client

from jingtu.engines.risk import control_values
from jingtu.risk import actions
from jingtu.risk.models import RiskAssessment

from .conftest import store_lab_data

# lead far above the GB 36600 class-1 intervention value (800 mg/kg) and arsenic in groundwater
ROWS = [
    ("P1-0.5", "P1", 0.0, 0.5, "soil", "铅", "7439-92-1", 950.0, True, 0.1, "mg/kg"),
    ("W1", "W1", None, None, "groundwater", "砷", "7440-38-2", 12.0, True, 0.3, "µg/L"),
]


def _plot(personas: Any, code: str = "T-RK-PB", rows: list[tuple[Any, ...]] = ROWS) -> Any:
    from jingtu.plots.actions import create_plot

    plot = create_plot(personas.alice, code=code, name="铅地块", district=personas.dongcheng,
                       responsible_org=personas.zenith, land_use_planned="R2")  # fmt: skip
    store_lab_data(plot, rows)
    return plot


def test_lead_is_not_assessed_and_the_proposal_says_so(personas: Any) -> None:
    ra = actions.run_assessment(personas.alice, _plot(personas), land_class=1, statistic="max")
    assert "no toxicity value" in ra.outputs["not_assessed"]["7439-92-1"]
    assert [s["cas"] for s in ra.outputs["substances"]] == ["7440-38-2"]
    c = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert c.login(username="alice", password=personas.password)
    html = c.get(f"/risk/{ra.pk}/").content.decode()
    assert 'id="not-assessed-warning"' in html and 'class="substance" data-cas="7439-92-1"' not in html
    assert "1 种检出污染物无法按 HJ 25.3 评估" in html
    assert (
        '<li data-cas="7439-92-1">铅 (7439-92-1): 无毒性参数' in html
    )  # named as in the lab data, reason in Chinese
    assert "地下水致癌风险" in html and "最大检出值" in html  # engine texts translated for display
    # arsenic groundwater target: the control value in mg/L to 4 significant figures, not rounded to 0.0001
    cvg = control_values("7440-38-2", 1).control_value_groundwater
    assert cvg is not None and cvg < 1e-4
    (target,) = ra.outputs["targets"]
    assert target["layer"] == "groundwater" and target["control_value"] == cvg
    assert f"{cvg:.4g}" in html and ">地下水<" in html


def test_no_warning_when_only_undetected_substances_are_left(personas: Any) -> None:
    nd = [("P2-0.5", "P2", 0.0, 0.5, "soil", "苯", "71-43-2", None, False, 0.001, "mg/kg")]
    plot = _plot(personas, "T-RK-ND", [*ROWS[1:], *nd])
    ra = actions.run_assessment(personas.alice, plot, land_class=1, statistic="max")
    assert ra.outputs["not_assessed"] == {"71-43-2": "not detected in any layer"}
    c = Client()
    assert c.login(username="alice", password=personas.password)
    assert 'id="not-assessed-warning"' not in c.get(f"/risk/{ra.pk}/").content.decode()


def test_web_form_refuses_values_outside_the_domain(personas: Any) -> None:
    _plot(personas)
    c = Client()
    assert c.login(username="alice", password=personas.password)
    for line, msg in (
        ("SAF=0", "parameter SAF: must be &gt; 0 and ≤ 1"),
        ("BWc=0", "parameter BWc: must be &gt; 0"),
    ):
        resp = c.post("/plots/T-RK-PB/risk/", {"land_class": "1", "statistic": "max", "layers": ["surface"],
                                               "surface_max_depth_m": "0.5", "params": line, "chem": ""})  # fmt: skip
        assert resp.status_code == 200 and msg in resp.content.decode()
    assert RiskAssessment.objects.count() == 0


def test_engine_texts_translated_for_display_and_unknown_kept() -> None:
    from django.utils import translation

    from jingtu.engines.risk import exposure_concentration
    from jingtu.engines.risk.stats import Observation
    from jingtu.risk.templatetags.risk_format import engine_text, sig

    # 1, 1, 1, 1, 100: the 99 % Chebyshev UCL is above the maximum, so the maximum is used (stats.py)
    ec = exposure_concentration([Observation(v, True) for v in (1, 1, 1, 1, 100)], "ucl95")
    with translation.override("zh-hans"):
        assert engine_text(ec.method) == "最大检出值（UCL 高于最大值）"
        note = engine_text(ec.note)
        assert note.endswith("高于最大检出值，采用最大检出值（美国 EPA RAGS 做法）") and "切比雪夫" in note
        assert engine_text("soil HI 2.15 > 1") == "土壤危害指数 2.15 > 1"
        assert engine_text("something new") == "something new"
    assert (sig(8.703366e-05), sig(0.012), sig(None), sig(1e-6, 3)) == ("8.703e-05", "0.012", "—", "1e-06")
