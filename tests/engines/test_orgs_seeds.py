"""Every unit name in the two shared seed plans resolves through the organisation registry.

Seeds: /work/shared/seeds/plan_dongcheng_2024.txt (东城区净土保卫战2024年行动计划, one-cell-per-line table)
and soil_plan_beijing_14th_fyp.txt (北京市“十四五”时期土壤污染防治规划, prose).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jingtu.engines.orgs import load_registry, resolve, split_units

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.is_dir():  # the repository may be checked out elsewhere; the seeds live beside it
    SEEDS = Path("/work/shared/seeds")
DONGCHENG = SEEDS / "plan_dongcheng_2024.txt"
FYP14 = SEEDS / "soil_plan_beijing_14th_fyp.txt"

pytestmark = pytest.mark.skipif(
    not DONGCHENG.exists() or not FYP14.exists(), reason="shared seeds not present"
)


def dongcheng_unit_cells() -> list[tuple[str, str]]:
    """(lead cell, cooperating cell) of every row of the Dongcheng plan table.

    Records are separated by blank lines; a cell starts with a tab; lines without a tab continue the cell.
    Data rows have six cells: 序号 / 重点任务 / 工作措施 / 完成时限 / 牵头单位 / 协办单位.
    """
    rows: list[tuple[str, str]] = []
    for block in re.split(r"\n(?:[ ]*\n)+", DONGCHENG.read_text(encoding="utf-8")):
        cells: list[str] = []
        for line in block.split("\n"):
            if line.startswith("\t"):
                cells.append(line[1:])
            elif cells:
                cells[-1] += "\n" + line
        if len(cells) == 6 and cells[0].strip() != "序号":
            rows.append((cells[4], cells[5]))
    return rows


def test_dongcheng_table_is_read() -> None:
    rows = dongcheng_unit_cells()
    # 12 numbered tasks with 27 measures in the plan (count of 完成时限 cells).
    text = DONGCHENG.read_text(encoding="utf-8")
    assert len(rows) == len(re.findall(r"^\t(?:年底前|3月底)$", text, flags=re.M)) == 27


def test_every_dongcheng_unit_resolves_in_context() -> None:
    names: set[str] = set()
    for lead, coop in dongcheng_unit_cells():
        names.update(split_units(lead))
        names.update(split_units(coop))
    assert "区城市管理委（交通委）" in names and "（交通委）" not in names and "交通委" not in names
    assert all("\n" not in n and n for n in names)
    failures = {}
    for n in sorted(names):
        r = resolve(n, district="110101", year=2024)
        if not r.resolved:
            failures[n] = r.note
    assert not failures, failures
    # Units named in the plan that exist only in Dongcheng's own entries.
    assert resolve("区环卫中心", district="110101").units == ("110101.sanitation",)
    # The 18 distinct names printed in the two unit columns, by reading the plan.
    assert names == {
        "东城公安分局",
        "东城规自分局",
        "区住房城市建设委",
        "区卫生健康委",
        "区发展改革委",
        "区商务局",
        "区园林绿化局",
        "区城市管理委",
        "区城市管理委（交通委）",
        "区城管执法局",
        "区市场监管局",
        "区应急局",
        "区消防救援支队",
        "区环卫中心",
        "区生态环境局",
        "区经信局",
        "各街道（地区）",
        "相关街道办事处",
    }
    # 区城市管理委 and 区城市管理委（交通委） are one unit in Dongcheng.
    assert (
        resolve("区城市管理委", district="110101").units
        == resolve("区城市管理委（交通委）", district="110101").units
    )


def test_dongcheng_cells_split_exactly() -> None:
    rows = dongcheng_unit_cells()
    # Task 1 (目标任务): lead and cooperating cells as printed.
    assert split_units(rows[0][0]) == ["区生态环境局", "区园林绿化局", "东城规自分局"]
    assert split_units(rows[0][1]) == [
        "区经信局",
        "区应急局",
        "区城市管理委",
        "区住房城市建设委",
        "各街道（地区）",
    ]
    # Task 6, first measure: the alias line （交通委） belongs to 区城市管理委.
    six = [r for r in rows if r[0].startswith("区卫生健康委")][0]
    assert split_units(six[1]) == ["区生态环境局", "区发展改革委", "区城市管理委（交通委）", "东城公安分局"]
    # "——" is an empty cell.
    assert any(split_units(coop) == [] for _, coop in rows)


def test_dongcheng_prose_reference() -> None:
    text = DONGCHENG.read_text(encoding="utf-8")
    assert "区生态环境部门" in text
    r = resolve("区生态环境部门", district="110101")
    assert r.resolved and r.units == ("110101.eeb",)


# Golden extraction of the 14th FYP: every name of a body (or set of bodies) the plan mentions, by reading.
FYP_UNITS = {
    "市生态环境局": "110000.eeb",
    "市规划自然资源委": "110000.prnr",
    "市农业农村局": "110000.agri",
    "市政府": "110000.gov",
    "北京市人民政府": "110000.gov",
    "中共北京市委": "110000.cpc",
    "市委生态文明建设委员会": "110000.ecociv",
    "北京市委生态文明建设委员会": "110000.ecociv",
    "土壤污染综合防控工作小组": "110000.soilwg",
    "北京经济技术开发区": "110171.gov",
    "大兴区": "110115.gov",
    "昌平区": "110114.gov",
    "通州区": "110112.gov",
    "顺义区": "110113.gov",
    "平谷区": "110117.gov",
    "密云区": "110118.gov",
    "延庆区": "110119.gov",
    "房山区": "110111.gov",
    "怀柔区": "110116.gov",
    "朝阳区": "110105.gov",
    "海淀区": "110108.gov",
    "丰台区": "110106.gov",
    "石景山区": "110107.gov",
    "燕山石化区": "110111.park.yanshan",
    "临空核心区": "110113.park.linkong",
    "马坊工业园区": "110117.park.mafang",
    "顺义科创区": "110113.park.kechuang",
    "天竺保税区": "110113.park.tianzhu",
    "兴谷开发区": "110117.park.xinggu",
}
FYP_FUNCTIONAL = {
    "生态环境部门": "ecology-environment",
    "规划自然资源部门": "planning-natural-resources",
    "农业农村部门": "agriculture",
    "园林绿化部门": "landscaping",
    "住房城乡建设部门": "housing",
    "经济和信息化部门": "economy-it",
    "水务部门": "water",
}
FYP_COLLECTIVE = {"各级政府", "各级人民政府", "各区"}
FYP_VAGUE = {"相关部门", "有关部门", "各相关职能部门", "各级党委", "各级人民政府及其有关部门", "园区管理机构"}


def _fyp_text() -> str:
    return re.sub(r"\s+", "", FYP14.read_text(encoding="utf-8"))


def test_fyp_golden_names_occur_in_the_text() -> None:
    text = _fyp_text()
    for name in [*FYP_UNITS, *FYP_FUNCTIONAL, *FYP_COLLECTIVE, *FYP_VAGUE]:
        if name in FYP_FUNCTIONAL:  # occurs either alone or distributed: 农业农村、园林绿化部门
            stem = name.removesuffix("部门")
            assert re.search(stem + r"(?:、[\u4e00-\u9fff]{2,8})*(?:等)?部门", text), name
        else:
            assert name in text, name


def test_fyp_regex_extraction_is_covered_by_golden_list() -> None:
    """Anything that looks like a named municipal body or a district in the text is in the golden list."""
    text = _fyp_text()
    municipal = set(
        re.findall(r"(?:中共)?(?:北京)?市(?:委)?[\u4e00-\u9fff]{0,12}?(?:局|委员会|委|政府)", text)
    )
    assert municipal <= set(FYP_UNITS), municipal - set(FYP_UNITS)
    reg = load_registry()
    districts = {d.name for d in reg.districts if d.name in text}
    assert districts <= set(FYP_UNITS)
    assert len(districts) == 14  # all districts but 东城, 西城, 门头沟 are named, plus 北京经济技术开发区


def test_fyp_named_units_resolve() -> None:
    for name, code in FYP_UNITS.items():
        r = resolve(name, year=2022)
        assert r.resolved and r.units == (code,), (name, r)


def test_fyp_functional_references_resolve_to_all_levels() -> None:
    reg = load_registry()
    for name, kind in FYP_FUNCTIONAL.items():
        r = resolve(name, year=2022)
        assert r.resolved and r.collective, (name, r)
        assert {reg[c].kind for c in r.units} == {kind}
        assert f"110000.{reg.units_in('110000', kind)[0].code.split('.')[1]}" in r.units
    # The distributed form as written in ch.3 四(二)3.
    names = split_units("生态环境、规划自然资源、农业农村、园林绿化等部门")
    assert names == ["生态环境部门", "规划自然资源部门", "农业农村部门", "园林绿化部门"]
    assert split_units("农业农村、园林绿化部门") == ["农业农村部门", "园林绿化部门"]


def test_fyp_collectives() -> None:
    r = resolve("各级政府")
    assert r.resolved and r.collective and len(r.units) == 17 and "110000.gov" in r.units
    for name in FYP_VAGUE:
        r = resolve(name)
        assert r.collective and not r.resolved and r.units == (), (name, r)
