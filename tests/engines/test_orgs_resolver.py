"""Resolver behaviour: aliases, historical names, collectives, district context, unresolved, normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jingtu.engines.orgs import Resolution, clean_name, load_registry, resolve, split_units

# Names used in 北京市土壤污染防治工作方案 (京政发〔2016〕37号) and the unit that carries the function now.
# Mapping per 北京市机构改革实施方案 (2018) and the 2016-07 municipal reform (see docs/organisations.md).
PLAN_2016 = {
    "市环保局": "110000.eeb",
    "市农委": "110000.agri",
    "市农业局": "110000.agri",
    "市国土局": "110000.prnr",
    "市规划委": "110000.prnr",
    "市规划国土委": "110000.prnr",
    "市住房城乡建设委": "110000.housing",
    "市发展改革委": "110000.ndrc",
    "市经济信息化委": "110000.econit",
    "市财政局": "110000.finance",
    "市水务局": "110000.water",
    "市园林绿化局": "110000.landscape",
    "市卫生计生委": "110000.health",
    "市教委": "110000.edu",
    "市质监局": "110000.market",
    "市工商局": "110000.market",
    "市食品药品监管局": "110000.market",
    "市安全监管局": "110000.emergency",
    "市市政市容委": "110000.urban",
    "市城市管理委": "110000.urban",
    "市科委": "110000.sci",
    "市商务委": "110000.commerce",
    "市交通委": "110000.transport",
    "市公安局": "110000.psb",
    "市统计局": "110000.stats",
    "市气象局": "110000.meteo",
    "市国资委": "110000.sasac",
    "市人力社保局": "110000.hrss",
    "市法制办": "110000.justice",
}
HISTORICAL_2016 = {
    "市环保局",
    "市农委",
    "市农业局",
    "市国土局",
    "市规划委",
    "市规划国土委",
    "市经济信息化委",
    "市卫生计生委",
    "市质监局",
    "市工商局",
    "市食品药品监管局",
    "市安全监管局",
    "市市政市容委",
    "市商务委",
    "市法制办",
}


@pytest.mark.parametrize("name,code", sorted(PLAN_2016.items()))
def test_2016_plan_names(name: str, code: str) -> None:
    r = resolve(name, year=2016)
    assert r.resolved and not r.collective and r.units == (code,), r
    if name in HISTORICAL_2016:
        assert r.note.startswith("historical name")
    else:
        assert "historical" not in r.note


def test_historical_note_and_years() -> None:
    r = resolve("市规划和国土资源管理委员会", year=2017)
    assert r.units == ("110000.prnr",)
    assert r.note == "historical name (2016–2018) of 北京市规划和自然资源委员会"
    late = resolve("市环保局", year=2022)
    assert late.units == ("110000.eeb",) and late.note.endswith("not in use in 2022")
    early = resolve("市规划国土委", year=2015)
    assert early.note.endswith("not in use in 2015")
    assert resolve("区环保局", district="110105", year=2017).units == ("110105.eeb",)
    assert resolve("市卫生计生委").note.startswith("historical name (2014–2018)")


@pytest.mark.parametrize(
    "name,district,code",
    [
        ("东城规自分局", None, "110101.prnr"),
        ("市规划自然资源委东城分局", None, "110101.prnr"),
        ("北京市规划和自然资源委员会东城分局", None, "110101.prnr"),
        ("区经信局", "110101", "110101.econit"),
        ("区经济和信息化局", "110101", "110101.econit"),
        ("区城市管理委（交通委）", "110101", "110101.urban"),
        ("区交通委", "110101", "110101.urban"),
        ("区城市管理委", "110101", "110101.urban"),
        ("区住房城市建设委", "110101", "110101.housing"),
        ("区住房城乡建设委", "110101", "110101.housing"),
        ("区住房城乡建设委", "110105", "110105.housing"),
        ("东城公安分局", None, "110101.psb"),
        ("市公安局朝阳分局", None, "110105.psb"),
        ("海淀区生态环境局", None, "110108.eeb"),
        ("北京市海淀区生态环境局", None, "110108.eeb"),
        ("海淀生态环境局", None, "110108.eeb"),
        ("通州区住建委", None, "110112.housing"),  # district prefix + contextual short name
        ("市科委、中关村管委会", None, "110000.sci"),
        ("中关村管委会", None, "110000.sci"),
        ("经开区管委会", None, "110171.gov"),
        ("区生态环境局", "110171", "110171.eeb"),
        ("东华门街道", None, "110101.st.donghuamen"),
        ("永定门外街道办事处", None, "110101.st.yongdingmenwai"),
        ("区政府", "110118", "110118.gov"),
    ],
)
def test_aliases_and_context(name: str, district: str | None, code: str) -> None:
    r = resolve(name, district=district)
    assert r.resolved and r.units == (code,), r


def test_context_dependent_names() -> None:
    reg = load_registry()
    for d in reg.real_districts:
        r = resolve("区生态环境局", district=d.code)
        assert r.units == (f"{d.code}.eeb",)
        assert reg[r.units[0]].district == d.code
    bare = resolve("区生态环境局")
    assert not bare.resolved and bare.units == () and "district context" in bare.note
    # 区城市管理委（交通委） is one body only in Dongcheng; elsewhere the parenthetical is reported as ignored.
    cy = resolve("区城市管理委（交通委）", district="110105")
    assert cy.units == ("110105.urban",) and cy.note == "parenthetical ignored"
    assert resolve("区交通委", district="110105").units == ("110105.transport",)
    # A name carrying its district resolves in any context.
    assert resolve("东城公安分局", district="110105").units == ("110101.psb",)


def test_collective_district_governments() -> None:
    reg = load_registry()
    gov16 = tuple(f"{d.code}.gov" for d in reg.real_districts)
    assert len(gov16) == 16
    for name in ("各区政府", "各区人民政府", "北京市各区人民政府"):
        r = resolve(name)
        assert r.collective and r.resolved and r.units == gov16, name
        assert "110171.gov" not in r.units  # decision: 经开区管委会 is named separately in Beijing documents
    for name in ("相关区政府", "有关区政府"):
        r = resolve(name)
        assert r.units == gov16 and "some of these" in r.note


def test_collective_streets_and_towns() -> None:
    r = resolve("各街道（地区）", district="110101")
    assert r.collective and r.resolved and len(r.units) == 17
    assert all(u.startswith("110101.st.") for u in r.units)
    assert resolve("各街道办事处", district="110101").units == r.units
    assert resolve("各街道(地区)", district="110101").units == r.units  # half-width brackets
    cy = resolve("各街道", district="110105")
    assert cy.units == ("110105.streets",) and "not enumerated" in cy.note
    city = resolve("各街道（地区）")
    assert len(city.units) == 17 + 15  # Dongcheng's streets + a group for each other district
    towns = resolve("各镇人民政府", district="110101")
    assert towns.collective and not towns.resolved and "no towns" in towns.note
    assert resolve("各乡镇", district="110114").units == ("110114.towns",)
    assert len(resolve("各乡镇").units) == 13


def test_collective_departments_and_kinds() -> None:
    reg = load_registry()
    r = resolve("各区生态环境局")
    assert r.collective and len(r.units) == 16 and {reg[c].kind for c in r.units} == {"ecology-environment"}
    dep = resolve("相关委办局")
    assert dep.collective and dep.resolved
    assert all(reg[c].district is None for c in dep.units)
    assert "110000.eeb" in dep.units and "110000.gov" not in dep.units
    dc = resolve("各相关部门", district="110101")
    assert "110101.eeb" in dc.units and all(reg[c].district == "110101" for c in dc.units)
    fn = resolve("生态环境部门", district="110105")
    assert fn.units == ("110105.eeb",) and fn.collective
    muni = resolve("市生态环境部门")
    assert muni.units == ("110000.eeb",)


@pytest.mark.parametrize("name", ["相关部门", "有关部门", "有关单位", "各相关职能部门", "其他相关部门"])
def test_vague_collectives_are_reported_not_guessed(name: str) -> None:
    r = resolve(name, district="110101")
    assert r == Resolution(clean_name(name), (), True, False, "vague collective name; not expanded")


@pytest.mark.parametrize("name", ["市宇宙开发局", "区环保督察组", "某某公司", "区农业农村局"])
def test_unresolved(name: str) -> None:
    r = resolve(name, district="110101")
    assert not r.resolved and r.units == () and not r.collective and r.note


def test_unresolved_notes() -> None:
    assert resolve("市宇宙开发局").note == "not in registry"
    # 东城 has no agriculture bureau: the name exists elsewhere but not here.
    assert resolve("区农业农村局", district="110101").note.startswith("no unit of this name in 东城区")
    assert resolve("").note == "empty name"
    with pytest.raises(ValueError, match="unknown district"):
        resolve("区生态环境局", district="999999")


@pytest.mark.parametrize(
    "raw,cleaned,code",
    [
        ("北京经济技术 开发区管委会", "北京经济技术开发区管委会", "110171.gov"),
        ("北京市生态环境局", "北京市生态环境局", "110000.eeb"),
        ("北京市东城区人民政府", "北京市东城区人民政府", "110101.gov"),
        ("东城区人民政府", "东城区人民政府", "110101.gov"),
        ("东城区政府", "东城区政府", "110101.gov"),
        ("市财政局等", "市财政局", "110000.finance"),
        ("市财政局等相关部门", "市财政局", "110000.finance"),
        ("市环保局牵头", "市环保局", "110000.eeb"),
        ("<p>市水务局</p>", "市水务局", "110000.water"),
        ("ＳＰＡＣＥ", "SPACE", None),
        ("区城市管理委(交通委)", "区城市管理委（交通委）", "110101.urban"),
        ("  市 生 态 环 境 局 ", "市生态环境局", "110000.eeb"),
    ],
)
def test_normalisation(raw: str, cleaned: str, code: str | None) -> None:
    r = resolve(raw, district="110101")
    assert r.text == cleaned
    if code is None:
        assert not r.resolved
    else:
        assert r.units == (code,), r


def test_split_units() -> None:
    assert split_units("区生态环境局、区城市管理委（交通委）\n东城规自分局") == [
        "区生态环境局",
        "区城市管理委（交通委）",
        "东城规自分局",
    ]
    assert split_units("区城市管理委\n（交通委）\n区经信局") == ["区城市管理委（交通委）", "区经信局"]
    assert split_units("——") == []
    assert split_units("（市环保局、市农委牵头，市财政局等相关部门和各区政府按职责分工负责）") == [
        "市环保局",
        "市农委",
        "市财政局",
        "各区政府",
    ]
    assert split_units("北京经济技术\n开发区管委会") == ["北京经济技术开发区管委会"]
    assert split_units("市规划和自然资源委员会、市人力资源和社会保障局") == [
        "市规划和自然资源委员会",
        "市人力资源和社会保障局",
    ]  # 和 inside a name is not a separator
    assert split_units("<p>区商务局</p><p>区市场监管局</p>") == ["区商务局", "区市场监管局"]
    assert split_units("各街道（地区）、相关部门") == ["各街道（地区）", "相关部门"]
    assert split_units("区生态环境局\n区生态环境局") == ["区生态环境局"]


_ALPHABET = (
    "区市局委东城生态环境规自分（）()、，\n\t 各街道等相关部门和交通<p>—北京经济技术开发管会政府人民abc1"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.sampled_from([None, "110101", "110105", "110171"]))
def test_never_crashes_on_damaged_input(text: str, district: str | None) -> None:
    for name in [text, *split_units(text)]:
        r = resolve(name, district=district, year=2024)
        assert r.resolved == bool(r.units) or (r.collective and not r.resolved and not r.units)
    for name in split_units(text):
        assert name and "\n" not in name and " " not in name
