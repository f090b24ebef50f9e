"""Exposure-pathway selection on the platform (HJ 25.3-2019 clause 7): the form's checkboxes (all ticked by default),
the choice stored with the assessment, passed to the engine, shown on the result page and report, and the
`jingtu risk assess --pathways` option."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import translation

from jingtu.engines.risk import PATHWAYS, assess
from jingtu.risk import actions
from jingtu.risk.models import RiskAssessment

from .conftest import DC_ENGINE_INPUTS

NO_GW_DRINKING = [p for p in PATHWAYS if p != "CGW"]


def _client(personas: Any, who: str) -> Client:
    c = Client()
    c.force_login(getattr(personas, who))
    return c


def test_form_ticks_all_pathways_and_stores_the_choice(personas: Any, risk_plots: Any) -> None:
    c = _client(personas, "frank")
    page = c.get("/plots/T-RK-DC/risk/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert (
        "暴露途径" in page
        and "CGW 饮用地下水" in page
        and "IIV1 吸入室内空气中来自下层土壤的气态污染物" in page
    )
    assert "Drinking groundwater" in c.get("/plots/T-RK-DC/risk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code in PATHWAYS:
        assert f'name="pathways" value="{code}"' in page
    assert page.count('name="pathways"') == len(PATHWAYS) == page.count('name="pathways" value="') == 9
    assert page.count("checked") >= len(PATHWAYS) + 3  # pathways and layers ticked by default
    form = {"land_class": "1", "statistic": "max", "layers": ["surface", "subsurface", "groundwater"],
            "surface_max_depth_m": "0.5", "params": "", "chem": ""}  # fmt: skip
    refused = c.post("/plots/T-RK-DC/risk/", form)  # no pathway ticked
    assert refused.status_code == 200 and RiskAssessment.objects.count() == 0
    resp = c.post("/plots/T-RK-DC/risk/", {**form, "pathways": NO_GW_DRINKING})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    ra = RiskAssessment.objects.get()
    assert ra.selection["pathways"] == NO_GW_DRINKING and ra.selection["pathways_excluded"] == ["CGW"]
    expected = assess(DC_ENGINE_INPUTS, 1, "max", pathways=NO_GW_DRINKING)
    full = assess(DC_ENGINE_INPUTS, 1, "max")
    got = {s["cas"]: s for s in ra.outputs["substances"]}
    benzene = next(s for s in expected.substances if s.cas == "71-43-2")
    benzene_full = next(s for s in full.substances if s.cas == "71-43-2")
    assert got["71-43-2"]["risk"]["cr_total_groundwater"] == pytest.approx(benzene.risk.cr_total_groundwater)
    assert benzene.risk.cr_total_groundwater < benzene_full.risk.cr_total_groundwater
    assert got["71-43-2"]["risk"]["cr"]["CGW"] is None
    assert got["71-43-2"]["control"]["pathways"]["CGW"]["excluded"] is True
    assert ra.outputs["pathways_excluded"] == ["CGW"]
    with translation.override("zh-hans"):
        for url in (f"/risk/{ra.pk}/", f"/risk/{ra.pk}/report/"):
            html = c.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
            excluded = html.split('id="pathways-excluded"')[1].split("</tr>")[0]
            assessed = html.split('id="pathways-assessed"')[1].split("</tr>")[0]
            assert "排除的暴露途径" in excluded and "CGW 饮用地下水" in excluded and "OIS" not in excluded
            assert "评估的暴露途径" in assessed and "OIS 经口摄入土壤" in assessed and "CGW" not in assessed
            assert 'data-pathway="CGW"' not in html.split('class="grid pathways"')[1]  # no CGW risk row


def test_default_assessment_has_all_pathways_and_bad_code_refused(personas: Any, risk_plots: Any) -> None:
    ra = actions.run_assessment(personas.frank, risk_plots.dc, land_class=1, statistic="max")
    assert ra.selection["pathways"] == list(PATHWAYS) and ra.selection["pathways_excluded"] == []
    html = _client(personas, "frank").get(f"/risk/{ra.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "none" in html.split('id="pathways-excluded"')[1].split("</tr>")[0]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="CGX"):
        actions.run_assessment(personas.frank, risk_plots.dc, land_class=1, pathways=["OIS", "CGX"])
    assert RiskAssessment.objects.count() == 1


def test_cli_assess_pathways(personas: Any, risk_plots: Any) -> None:
    from jingtu.cli.risk import risk

    args = ["assess", "--plot", "T-RK-DC", "--land-class", "1", "--statistic", "max", "--as", "frank"]
    res = CliRunner().invoke(risk, [*args, "--pathways", "OIS,DCS,PIS"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["parameters"]["pathways"] == {
        "assessed": ["OIS", "DCS", "PIS"], "excluded": ["IOV1", "IOV2", "IIV1", "IOV3", "IIV2", "CGW"]
    }  # fmt: skip
    expected = assess(DC_ENGINE_INPUTS, 1, "max", pathways={"OIS", "DCS", "PIS"})
    got = {s["cas"]: s for s in out["outputs"]["substances"]}
    for s in expected.substances:
        assert got[s.cas]["risk"]["cr_total_soil"] == pytest.approx(s.risk.cr_total_soil, rel=1e-9)
        assert got[s.cas]["risk"]["cr_total_groundwater"] is None
    assert RiskAssessment.objects.get(pk=out["id"]).selection["pathways"] == ["OIS", "DCS", "PIS"]
    bad = CliRunner().invoke(risk, [*args, "--pathways", "OIS,XX1"])
    assert bad.exit_code != 0 and "XX1" in bad.output
    assert RiskAssessment.objects.count() == 1
