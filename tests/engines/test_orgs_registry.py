"""Registry data integrity, loader validation and the `jingtu orgs` CLI."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from click.testing import CliRunner

from jingtu.cli.orgs import orgs
from jingtu.engines.orgs import RegistryError, load_registry
from jingtu.engines.orgs.registry import REGISTRY_FILE, parse_registry

# GB/T 2260 county-level codes of Beijing (MCA code list, 2015 onwards: 密云/延庆 districts).
GB2260 = {
    "110101": "东城区",
    "110102": "西城区",
    "110105": "朝阳区",
    "110106": "丰台区",
    "110107": "石景山区",
    "110108": "海淀区",
    "110109": "门头沟区",
    "110111": "房山区",
    "110112": "通州区",
    "110113": "顺义区",
    "110114": "昌平区",
    "110115": "大兴区",
    "110116": "怀柔区",
    "110117": "平谷区",
    "110118": "密云区",
    "110119": "延庆区",
}
DONGCHENG_STREETS = {
    "东华门街道",
    "景山街道",
    "交道口街道",
    "安定门街道",
    "北新桥街道",
    "东四街道",
    "朝阳门街道",
    "建国门街道",
    "东直门街道",
    "和平里街道",
    "前门街道",
    "崇文门外街道",
    "东花市街道",
    "龙潭街道",
    "体育馆路街道",
    "天坛街道",
    "永定门外街道",
}


def test_districts_table() -> None:
    reg = load_registry()
    assert {d.code: d.name for d in reg.real_districts} == GB2260
    zone = [d for d in reg.districts if d.kind == "functional_zone"]
    assert [(d.code, d.name, d.short_name) for d in zone] == [("110171", "北京经济技术开发区", "经开区")]
    assert reg.municipality.code == "110000"
    assert reg.district_by_name("东城") is reg.district_by_name("东城区") is reg.district("110101")
    assert reg.district_by_name("亦庄") is reg.district("110171")
    assert all(d.short_name + "区" == d.name for d in reg.real_districts)


def test_core_units_exist_for_every_district() -> None:
    reg = load_registry()
    for d in reg.real_districts:
        for suffix in (
            "gov",
            "eeb",
            "prnr",
            "landscape",
            "housing",
            "econit",
            "water",
            "urban",
            "emergency",
            "health",
            "market",
            "ndrc",
            "finance",
            "psb",
            "fire",
            "streets" if d.code != "110101" else "st.donghuamen",
        ):
            u = reg.get(f"{d.code}.{suffix}")
            assert u is not None and u.district == d.code, (d.code, suffix)
    # Branches of municipal bodies hang under the municipal unit, district departments under the district.
    assert reg["110101.prnr"].parent == "110000.prnr"
    assert reg["110101.psb"].parent == "110000.psb"
    assert reg["110101.eeb"].parent == "110101.gov"
    assert reg["110101.prnr"].name == "北京市规划和自然资源委员会东城分局"


def test_dongcheng_streets() -> None:
    reg = load_registry()
    streets = [u for u in reg.units if u.district == "110101" and u.kind == "street"]
    assert {u.short_names[0] for u in streets} == DONGCHENG_STREETS
    assert all(not u.group and u.level == "street" and u.parent == "110101.gov" for u in streets)


def test_codes_levels_parents_consistent() -> None:
    reg = load_registry()
    codes = [u.code for u in reg.units]
    assert len(codes) == len(set(codes))
    for u in reg.units:
        assert u.code.split(".")[0] == (u.district or "110000")
        assert u.parent is None or reg.get(u.parent) is not None
        assert u.kind in reg.kinds
    # Current names of different units never collide unless they are district-shared forms (区… / bare).
    owners: dict[str, set[str]] = {}
    for u in reg.units:
        for n in (u.name, *u.short_names):
            owners.setdefault(n, set()).add(u.code)
    clashes = {n: c for n, c in owners.items() if len(c) > 1 and len({reg[x].district for x in c}) < len(c)}
    assert not clashes, clashes


def test_counts() -> None:
    reg = load_registry()
    assert len(reg.units_in("110000")) == 30
    assert len(reg.units) > 400
    assert reg.name_count > 2500


def _data() -> dict[str, Any]:
    with REGISTRY_FILE.open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda d: d["unit"][0].update(kind="nonsense"), "unit 110000.gov, field kind: unknown 'nonsense'"),
        (lambda d: d["unit"][1].update(code="110000.gov"), "unit 110000.gov, field code: duplicate"),
        (lambda d: d["unit"][2].update(parent="110000.nope"), "field parent: unknown '110000.nope'"),
        (lambda d: d["unit"][0].update(level="galactic"), "field level"),
        (lambda d: d["district_unit"][0].update(only=["999999"]), "unknown district '999999'"),
        (lambda d: d["collective"][0].update(rule="guess"), "field rule: unknown 'guess'"),
        (
            lambda d: d["unit"][5].update(historical=[["市环保局", 2019, 2018]]),
            "from_year 2019 after to_year 2018",
        ),
    ],
)
def test_loader_validation(mutate: Any, message: str) -> None:
    reg = load_registry()
    data = _data()
    mutate(data)
    with pytest.raises(RegistryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_registry(data, reg.municipality, reg.districts)


def test_cli_resolve_json() -> None:
    res = CliRunner().invoke(orgs, ["resolve", "东城规自分局", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["resolved"] and out["units"] == [
        {"code": "110101.prnr", "name": "北京市规划和自然资源委员会东城分局"}
    ]


def test_cli_resolve_context_and_table() -> None:
    res = CliRunner().invoke(orgs, ["resolve", "各街道（地区）", "--district", "东城", "--format", "table"])
    assert res.exit_code == 0
    assert "110101.st.donghuamen" in res.output and "collective" in res.output
    unresolved = CliRunner().invoke(orgs, ["resolve", "相关部门"])
    assert unresolved.exit_code == 1 and "vague" in unresolved.output


def test_cli_list_and_errors() -> None:
    res = CliRunner().invoke(orgs, ["list", "--district", "110101", "--kind", "street", "--format", "json"])
    assert res.exit_code == 0
    assert len(json.loads(res.output)) == 17
    bad = CliRunner().invoke(orgs, ["list", "--district", "999999"])
    assert bad.exit_code == 2 and "unknown district '999999'" in bad.output
    bad_kind = CliRunner().invoke(orgs, ["list", "--kind", "spaceport"])
    assert bad_kind.exit_code == 2 and "unknown kind" in bad_kind.output
    assert "Organisation registry" in CliRunner().invoke(orgs, ["--help"]).output
