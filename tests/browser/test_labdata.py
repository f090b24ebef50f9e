"""Browser: a consultant uploads the shipped example EDD to a plot and sees the import report and the exceedance
table, then the chart of one analyte."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import jingtu
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

EXAMPLE = Path(jingtu.__file__).parent / "data" / "edd" / "example_edd.csv"


def test_upload_example_edd_and_see_exceedances(page: Any, live_server: Any, reference_data: None) -> None:
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role
    from jingtu.divisions.models import District
    from jingtu.labdata.models import Result
    from jingtu.orgs.models import Organisation
    from jingtu.plots.actions import create_plot

    admin = create_user(None, username="alice", password="pw-123456", role=Role.MUNICIPAL_ADMIN)
    geo = Organisation.objects.create(code="t.con.geo", name="Geo 咨询（测试）", category="consultant")
    create_user(None, username="frank", password="pw-123456", role=Role.CONSULTANT, organisation=geo)
    create_plot(
        admin,
        code="EX-2025-001",
        name="示例地块",
        district=District.objects.get(code="110101"),
        consultant_org=geo,
    )
    login(page, live_server, "frank", "pw-123456")
    page.goto(f"{live_server.url}/labdata/plots/EX-2025-001/upload/")
    page.set_input_files("#id_file", str(EXAMPLE))
    page.select_option("#id_standard", "gb36600")
    page.select_option("#id_land_class", "1")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#receipt")
    assert page.get_attribute("#status", "data-status") == "accepted", page.inner_text("main")
    stored = int(page.inner_text("#rows-stored"))
    assert stored == Result.objects.filter(derived=False).count() == 29  # the 29 data rows of the example

    page.click("#to-results")
    page.wait_for_selector("#results")
    rows = page.locator("#results tbody tr[data-outcome]")
    assert (
        rows.count()
        == Result.objects.filter(outcome__in=["above_screening", "above_intervention"]).count()
        > 0
    )
    outcomes = {rows.nth(i).get_attribute("data-outcome") for i in range(rows.count())}
    assert outcomes <= {"above_screening", "above_intervention"}
    # lead (铅 480 and 950 mg/kg, class 1: 400 / 800) is in the table; its chart shows two points and both limits
    shots = os.environ.get("JINGTU_SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/labdata-results.png", full_page=True)
    page.click("#results a:text('铅')")
    page.wait_for_selector("#chart svg")
    assert page.locator("#chart svg circle.pt").count() == 2
    assert page.locator("#chart svg .limit-screening").count() == 1
    if shots:
        page.screenshot(path=f"{shots}/labdata-chart.png", full_page=True)
