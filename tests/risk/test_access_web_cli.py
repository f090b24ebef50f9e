"""Who may see and run risk assessments (scoped via the plot), the pages, the printable report and PDF, the API and
`jingtu risk assess`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.exceptions import PermissionDenied
from django.test import Client

from jingtu.core import access
from jingtu.engines.risk import PATHWAYS, assess
from jingtu.risk import actions
from jingtu.risk.models import RiskAssessment

from .conftest import DC_ENGINE_INPUTS


def _client(personas: Any, who: str) -> Client:
    c = Client()
    assert c.login(username=who, password=personas.password)
    return c


@pytest.fixture
def two(personas: Any, risk_plots: Any) -> dict[str, RiskAssessment]:
    return {
        "dc": actions.run_assessment(personas.frank, risk_plots.dc, land_class=1, statistic="max"),
        "cy": actions.run_assessment(personas.alice, risk_plots.cy, land_class=2, statistic="max"),
    }


def test_read_scoping(personas: Any, two: dict[str, RiskAssessment]) -> None:
    ids = {k: v.pk for k, v in two.items()}
    expected = {
        "alice": {ids["dc"], ids["cy"]},
        "bob": {ids["dc"]},  # Dongcheng staff
        "carol": {ids["cy"]},  # Chaoyang staff
        "dan": {ids["dc"]},  # Dongcheng department
        "dave": {ids["dc"], ids["cy"]},  # municipal department
        "erin": {ids["cy"]},  # Acme: responsible for the Chaoyang plot
        "frank": {ids["dc"]},  # Geo: consultant of the Dongcheng plot
        "paul": set(),
    }
    for who, want in expected.items():
        got = set(
            access.scope(getattr(personas, who), RiskAssessment.objects.all()).values_list("pk", flat=True)
        )
        assert got == want, who


def test_who_may_run(personas: Any, risk_plots: Any) -> None:
    for who in ("alice", "bob", "frank"):
        assert actions.run_assessment(getattr(personas, who), risk_plots.dc, land_class=1, statistic="max").pk
    for who in ("carol", "erin", "dan", "dave", "paul"):  # other district, enterprise, departments, public
        with pytest.raises(PermissionDenied):
            actions.run_assessment(getattr(personas, who), risk_plots.dc, land_class=1, statistic="max")
    with pytest.raises(PermissionDenied):  # Geo is not the consultant of the Chaoyang plot
        actions.run_assessment(personas.frank, risk_plots.cy, land_class=1, statistic="max")
    assert RiskAssessment.objects.count() == 3


def test_run_page_and_result(personas: Any, risk_plots: Any) -> None:
    c = _client(personas, "frank")
    page = c.get("/plots/T-RK-DC/risk/")
    assert page.status_code == 200 and b'id="risk-form"' in page.content
    resp = c.post(
        "/plots/T-RK-DC/risk/",
        {"land_class": "1", "statistic": "max", "layers": ["surface", "subsurface", "groundwater"],
         "surface_max_depth_m": "0.5", "params": "", "chem": "", "pathways": list(PATHWAYS)},
    )  # fmt: skip
    assert resp.status_code == 302, resp.content.decode()[:2000]
    ra = RiskAssessment.objects.get()
    assert resp["Location"] == f"/risk/{ra.pk}/"
    html = c.get(resp["Location"]).content.decode()
    expected = assess(DC_ENGINE_INPUTS, 1, "max")
    benzene = next(s for s in expected.substances if s.cas == "71-43-2")
    assert f"{benzene.risk.cr_total_soil:.3g}" in html
    assert 'data-step="control"' in html and "risk_unacceptable" in html
    assert html.count('class="share"') >= 2 and "<svg" in html  # the pathway-shares chart
    assert 'id="targets"' in html
    # other district's staff cannot see it; the public is sent to log in
    assert _client(personas, "carol").get(f"/risk/{ra.pk}/").status_code == 404
    assert Client().get(f"/risk/{ra.pk}/").status_code == 302
    # an enterprise sees its plot's assessments but has no form
    erin_page = _client(personas, "erin").get("/plots/T-RK-CY/risk/")
    assert erin_page.status_code == 200 and b'id="risk-form"' not in erin_page.content
    assert _client(personas, "erin").post("/plots/T-RK-CY/risk/", {"land_class": "1"}).status_code == 403


def test_form_errors_are_shown(personas: Any, risk_plots: Any) -> None:
    c = _client(personas, "alice")
    resp = c.post("/plots/T-RK-DC/risk/", {"land_class": "1", "statistic": "max", "layers": ["surface"],
                                           "surface_max_depth_m": "0.5", "params": "NOPE=1", "chem": ""})  # fmt: skip
    assert resp.status_code == 200 and RiskAssessment.objects.count() == 0
    assert "NOPE" in resp.content.decode()


def test_report_html_and_pdf(personas: Any, two: dict[str, RiskAssessment]) -> None:
    c = _client(personas, "bob")
    pk = two["dc"].pk
    html = c.get(f"/risk/{pk}/report/").content.decode()
    assert "@media print" in html and "<svg" in html and "东城风险评估测试地块" in html
    assert "mainnav" not in html  # standalone printable page
    pdf = c.get(f"/risk/{pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000


def test_api_list_retrieve_create(personas: Any, two: dict[str, RiskAssessment]) -> None:
    bob = _client(personas, "bob")
    data = bob.get("/api/risk/assessments/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["id"] for r in rows] == [two["dc"].pk]
    one = bob.get(f"/api/risk/assessments/{two['dc'].pk}/").json()
    assert one["plot"] == "T-RK-DC" and one["outputs"]["substances"]
    assert bob.get(f"/api/risk/assessments/{two['cy'].pk}/").status_code == 404
    made = bob.post("/api/risk/assessments/", {"plot": "T-RK-DC", "land_class": 2, "statistic": "km_mean"},
                    content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["statistic"] == "km_mean" and made.json()["land_class"] == 2
    refused = bob.post("/api/risk/assessments/", {"plot": "T-RK-CY", "land_class": 2},
                       content_type="application/json")  # fmt: skip
    assert refused.status_code == 404
    erin = _client(personas, "erin").post("/api/risk/assessments/", {"plot": "T-RK-CY", "land_class": 2},
                                          content_type="application/json")  # fmt: skip
    assert erin.status_code == 403


def test_cli_risk_assess_json(personas: Any, risk_plots: Any) -> None:
    from jingtu.cli.risk import risk

    res = CliRunner().invoke(
        risk, ["assess", "--plot", "T-RK-DC", "--land-class", "1", "--statistic", "max", "--as", "frank",
               "--format", "json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    expected = assess(DC_ENGINE_INPUTS, 1, "max")
    got = {s["cas"]: s for s in out["outputs"]["substances"]}
    for s in expected.substances:
        assert got[s.cas]["risk"]["cr_total_soil"] == pytest.approx(s.risk.cr_total_soil, rel=1e-9)
        assert got[s.cas]["control"]["control_value"] == pytest.approx(s.control.control_value, rel=1e-9)
    assert out["proposed_step"] == "control" and out["run_by"] == "frank"
    assert RiskAssessment.objects.get(pk=out["id"]).run_by == personas.frank


def test_cli_errors(personas: Any, risk_plots: Any) -> None:
    from jingtu.cli.risk import risk

    r = CliRunner().invoke(risk, ["assess", "--plot", "NOPE", "--land-class", "1"])
    assert r.exit_code != 0 and "NOPE" in r.output
    r = CliRunner().invoke(risk, ["assess", "--plot", "T-RK-CY", "--land-class", "1", "--as", "frank"])
    assert r.exit_code != 0 and "T-RK-CY" in r.output  # not Geo's plot
    r = CliRunner().invoke(risk, ["assess", "--plot", "T-RK-DC", "--land-class", "1", "--param", "EDa=-1"])
    assert r.exit_code != 0 and "EDa" in r.output
    r = CliRunner().invoke(risk, ["assess", "--plot", "T-RK-DC", "--land-class", "1", "--analyte", "50-00-0"])
    assert r.exit_code != 0 and "no usable" in r.output
    assert RiskAssessment.objects.count() == 0
