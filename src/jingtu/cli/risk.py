"""`jingtu risk` — HJ 25.3-2019 health-risk engine from the command line (engine only, no Django).

`assess --plot CODE` needs the database and is wired by the platform adapter (issue #4); the engine function it
calls is :func:`jingtu.engines.risk.assess`.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import click

from jingtu.engines.risk import (
    CHEM_NAMES,
    PATHWAYS,
    PROFILES,
    RiskInputError,
    check_pathways,
    control_values,
    derived_table,
    param_defs,
    parse_chem_value,
    parse_value,
)


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    out = []
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"期望 NAME=VALUE / expected NAME=VALUE, got {v!r}", param_hint=option)
        name, _, val = v.partition("=")
        out.append((name.strip(), val))
    return out


def _clean(x: Any) -> Any:
    """JSON-safe: NaN/inf -> null."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


PATHWAYS_HELP = (
    "评估的暴露途径（逗号分隔，默认全部）/ exposure pathways to assess, comma-separated (default all): "
    + ",".join(PATHWAYS)
)


def parse_pathways(value: str | None) -> frozenset[str] | None:
    """`--pathways OIS,DCS,PIS` -> the set of codes (None = all); unknown codes -> click.BadParameter."""
    if value is None:
        return None
    codes = [c.strip() for c in value.split(",") if c.strip()]
    try:
        return check_pathways(codes)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--pathways") from None


@click.group("risk")
def risk() -> None:
    """HJ 25.3-2019 建设用地土壤污染健康风险评估：风险控制值、GB 36600 复核表。

    HJ 25.3-2019 health-risk assessment for construction land: control values, GB 36600 reproduction table.
    """


@risk.command("control-values")
@click.option("--cas", required=True, help="污染物 CAS 号 / CAS number of the substance")
@click.option("--land-class", type=click.Choice(["1", "2"]), required=True,
              help="用地类别（第一类/第二类）/ land class (1 or 2)")  # fmt: skip
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="暴露/场地参数覆盖，HJ 25.3 符号（如 EDa、SAF、fom）/ parameter override by HJ 25.3 symbol")  # fmt: skip
@click.option("--chem", "chems", multiple=True, metavar="NAME=VALUE",
              help="理化/毒性参数覆盖（H, Da, Dw, Koc, Kd, SFo, IUR, RfDo, RfC, ABSgi, ABSd, volatile=yes/no；空值=无）"
                   " / chemical parameter override; empty value = none")  # fmt: skip
@click.option("--profile", type=click.Choice(list(PROFILES)), default="hj25_3", show_default=True,
              help="参数方案 / parameter profile (gb36600_2018 reproduces GB 36600 screening values)")  # fmt: skip
@click.option("--pathways", "pathways", default=None, metavar="CODE,CODE,...", help=PATHWAYS_HELP)
@click.option(
    "--groundwater", is_flag=True, help="同时输出地下水 RCVG/HCVG / also print groundwater RCVG/HCVG"
)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="输出格式 / output format")  # fmt: skip
def control_values_cmd(
    cas: str, land_class: str, params: tuple[str, ...], chems: tuple[str, ...], profile: str,
    pathways: str | None, groundwater: bool, fmt: str,
) -> None:  # fmt: skip
    """计算单一污染物的土壤风险控制值（RCVS、HCVS，取较小值）。

    Soil control values of one substance (RCVS, HCVS; control value = the smaller), HJ 25.3-2019 clause 10.
    --pathways keeps only the site's pathways (e.g. OIS,DCS,PIS); the others are excluded (exposure 0).
    """
    chosen = parse_pathways(pathways)
    defs = param_defs()
    p: dict[str, float] = {}
    for name, val in _pairs(params, "--param"):
        if name not in defs:
            raise click.BadParameter(f"未知参数 / unknown parameter {name!r}; known: {', '.join(sorted(defs))}",
                                     param_hint="--param")  # fmt: skip
        try:
            p[name] = parse_value(name, val)
        except RiskInputError as exc:
            raise click.BadParameter(str(exc), param_hint="--param") from None
    c: dict[str, float | bool | None] = {}
    for name, val in _pairs(chems, "--chem"):
        if name not in CHEM_NAMES:
            raise click.BadParameter(f"未知理化参数 / unknown chemical parameter {name!r}; known: "
                                     f"{', '.join(CHEM_NAMES)}", param_hint="--chem")  # fmt: skip
        try:
            c[name] = parse_chem_value(name, val)
        except RiskInputError as exc:
            raise click.BadParameter(str(exc), param_hint="--chem") from None
    lc = 1 if land_class == "1" else 2
    try:
        res = control_values(cas, lc, params=p, chem=c, profile=profile, pathways=chosen)
    except RiskInputError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(_clean(res.to_json(groundwater=groundwater)), ensure_ascii=False, indent=2))


COLUMNS = ["table", "seq", "name_zh", "name_en", "cas", "land_class", "level", "gb36600", "RCVS", "HCVS",
           "derived", "ratio", "status", "explanation"]  # fmt: skip


@risk.command("table")
@click.option("--land-class", type=click.Choice(["1", "2"]), required=True, help="用地类别 / land class")
@click.option("--level", type=click.Choice(["screening", "intervention"]), default="screening", show_default=True,
              help="筛选值或管制值 / screening or intervention values")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True,
              help="输出格式 / output format")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="输出文件（默认标准输出）/ output file (default: standard output)")  # fmt: skip
def table_cmd(land_class: str, level: str, fmt: str, out: str | None) -> None:
    """按 HJ 25.3 推导 GB 36600-2018 全部 85 项的值并与标准值并列（比值、是否在 ±25% 内、偏差说明）。

    Derived values of all 85 GB 36600-2018 items beside the published ones (ratio, within ±25 %, explanation).
    """
    lc = 1 if land_class == "1" else 2
    rows = [r.as_dict() for r in derived_table(lc, "screening" if level == "screening" else "intervention")]
    if fmt == "json":
        text = json.dumps(_clean(rows), ensure_ascii=False, indent=2)
        if out:
            with open(out, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            click.echo(text)
        return
    stdout = sys.stdout.buffer
    if not out and stdout.isatty():
        raise click.UsageError("xlsx 不输出到终端：用 --out 文件或重定向 / --format xlsx is not written to a "
                               "terminal: use --out FILE or redirect stdout")  # fmt: skip
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"class{lc}_{level}"
    ws.append(COLUMNS)
    for r in rows:
        ws.append([_clean(r[k]) for k in COLUMNS])
    n_pass = sum(1 for r in rows if r["status"] == "pass")
    n_dev = sum(1 for r in rows if r["status"] == "deviation")
    ws.append([])
    ws.append(
        ["summary", f"pass {n_pass}", f"deviation {n_dev}", f"not derivable {len(rows) - n_pass - n_dev}"]
    )
    if out:
        wb.save(out)
        click.echo(f"wrote {out} ({len(rows)} rows)", err=True)
        return
    buf = BytesIO()
    wb.save(buf)
    stdout.write(buf.getvalue())
    stdout.flush()


# `risk assess --plot CODE` is Django-backed (platform adapter, jingtu.risk); Django starts inside that command only.
from jingtu.cli.risk_assess import assess as _assess  # noqa: E402

risk.add_command(_assess)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(risk())
