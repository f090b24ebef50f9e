"""`jingtu risk assess --plot CODE` — HJ 25.3 assessment of a plot's stored lab results (Django-backed).

Django starts inside the command only, so `jingtu risk control-values` and `jingtu risk table` stay Django-free.
The assessment is stored (audited) through `jingtu.risk.actions.run_assessment`, as from the web page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from jingtu.cli import setup_django
from jingtu.cli.system import DATA_DIR_OPTION, _use_data_dir

STATISTICS = (
    "max",
    "km_mean",
    "ucl95",
)  # identifiers of jingtu.engines.risk.stats (checked again by the action)
LAYERS = ("surface", "subsurface", "groundwater")


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    out = []
    for v in values:
        name, eq, val = v.partition("=")
        if not eq or not name.strip():
            raise click.BadParameter(f"期望 NAME=VALUE / expected NAME=VALUE, got {v!r}", param_hint=option)
        out.append((name.strip(), val))
    return out


@click.command("assess")
@click.option("--plot", "code", required=True, help="地块编号 / plot code")
@click.option("--land-class", type=click.Choice(["1", "2"]), required=True,
              help="用地类别（第一类/第二类）/ land class (1 or 2)")  # fmt: skip
@click.option("--statistic", type=click.Choice(STATISTICS), default="ucl95", show_default=True,
              help="暴露浓度统计量：最大值、KM 均值、95% UCL / exposure concentration: max, KM mean, 95% UCL")  # fmt: skip
@click.option("--layer", "layers", multiple=True, type=click.Choice(LAYERS),
              help="参与评估的层（可重复；默认全部）/ layer to include (repeatable; default all)")  # fmt: skip
@click.option("--surface-max-depth", type=float, default=0.5, show_default=True,
              help="表层土壤下界（m）/ surface soil ends at this depth (m)")  # fmt: skip
@click.option("--analyte", "analytes", multiple=True,
              help="只评估这些污染物（CAS，可重复）/ only these substances (CAS, repeatable)")  # fmt: skip
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="暴露/场地参数覆盖，HJ 25.3 符号 / parameter override by HJ 25.3 symbol")  # fmt: skip
@click.option("--chem", "chems", multiple=True, metavar="CAS:NAME=VALUE",
              help="理化/毒性参数覆盖（空值=无）/ chemical parameter override of one substance (empty = none)")  # fmt: skip
@click.option("--pathways", "pathways", default=None, metavar="CODE,CODE,...",
              help="评估的暴露途径（逗号分隔，默认全部：OIS,DCS,PIS,IOV1,IOV2,IIV1,IOV3,IIV2,CGW）/ exposure pathways "
                   "to assess, comma-separated (default all)")  # fmt: skip
@click.option("--as", "username", default=None,
              help="以该用户身份运行（默认系统账号）/ run as this user (default: the system account)")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="输出格式 / output format")  # fmt: skip
@DATA_DIR_OPTION
def assess(
    code: str, land_class: str, statistic: str, layers: tuple[str, ...], surface_max_depth: float,
    analytes: tuple[str, ...], params: tuple[str, ...], chems: tuple[str, ...], pathways: str | None,
    username: str | None, fmt: str, data_dir: Path | None,
) -> None:  # fmt: skip
    """对地块已入库的检测结果做健康风险评估（HJ 25.3-2019）并保存评估记录。

    Health-risk assessment (HJ 25.3-2019) of a plot's stored lab results; the assessment is stored and printed.
    """
    from jingtu.cli.risk import parse_pathways

    chosen = parse_pathways(pathways)  # bad codes refused before Django starts
    _use_data_dir(data_dir)
    setup_django()
    from django.core.exceptions import PermissionDenied, ValidationError

    from jingtu.accounts.actions import system_actor
    from jingtu.accounts.models import User
    from jingtu.engines.risk import RiskInputError, parse_chem_value, parse_value
    from jingtu.risk import actions

    if username:
        actor: Any = User.objects.filter(username=username).first()
        if actor is None:
            raise click.BadParameter(f"未知用户 / unknown user: {username}", param_hint="--as")
    else:
        actor = system_actor()
    try:
        param_values = {n: parse_value(n, v) for n, v in _pairs(params, "--param")}
        chem: dict[str, dict[str, Any]] = {}
        for key, v in _pairs(chems, "--chem"):
            cas, colon, name = key.partition(":")
            if not colon:
                raise click.BadParameter(f"期望 CAS:NAME=VALUE / expected CAS:NAME=VALUE, got {key!r}",
                                         param_hint="--chem")  # fmt: skip
            chem.setdefault(cas.strip(), {})[name.strip()] = parse_chem_value(name.strip(), v)
    except RiskInputError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        plot = actions.plot_for(actor, code)
        ra = actions.run_assessment(
            actor, plot, land_class=int(land_class), statistic=statistic, layers=layers or LAYERS,
            overrides={"params": param_values, "chem": chem}, analytes=analytes,
            surface_max_depth_m=surface_max_depth, pathways=chosen,
        )  # fmt: skip
    except PermissionDenied as exc:
        raise click.ClickException(
            f"地块 {code}：无权限或不存在 / plot {code}: not found or not allowed ({exc})"
        ) from exc
    except ValidationError as exc:
        raise click.ClickException(f"地块 {code} / plot {code}: {'; '.join(exc.messages)}") from exc
    out = {
        "id": ra.pk,
        "plot": plot.code,
        "land_class": ra.land_class,
        "statistic": ra.statistic,
        "layers": ra.layers,
        "proposed_step": ra.proposed_step,
        "review_conclusion": ra.review_conclusion,
        "engine_version": ra.engine_version,
        "parameter_tables": ra.parameter_tables,
        "run_by": str(ra.run_by) if ra.run_by else None,
        "run_at": ra.run_at.isoformat(),
        "selection": ra.selection,
        "parameters": {
            "pathways": {
                "assessed": ra.outputs.get("pathways"),
                "excluded": ra.outputs.get("pathways_excluded"),
            }
        },  # fmt: skip
        "overrides": ra.overrides,
        "excluded": ra.excluded,
        "outputs": ra.outputs,
    }
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))
