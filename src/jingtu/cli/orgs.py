"""`jingtu orgs` — the organisation registry from the command line (engine only, no Django)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from jingtu.engines.orgs import Registry, Unit, load_registry, resolve


def _district_option(reg: Registry, value: str | None) -> str | None:
    if value is None:
        return None
    if value == reg.municipality.code:
        return value
    d = reg.district(value) or reg.district_by_name(value)
    if d is None:
        known = ", ".join(f"{x.code} {x.name}" for x in reg.districts)
        raise click.BadParameter(
            f"未知区代码 / unknown district {value!r}; known: {reg.municipality.code}, {known}",
            param_hint="--district",
        )
    return d.code


def _unit_json(u: Unit) -> dict[str, Any]:
    data = asdict(u)
    data["historical"] = [{"name": n, "from": a, "to": b} for n, a, b in u.historical]
    return data


@click.group("orgs")
def orgs() -> None:
    """组织机构名录：北京市各级政府部门、别名与历史名称、名称解析。

    Organisation registry: Beijing government units, aliases and historical names, name resolution.
    """


@orgs.command("resolve")
@click.argument("name")
@click.option(
    "--district",
    "district",
    metavar="CODE",
    help="上下文区代码（GB/T 2260，如 110101）或区名 / district context: GB/T 2260 code (e.g. 110101) or name",
)
@click.option(
    "--year", type=click.IntRange(1949, 2100), help="文件年份 / year of the document (picks historical names)"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="table",
    show_default=True,
    help="输出格式 / output format",
)
def resolve_cmd(name: str, district: str | None, year: int | None, fmt: str) -> None:
    """把文件中写的单位名称解析为名录单位。

    Resolve a unit name as written in a document to registry units. Exits 1 when the name is unresolved.
    """
    reg = load_registry()
    ctx = _district_option(reg, district)
    res = resolve(name, district=ctx, year=year)
    if fmt == "json":
        out = asdict(res)
        out["units"] = [{"code": c, "name": reg[c].name} for c in res.units]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        status = "已解析 / resolved" if res.resolved else "未解析 / unresolved"
        click.echo(f"{res.text}\t{status}{'（集合 / collective）' if res.collective else ''}")
        if res.note:
            click.echo(f"  {res.note}")
        for c in res.units:
            click.echo(f"  {c}\t{reg[c].name}")
    if not res.resolved:
        raise SystemExit(1)


@orgs.command("list")
@click.option(
    "--district",
    "district",
    metavar="CODE",
    help="区代码（110000 = 市级单位）或区名 / district code (110000 = municipal units) or name",
)
@click.option("--kind", help="单位类别，如 ecology-environment / unit kind, e.g. ecology-environment")
@click.option(
    "--level", type=click.Choice(["municipal", "district", "street", "town", "park"]), help="层级 / level"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="table",
    show_default=True,
    help="输出格式 / output format",
)
def list_cmd(district: str | None, kind: str | None, level: str | None, fmt: str) -> None:
    """列出名录单位。

    List registry units, filtered by district, kind and level.
    """
    reg = load_registry()
    ctx = _district_option(reg, district)
    if kind is not None and kind not in reg.kinds:
        raise click.BadParameter(
            f"未知类别 / unknown kind {kind!r}; known: {', '.join(sorted(reg.kinds))}", param_hint="--kind"
        )
    units = reg.units_in(ctx, kind, level)
    if fmt == "json":
        click.echo(json.dumps([_unit_json(u) for u in units], ensure_ascii=False, indent=2))
        return
    for u in units:
        click.echo(f"{u.code}\t{u.level}\t{u.kind}\t{u.name}\t{'、'.join(u.short_names[:3])}")
    click.echo(f"# {len(units)} units / 个单位 (registry {reg.version})", err=True)
