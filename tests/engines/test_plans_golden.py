"""Golden-file tests of the plan parser on the two shared seed documents (issue 6).

Counts and values below were taken by hand from the source documents (tests/engines/golden/sources/), not from the
parser: the Dongcheng table has 12 numbered tasks and 27 measures (task: measures — 1:1, 2:2, 3:3, 4:2, 5:3,
6:3, 7:1, 8:1, 9:4, 10:3, 11:3, 12:1); the 14th FYP has 68 measure paragraphs outside the review chapters
(第二章 三、主要目标: 6; 第三章 一: 19, 二: 17, 三 (heading lost): 6, 四: 12, 五: 4; 第四章: 4).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from jingtu.engines.plans import Plan, parse_file
from jingtu.engines.plans.clean import squash

GOLDEN = Path(__file__).parent / "golden"
DONGCHENG = GOLDEN / "sources" / "plan_dongcheng_2024.txt"
FYP14 = GOLDEN / "sources" / "soil_plan_beijing_14th_fyp.txt"
REGISTRY_KEYS = {"resolution", "resolution_notes"}  # depend on the organisation registry's version


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in REGISTRY_KEYS}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


@pytest.fixture(scope="module")
def dongcheng() -> Plan:
    return parse_file(DONGCHENG)


@pytest.fixture(scope="module")
def fyp() -> Plan:
    return parse_file(FYP14)


@pytest.mark.parametrize(
    ("source", "golden"),
    [(DONGCHENG, "plan_dongcheng_2024.json"), (FYP14, "soil_plan_beijing_14th_fyp.json")],
)
def test_matches_golden_file(source: Path, golden: str) -> None:
    expected = json.loads((GOLDEN / golden).read_text(encoding="utf-8"))
    assert _strip(parse_file(source).to_dict()) == _strip(expected)


# ---- Dongcheng 2024 (one-cell-per-line table) ------------------------------------------------------------------
def test_dongcheng_header_and_counts(dongcheng: Plan) -> None:
    assert dongcheng.title == "东城区净土保卫战2024年行动计划"
    assert dongcheng.year == 2024
    assert dongcheng.layout == "cells"
    assert dongcheng.district == "110101"
    assert [(s.number, s.title) for s in dongcheng.sections] == [
        ("一", "土壤污染防治目标"),
        ("二", "持续深入防控建设用地风险"),
        ("三", "持续深入净化园林用地环境"),
        ("四", "大力提升土壤环境治理能力"),
    ]
    per_task = {t.number: len(t.measures) for s in dongcheng.sections for t in s.tasks}
    assert per_task == {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3, 7: 1, 8: 1, 9: 4, 10: 3, 11: 3, 12: 1}
    assert len(dongcheng.measures) == 27
    assert dongcheng.warnings == []


def _task(plan: Plan, number: int) -> Any:
    return next(t for s in plan.sections for t in s.tasks if t.number == number)


def test_dongcheng_deadlines(dongcheng: Plan) -> None:
    dues = [m.deadline.due for m in dongcheng.measures]
    assert dues.count(dt.date(2024, 12, 31)) == 26
    first = _task(dongcheng, 9).measures[0]
    assert first.deadline.text == "3月底"
    assert first.deadline.due == dt.date(2024, 3, 31)
    assert first.deadline.milestones == ()  # 2024年度 is a reporting period, not a date


def test_dongcheng_units(dongcheng: Plan) -> None:
    m1 = _task(dongcheng, 1).measures[0]
    assert m1.lead == ["区生态环境局", "区园林绿化局", "东城规自分局"]
    assert m1.cooperating == ["区经信局", "区应急局", "区城市管理委", "区住房城市建设委", "各街道（地区）"]
    medical = _task(dongcheng, 6).measures[0]
    assert medical.lead == ["区卫生健康委"]
    # （交通委） on its own line belongs to 区城市管理委 above it
    assert medical.cooperating == ["区生态环境局", "区发展改革委", "区城市管理委（交通委）", "东城公安分局"]
    jjj = _task(dongcheng, 7).measures[0]
    assert jjj.lead == ["区生态环境局", "区城市管理委（交通委）", "区经信局", "区环卫中心"]
    assert jjj.cooperating == ["东城公安分局", "区发展改革委", "区消防救援支队"]
    assert _task(dongcheng, 8).measures[0].cooperating == []  # ——
    satellite = _task(dongcheng, 11).measures[1]
    assert satellite.lead == ["区住房城市建设委"]
    assert satellite.cooperating == ["区城管执法局", "相关街道办事处"]
    assert all(m.responsible == [] for m in dongcheng.measures)  # the plan has no 主责 column


def test_dongcheng_resolution(dongcheng: Plan) -> None:
    m1 = _task(dongcheng, 1).measures[0]
    assert m1.resolution["区生态环境局"] == ["110101.eeb"]
    assert len(m1.resolution["各街道（地区）"]) >= 17  # collective: the 17 streets of 东城区
    assert all(m.unresolved == [] for m in dongcheng.measures)


def test_dongcheng_text_and_targets(dongcheng: Plan) -> None:
    antibiotics = _task(dongcheng, 9).measures[1]
    # a measure of two paragraphs (the second line has no tab)
    assert antibiotics.text.startswith("规范抗生素类药品使用。")
    assert "处方药类抗菌药物。\n监督管理兽用抗菌药" in antibiotics.text
    safe_use = _task(dongcheng, 4).measures[0]
    assert [(t.indicator, t.op, t.value, t.unit) for t in safe_use.targets] == [
        ("重点建设用地安全利用率", ">=", 100, "%"),
        ("重点建设用地安全利用率", ">=", 95, "%"),
    ]
    tanks = _task(dongcheng, 5).measures[2]
    assert [(t.op, t.value, t.unit) for t in tanks.targets] == [(">=", 20, "%")]
    assert "加油站" in tanks.targets[0].indicator


# ---- 14th five-year plan (prose) --------------------------------------------------------------------------------
def test_fyp_structure(fyp: Plan) -> None:
    assert fyp.layout == "prose"
    assert fyp.title is None  # the export has no title page
    assert fyp.period == (2021, 2025)
    assert len(fyp.measures) == 68
    by_chapter: dict[str, list[tuple[str, int]]] = {}
    for s in fyp.sections:
        by_chapter.setdefault(s.chapter, []).append((s.number, len(s.measures)))
    assert by_chapter == {
        "第二章 指导思想和目标": [("三", 6)],
        "第三章 主要任务": [("一", 19), ("二", 17), ("三", 6), ("四", 12), ("五", 4)],
        "第四章 保障措施": [("一", 1), ("二", 1), ("三", 1), ("四", 1)],
    }
    # 前言 and 第一章 回顾与展望 are context, not obligations
    assert any(c.text.startswith("加强土壤污染防治，事关广大人民群众") for c in fyp.context)
    assert not any("十三五”时期成效回顾" in s.title for s in fyp.sections)


def test_fyp_inferred_headings(fyp: Plan) -> None:
    lost = next(s for s in fyp.sections if s.inferred)
    assert (lost.number, lost.title, lost.chapter) == ("三", "", "第三章 主要任务")
    assert lost.intro and lost.intro[0].startswith("管住源头，预防未利用地和尾矿周边土壤新增污染")
    assert [t.title for t in lost.tasks] == [
        "防控尾矿周边土壤污染",
        "实施未利用地闭合管控",
        "强化未利用地保护",
    ]
    capacity = next(s for s in fyp.sections if s.title == "提升现代化治理能力")
    inferred_task = capacity.tasks[1]
    assert inferred_task.inferred and inferred_task.number == 2 and inferred_task.title == ""
    assert inferred_task.measures[0].text.startswith("在国控土壤环境质量监测网络的基础上")
    assert len(fyp.warnings) == 3


def test_fyp_targets_and_deadlines(fyp: Plan) -> None:
    ms = fyp.measures
    fert = next(m for m in ms if m.text.startswith("推进化肥减量增效"))
    assert fert.item is not None and (fert.item.number, fert.item.title) == (1, "科学使用农业投入品")
    assert ("化肥利用率", ">=", 43, "%") in [(t.indicator, t.op, t.value, t.unit) for t in fert.targets]
    assert ("主要农作物测土配方施肥技术覆盖率", ">=", 98, "%") in [
        (t.indicator, t.op, t.value, t.unit) for t in fert.targets
    ]
    assert fert.deadline.text == "到2025年" and fert.deadline.due == dt.date(2025, 12, 31)
    assert [d.name for d in fert.districts] == ["大兴区", "昌平区"]
    pest = next(m for m in ms if m.text.startswith("推进农药减量增效"))
    assert [(t.op, t.value) for t in pest.targets] == [(">=", 77), (">=", 55), (">=", 45)]
    straw = next(m for m in ms if m.text.startswith("健全秸秆收储运体系"))
    assert [(t.value, t.unit) for t in straw.targets] == [(98.5, "%")]
    farmland = next(m for m in ms if m.text.startswith("制定“十四五”时期受污染耕地安全利用方案"))
    assert [(t.indicator, t.op, t.value) for t in farmland.targets] == [("受污染耕地安全利用率", ">=", 95)]
    industry = next(m for m in ms if m.text.startswith("强化本市特色行业管理"))
    assert industry.deadline.due == dt.date(2025, 12, 31)
    assert industry.deadline.milestones == (dt.date(2023, 12, 31), dt.date(2025, 12, 31))
    assert [d.name for d in industry.districts] == [
        "房山区",
        "北京经济技术开发区",
        "大兴区",
        "昌平区",
        "顺义区",
        "怀柔区",
    ]
    aftercare = next(m for m in ms if m.text.startswith("风险管控、修复效果评估确定需要开展后期管理"))
    assert aftercare.deadline.text == "2023年底前"
    assert [d.code for d in aftercare.districts] == ["110106", "110107", "110112", "110115"]
    screening = next(m for m in ms if m.text.startswith("根据经济和信息化部门关闭退出企业台账"))
    assert len(screening.districts) == 16 and {d.as_written for d in screening.districts} == {"各区"}
    evaluation = next(m for m in ms if m.text.startswith("建立健全激励约束机制"))
    assert evaluation.deadline.milestones == (dt.date(2023, 12, 31), dt.date(2025, 12, 31))


# ---- nothing lost -------------------------------------------------------------------------------------------------
_HEADER_LINE = re.compile(r"^(?:序号|重点任务|工作措施|完成时限|牵头单位|协办单位|——)$")


def haystack(data: Any) -> str:
    """Every string (and task number) of the parser output, squashed and concatenated."""
    out: list[str] = []

    def walk(o: Any) -> None:
        if isinstance(o, str):
            out.append(squash(o))
        elif isinstance(o, bool) or o is None:
            return
        elif isinstance(o, int):
            out.append(str(o))
        elif isinstance(o, dict):
            for k, v in o.items():
                if k not in ("line", "resolution", "resolution_notes", "districts", "targets", "deadline"):
                    walk(v)
                elif k == "deadline":
                    walk(v.get("text"))
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(data)
    return "\u0001".join(out)


def line_key(line: str) -> str:
    """A content line as it must appear in the output: squashed, without heading markers, final punctuation."""
    s = squash(line)
    s = re.sub(
        r"^(?:第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、])",
        "",
        s,
    )
    return s.rstrip("。；;.")


def lost_lines(lines: list[str], plan: Plan) -> list[str]:
    hay = haystack(plan.to_dict())
    missing = []
    for line in lines:
        key = line_key(line)
        if not key or _HEADER_LINE.match(key):
            continue
        if key not in hay:
            missing.append(line)
    return missing


@pytest.mark.parametrize("source", [DONGCHENG, FYP14])
def test_no_line_lost(source: Path) -> None:
    lines = source.read_text(encoding="utf-8").split("\n")
    assert lost_lines(lines, parse_file(source)) == []
