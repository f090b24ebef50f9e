"""Plan parser on synthetic documents: row-per-line tabs, prose with assignments and hard wraps, .docx, .xlsx;
and the rule modules (dates, targets, cleaning, assignments) on the examples of issue 6."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingtu.cli.plan import plan as plan_cli
from jingtu.engines.plans import detect_layout, parse_file, parse_text
from jingtu.engines.plans.clean import clean_inline
from jingtu.engines.plans.dates import deadline_from_cell, find_dates
from jingtu.engines.plans.targets import find_targets
from jingtu.engines.plans.units import parse_assignment

HEADER = "序号\t重点任务\t工作措施\t完成时限\t牵头部门\t主责单位\t协办单位"
ROWS = "\n".join(
    [
        "东城区净土保卫战2025年行动计划",
        HEADER,
        "一、土壤污染防治目标\t\t\t\t\t\t",
        "1\t目标任务\t<p>受污染耕地安全利用率 $\\geq 95\\%$。</p><p>防控未 利用地污染。</p>\t年底前"
        "\t<p>区生态环境局</p><p>区园林绿化局</p>\t区生态环境局\t区经信局",
        "\t\t排查整治企业，不少于20家。\t上半年\t区经信局\t\t北京经济技术 开发区管委会",
        HEADER,  # page break
        "1\t目标任务\t第二项措施，2月底、8月底前更新清单。\t按时间节点完成\t区生态环境局\t\t区城市管理委",
        "（交通委）",
        "\t\t被分页截断的措施\t第三季度\t区商务局\t\t——",
        "\t\t的后半部分。\t\t\t\t区消防救援支队",
        "二、持续深入防控建设用地风险\t\t\t\t\t\t",
        "2\t科学管控建设用地风险\t加强监管，综合指数达到 0.753。\t6月底前\t区生态环境局\t\t各街道（地区）",
    ]
)


def test_row_per_line_table() -> None:
    p = parse_text(ROWS)
    assert detect_layout(ROWS.split("\n")) == "rows"
    assert (p.title, p.year, p.district) == ("东城区净土保卫战2025年行动计划", 2025, "110101")
    assert [(s.number, [t.number for t in s.tasks]) for s in p.sections] == [("一", [1]), ("二", [2])]
    ms = p.sections[0].tasks[0].measures
    assert len(ms) == 4  # header repeated and task 1 repeated on the new page: still one task
    first = ms[0]
    assert first.text == "受污染耕地安全利用率≥95%。\n防控未利用地污染。"  # <p>, LaTeX, PDF wrap space
    assert first.lead == ["区生态环境局", "区园林绿化局"]
    assert first.responsible == ["区生态环境局"]
    assert [(t.indicator, t.op, t.value, t.unit) for t in first.targets] == [
        ("受污染耕地安全利用率", ">=", 95, "%")
    ]
    assert first.deadline.due == dt.date(2025, 12, 31)
    second = ms[1]
    assert second.cooperating == ["北京经济技术开发区管委会"]
    assert second.deadline.due == dt.date(2025, 6, 30)
    assert [(t.op, t.value, t.unit) for t in second.targets] == [(">=", 20, "家")]
    third = ms[2]
    assert third.deadline.text == "按时间节点完成" and third.deadline.due is None
    assert third.deadline.milestones == (dt.date(2025, 2, 28), dt.date(2025, 8, 31))
    assert third.cooperating == ["区城市管理委（交通委）"]
    fourth = ms[3]  # a row cut by a page break: continuation joined, —— gives way
    assert fourth.text == "被分页截断的措施的后半部分。"
    assert fourth.cooperating == ["区消防救援支队"]
    assert fourth.deadline.due == dt.date(2025, 9, 30)
    index = p.sections[1].tasks[0].measures[0]
    assert [(t.indicator, t.op, t.value, t.unit) for t in index.targets] == [("综合指数", ">=", 0.753, "")]


PROSE_2016 = """北京市土壤污染防治工作方案

北京市人民政府

为切实加强土壤污染防治，逐步改善土壤环境质量，制定本工作方案。

一、开展土壤污染调查，掌握土壤环境质量状况

（一）深入开展土壤环境质量调查。

1.开展土壤污染状况详查。在现有相关调查基础上，以农用地和重点行业企业用地为重点，开

展土壤污染状况详查，2018 年底前查明农用地土壤污染的面积、分布及其对农产品质量的影

响；2020 年底前掌握重点行业企业用地中的污染地块分布及其环境风险情况。（市环保局、市

农委牵头，市财政局等相关部门和各区政府按职责分工负责）

2.建立土壤环境质量监测网络。2017 年 3 月底前完成土壤环境质量监测点位设置，实现土壤

环境质量监测点位所有区全覆盖。到2020年，受污染耕地安全利用率达到 90% 左右，通州区、

大兴区完成 15 万亩耕地土壤环境质量类别划定。（市环保局牵头，市国土局、市农委参与，各

区政府负责落实）

二、实施农用地分类管理，保障农业生产环境安全

（一）划定农用地土壤环境质量类别。

1.按污染程度将农用地划为三个类别，2月底、8月底前更新清单，受污染耕地安全利用率 $\\geq 95\\%$。（市农委牵头，市环保局配合）
"""


def test_prose_with_assignments_and_hard_wraps() -> None:
    p = parse_text(PROSE_2016, year=2017)
    assert (p.title, p.issuer, p.year, p.layout) == (
        "北京市土壤污染防治工作方案",
        "北京市人民政府",
        2017,
        "prose",
    )
    assert [(s.number, [(t.number, t.title) for t in s.tasks]) for s in p.sections] == [
        ("一", [(1, "深入开展土壤环境质量调查")]),
        ("二", [(1, "划定农用地土壤环境质量类别")]),
    ]
    survey, network = p.sections[0].tasks[0].measures
    assert survey.text.startswith("开展土壤污染状况详查。在现有相关调查基础上")
    assert "对农产品质量的影响；2020年底前" in survey.text  # wrapped lines joined, wrap spaces removed
    assert survey.lead == ["市环保局", "市农委"]
    assert survey.responsible == ["市财政局", "各区政府"]
    assert survey.assignment.startswith("（市环保局、市农委牵头")
    assert survey.deadline.text == "2020年底前"
    assert survey.deadline.milestones == (dt.date(2018, 12, 31), dt.date(2020, 12, 31))
    assert survey.item is not None and survey.item.number == 1
    assert network.lead == ["市环保局"]
    assert network.cooperating == ["市国土局", "市农委"]
    assert network.responsible == ["各区政府"]
    assert network.deadline.milestones == (dt.date(2017, 3, 31), dt.date(2020, 12, 31))
    assert ("受污染耕地安全利用率", ">=", 90, "%") in [
        (t.indicator, t.op, t.value, t.unit) for t in network.targets
    ]
    assert (15, "万亩") in [(t.value, t.unit) for t in network.targets]
    codes = [d.code for d in network.districts]
    assert codes[:2] == ["110112", "110115"] and len(codes) == 16  # 通州区, 大兴区, then 各区政府
    classes = p.sections[1].tasks[0].measures[0]
    assert classes.deadline.milestones == (dt.date(2017, 2, 28), dt.date(2017, 8, 31))
    assert classes.lead == ["市农委"] and classes.cooperating == ["市环保局"]
    assert [(t.op, t.value) for t in classes.targets] == [(">=", 95)]
    assert any(c.text.startswith("为切实加强土壤污染防治") for c in p.context)


def test_docx_input(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("朝阳区净土保卫战2024年行动计划")
    table = d.add_table(rows=4, cols=6)
    for i, h in enumerate(["序号", "重点任务", "工作措施", "完成时限", "牵头单位", "协办单位"]):
        table.cell(0, i).text = h
    heading = table.cell(1, 0).merge(table.cell(1, 5))
    heading.text = "一、土壤污染防治目标"
    for i, v in enumerate(
        ["1", "目标任务", "受污染耕地安全利用率达到95%以上。", "年底前", "区生态环境局", "——"]
    ):
        table.cell(2, i).text = v
    table.cell(2, 0).merge(table.cell(3, 0))  # 序号 spans two rows
    table.cell(2, 1).merge(table.cell(3, 1))
    for i, v in enumerate(["第二项措施。", "3月底", "区住房城乡建设委", "区经信局"], start=2):
        table.cell(3, i).text = v
    table.cell(2, 4).paragraphs[0].add_run("")
    table.cell(2, 4).add_paragraph("区园林绿化局")
    path = tmp_path / "plan.docx"
    d.save(str(path))
    p = parse_file(path)
    assert (p.title, p.year, p.district, p.layout) == (
        "朝阳区净土保卫战2024年行动计划",
        2024,
        "110105",
        "rows",
    )
    assert [(s.number, s.title) for s in p.sections] == [("一", "土壤污染防治目标")]
    ms = p.sections[0].tasks[0].measures
    assert [m.text for m in ms] == ["受污染耕地安全利用率达到95%以上。", "第二项措施。"]
    assert ms[0].lead == ["区生态环境局", "区园林绿化局"]
    assert ms[1].deadline.due == dt.date(2024, 3, 31)


def test_xlsx_input(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["海淀区净土保卫战2024年行动计划"])
    ws.append(["序号", "重点任务", "工作措施", "完成时限", "牵头单位", "协办单位"])
    ws.append(["二、持续深入防控建设用地风险"])
    ws.merge_cells("A3:F3")
    ws.append([2, "科学管控建设用地风险", "更新名录，不少于20家。", "上半年", "区生态环境局\n区经信局", "——"])
    ws.append([None, None, "第二项措施。", "第四季度", "区城市管理委\n（交通委）", None])
    ws.merge_cells("A4:A5")
    path = tmp_path / "plan.xlsx"
    wb.save(str(path))
    p = parse_file(path)
    assert (p.title, p.year, p.district) == ("海淀区净土保卫战2024年行动计划", 2024, "110108")
    task = p.sections[0].tasks[0]
    assert (p.sections[0].number, task.number, task.title) == ("二", 2, "科学管控建设用地风险")
    first, second = task.measures
    assert first.lead == ["区生态环境局", "区经信局"]
    assert first.deadline.due == dt.date(2024, 6, 30)
    assert [(t.op, t.value, t.unit) for t in first.targets] == [(">=", 20, "家")]
    assert second.lead == ["区城市管理委（交通委）"]
    assert second.deadline.due == dt.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("cell", "year", "due"),
    [
        ("年底前", 2024, dt.date(2024, 12, 31)),
        ("3月底", 2024, dt.date(2024, 3, 31)),
        ("6月底前", 2024, dt.date(2024, 6, 30)),
        ("上半年", 2024, dt.date(2024, 6, 30)),
        ("下半年", 2024, dt.date(2024, 12, 31)),
        ("第三季度", 2024, dt.date(2024, 9, 30)),
        ("2017 年 3 月底前", 2024, dt.date(2017, 3, 31)),
        ("2018 年底前", 2024, dt.date(2018, 12, 31)),
        ("按时间节点完成", 2024, None),
        ("长期", 2024, None),
        ("持续推进", 2024, None),
        ("年底前", None, None),
    ],
)
def test_deadline_cells(cell: str, year: int | None, due: dt.date | None) -> None:
    d = deadline_from_cell(clean_inline(cell), "", year)
    assert d.due == due
    assert d.text == clean_inline(cell)


def test_milestones_and_non_dates() -> None:
    assert [h.date for h in find_dates("2月底、8月底前更新清单", 2024)] == [
        dt.date(2024, 2, 29),
        dt.date(2024, 8, 31),
    ]
    assert [h.date for h in find_dates("2月、8月底前更新清单", 2023)] == [
        dt.date(2023, 2, 28),
        dt.date(2023, 8, 31),
    ]
    assert find_dates("2016年印发实施《北京城市总体规划（2016年-2035年）》", 2024) == []
    assert find_dates("完成2024年度统计；2018年至2020年连续排查", 2024) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("化肥利用率达到 43% 以上", ("化肥利用率", ">=", 43, "%")),
        ("测土配方施肥技术覆盖率保持在98%以上", ("测土配方施肥技术覆盖率", ">=", 98, "%")),
        ("安全利用率≥95%", ("安全利用率", ">=", 95, "%")),
        ("安全利用率 $\\geq 95\\%$", ("安全利用率", ">=", 95, "%")),
        ("重点企业不少于20家", ("重点企业", ">=", 20, "家")),
        ("综合指数达到 0.753", ("综合指数", ">=", 0.753, "")),
        ("治理修复面积 15 万亩", ("治理修复面积", "=", 15, "万亩")),
        ("超标率不高于5%", ("超标率", "<=", 5, "%")),
        ("超标率低于5%", ("超标率", "<", 5, "%")),
        ("新增面积控制在10公顷以内", ("新增面积", "<=", 10, "公顷")),
        ("风险点位比例5%以内", None),
    ],
)
def test_targets(text: str, expected: tuple[str, str, float, str] | None) -> None:
    found = [(t.indicator, t.op, t.value, t.unit) for t in find_targets(clean_inline(text))]
    assert found == ([expected] if expected else [])


def test_assignment_roles() -> None:
    a = parse_assignment("市环保局、市农委牵头，市财政局等相关部门和各区政府按职责分工负责")
    assert (a.lead, a.responsible, a.cooperating) == (["市环保局", "市农委"], ["市财政局", "各区政府"], [])
    b = parse_assignment("市发展改革委牵头，市经济信息化委、市环保局配合，各区政府负责落实")
    assert (b.lead, b.cooperating, b.responsible) == (
        ["市发展改革委"],
        ["市经济信息化委", "市环保局"],
        ["各区政府"],
    )


def test_cli_contract(tmp_path: Path) -> None:
    import json

    src = tmp_path / "rows.txt"
    src.write_text(ROWS, encoding="utf-8")
    r = CliRunner().invoke(plan_cli, ["parse", str(src), "--year", "2026", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert list(data)[:4] == ["title", "year", "issuer", "sections"] and data["year"] == 2026
    m = data["sections"][0]["tasks"][0]["measures"][0]
    assert list(m)[:8] == [
        "text",
        "deadline",
        "lead",
        "responsible",
        "cooperating",
        "districts",
        "targets",
        "unresolved",
    ]
    assert m["deadline"] == {"text": "年底前", "due": "2026-12-31", "milestones": []}
    assert m["targets"] == [{"indicator": "受污染耕地安全利用率", "op": ">=", "value": 95, "unit": "%"}]
    table = CliRunner().invoke(plan_cli, ["parse", str(src), "--format", "table"])
    assert table.exit_code == 0 and "牵头 / lead: 区生态环境局、区园林绿化局" in table.output
    missing = CliRunner().invoke(plan_cli, ["parse", str(tmp_path / "none.txt")])
    assert missing.exit_code != 0 and "none.txt" in missing.output
    bad = CliRunner().invoke(plan_cli, ["parse", str(src), "--district", "999999"])
    assert bad.exit_code != 0 and "--district" in bad.output
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    r = CliRunner().invoke(plan_cli, ["parse", str(pdf)])
    assert r.exit_code != 0 and "plan.pdf" in r.output
