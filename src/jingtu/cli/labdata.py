"""`jingtu labdata import FILE --plot CODE` — import a lab EDD into a plot (Django-backed).

The file goes through `jingtu.labdata.actions.import_edd`, the action the web upload uses: one transaction, one
receipt, one audit event; a file with any bad row stores nothing but the rejected attempt and its report. As on the
web, the submitter is the acting user's organisation, and the GB 36600 land class defaults to the plot's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from jingtu.cli import setup_django
from jingtu.cli.plots import AS_OPTION, _actor
from jingtu.cli.system import DATA_DIR_OPTION, _use_data_dir

# identifiers of jingtu.engines.standards (as in the upload form)
STANDARDS = ("gb36600", "gb15618", "gb14848")
LAND_USES = ("paddy", "other", "orchard")  # GB 15618-2018 land uses (as in the upload form)


@click.group()
def labdata() -> None:
    """检测数据：将实验室 EDD 导入地块。/ Lab data: import a laboratory EDD into a plot."""


def _report(batch: Any) -> dict[str, Any]:
    report = batch.report or {}
    return {
        "receipt": batch.receipt,
        "plot": batch.plot.code,
        "file": batch.file_name,
        "sha256": batch.sha256,
        "status": batch.status,
        "standard": batch.standard,
        "standard_version": batch.standard_version,
        "screening_options": batch.screening_options,
        "encoding": batch.encoding,
        "schema_version": batch.schema_version,
        "rows_total": batch.rows_total,
        "rows_stored": batch.rows_accepted,
        "rows_rejected": batch.rows_rejected,
        "derived": report.get("derived", 0),
        "summary": report.get("summary") or {},
        "rejected": report.get("rejected", []),
        "warnings": report.get("warnings", []),
        "warnings_total": report.get("warnings_total", 0),
    }


def _table(r: dict[str, Any]) -> str:
    status = {"accepted": "已入库 accepted", "rejected": "已拒收 rejected"}.get(r["status"], r["status"])
    lines = [
        f"回执 / receipt: {r['receipt']}",
        f"地块 / plot: {r['plot']}",
        f"文件 / file: {r['file']}  (SHA-256 {r['sha256'][:16]}…)",
        f"状态 / status: {status}",
        f"标准 / standard: {r['standard']} {r['standard_version']}  {json.dumps(r['screening_options'])}",
        f"行 / rows: {r['rows_total']}  入库 stored: {r['rows_stored']}  拒收 rejected: {r['rows_rejected']}",
    ]
    if r["summary"]:
        lines.append("筛选结果 / outcomes: " + ", ".join(f"{k} {n}" for k, n in r["summary"].items()))
    if r["rejected"]:
        lines.append("")
        lines.append("行line\t字段field\t原因reason")
        lines += [f"{p['line']}\t{p['field']}\t{p['reason']}" for p in r["rejected"]]
    if r["warnings"]:
        lines.append("")
        lines.append(f"警告 / warnings ({r['warnings_total']}):")
        lines += [f"{p['line']}\t{p['field']}\t{p['reason']}" for p in r["warnings"]]
    return "\n".join(lines)


@labdata.command("import")
@DATA_DIR_OPTION
@AS_OPTION
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plot", "code", required=True, help="地块编号 / Plot code.")
@click.option(
    "--standard",
    type=click.Choice(STANDARDS),
    default="gb36600",
    show_default=True,
    help="筛选标准 / Screening standard (GB 36600-2018, GB 15618-2018, GB/T 14848-2017).",
)
@click.option(
    "--land-class",
    type=click.Choice(["1", "2"]),
    default=None,
    help="GB 36600 用地类别（默认取地块的）/ GB 36600 land class (default: the plot's).",
)
@click.option(
    "--land-use",
    type=click.Choice(LAND_USES),
    default=None,
    help="GB 15618 用地类型（水田/其他/果园）/ GB 15618 land use (paddy, other, orchard).",
)
@click.option(
    "--groundwater/--no-groundwater",
    default=True,
    show_default=True,
    help="地下水样按 GB/T 14848 筛选 / Screen groundwater rows against GB/T 14848-2017.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="输出格式 / Output format.",
)
def import_(
    data_dir: Path | None,
    username: str | None,
    file: Path,
    code: str,
    standard: str,
    land_class: str | None,
    land_use: str | None,
    groundwater: bool,
    fmt: str,
) -> None:
    """导入实验室 EDD（CSV/XLSX）到地块，打印回执和逐行报告；有坏行则不入库任何数据（退出码 1）。

    Import a laboratory EDD (CSV/XLSX) into a plot and print the receipt and the row-level report (line, field,
    reason); a file with any bad row stores nothing (exit status 1). A file already imported is refused.
    """
    _use_data_dir(data_dir)
    setup_django()
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from jingtu.core import access
    from jingtu.labdata import actions, engine
    from jingtu.labdata.models import ImportBatch
    from jingtu.plots.models import Plot

    actor = _actor(username)
    who = username or "system"
    plot = access.scope(actor, Plot.objects.select_related("district")).filter(code=code).first()
    if plot is None:
        raise click.ClickException(
            f"地块 {code} 不存在或用户 {who} 无权查看 / plot {code}: not found or not visible to {who}"
        )
    probe = ImportBatch(plot=plot, submitted_by_id=getattr(actor, "organisation_id", None))
    if not access.can(actor, "add", probe):
        raise click.ClickException(
            f"用户 {who} 无权为地块 {code} 提交检测数据 / user {who} may not submit lab data for plot {code}"
        )
    lc: int | None = int(land_class) if land_class else plot.gb36600_class
    if standard == "gb36600" and lc is None:
        raise click.UsageError(
            f"地块 {code} 未定用地类别，请给出 --land-class / plot {code} has no land class: give --land-class"
        )
    if standard == "gb15618" and not land_use:
        raise click.UsageError("GB 15618 需要 --land-use / GB 15618 needs --land-use")
    options = engine.ScreeningOptions(
        standard=standard,
        land_class=lc if standard == "gb36600" else None,
        land_use=land_use if standard == "gb15618" else None,
        groundwater=groundwater,
    )
    try:
        batch = actions.import_edd(actor, plot, file_name=file.name, data=file.read_bytes(), options=options)
    except actions.DuplicateImport as exc:
        e = exc.earlier
        when = f"{timezone.localtime(e.created_at):%Y-%m-%d %H:%M}"
        raise click.ClickException(
            f"{file.name}: 该文件已导入（回执 {e.receipt}，{when}），未作任何更改 / "
            f"this file was already imported (receipt {e.receipt}, {when}); "
            "nothing was changed"
        ) from None
    except PermissionDenied as exc:
        raise click.ClickException(
            f"用户 {who} 无权为地块 {code} 提交检测数据 / user {who} may not submit lab data for plot {code} "
            f"({exc})"
        ) from None
    out = _report(batch)
    click.echo(json.dumps(out, ensure_ascii=False, indent=2) if fmt == "json" else _table(out))
    if batch.status != ImportBatch.Status.ACCEPTED:
        raise click.ClickException(
            f"{file.name}: {out['rows_rejected']} 行有误，未入库任何数据（回执 {batch.receipt}）/ "
            f"{out['rows_rejected']} bad row(s), nothing stored (receipt {batch.receipt})"
        )
