"""End to end, in a real browser: a Dongcheng district user takes a plot from 疑似污染地块 to 后期管理 through the web UI,
uploading the reports, recording the expert reviews and confirming the list changes; the audit history shows every
step and the public page shows the plot as removed from the list."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXPERTS = "张三、李四、王五"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _state(page: Any) -> str:
    return str(page.get_attribute("#state", "data-state"))


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button.primary")


def _newest(page: Any, select: str) -> None:
    """Choose the newest row (lists are newest first; option 0 is the empty choice)."""
    value = page.locator(f"{select} option").nth(1).get_attribute("value")
    page.select_option(select, value)


def _upload(page: Any, tmp: Path, doc_type: str, title: str, author: str = "京环环境咨询") -> None:
    f = tmp / f"{doc_type}.pdf"
    f.write_bytes(PDF)
    page.select_option("#doc_doc_type", doc_type)
    page.fill("#doc_title", title)
    page.fill("#doc_author_org", author)
    page.set_input_files("#doc_file", str(f))
    _submit(page, "#document-form")
    assert page.locator("#documents").inner_text().count(title) >= 1


def _review(page: Any, subject: str, conclusion: str, post_management: bool = False) -> None:
    page.select_option("#rev_subject", subject)
    page.fill("#rev_experts", EXPERTS)
    page.select_option("#rev_conclusion", conclusion)
    page.fill("#rev_organiser", "东城区生态环境局")
    if post_management:
        page.check("#rev_post_management_required")
    _newest(page, "#rev_document")
    _submit(page, "#review-form")


def _transition(page: Any, to: str, *, review: bool = False, document: bool = False, **dates: str) -> None:
    page.select_option("#tr_to_state", to)
    if review:
        _newest(page, "#tr_review")
    if document:
        _newest(page, "#tr_document")
    for name, value in dates.items():
        page.fill(f"#tr_{name}", value)
    _submit(page, "#transition-form")
    assert _state(page) == to, page.locator("ul.messages").inner_text()


def test_district_user_takes_a_plot_through_its_lifecycle(
    page: Any, live_server: Any, reference_data: None, media: Path
) -> None:
    from django.contrib.gis.geos import MultiPolygon, Polygon
    from django.utils import timezone

    from jingtu.accounts.actions import create_user
    from jingtu.core.models import AuditEvent
    from jingtu.core.roles import Role
    from jingtu.divisions.models import District
    from jingtu.plots import actions
    from jingtu.plots.models import Plot

    dongcheng = District.objects.get(code="110101")
    bob = create_user(
        None, username="bob", password="pw-123456", role=Role.DISTRICT_STAFF, district=dongcheng
    )
    ring = ((116.41, 39.91), (116.412, 39.91), (116.412, 39.9115), (116.41, 39.9115), (116.41, 39.91))
    plot = actions.create_plot(
        bob,
        code="E2E-001",
        name="东城某化工厂原址地块（测试）",
        district=dongcheng,
        boundary=MultiPolygon(Polygon(ring), srid=4490),
        land_use_current="M1",
        land_use_planned="B1",
    )
    today = timezone.localdate().isoformat()

    login(page, live_server, "bob", "pw-123456")
    page.click("nav.mainnav >> text=地块")
    page.click("text=E2E-001")
    page.wait_for_selector("#plot-map.loaded")
    assert page.get_attribute("#plot-map", "data-feature-count") == "1"
    assert _state(page) == "suspected"

    # an illegal jump is refused with the rule and its clause, and nothing changes
    page.select_option("#tr_to_state", "preliminary_investigation")
    _submit(page, "#transition-form")
    assert "LC-X06" in page.locator("ul.messages").inner_text()
    assert _state(page) == "suspected"

    _transition(page, "preliminary_investigation", started_on=today)
    _upload(page, media, "preliminary_investigation_report", "初步调查报告")
    _review(page, "preliminary_investigation_report", "exceeds_screening")
    _transition(page, "detailed_investigation", review=True)
    _upload(page, media, "detailed_investigation_report", "详细调查报告")
    _review(page, "detailed_investigation_report", "exceeds_screening")
    _transition(page, "risk_assessment", review=True)
    _upload(page, media, "risk_assessment_report", "风险评估报告")
    _review(page, "risk_assessment_report", "risk_unacceptable")
    # the review proposes entering the 名录; a person confirms it
    assert page.locator("#proposals").is_visible()
    with page.expect_navigation():
        page.click("#proposals button[value=confirm]")
    assert _state(page) == "listed"
    _upload(page, media, "control_or_remediation_plan", "修复方案")
    _transition(page, "under_control_or_remediation", document=True, filed_on=today)
    _upload(page, media, "effect_evaluation_report", "效果评估报告", author="另一家效果评估单位")
    _transition(page, "effect_evaluation", document=True, completed_on=today)
    _review(page, "effect_evaluation_report", "targets_met", post_management=True)
    with page.expect_navigation():
        page.click("#proposals button[value=confirm]")
    assert _state(page) == "delisted"
    _upload(page, media, "post_management_plan", "后期管理计划")
    _transition(page, "post_management", document=True)

    # the timeline and the audit history show every step
    timeline = page.locator("#timeline li")
    assert timeline.count() == 8
    history = page.locator("#history").inner_text()
    for action, label in (
        ("create_plot", "登记地块"),
        ("attach_document", "上传文件"),
        ("record_review", "记录专家评审"),
        ("propose_list_change", "提出名录变更"),
        ("confirm_proposal", "确认提议"),
        ("remediation_list_enter", "列入风险管控和修复名录"),
        ("remediation_list_exit", "移出风险管控和修复名录"),
        ("transition", "状态变更"),
        ("gate_refused", "状态变更被拒"),
    ):
        assert label in history, label  # the readable label, the raw action name as its tooltip
        assert page.locator(f'#history td.action[title="{action}"]').count() >= 1, action
    plot = Plot.objects.get(pk=plot.pk)
    assert plot.state == "post_management"
    assert AuditEvent.objects.filter(action="transition", object_id=str(plot.pk)).count() == 8
    assert page.locator("#history tbody tr").count() >= 30

    # the public (signed out) sees it among the plots that left the list
    page.goto(f"{live_server.url}/public/")
    assert "E2E-001" in page.locator("#public-left").inner_text()
    assert "E2E-001" not in page.locator("#public-listed").inner_text()
    page.wait_for_selector("#public-map.loaded")
    # the district outlines (public reference data) drawn under the plot, in their own lower pane
    assert int(page.get_attribute("#public-map", "data-district-count") or 0) >= 16
    assert page.locator("#public-map .leaflet-districts-pane path").count() >= 16
    assert page.get_attribute("#public-map", "data-feature-count") == "1"
    out = os.environ.get("JINGTU_SCREENSHOT_DIR")
    if out:
        page.screenshot(path=f"{out}/public.png", full_page=True)


def test_district_user_registers_a_plot_and_imports_its_boundary(
    page: Any, live_server: Any, reference_data: None, tmp_path: Path
) -> None:
    import json

    from pyproj import Transformer

    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role
    from jingtu.divisions.models import District
    from jingtu.plots.models import Plot

    dongcheng = District.objects.get(code="110101")
    create_user(None, username="bob", password="pw-123456", role=Role.DISTRICT_STAFF, district=dongcheng)
    login(page, live_server, "bob", "pw-123456")
    page.click("nav.mainnav >> text=地块")
    with page.expect_navigation():
        page.click("#new-plot")
    page.fill("#id_code", "WEB-E2E")
    page.fill("#id_name", "网页登记的地块")
    page.fill("#id_street", "东直门街道")
    page.fill("#id_land_use_current", "M1")
    page.fill("#id_land_use_planned", "R2")
    page.select_option("#id_industry", "chemical")
    with page.expect_navigation():
        page.click("#plot-form button.primary")
    assert "一住两公" in page.locator("table.kv").inner_text()

    # the boundary, in Gauss–Krüger metres (CM117) without a declared CRS: refused, then imported when stated
    t = Transformer.from_crs(4490, 4548, always_xy=True)
    ring = [
        list(t.transform(x, y))
        for x, y in ((116.41, 39.91), (116.412, 39.91), (116.412, 39.9115), (116.41, 39.91))
    ]
    path = tmp_path / "boundary.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
        "type": "Polygon", "coordinates": [ring]}, "properties": {"code": "WEB-E2E"}}]}), encoding="utf-8")  # fmt: skip
    page.goto(f"{live_server.url}/plots/import/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("#import-form button.primary")
    errors_text = page.locator("#import-errors").inner_text()
    assert (
        "CM117" in errors_text and "未声明坐标系" in errors_text
    )  # the engine's refusal, in the page language
    assert Plot.objects.get(code="WEB-E2E").boundary is None
    page.set_input_files("#id_file", str(path))
    page.fill("#id_crs", "CM117")
    with page.expect_navigation():
        page.click("#import-form button.primary")
    assert "EPSG:4548（用户指定）" in page.locator("#import-receipt").inner_text()
    assert (page.get_attribute("#import-receipt .crs", "title") or "").startswith(
        "EPSG:4548 (stated by user)"
    )
    with page.expect_navigation():
        page.click("#import-receipt >> text=WEB-E2E")
    page.wait_for_selector("#plot-map.loaded")
    assert page.get_attribute("#plot-map", "data-feature-count") == "1"
    assert "导入地块" in page.locator("#history").inner_text()
    assert page.locator('#history td.action[title="import_plots"]').count() == 1
    assert Plot.objects.get(code="WEB-E2E").area_m2 > 0
