"""Plan tracking: import → review → confirm → obligations; scoping; progress; lead review; alerts; evaluation."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from jingtu.core import access
from jingtu.core.models import AuditEvent
from jingtu.divisions.models import District
from jingtu.plans import actions
from jingtu.plans.models import Evidence, Measure, Obligation, Plan, ProgressReview

from .conftest import load

pytestmark = pytest.mark.django_db


def test_import_creates_draft_with_measures(personas: Any) -> None:
    plan = actions.import_plan(personas.bob, load("dongcheng_excerpt.json"), district=personas.dongcheng)
    assert plan.status == Plan.Status.DRAFT and plan.year == 2024 and plan.level == "district"
    assert plan.measures.count() == 4
    assert not Obligation.objects.exists()  # nothing before review
    m = plan.measures.get(order=4)
    assert m.task_number == "4" and m.due == dt.date(2024, 12, 31)
    assert m.targets[0]["op"] == ">=" and m.unresolved == ["相关部门"]
    assert AuditEvent.objects.filter(action="import_plan").exists()


def test_carol_cannot_import_a_dongcheng_plan(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.import_plan(personas.carol, load("dongcheng_excerpt.json"), district=personas.dongcheng)
    with pytest.raises(PermissionDenied):  # municipal plans: municipal administrators only
        actions.import_plan(personas.bob, load("municipal_excerpt.json"))


def test_confirm_creates_obligations_per_resolved_unit(dongcheng_plan: Any) -> None:
    obs = Obligation.objects.filter(measure__plan=dongcheng_plan)
    # measure 1: 3 lead + 4 departments + 17 streets (各街道（地区） expanded); 2 and 3: 3 each;
    # measure 4: 2 lead + 区住房城市建设委 (相关部门 is vague and stays unresolved)
    assert obs.count() == 24 + 3 + 3 + 3
    m1 = dongcheng_plan.measures.get(order=1)
    assert m1.obligations.filter(organisation__code__startswith="110101.st.").count() == 17
    assert set(m1.obligations.filter(role="lead").values_list("organisation__code", flat=True)) == {
        "110101.eeb",
        "110101.landscape",
        "110101.prnr",
    }
    assert set(obs.values_list("district__code", flat=True)) == {"110101"}
    m4 = dongcheng_plan.measures.get(order=4)
    assert m4.unresolved == ["相关部门"]
    assert m4.resolution["cooperating"][1]["note"].startswith("vague")
    assert dongcheng_plan.status == Plan.Status.CONFIRMED
    assert AuditEvent.objects.filter(action="confirm_plan.obligations").get().changes["obligations"] == 33


def test_review_correction_changes_obligations(personas: Any) -> None:
    plan = actions.import_plan(personas.bob, load("dongcheng_excerpt.json"), district=personas.dongcheng)
    m4 = plan.measures.get(order=4)
    # the reviewer replaces the vague 相关部门 by the unit meant
    actions.update_measure(personas.bob, m4, cooperating=["区住房城市建设委", "区城市管理委（交通委）"])
    m4.refresh_from_db()
    assert m4.edited
    actions.confirm_plan(personas.bob, plan)
    m4.refresh_from_db()
    assert m4.unresolved == []
    assert m4.obligations.filter(organisation__code="110101.urban", role="cooperating").exists()
    with pytest.raises(actions.PlanError):
        actions.update_measure(personas.bob, m4, text="too late")
    with pytest.raises(actions.PlanError):
        actions.confirm_plan(personas.bob, plan)


def test_municipal_plan_each_district_government_and_named_district(
    personas: Any, municipal_plan: Any
) -> None:
    m1, m2 = municipal_plan.measures.order_by("order")
    govs = m1.obligations.filter(role="responsible")
    assert govs.count() == 16
    assert {o.organisation.code for o in govs} == {f"{o.district.code}.gov" for o in govs}
    assert m1.obligations.get(role="lead").district is None  # 市生态环境局: municipal
    assert m2.districts == ["110112"]
    # the measure names 通州区 in its text: Tongzhou's government answers for it (属地)
    named = m2.obligations.get(role="named")
    assert named.organisation.code == "110112.gov" and named.district.code == "110112"
    # Chaoyang's staff see Chaoyang's government obligation, not Dongcheng's
    carol_obs = access.scope(personas.carol, Obligation.objects.all())
    assert list(carol_obs.values_list("organisation__code", flat=True)) == ["110105.gov"]


def test_district_user_sees_own_district_only(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    assert access.scope(personas.bob, Obligation.objects.all()).count() == 33
    assert access.scope(personas.carol, Obligation.objects.all()).count() == 0
    assert access.scope(personas.paul, Obligation.objects.all()).count() == 0
    client.force_login(personas.carol)
    assert "东城区生态环境局" not in client.get("/plans/obligations/mine/").content.decode()
    client.force_login(personas.bob)
    page = client.get("/plans/obligations/mine/").content.decode()
    assert "东城区生态环境局" in page and "东华门街道" in page


def test_district_view_lists_municipal_measures_naming_the_district(
    personas: Any, municipal_plan: Any, client: Any
) -> None:
    client.force_login(personas.alice)
    page = client.get("/plans/obligations/district/110112/").content.decode()
    assert "通州区人民政府" in page  # 各区政府 → Tongzhou's government
    assert "城市副中心" in page  # the measure naming 通州区 in its text
    page = client.get("/plans/obligations/district/110105/").content.decode()
    assert "城市副中心" not in page


def _ob(plan: Any, order: int, code: str) -> Obligation:
    return Obligation.objects.get(measure__plan=plan, measure__order=order, organisation__code=code)


def test_department_staff_reports_only_on_own_unit(personas: Any, dongcheng_plan: Any) -> None:
    own = _ob(dongcheng_plan, 2, "110101.prnr")  # dan works for 东城规自分局
    other = _ob(dongcheng_plan, 2, "110101.eeb")
    f = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    report = actions.report_progress(
        personas.dan, own, status="in_progress", narrative="已完成系统填报的60%", files=[f]
    )
    assert Evidence.objects.get(report=report).name == "证明.pdf"
    own.refresh_from_db()
    assert own.status == "in_progress"
    with pytest.raises(PermissionDenied):
        actions.report_progress(personas.dan, other, status="completed", narrative="不是我单位")
    with pytest.raises(PermissionDenied):
        actions.report_progress(personas.carol, own, status="completed", narrative="朝阳不管东城")
    with pytest.raises(PermissionDenied):
        actions.report_progress(personas.dave, own, status="completed", narrative="市规自委不是分局")


def test_lead_unit_reviews(personas: Any, dongcheng_plan: Any, eeb_user: Any) -> None:
    ob = _ob(dongcheng_plan, 2, "110101.prnr")  # cooperating; lead is 110101.eeb
    report = actions.report_progress(personas.dan, ob, status="completed", narrative="填报完成")
    ob.refresh_from_db()
    assert ob.status == "completed" and ob.completed_on is not None
    with pytest.raises(PermissionDenied):  # dan's unit is not the lead of this measure
        actions.review_report(personas.dan, report, decision="accepted")
    with pytest.raises(actions.PlanError):
        actions.review_report(eeb_user, report, decision="returned", comment="")
    review = actions.review_report(eeb_user, report, decision="returned", comment="缺少佐证材料")
    assert review.reviewer.code == "110101.eeb"
    ob.refresh_from_db()
    assert ob.status == "not_started" and ob.completed_on is None  # the returned report no longer counts
    report2 = actions.report_progress(personas.dan, ob, status="completed", narrative="补充材料后完成")
    actions.review_report(eeb_user, report2, decision="accepted")
    ob.refresh_from_db()
    assert ob.status == "completed"
    assert ProgressReview.objects.filter(report__obligation=ob).count() == 2
    assert AuditEvent.objects.filter(action="review_report").count() == 2


def test_overdue_and_due_soon(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    from jingtu.engines.evaluation import DeadlineState, deadline_state

    ob = _ob(dongcheng_plan, 1, "110101.eeb")
    assert deadline_state(ob.due, None, dt.date(2025, 1, 1)) is DeadlineState.OVERDUE
    assert deadline_state(ob.due, None, dt.date(2024, 12, 15)) is DeadlineState.DUE_SOON
    client.force_login(personas.bob)
    page = client.get("/plans/alerts/").content.decode()
    # today (2026) every 2024 obligation is overdue
    assert page.count('class="state-overdue"') == 33
    actions.report_progress(personas.bob, ob, status="completed", narrative="完成")
    page = client.get("/plans/alerts/").content.decode()
    assert page.count('class="state-overdue"') == 32


def test_evaluation_hand_computed(personas: Any, dongcheng_plan: Any) -> None:
    # 2 of the 33 obligations completed on time, 1 late; the rest missed at the end of Q4 2024
    obs = list(Obligation.objects.filter(measure__plan=dongcheng_plan).order_by("pk"))
    for ob, done in zip(obs[:3], ["2024-06-01", "2024-12-31", "2025-01-15"], strict=True):
        actions.report_progress(
            personas.bob, ob, status="completed", narrative="完成", reported_on=dt.date.fromisoformat(done)
        )
    ev = actions.compute_evaluation(
        personas.bob,
        personas.dongcheng,
        2024,
        4,
        values={
            "construction_land_safe_use": 100.0,
            "farmland_safe_use": None,
            "monitoring_compliance": 45.0,
            "green_remediation_share": 50.0,
            "soil_reuse_share": 15.0,
        },
    )
    # soil: (0.4*100 + 0.3*50) / 0.7 (farmland missing) = 78.571...; tasks: assessed 32 by 2024-12-31
    # (the late one completed in 2025 counts as missed) -> 2/33... see below; green: 0.5*100+0.5*50 = 75
    soil = (0.4 * 100 + 0.3 * 50) / 0.7
    tasks = 100 * 2 / 33  # 33 due by 2024-12-31, 2 completed by then (on time), 31 missed
    green = 75.0
    assert ev.scores["soil"]["score"] == pytest.approx(soil)
    assert ev.scores["tasks"]["score"] == pytest.approx(tasks)
    assert ev.tasks == {"assessed": 33, "on_time": 2, "late": 0, "missed": 31, "period_end": "2024-12-31"}
    assert ev.scores["green"]["score"] == pytest.approx(green)
    assert ev.total == pytest.approx(0.4 * soil + 0.4 * tasks + 0.2 * green)
    with pytest.raises(PermissionDenied):
        actions.compute_evaluation(personas.carol, personas.dongcheng, 2024, 4, values={})
    # recomputing updates the same row, with other weights
    ev2 = actions.compute_evaluation(
        personas.bob, personas.dongcheng, 2024, 4, values={}, weights={"soil": 0, "tasks": 1, "green": 0}
    )
    assert ev2.pk == ev.pk and ev2.total == pytest.approx(tasks)


def test_pages_render(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    client.force_login(personas.bob)
    ob = _ob(dongcheng_plan, 2, "110101.eeb")
    for url in [
        "/plans/",
        f"/plans/{dongcheng_plan.pk}/review/",
        f"/plans/{dongcheng_plan.pk}/matrix/",
        f"/plans/obligations/{ob.pk}/",
        "/plans/obligations/district/110101/",
        "/plans/evaluations/",
        "/plans/year-end/?district=110101&year=2024",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    matrix = client.get(f"/plans/{dongcheng_plan.pk}/matrix/").content.decode()
    assert "东城区生态环境局" in matrix and "牵" in matrix
    client.force_login(personas.carol)
    assert client.get(f"/plans/obligations/{ob.pk}/").status_code == 404


def test_progress_form_with_evidence_upload(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    ob = _ob(dongcheng_plan, 2, "110101.eeb")
    client.force_login(personas.bob)
    r = client.post(
        f"/plans/obligations/{ob.pk}/",
        {
            "status": "in_progress",
            "narrative": "已填报20个地块",
            "indicators": "填报地块数 = 20\n安全利用率 = 100%",
            "evidence": SimpleUploadedFile(
                "台账.xlsx", b"PK\x03\x04 fake", content_type="application/octet-stream"
            ),
        },
    )
    assert r.status_code == 302
    report = ob.reports.get()
    assert report.indicator_values == {"填报地块数": 20.0, "安全利用率": 100.0}
    evidence = report.evidence.get()
    r = client.get(f"/plans/evidence/{evidence.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"PK\x03\x04 fake"
    client.force_login(personas.carol)
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 404


def test_year_end_excel_opens(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    from openpyxl import load_workbook

    ob = _ob(dongcheng_plan, 2, "110101.eeb")
    actions.report_progress(personas.bob, ob, status="completed", narrative="已完成填报")
    client.force_login(personas.bob)
    r = client.get("/plans/year-end/?district=110101&year=2024&format=xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["汇总", "责任事项"]
    rows = list(wb["责任事项"].iter_rows(values_only=True))
    assert rows[0][0] == "计划" and len(rows) == 1 + 33
    assert any(row[11] == "已完成填报" for row in rows[1:])
    assert wb["汇总"]["A1"].value == "东城区2024年度净土保卫战工作进展报告"
    # the city report for a district user holds only what they may see
    r = client.get("/plans/year-end/?year=2024&format=xlsx")
    assert len(list(load_workbook(io.BytesIO(r.content))["责任事项"].iter_rows())) == 34


def test_pdf_reports(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    ev = actions.compute_evaluation(
        personas.bob, personas.dongcheng, 2024, 4, values={"construction_land_safe_use": 100.0}
    )
    client.force_login(personas.bob)
    html = client.get(f"/plans/evaluations/{ev.pk}/").content.decode()
    assert "东城区2024年第4季度土壤污染治理效果评价" in html and "@page" in html
    for url in [
        f"/plans/evaluations/{ev.pk}/?format=pdf",
        "/plans/year-end/?district=110101&year=2024&format=pdf",
    ]:
        r = client.get(url)
        assert r.status_code == 200, r.content[:300]
        assert r.content.startswith(b"%PDF")


def test_seed_plan_import_through_the_parser(personas: Any) -> None:
    """The real Dongcheng 2024 plan, parsed by the plan parser engine, produces obligations."""
    pytest.importorskip(
        "jingtu.cli.plan", reason="the plan parser (jingtu plan parse) is not in this tree yet"
    )
    from jingtu.plans.parsing import parse_document

    parsed = parse_document("/work/shared/seeds/plan_dongcheng_2024.txt", year=2024)
    plan = actions.import_plan(personas.bob, parsed, district=District.objects.get(code="110101"))
    assert plan.measures.count() >= 27
    receipt = actions.confirm_plan(personas.bob, plan)
    assert receipt["obligations"] > receipt["measures"]
    assert Measure.objects.filter(plan=plan, obligations__organisation__code="110101.eeb").exists()


def test_admin_lists_are_scoped(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    personas.alice.is_superuser = True  # Django model permissions are not granted by role
    personas.alice.save()
    client.force_login(personas.alice)
    for url in ["/admin/plans/plan/", "/admin/plans/obligation/", "/admin/plans/evaluation/"]:
        assert client.get(url).status_code == 200, url
    r = client.get("/admin/plans/obligation/")
    assert "北京市东城区生态环境局" in r.content.decode()


def test_municipal_fyp_measures_naming_districts(personas: Any) -> None:
    """The municipal 14th FYP assigns no unit per measure; measures naming districts land on those districts."""
    pytest.importorskip(
        "jingtu.cli.plan", reason="the plan parser (jingtu plan parse) is not in this tree yet"
    )
    from jingtu.plans.parsing import parse_document

    parsed = parse_document("/work/shared/seeds/soil_plan_beijing_14th_fyp.txt", year=2025)
    plan = actions.import_plan(personas.alice, parsed, year=2025)
    receipt = actions.confirm_plan(personas.alice, plan)
    assert receipt["obligations"] > 0
    obs = Obligation.objects.filter(measure__plan=plan)
    assert set(obs.values_list("role", flat=True)) == {"named"}
    tongzhou = obs.filter(district__code="110112")
    assert tongzhou.exists() and {o.organisation.code for o in tongzhou} == {"110112.gov"}
    # each named district's government once per measure
    for m in plan.measures.exclude(districts=[]):
        assert m.obligations.count() == len(set(m.districts))


def test_web_import_review_edit_confirm(personas: Any, client: Any) -> None:
    """The import form runs the parser on the real Dongcheng plan; a correction is saved; confirm creates
    obligations."""
    pytest.importorskip(
        "jingtu.cli.plan", reason="the plan parser (jingtu plan parse) is not in this tree yet"
    )
    client.force_login(personas.bob)
    with open("/work/shared/seeds/plan_dongcheng_2024.txt", "rb") as fh:
        r = client.post("/plans/", {"file": fh, "district": "110101", "year": "2024"})
    assert r.status_code == 302, r.content.decode()[:2000]
    plan = Plan.objects.get()
    assert plan.status == "draft" and plan.parser_version and plan.measures.count() >= 27
    source = client.get(f"/plans/{plan.pk}/source/")
    assert source.status_code == 200 and "东城区净土保卫战" in b"".join(source.streaming_content).decode()
    m = plan.measures.get(order=1)
    data = {
        f"m{m.pk}-text": m.text,
        f"m{m.pk}-task_number": m.task_number,
        f"m{m.pk}-task_title": m.task_title,
        f"m{m.pk}-deadline_text": "6月底前",
        f"m{m.pk}-due": "2024-06-30",
        f"m{m.pk}-lead": "区生态环境局",
        f"m{m.pk}-responsible": "",
        f"m{m.pk}-cooperating": "区经信局、区应急局",
        f"m{m.pk}-districts": "",
    }
    assert client.post(f"/plans/measures/{m.pk}/edit/", data).status_code == 302
    m.refresh_from_db()
    assert m.edited and m.due == dt.date(2024, 6, 30) and m.cooperating == ["区经信局", "区应急局"]
    client.force_login(personas.carol)  # another district cannot confirm
    client.post(f"/plans/{plan.pk}/confirm/")
    plan.refresh_from_db()
    assert plan.status == "draft"
    client.force_login(personas.bob)
    assert client.post(f"/plans/{plan.pk}/confirm/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "confirmed"
    assert set(m.obligations.values_list("organisation__code", "role")) == {
        ("110101.eeb", "lead"),
        ("110101.econit", "cooperating"),
        ("110101.emergency", "cooperating"),
    }
    assert set(m.obligations.values_list("due", flat=True)) == {dt.date(2024, 6, 30)}


def test_web_import_reports_parser_errors(personas: Any, client: Any) -> None:
    client.force_login(personas.bob)
    bad = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 not supported", content_type="application/pdf")
    r = client.post("/plans/", {"file": bad, "district": "110101"})
    assert r.status_code == 200 and not Plan.objects.exists()
    assert "plan.pdf" in r.content.decode() or "pdf" in r.content.decode().lower()
