"""Plan parser on layout variants it was not written against (issue 6: "robust to others it has not seen"):
a Chaoyang row table with 牵头单位 / 主责单位 / 协办单位 all present, a Haidian prose plan with （一） headings,
labelled assignments (责任单位：… 配合单位：…), an assignment parenthesis broken over lines and a signature at the end,
a Tongzhou one-cell table (LaTeX, alias line, PDF wraps), and real .docx / .xlsx files written with python-docx and
openpyxl (merged cells, two paragraphs in a cell, a prose .docx with 完成时限：…, a note on a second sheet)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl

from jingtu.engines.plans import parse_file, parse_text

CHAOYANG_ROWS = "\n".join(
    [
        "朝阳区净土保卫战2025年行动计划",
        "",
        "序号\t重点任务\t工作措施\t完成时限\t牵头单位\t主责单位\t协办单位",
        "一、强化土壤污染源头防控\t \t \t \t \t \t ",
        "1\t加强重点监管单位管理\t更新土壤污染重点监管单位名录，督促不少于20家单位完成隐患排查。\t2025年3月底前\t区生态环境局\t区生态环境局、区经济和信息化局\t各街道办事处、各地区办事处",
        "\t \t开展土壤和地下水自行监测，抽查比例不低于 30%。\t上半年\t区生态环境局\t区生态环境局\t朝阳规划自然资源分局，区水务局",
        "2\t强化建设用地准入管理\t重点建设用地安全利用率保持在98%以上。\t年底前\t朝阳规自分局\t区住房城乡建设委\t区生态环境局；区城市管理委",
        "序号\t重点任务\t工作措施\t完成时限\t牵头单位\t主责单位\t协办单位",
        "2\t强化建设用地准入管理\t每季度更新疑似污染地块名单，2月底、8月底前更新清单。\t按时间节点完成\t区生态环境局\t各街道办事处\t",
        "二、推进农用地安全利用\t \t \t \t \t \t ",
        "3\t保障耕地安全\t受污染耕地安全利用率达到 95% 以上，完成 1.5 万亩耕地土壤改良。\t11月底\t区农业农村局\t金盏乡、孙河乡、黑庄户乡\t区生态环境局",
        "",
    ]
)

HAIDIAN_PROSE = "\n".join(
    [
        "海淀区2025年土壤污染防治工作要点",
        "",
        "中共北京市海淀区委生态文明建设委员会办公室",
        "",
        "为深入打好净土保卫战，制定本要点。",
        "",
        "一、加强土壤污染源头防控",
        "",
        "（一）强化重点单位监管",
        "",
        "1.更新土壤污染重点监管单位名录，2025年3月底前完成。（区生态环境局牵头，区经济和信息化局配合）",
        "",
        "2.督促重点监管单位开展隐患排查，完成率达到100%。(责任单位：区生态环境局；配合单位：各街道办事处、各镇政府)",
        "",
        "（二）防控农业面源污染",
        "",
        "3.推进化肥减量增效，化肥利用率达到43%以上。2025年底前完成测土配方施肥 2 万亩。（区农业农村局牵头，苏家坨镇、上庄镇、西北旺镇、温泉镇按职责分工负责）",
        "",
        "二、有序推进建设用地安全利用",
        "",
        "（一）严格准入管理",
        "",
        "4.重点建设用地安全利用率保持在 95% 以上，上半年完成名录更新。（海淀规自分局、区生态环境局共同牵头，区住房城乡建设委配合）",
        "",
        "5.按时间节点完成疑似污染地块调查。（区生态环境局负责）",
        "",
        "（二）加强监督执法",
        "",
        "6.组织开展专项执法检查不少于 4 次，发现问题及时移交。",
        "（区生态环境局牵头，",
        "区城管执法局配合）",
        "",
        "海淀区生态文明建设委员会办公室",
        "2025年1月",
        "",
    ]
)

TONGZHOU_CELLS = "\n".join(
    [
        "通州区净土保卫战2025年行动计划",
        "\t序号",
        "\t重点任务",
        "\t工作措施",
        "\t完成时限",
        "\t牵头部门",
        "\t协办单位",
        "",
        "\t一、土壤污染防治目标",
        "",
        "\t1",
        "\t目标任务",
        "\t重点建设用地安全利用率达到 $\\geq 95\\%$，受污染耕地安全利用率保持在 98% 以上。",
        "\t年底前",
        "\t区生态环境局",
        "通州规自分局",
        "\t区城市管理委",
        "（交通委）",
        "各乡镇政府",
        "",
        "\t",
        "\t",
        "\t加强土壤污染重点监管单位管理。",
        "",
        "督促单位开展自行监测，不少于 15 家。",
        "\t6月底前",
        "\t区生态环境局",
        "\t区经济和信息化局",
        "",
        "\t2",
        "\t防控未 利用地",
        "\t加强未利用地巡查，防止非法倾倒。",
        "\t第三季度",
        "\t区城市管理委",
        "\t北京经济技术 开发区管委会",
        "",
    ]
)


def _targets(m: object) -> list[tuple[str, str, float, str]]:
    return [(t.indicator, t.op, t.value, t.unit) for t in m.targets]  # type: ignore[attr-defined]


def test_rows_with_lead_responsible_and_cooperating_columns() -> None:
    p = parse_text(CHAOYANG_ROWS)
    assert (p.title, p.year, p.district, p.layout) == (
        "朝阳区净土保卫战2025年行动计划",
        2025,
        "110105",
        "rows",
    )
    assert [(s.number, [t.number for t in s.tasks]) for s in p.sections] == [("一", [1, 2]), ("二", [3])]
    t1, t2 = p.sections[0].tasks
    first, second = t1.measures
    assert first.lead == ["区生态环境局"]
    assert first.responsible == ["区生态环境局", "区经济和信息化局"]
    assert first.cooperating == ["各街道办事处", "各地区办事处"]
    assert first.deadline.due == dt.date(2025, 3, 31)
    assert _targets(first) == [("督促单位完成隐患排查", ">=", 20, "家")]
    assert second.deadline.due == dt.date(2025, 6, 30)
    assert second.cooperating == ["朝阳规划自然资源分局", "区水务局"]
    assert _targets(second) == [("抽查比例", ">=", 30, "%")]
    assert len(t2.measures) == 2  # header repeated, task 2 repeated on the new page: one task
    assert t2.measures[0].cooperating == ["区生态环境局", "区城市管理委"]
    assert t2.measures[1].deadline.milestones == (dt.date(2025, 2, 28), dt.date(2025, 8, 31))
    farmland = p.sections[1].tasks[0].measures[0]
    assert farmland.deadline.due == dt.date(2025, 11, 30)
    assert ("受污染耕地安全利用率", ">=", 95, "%") in _targets(farmland)
    assert (1.5, "万亩") in [(t.value, t.unit) for t in farmland.targets]
    assert farmland.responsible == ["金盏乡", "孙河乡", "黑庄户乡"]


def test_prose_with_labelled_and_broken_assignments() -> None:
    p = parse_text(HAIDIAN_PROSE)
    assert (
        p.title == "海淀区2025年土壤污染防治工作要点"
    )  # paragraphs separated by blank lines are not hard wraps
    assert p.issuer == "中共北京市海淀区委生态文明建设委员会办公室"
    assert (p.year, p.district, p.layout) == (2025, "110108", "prose")
    assert [(s.number, [(t.number, t.title) for t in s.tasks]) for s in p.sections] == [
        ("一", [(1, "强化重点单位监管"), (2, "防控农业面源污染")]),
        ("二", [(1, "严格准入管理"), (2, "加强监督执法")]),
    ]
    names, labelled = p.sections[0].tasks[0].measures
    assert names.text == "更新土壤污染重点监管单位名录，2025年3月底前完成。"
    assert (names.lead, names.cooperating) == (["区生态环境局"], ["区经济和信息化局"])
    assert names.deadline.due == dt.date(2025, 3, 31)
    assert labelled.responsible == ["区生态环境局"]  # 责任单位：…；配合单位：…
    assert labelled.cooperating == ["各街道办事处", "各镇政府"]
    assert labelled.unresolved == []
    fert = p.sections[0].tasks[1].measures[0]
    assert _targets(fert) == [("化肥利用率", ">=", 43, "%"), ("完成测土配方施肥", "=", 2, "万亩")]
    assert fert.responsible == ["苏家坨镇", "上庄镇", "西北旺镇", "温泉镇"]
    joint, nodes = p.sections[1].tasks[0].measures
    assert joint.lead == ["海淀规自分局", "区生态环境局"] and joint.cooperating == ["区住房城乡建设委"]
    assert joint.deadline.due == dt.date(2025, 6, 30)
    assert nodes.deadline.text == "按时间节点完成" and nodes.deadline.due is None
    assert nodes.responsible == ["区生态环境局"]
    # a one-sentence item whose assignment parenthesis is broken over two lines is one measure
    (inspect,) = p.sections[1].tasks[1].measures
    assert inspect.text == "组织开展专项执法检查不少于4次，发现问题及时移交。"
    assert (inspect.lead, inspect.cooperating) == (["区生态环境局"], ["区城管执法局"])
    assert _targets(inspect) == [("组织开展专项执法检查", ">=", 4, "次")]
    # the signature at the end is context, not a measure
    assert [c.text for c in p.context if c.heading == "signature"] == [
        "海淀区生态文明建设委员会办公室",
        "2025年1月",
    ]
    assert len(p.measures) == 6


def test_one_cell_table_of_another_district() -> None:
    p = parse_text(TONGZHOU_CELLS)
    assert (p.title, p.district, p.layout) == ("通州区净土保卫战2025年行动计划", "110112", "cells")
    goal, monitor = p.sections[0].tasks[0].measures
    assert _targets(goal) == [
        ("重点建设用地安全利用率", ">=", 95, "%"),
        ("受污染耕地安全利用率", ">=", 98, "%"),
    ]
    assert goal.lead == ["区生态环境局", "通州规自分局"]
    assert goal.cooperating == ["区城市管理委（交通委）", "各乡镇政府"]
    assert monitor.text == "加强土壤污染重点监管单位管理。\n督促单位开展自行监测，不少于15家。"
    assert monitor.deadline.due == dt.date(2025, 6, 30)
    wasteland = p.sections[0].tasks[1]
    assert wasteland.title == "防控未利用地"
    assert wasteland.measures[0].cooperating == ["北京经济技术开发区管委会"]
    assert wasteland.measures[0].deadline.due == dt.date(2025, 9, 30)


def test_docx_table_with_merged_cells(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("丰台区净土保卫战2025年行动计划")
    table = d.add_table(rows=1, cols=7)
    for cell, head in zip(
        table.rows[0].cells,
        ["序号", "重点任务", "工作措施", "完成时限", "牵头单位", "主责单位", "协办单位"],
        strict=True,
    ):
        cell.text = head
    heading = table.add_row().cells
    heading[0].merge(heading[6]).text = "一、强化源头防控"
    rows = [
        (
            "1",
            "加强重点单位监管",
            "更新重点监管单位名录。",
            "3月底前",
            "区生态环境局",
            "区生态环境局",
            "区经济和信息化局",
        ),
        ("", "", "督促重点单位开展隐患排查，完成率达到100%。", "年底前", "", "各街道办事处", "区应急局"),
        (
            "2",
            "保障建设用地安全",
            "重点建设用地安全利用率保持在 98% 以上。",
            "按时间节点完成",
            "丰台规自分局",
            "区住房城乡建设委",
            "区生态环境局、区城市管理委",
        ),
    ]
    cells = []
    for row in rows:
        cells.append(table.add_row().cells)
        for cell, value in zip(cells[-1], row, strict=True):
            cell.text = value
    cells[1][4].paragraphs[0].text = "区生态环境局"
    cells[1][4].add_paragraph("区水务局")  # two paragraphs in one cell: two units
    cells[0][0].merge(cells[1][0])  # 序号 and 重点任务 merged down over the task's second measure
    cells[0][1].merge(cells[1][1])
    path = tmp_path / "fengtai.docx"
    d.save(str(path))
    p = parse_file(path)
    assert (p.title, p.district, p.layout) == ("丰台区净土保卫战2025年行动计划", "110106", "rows")
    assert [(s.number, s.title, [t.number for t in s.tasks]) for s in p.sections] == [
        ("一", "强化源头防控", [1, 2])
    ]
    a, b = p.sections[0].tasks[0].measures
    assert (a.lead, a.responsible, a.cooperating) == (
        ["区生态环境局"],
        ["区生态环境局"],
        ["区经济和信息化局"],
    )
    assert b.lead == ["区生态环境局", "区水务局"] and b.responsible == ["各街道办事处"]
    assert b.deadline.due == dt.date(2025, 12, 31)
    c = p.sections[0].tasks[1].measures[0]
    assert c.deadline.text == "按时间节点完成" and c.deadline.due is None
    assert c.cooperating == ["区生态环境局", "区城市管理委"]


def test_docx_prose_with_deadline_in_the_assignment(tmp_path: Path) -> None:
    d = docx.Document()
    for line in [
        "石景山区2025年土壤污染防治工作方案",
        "一、加强源头防控",
        "（一）强化企业监管",
        "1.开展重点单位隐患排查，不少于20家，2025年6月底前完成。（区生态环境局牵头，区经济和信息化局配合）",
        "2.推进化肥减量增效，化肥利用率达到43%以上。（责任单位：区生态环境局；完成时限：2025年11月底）",
        "二、推进安全利用",
        "（一）保障建设用地",
        "3.重点建设用地安全利用率达到≥95%。（区生态环境局、石景山规自分局牵头，各街道办事处负责）",
    ]:
        d.add_paragraph(line)
    path = tmp_path / "shijingshan.docx"
    d.save(str(path))
    p = parse_file(path)
    assert (p.title, p.district, p.layout) == ("石景山区2025年土壤污染防治工作方案", "110107", "prose")
    survey, fert = p.sections[0].tasks[0].measures
    assert survey.deadline.due == dt.date(2025, 6, 30)
    assert _targets(survey) == [("开展重点单位隐患排查", ">=", 20, "家")]
    assert fert.text == "推进化肥减量增效，化肥利用率达到43%以上。"
    assert fert.responsible == ["区生态环境局"] and fert.lead == []
    assert (fert.deadline.text, fert.deadline.due) == ("2025年11月底", dt.date(2025, 11, 30))
    (land,) = p.sections[1].tasks[0].measures
    assert land.lead == ["区生态环境局", "石景山规自分局"] and land.responsible == ["各街道办事处"]
    assert _targets(land) == [("重点建设用地安全利用率", ">=", 95, "%")]


def test_xlsx_with_repeated_header_and_a_note_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    header = ["序号", "重点任务", "工作措施", "完成时限", "牵头部门", "协办单位"]
    ws.append(["门头沟区净土保卫战2025年行动计划"])
    ws.append(header)
    ws.append(["一、土壤污染防治目标"])
    ws.merge_cells("A3:F3")
    ws.append(
        [
            1,
            "目标任务",
            "受污染耕地安全利用率达到 95% 以上。",
            "年底前",
            "区生态环境局\n区农业农村局",
            "各镇政府",
        ]
    )
    ws.append(
        [
            None,
            None,
            "完成 1.5 万亩耕地土壤改良，2月底、8月底前更新清单。",
            "按时间节点完成",
            "区农业农村局",
            "区生态环境局",
        ]
    )
    ws.append(header)
    ws.append(
        [
            2,
            "防控未利用地",
            "加强未利用地巡查，不少于 12 次。",
            "第三季度",
            "区城市管理委",
            "区生态环境局、门头沟规自分局",
        ]
    )
    wb.create_sheet("说明").append(["本表由区生态环境局汇总"])
    path = tmp_path / "mentougou.xlsx"
    wb.save(str(path))
    p = parse_file(path)
    assert (p.title, p.district, p.layout) == ("门头沟区净土保卫战2025年行动计划", "110109", "rows")
    (section,) = p.sections
    assert [t.number for t in section.tasks] == [1, 2]  # the note sheet makes no task
    goal, soil = section.tasks[0].measures
    assert goal.lead == ["区生态环境局", "区农业农村局"] and goal.cooperating == ["各镇政府"]
    assert soil.deadline.milestones == (dt.date(2025, 2, 28), dt.date(2025, 8, 31))
    assert _targets(soil) == [("完成耕地土壤改良", "=", 1.5, "万亩")]
    assert section.tasks[1].measures[0].deadline.due == dt.date(2025, 9, 30)
    assert ("note", "本表由区生态环境局汇总") in [(c.heading, c.text) for c in p.context]


DAXING_REORDERED = "\n".join(
    [
        "大兴区2025年净土保卫战工作方案",
        "序号\t重点任务\t工作措施\t牵头单位\t配合单位\t完成时间",
        "一、农用地",
        "1\t耕地安全利用\t完成受污染耕地安全利用 1.2 万亩，安全利用率达到 95% 以上。\t区农业农村局\t区生态环境局、各镇人民政府\t2025年10月底前",
        "2\t设施农业\t开展设施农用地土壤监测不少于 50 个点位。\t区农业农村局\t区生态环境局\t第二季度",
        "二、建设用地",
        "3\t准入管理\t严格用途变更地块调查，重点建设用地安全利用率≥95%。\t大兴规自分局\t区住房城乡建设委\t全年",
    ]
)

SHUNYI_PROSE = "\n".join(
    [
        "顺义区2025年土壤污染防治工作要点",
        "",
        "一、强化源头",
        "",
        "(一)重点单位",
        "",
        "1.开展隐患排查，完成率100%。（牵头单位：区生态环境局；配合单位：区经济和信息化局、各镇政府；完成时限：2025年9月底前）",
        "",
        "2.更新名录。(区生态环境局负责,2025年3月底前完成)",
        "",
        "(二)农业面源",
        "",
        "3.化肥利用率达到43%以上，农药利用率保持在45%以上。（区农业农村局牵头，区生态环境局配合）",
    ]
)


def test_rows_in_another_column_order_with_untabbed_headings() -> None:
    p = parse_text(DAXING_REORDERED)
    assert p.warnings == []  # the header 序号/重点任务/工作措施/牵头单位/配合单位/完成时间 is read as written
    assert [(s.number, s.title, [t.number for t in s.tasks]) for s in p.sections] == [
        ("一", "农用地", [1, 2]),
        ("二", "建设用地", [3]),
    ]
    farmland = p.sections[0].tasks[0].measures[0]
    assert (farmland.lead, farmland.cooperating) == (["区农业农村局"], ["区生态环境局", "各镇人民政府"])
    assert (farmland.deadline.text, farmland.deadline.due) == ("2025年10月底前", dt.date(2025, 10, 31))
    assert p.sections[0].tasks[1].measures[0].deadline.due == dt.date(2025, 6, 30)
    assert p.sections[1].tasks[0].measures[0].lead == ["大兴规自分局"]


def test_prose_with_half_width_headings_and_dates_in_the_assignment() -> None:
    p = parse_text(SHUNYI_PROSE)
    assert [(s.number, [(t.number, t.title) for t in s.tasks]) for s in p.sections] == [
        ("一", [(1, "重点单位"), (2, "农业面源")])
    ]
    labelled, short = p.sections[0].tasks[0].measures
    assert labelled.lead == ["区生态环境局"]
    assert labelled.cooperating == ["区经济和信息化局", "各镇政府"]
    assert labelled.deadline.due == dt.date(2025, 9, 30)
    assert short.responsible == ["区生态环境局"] and short.unresolved == []  # the date clause is no unit
    assert (short.deadline.text, short.deadline.due) == ("2025年3月底前完成", dt.date(2025, 3, 31))
    rates = p.sections[0].tasks[1].measures[0]
    assert _targets(rates) == [("化肥利用率", ">=", 43, "%"), ("农药利用率", ">=", 45, "%")]


PINGGU_WITH_REMARKS = "\n".join(
    [
        "平谷区净土保卫战2025年行动计划",
        "序号\t重点任务\t工作措施\t完成时限\t牵头单位\t主责单位\t协办单位\t备注",
        "一、源头防控",
        "1\t强化监管\t1.更新名录；2.督促企业自行监测，监测覆盖率不低于 90%。\t2025年12月31日前\t区生态环境局\t区生态环境局\t区经济和信息化局\t重点任务",
        "2\t减量增效\t化肥施用强度控制在 0.5 以内，农药使用量下降到 100 吨以下。\t持续推进\t区农业农村局\t各镇政府\t区生态环境局\t",
        "3\t监测\t每季度开展一次监测，全年不少于 4 次。\t每季度\t区生态环境局\t\t区水务局\t",
    ]
)

HUAIROU_CELLS_WITH_RESPONSIBLE = "\n".join(
    [
        "怀柔区净土保卫战2025年行动计划",
        "\t序号",
        "\t重点任务",
        "\t工作措施",
        "\t完成时限",
        "\t牵头部门",
        "\t主责单位",
        "\t协办单位",
        "",
        "\t一、源头防控",
        "",
        "\t1",
        "\t强化监管",
        "\t更新名录，完成率达到 100%。",
        "\t9月底前",
        "\t区生态环境局",
        "\t区生态环境局",
        "区经济和信息化局",
        "\t各镇政府",
        "各街道办事处",
        "",
        "\t2",
        "\t耕地",
        "\t受污染耕地安全利用率保持在 98% 以上。",
        "\t年底前",
        "\t区农业农村局",
        "\t各镇政府",
        "\t区生态环境局",
    ]
)


def test_rows_with_a_remarks_column_and_open_deadlines() -> None:
    p = parse_text(PINGGU_WITH_REMARKS)
    assert [(s.number, [t.number for t in s.tasks]) for s in p.sections] == [
        ("一", [1, 2, 3])
    ]  # 备注 is a header
    supervise, reduce, monitor = (t.measures[0] for t in p.sections[0].tasks)
    assert supervise.extra == {"备注": "重点任务"}
    assert (supervise.deadline.text, supervise.deadline.due) == ("2025年12月31日前", dt.date(2025, 12, 31))
    assert _targets(supervise) == [("监测覆盖率", ">=", 90, "%")]
    assert (reduce.deadline.text, reduce.deadline.due) == ("持续推进", None)
    assert _targets(reduce) == [("化肥施用强度", "<=", 0.5, ""), ("农药使用量", "<=", 100, "吨")]
    assert reduce.responsible == ["各镇政府"] and reduce.unresolved == []
    assert monitor.deadline.text == "每季度" and monitor.deadline.due is None
    assert monitor.responsible == [] and monitor.cooperating == ["区水务局"]


def test_one_cell_table_with_a_responsible_column() -> None:
    p = parse_text(HUAIROU_CELLS_WITH_RESPONSIBLE)
    assert (p.district, p.layout) == ("110116", "cells")
    first, farmland = (t.measures[0] for t in p.sections[0].tasks)
    assert (first.lead, first.responsible) == (["区生态环境局"], ["区生态环境局", "区经济和信息化局"])
    assert first.cooperating == ["各镇政府", "各街道办事处"]  # department lists one per line
    assert first.deadline.due == dt.date(2025, 9, 30)
    assert (farmland.lead, farmland.responsible, farmland.cooperating) == (
        ["区农业农村局"],
        ["各镇政府"],
        ["区生态环境局"],
    )


SEED = Path(__file__).resolve().parent / "golden" / "sources" / "plan_dongcheng_2024.txt"


def test_dongcheng_seed_written_as_a_word_table(tmp_path: Path) -> None:
    """The real Dongcheng plan re-typed as a Word table (merged section rows, 序号/重点任务 merged down a task's
    measures, one paragraph per unit): the .docx reader and the row layout give the same 27 measures."""
    p = parse_file(SEED)
    d = docx.Document()
    d.add_paragraph(p.title or "")
    table = d.add_table(rows=1, cols=6)
    header = ["序号", "重点任务", "工作措施", "完成时限", "牵头部门", "协办单位"]
    for cell, head in zip(table.rows[0].cells, header, strict=True):
        cell.text = head
    for s in p.sections:
        row = table.add_row().cells
        row[0].merge(row[5]).text = f"{s.number}、{s.title}"
        for task in s.tasks:
            first = None
            for i, m in enumerate(task.measures):
                cells = table.add_row().cells
                if i == 0:
                    cells[0].text, cells[1].text, first = str(task.number), task.title, cells
                else:
                    assert first is not None
                    first[0].merge(cells[0])
                    first[1].merge(cells[1])
                paragraphs = m.text.split("\n")
                cells[2].text = paragraphs[0]
                for more in paragraphs[1:]:
                    cells[2].add_paragraph(more)
                cells[3].text = m.deadline.text
                for col, units in ((4, m.lead), (5, m.cooperating)):
                    cells[col].text = units[0] if units else ""
                    for unit in units[1:]:
                        cells[col].add_paragraph(unit)
    path = tmp_path / "dongcheng.docx"
    d.save(str(path))
    q = parse_file(path)
    assert (q.layout, q.title, q.district, q.warnings) == ("rows", p.title, "110101", [])
    assert len(q.measures) == 27
    assert [(m.text, m.deadline.due, m.lead, m.cooperating) for m in q.measures] == [
        (m.text, m.deadline.due, m.lead, m.cooperating) for m in p.measures
    ]
    assert [(s.number, [t.number for t in s.tasks]) for s in q.sections] == [
        (s.number, [t.number for t in s.tasks]) for s in p.sections
    ]
