"""Real browser: an imported plan becomes obligations that a district user sees and reports on (with evidence);
the evaluation report renders."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("JINGTU_SCREENSHOT_DIR")  # set to keep screenshots of each screen


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"plans-{name}.png"), full_page=True)


SEED = Path(__file__).resolve().parents[1] / "engines" / "golden" / "sources" / "plan_dongcheng_2024.txt"
EXCERPT = Path(__file__).parents[1] / "plans" / "data" / "dongcheng_excerpt.json"


def _bob() -> Any:
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role
    from jingtu.divisions.models import District

    return create_user(
        None,
        username="bob",
        password="pw-123456",
        role=Role.DISTRICT_STAFF,
        district=District.objects.get(code="110101"),
    )


def test_plan_to_obligation_report_and_evaluation(
    page: Any, live_server: Any, reference_data: None, tmp_path: Path
) -> None:
    from jingtu.plans.models import Evidence, Obligation, Plan

    bob = _bob()
    login(page, live_server, "bob", "pw-123456")
    if importlib.util.find_spec("jingtu.cli.plan") is not None:
        # the whole path through the UI: upload the real Dongcheng plan, the parser turns it into measures
        page.goto(f"{live_server.url}/plans/")
        page.set_input_files("#id_file", str(SEED))
        page.select_option("#id_district", "110101")
        page.fill("#id_year", "2024")
        page.click("#import-form button[type=submit]")
        page.wait_for_url("**/review/")
    else:
        # parser not in this build: import its contract output, then review and confirm in the browser
        from jingtu.divisions.models import District
        from jingtu.plans import actions

        parsed = json.loads(EXCERPT.read_text(encoding="utf-8"))
        plan = actions.import_plan(bob, parsed, district=District.objects.get(code="110101"))
        page.goto(f"{live_server.url}/plans/{plan.pk}/review/")
    assert page.locator("section.measure").count() >= 4
    _shot(page, "review")
    page.click("#confirm-plan")
    page.wait_for_url("**/matrix/")
    assert Plan.objects.get().status == "confirmed"
    assert page.locator("table.matrix a.cell-role").count() == Obligation.objects.count()
    _shot(page, "matrix")

    # bob (东城区 district bureau) sees the district's obligations
    page.goto(f"{live_server.url}/plans/obligations/mine/")
    assert page.locator("table.obligations tbody tr").count() == Obligation.objects.count()
    assert page.get_by_text("北京市东城区生态环境局").first.is_visible()
    page.locator("table.obligations tbody tr a").first.click()
    page.wait_for_selector("#progress-form")

    evidence = tmp_path / "填报截图.txt"
    evidence.write_text("系统填报完成截图说明", encoding="utf-8")
    page.select_option("#id_status", "completed")
    page.fill("#id_narrative", "已按要求完成填报。")
    page.fill("#id_indicators", "填报地块数 = 12")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector("a.evidence-link")
    assert page.locator("a.evidence-link").inner_text() == "填报截图.txt"
    assert Evidence.objects.count() == 1
    _shot(page, "obligation")
    assert Obligation.objects.filter(status="completed").count() == 1

    # Chaoyang's staff do not see Dongcheng's obligations
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role
    from jingtu.divisions.models import District

    create_user(
        None,
        username="carol",
        password="pw-123456",
        role=Role.DISTRICT_STAFF,
        district=District.objects.get(code="110105"),
    )
    carol = page.context.browser.new_context(locale="zh-CN").new_page()
    login(carol, live_server, "carol", "pw-123456")
    carol.goto(f"{live_server.url}/plans/obligations/mine/")
    assert carol.locator("table.obligations a").count() == 0
    carol.context.close()

    # quarterly evaluation and its printable report
    page.goto(f"{live_server.url}/plans/evaluations/")
    page.select_option("#id_district", "110101")
    page.fill("#id_year", "2024")
    page.select_option("#id_quarter", "4")
    page.fill("#id_v_construction_land_safe_use", "100")
    page.fill("#id_v_monitoring_compliance", "90")
    page.click("#evaluation-form button[type=submit]")
    page.wait_for_selector("#eval-total")
    assert "东城区2024年第4季度土壤污染治理效果评价" in page.locator("h1").inner_text()
    assert float(page.locator("#eval-total").inner_text()) > 0
    _shot(page, "evaluation")
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    page.emulate_media(media="screen")

    # the lead unit (bob signs for 区生态环境局) accepts the report; the year-end report lists each measure once
    ob = Obligation.objects.get(status="completed")
    page.goto(f"{live_server.url}/plans/obligations/{ob.pk}/")
    page.select_option("form.review-form select", "accepted")
    page.click("form.review-form button[type=submit]")
    page.wait_for_selector("p.review-accepted")
    from jingtu.plans.models import ProgressReview

    assert list(ProgressReview.objects.values_list("decision", flat=True)) == ["accepted"]
    page.goto(f"{live_server.url}/plans/year-end/?district=110101&year=2024")
    plan = Plan.objects.get()
    assert page.locator("table.year-end tbody tr").count() == plan.measures.count()
    assert page.locator("table.year-end .state-done_late, table.year-end .state-done").count() == 1
    _shot(page, "year-end")
