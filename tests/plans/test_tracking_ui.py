"""What a user meets on the tracking screens: the plan's district taken from its title, several evidence files
in one report with the measure's targets ready to fill, the year-end report one row per measure, references
``section·task``, obligations without a due date listed last."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from jingtu.plans import actions, reports
from jingtu.plans.models import Obligation, Plan

from .conftest import load

pytestmark = pytest.mark.django_db


def _with_district(name: str, code: str | None) -> dict[str, Any]:
    parsed = load(name)
    parsed["district"] = code  # what the parser reports from the title (东城区净土保卫战… → 110101)
    return parsed


def test_import_takes_the_district_from_the_title(personas: Any) -> None:
    plan = actions.import_plan(personas.bob, _with_district("dongcheng_excerpt.json", "110101"))
    assert plan.district == personas.dongcheng and plan.level == Plan.Level.DISTRICT
    with pytest.raises(PermissionDenied):  # Chaoyang staff cannot import Dongcheng's plan by leaving it blank
        actions.import_plan(personas.carol, _with_district("dongcheng_excerpt.json", "110101"))
    municipal = actions.import_plan(personas.alice, _with_district("municipal_excerpt.json", None))
    assert municipal.district is None and municipal.level == Plan.Level.MUNICIPAL


def test_web_import_without_choosing_the_district(personas: Any, client: Any) -> None:
    client.force_login(personas.bob)
    with open("/work/shared/seeds/plan_dongcheng_2024.txt", "rb") as fh:
        r = client.post("/plans/", {"file": fh, "district": "", "year": ""})
    assert r.status_code == 302, r.content.decode()[:1000]
    plan = Plan.objects.get()
    assert (plan.district, plan.year) == (personas.dongcheng, 2024)
    form = client.get("/plans/").content.decode()
    assert "按标题中的区名" in form  # the blank choice says what it does


def test_several_evidence_files_and_prefilled_targets(
    personas: Any, dongcheng_plan: Any, client: Any
) -> None:
    ob = Obligation.objects.get(
        measure__plan=dongcheng_plan, measure__order=4, organisation__code="110101.eeb"
    )
    client.force_login(personas.bob)
    page = client.get(f"/plans/obligations/{ob.pk}/").content.decode()
    assert "重点建设用地安全利用率 = </textarea>" in page  # the measure's target, ready for its value
    assert 'type="file" name="evidence" multiple' in page
    r = client.post(
        f"/plans/obligations/{ob.pk}/",
        {
            "status": "in_progress",
            "narrative": "已核查12个地块",
            "indicators": "重点建设用地安全利用率 = 100\n监测点位达标率 = ",  # a line left blank is skipped
            "evidence": [
                SimpleUploadedFile("台账.xlsx", b"PK\x03\x04 a", content_type="application/octet-stream"),
                SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff b", content_type="image/jpeg"),
            ],
        },
    )
    assert r.status_code == 302
    report = ob.reports.get()
    assert report.indicator_values == {"重点建设用地安全利用率": 100.0}
    contents = []
    for e in report.evidence.all():
        with e.file.open("rb") as fh:
            contents.append(fh.read())
    assert sorted(contents) == [b"PK\x03\x04 a", b"\xff\xd8\xff b"]
    page = client.get(f"/plans/obligations/{ob.pk}/").content.decode()
    assert '<option value="in_progress" selected>' in page  # the form starts from the current status


def test_year_end_report_one_row_per_measure(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    client.force_login(personas.bob)
    html = client.get("/plans/year-end/?district=110101&year=2024").content.decode()
    m1 = dongcheng_plan.measures.get(order=1)
    assert html.count(m1.text[:20]) == 1  # once, not once per unit (33 obligations, 4 measures)
    assert html.count('<ul class="units">') == 4
    # the 17 street offices named by 各街道（地区）share one line (same role, same state, no report yet)
    line = next(li for li in html.split("<li>") if "安定门街道办事处" in li)
    assert "永定门外街道办事处" in line and line.count("街道办事处") == 17
    assert "一·1" in html  # section·task reference


def test_measure_reference_and_no_due_date_last(personas: Any, dongcheng_plan: Any) -> None:
    m = dongcheng_plan.measures.get(order=4)
    assert m.ref == "二·4"
    ob = m.obligations.first()
    assert ob is not None
    Obligation.objects.filter(pk=ob.pk).update(due=None)
    rows = reports.with_states(Obligation.objects.filter(measure__plan=dongcheng_plan), dt.date(2024, 6, 1))
    assert rows[-1].obligation.pk == ob.pk and rows[0].obligation.due is not None


def test_cli_import_without_district_uses_the_title(personas: Any) -> None:
    from click.testing import CliRunner

    from jingtu.cli.plan_tracking import import_cmd

    r = CliRunner().invoke(import_cmd, ["/work/shared/seeds/plan_dongcheng_2024.txt", "--as", "bob"])
    assert r.exit_code == 0, r.output
    assert Plan.objects.get().district == personas.dongcheng


def test_review_screen_speaks_chinese(personas: Any, client: Any) -> None:
    """The resolver's notes (English in the engine) and the target operators as the reviewer reads them."""
    plan = actions.import_plan(personas.bob, load("dongcheng_excerpt.json"), district=personas.dongcheng)
    client.force_login(personas.bob)
    html = client.get(f"/plans/{plan.pk}/review/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "集合名称：东城区的 17 个街道办事处（逐一列出）" in html
    assert "重点建设用地安全利用率 ≥ 100%" in html
    assert "collective: 17 enumerated streets" in html  # the note as the resolver wrote it, as a tooltip


def test_resolver_note_keeps_what_it_does_not_know() -> None:
    from django.utils import translation

    from jingtu.plans.templatetags.plans_format import op_symbol, resolver_note

    with translation.override("zh-hans"):
        assert resolver_note("not in registry") == "单位名录中未找到"
        assert resolver_note("vague collective name; not expanded") == "泛指的集合名称；未展开为具体单位"
        assert resolver_note("a note nobody wrote a rule for") == "a note nobody wrote a rule for"
        zero = (
            "collective: 0 enumerated streets of 朝阳区 and 1 district group unit(s) (members not enumerated)"
        )
        assert resolver_note(zero) == "集合名称：朝阳区的 1 个分组单位（成员未逐一列出）"
    assert (op_symbol(">="), op_symbol("<="), op_symbol("=")) == ("≥", "≤", "=")


def test_title_given_when_the_export_has_none(personas: Any, client: Any) -> None:
    client.force_login(personas.alice)
    with open("/work/shared/seeds/soil_plan_beijing_14th_fyp.txt", "rb") as fh:
        r = client.post(
            "/plans/",
            {"file": fh, "district": "", "year": "2025", "title": "北京市“十四五”时期土壤污染防治规划"},
        )
    assert r.status_code == 302, r.content.decode()[:1000]
    plan = Plan.objects.get()
    assert (plan.title, plan.year, plan.district, plan.measures.count()) == (
        "北京市“十四五”时期土壤污染防治规划",
        2025,
        None,
        68,
    )


def test_lists_filter_by_plan_role_and_words(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    client.force_login(personas.bob)
    url = "/plans/obligations/district/110101/"
    all_rows = client.get(url).context["rows"]
    assert len(all_rows) == 33
    leads = client.get(url + "?role=lead").context["rows"]
    assert {r.obligation.role for r in leads} == {"lead"} and len(leads) == 7  # 3 + 1 + 1 + 2
    streets = client.get(url + "?q=街道").context["rows"]
    assert len(streets) == 17
    assert client.get(url + f"?plan={dongcheng_plan.pk}&role=cooperating&q=街道").context["rows"] == streets
    page = client.get("/plans/alerts/?role=lead", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="obligation-filters"' in page and "全部角色" in page


def test_evaluation_form_starts_from_the_users_district(personas: Any, client: Any) -> None:
    client.force_login(personas.bob)
    page = client.get("/plans/evaluations/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="110101" selected>' in page
    assert "土壤改良及监测达标 · 权重" in page and "目标 ≥ 95" in page
