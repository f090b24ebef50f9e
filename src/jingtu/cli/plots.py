"""`jingtu plots` (import, export, check) and `jingtu lists show` — Django-backed commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from jingtu.cli import setup_django
from jingtu.cli.system import DATA_DIR_OPTION, _use_data_dir


def _actor(username: str | None):  # type: ignore[no-untyped-def]
    from jingtu.accounts.actions import system_actor
    from jingtu.accounts.models import User

    if not username:
        return system_actor()
    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.BadParameter(f"未知用户 / unknown user: {username}", param_hint="--as")
    return user


AS_OPTION = click.option(
    "--as",
    "username",
    default=None,
    help="以该用户身份操作（默认系统账号）/ Act as this user (default: the system account).",
)


@click.group()
def plots() -> None:
    """地块名录：导入、导出、规则检查。/ Plot register: import, export, rule check."""


@plots.command("import")
@DATA_DIR_OPTION
@AS_OPTION
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--crs", "crs", default=None, help="声明坐标系，如 EPSG:4548 / State the CRS, e.g. EPSG:4548 or CM117."
)
@click.option(
    "--district", default=None, help="缺省区划代码或名称 / Default district (code or name) for new plots."
)
@click.option("--layer", default=None, help="图层名（多图层文件）/ Layer name (multi-layer files).")
@click.option("--encoding", default=None, help="属性编码，如 GBK / Attribute encoding, e.g. GBK.")
def import_(
    data_dir: Path | None,
    username: str | None,
    file: Path,
    crs: str | None,
    district: str | None,
    layer: str | None,
    encoding: str | None,
) -> None:
    """导入地块台账（XLSX）或边界（SHP zip / GPKG / GeoJSON / KML）；出错则全部不导入。

    Import a plot ledger (XLSX) or boundaries (zipped SHP / GPKG / GeoJSON / KML); on any error nothing is stored.
    """
    _use_data_dir(data_dir)
    setup_django()
    from jingtu.plots.importing import ImportFailed, import_file

    try:
        receipt = import_file(
            _actor(username), file, stated_crs=crs, layer=layer, encoding=encoding, district=district
        )
    except ImportFailed as exc:
        for e in exc.errors:
            click.echo(f"错误 / error: {e}", err=True)
        raise click.ClickException(
            f"{file.name}: {len(exc.errors)} 处错误，未导入任何数据 / {len(exc.errors)} error(s), nothing imported"
        ) from None
    if receipt.crs:
        click.echo(f"坐标系 / CRS: {receipt.crs}")
    for note in receipt.notes:
        click.echo(f"注意 / note: {note}")
    click.echo(
        f"新增 / created: {len(receipt.created)}  更新 / updated: {len(receipt.updated)}  ({file.name})"
    )


@plots.command()
@DATA_DIR_OPTION
@AS_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["gpkg", "geojson", "xlsx"]), required=True, help="格式 / Format."
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="输出文件 / Output file."
)
def export(data_dir: Path | None, username: str | None, fmt: str, out: Path | None) -> None:
    """导出地块（用户可见范围）。/ Export the plots (those the user may see)."""
    _use_data_dir(data_dir)
    setup_django()
    from jingtu.plots.exporting import export as do_export
    from jingtu.plots.exporting import plots_for

    out = out or Path(f"plots.{fmt}")
    actor = _actor(username)
    n = do_export(actor, fmt, out)
    click.echo(f"{n} 个地块 / plots -> {out}")
    skipped = len(plots_for(actor)) - n
    if skipped:
        click.echo(
            f"注意 / note: {skipped} 个地块无边界，未写入 {fmt}（XLSX 含全部地块）/ "
            f"{skipped} plot(s) without a boundary not written to {fmt} (XLSX has every plot)"
        )


@plots.command()
@DATA_DIR_OPTION
@AS_OPTION
@click.option(
    "--date", "on", default=None, help="检查日期 YYYY-MM-DD（默认今天）/ Check date (default today)."
)
def check(data_dir: Path | None, username: str | None, on: str | None) -> None:
    """对全部地块运行全部规则，输出违规 JSON。/ Run every rule over all plots; print the violations as JSON."""
    _use_data_dir(data_dir)
    setup_django()
    from django.utils import timezone

    from jingtu.core import access
    from jingtu.plots import actions
    from jingtu.plots.models import Plot

    today = _parse_date(on, "--date") if on else timezone.localdate()
    actor = _actor(username)
    plots_ = access.scope(actor, Plot.objects.select_related("district"))
    violations = actions.violations(actor, plots_, today)
    click.echo(json.dumps([v.to_dict() for v in violations], ensure_ascii=False, indent=2))


def _parse_date(text: str, hint: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"日期须为 YYYY-MM-DD / date must be YYYY-MM-DD: {text!r}", param_hint=hint
        ) from None


@click.group()
def lists() -> None:
    """名录与清单（风险管控和修复名录、暂不开发利用台账、优先监管清单）。/ Lists (remediation, dormant, priority)."""


@lists.command()
@DATA_DIR_OPTION
@AS_OPTION
@click.argument("kind", type=click.Choice(["priority", "remediation", "dormant"]))
@click.option(
    "--date", "on", default=None, help="哪一天的名录 YYYY-MM-DD（默认今天）/ The list as of this date."
)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / Print JSON.")
def show(data_dir: Path | None, username: str | None, kind: str, on: str | None, as_json: bool) -> None:
    """显示任一日期的名录。/ Show a list as it stood on any date."""
    _use_data_dir(data_dir)
    setup_django()
    from django.utils import timezone

    from jingtu.plots import actions

    day = _parse_date(on, "--date") if on else timezone.localdate()
    rows = actions.list_on(_actor(username), kind, day)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "list": kind,
                    "date": day.isoformat(),
                    "plots": [
                        {
                            "code": p.code,
                            "name": p.name,
                            "district": p.district.code,
                            "since": e.effective_on.isoformat(),
                            "due_on": e.due_on.isoformat() if e.due_on else None,
                            "basis": e.basis,
                        }
                        for p, e in rows
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"{kind} @ {day.isoformat()}: {len(rows)}")
    for p, e in rows:
        click.echo(f"  {p.code}\t{p.name}\t{p.district.name}\t{e.effective_on.isoformat()}\t{e.basis}")


@lists.command()
@DATA_DIR_OPTION
@AS_OPTION
@click.option(
    "--date",
    "on",
    default=None,
    help="按该日期更新 YYYY-MM-DD（默认今天）/ Bring up to date as of (default today).",
)
def sync(data_dir: Path | None, username: str | None, on: str | None) -> None:
    """更新暂不开发利用台账（超筛选值满一年自动纳入、开工即移出；每日运行）。

    Bring the dormant-land ledger up to date (enters one year after an exceedance, leaves when work starts; run
    daily, e.g. from cron).
    """
    _use_data_dir(data_dir)
    setup_django()
    from django.utils import timezone

    from jingtu.plots import actions

    day = _parse_date(on, "--date") if on else timezone.localdate()
    if day > timezone.localdate():
        raise click.BadParameter(
            f"不能按将来的日期更新台账 / the ledger cannot be brought up to a future date: {day}",
            param_hint="--date",
        )
    result = actions.sync_dormant_all(_actor(username), today=day)
    click.echo(
        f"暂不开发利用台账 / dormant ledger @ {day.isoformat()}: "
        f"纳入 / entered {result['entered']}, 移出 / left {result['left']}"
    )
