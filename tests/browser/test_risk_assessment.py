"""Browser: a consultant uploads an EDD to a plot (lab-data upload page), opens the plot, runs a risk assessment from
the form and sees the per-substance tables, the pathway-shares chart, the control values as targets and the proposed step; the
printable report opens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login
from tests.labdata.edd import csv_bytes
from tests.risk.conftest import DC_ENGINE_INPUTS, edd_rows

pytestmark = pytest.mark.browser


def test_run_assessment_from_plot_page(
    page: Any, live_server: Any, reference_data: None, tmp_path: Any
) -> None:
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role
    from jingtu.divisions.models import District
    from jingtu.engines.risk import assess
    from jingtu.orgs.models import Organisation
    from jingtu.plots.actions import create_plot
    from jingtu.risk.models import RiskAssessment

    admin = create_user(None, username="alice", password="pw-123456", role=Role.MUNICIPAL_ADMIN)
    geo = Organisation.objects.create(code="t.con.geo", name="Geo 咨询（测试）", category="consultant")
    create_user(None, username="frank", password="pw-123456", role=Role.CONSULTANT, organisation=geo)
    create_plot(
        admin, code="T-RK-DC", name="东城风险评估测试地块", district=District.objects.get(code="110101"),
        consultant_org=geo, land_use_planned="R2",
    )  # fmt: skip
    edd = tmp_path / "rk.csv"
    edd.write_bytes(csv_bytes(edd_rows()))

    login(page, live_server, "frank", "pw-123456")
    page.goto(f"{live_server.url}/labdata/plots/T-RK-DC/upload/")
    page.set_input_files("#id_file", str(edd))
    page.select_option("#id_standard", "gb36600")
    page.select_option("#id_land_class", "1")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#receipt")
    assert page.get_attribute("#status", "data-status") == "accepted", page.inner_text("main")

    page.goto(f"{live_server.url}/plots/T-RK-DC/")
    page.click("#to-risk")
    page.wait_for_selector("#risk-form")
    page.select_option("#id_land_class", "1")
    page.select_option("#id_statistic", "max")
    page.click("#run-assessment")
    page.wait_for_selector("#proposal")

    ra = RiskAssessment.objects.get()
    assert ra.run_by.username == "frank"
    expected = assess(DC_ENGINE_INPUTS, 1, "max")
    assert (
        page.get_attribute("#proposal", "data-step")
        == "control"
        == ("control" if expected.proposed_step != "acceptable" else "acceptable")
    )
    sections = page.locator("section.substance")
    assert sections.count() == len(expected.substances) == 2
    benzene = next(s for s in expected.substances if s.cas == "71-43-2")
    cr_text = page.inner_text("section.substance[data-cas='71-43-2'] .cr-total-soil")
    assert cr_text == f"{benzene.risk.cr_total_soil:.3g}"
    surface_used = page.inner_text("section.substance[data-cas='71-43-2'] tr[data-layer='surface'] td.used")
    assert float(surface_used) == pytest.approx(5.2)  # 5200 µg/kg maximum, converted to mg/kg
    assert page.locator("#chart svg rect.share").count() >= 2
    assert page.locator("#targets tbody tr").count() == len(expected.targets)

    page.click("#to-report")
    page.wait_for_selector("body.report")
    assert page.locator("svg.shares-chart").count() == 1
