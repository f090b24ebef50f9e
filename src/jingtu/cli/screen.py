"""`jingtu screen` and `jingtu edd` — screen lab results against the standards, check and template EDD files.

Engine only (no Django). JSON contract: issue 3 (``standard``, ``rows``, ``rejected``, ``findings``, ``summary``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from jingtu.engines.edd import EddError, EddTable, read_edd
from jingtu.engines.screening import FINDING_COLUMNS, OUTCOMES, ScreeningResult
from jingtu.engines.screening import screen as run_screen
from jingtu.engines.standards import BackgroundValues, CatalogError, get_standard


def _read(path: Path) -> EddTable:
    try:
        return read_edd(path)
    except EddError as exc:
        where = (
            f"{path}"
            + (f", 第{exc.line}行 / line {exc.line}" if exc.line else "")
            + (f", {exc.field}" if exc.field else "")
        )
        raise click.ClickException(f"{where}: {exc}") from exc


def findings_json(result: ScreeningResult) -> str:
    """The issue-3 JSON document; findings serialised by pandas (fast for 1M rows)."""
    df = result.findings[list(FINDING_COLUMNS)]
    findings = df.to_json(orient="records", force_ascii=False, double_precision=15)
    head = json.dumps(
        {
            "standard": result.standard,
            "rows": result.rows,
            "rejected": [p.as_dict() for p in result.rejected],
        },
        ensure_ascii=False,
    )
    summary = json.dumps(result.summary(), ensure_ascii=False)
    return f'{head[:-1]}, "findings": {findings}, "summary": {summary}}}'


def _table_text(result: ScreeningResult) -> str:
    df = result.findings
    lines = [f"{result.standard}    rows: {result.rows}    rejected: {len(result.rejected)}"]
    lines.append(
        "\t".join(
            [
                "行row",
                "样品sample",
                "项目analyte",
                "CAS",
                "结果value",
                "单位unit",
                "筛选值screening",
                "管制值intervention",
                "结论outcome",
            ]
        )
    )
    for r in df.itertuples(index=False):
        v = "ND<" + _num(r.detection_limit) if not r.detected else _num(r.value)
        lines.append(
            "\t".join(
                [
                    str(r.row),
                    str(r.sample_code),
                    str(r.analyte),
                    str(r.cas),
                    v,
                    str(r.unit),
                    _num(r.screening_value),
                    _num(r.intervention_value),
                    str(r.outcome),
                ]
            )
        )
    for p in result.rejected:
        lines.append(f"rejected 第{p.line}行 line {p.line}\t{p.field}\t{p.reason}")
    lines.append("summary: " + ", ".join(f"{k}={v}" for k, v in result.summary().items()))
    return "\n".join(lines)


def _num(x: Any) -> str:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return ""
    return "" if f != f else f"{f:g}"


def _write_xlsx(result: ScreeningResult, out: Path) -> None:
    import pandas as pd

    cols = list(FINDING_COLUMNS) + [
        "plot_code",
        "point_code",
        "depth_top_m",
        "depth_bottom_m",
        "ph_band",
        "land_use",
        "gw_class",
        "clause",
    ]
    with pd.ExcelWriter(out, engine="xlsxwriter") as xw:
        result.findings[cols].to_excel(xw, sheet_name="findings", index=False)
        pd.DataFrame([p.as_dict() for p in result.rejected], columns=["row", "field", "reason"]).to_excel(
            xw, sheet_name="rejected", index=False
        )
        pd.DataFrame(list(result.summary().items()), columns=["outcome", "count"]).to_excel(
            xw, sheet_name="summary", index=False
        )


@click.command("screen")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--standard",
    "standard_key",
    required=True,
    type=click.Choice(["gb36600", "gb15618", "gb14848"]),
    help="筛选标准 / standard to screen against",
)
@click.option(
    "--land-class",
    type=click.Choice(["1", "2"]),
    help="GB 36600 用地类别（第一类/第二类）/ land class 1 or 2",
)
@click.option(
    "--land-use",
    type=click.Choice(["paddy", "other", "orchard"]),
    help="GB 15618 土地利用：水田/其他/果园 / land use: paddy, other, orchard",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table", "xlsx"]),
    default="json",
    show_default=True,
    help="输出格式 / output format",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件（xlsx 必填）/ output file (required for xlsx)",
)
@click.option(
    "--background",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="背景值文件（GB 36600 注①）/ background values CSV for the GB 36600 note ① rule",
)
@click.option("--district", help="默认区县（背景值）/ default district for background values")
@click.option("--soil-type", help="默认土壤类型（背景值）/ default soil type for background values")
def screen(
    file: Path,
    standard_key: str,
    land_class: str | None,
    land_use: str | None,
    fmt: str,
    out: Path | None,
    background: Path | None,
    district: str | None,
    soil_type: str | None,
) -> None:
    """按标准筛选检测结果（被拒绝的行列出，其余照常筛选）。

    Screen an EDD's results against GB 36600-2018, GB 15618-2018 or GB/T 14848-2017. Rejected rows are listed and
    do not stop the rest of the file from being screened. Values and limits are in the standard's unit.
    """
    if standard_key == "gb36600" and land_class is None:
        raise click.UsageError("GB 36600 需要 --land-class 1|2 / GB 36600 needs --land-class 1|2")
    if standard_key == "gb15618" and land_use is None:
        raise click.UsageError("GB 15618 需要 --land-use paddy|other|orchard / GB 15618 needs --land-use")
    if land_class is not None and standard_key != "gb36600":
        raise click.UsageError(
            "--land-class 只用于 GB 36600 / --land-class applies to --standard gb36600 only"
        )
    if land_use is not None and standard_key != "gb15618":
        raise click.UsageError("--land-use 只用于 GB 15618 / --land-use applies to --standard gb15618 only")
    if fmt == "xlsx" and out is None:
        raise click.UsageError("xlsx 输出需要 --out / --format xlsx needs --out PATH")
    std = get_standard(standard_key, land_class=int(land_class) if land_class else None, land_use=land_use)
    bg = None
    if background is not None:
        try:
            bg = BackgroundValues.load(background)
        except CatalogError as exc:
            raise click.ClickException(f"{background}: {exc}") from exc
    table = _read(file)
    result = run_screen(table, std, background=bg, district=district, soil_type=soil_type)
    if fmt == "xlsx":
        assert out is not None
        _write_xlsx(result, out)
        click.echo(f"{out}: {len(result.findings)} findings, {len(result.rejected)} rejected", err=True)
        return
    text = findings_json(result) if fmt == "json" else _table_text(result)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


@click.group("edd")
def edd() -> None:
    """实验室数据文件（EDD）：提交前检查、模板。

    Electronic data deliverables (lab result files): offline check before submitting, template.
    """


@edd.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式 / output format",
)
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="列出警告 / list warnings")
def check(file: Path, fmt: str, warnings: bool) -> None:
    """离线检查 EDD 文件：逐行列出问题（行号、字段、原因）；有被拒绝的行时退出码为 1。

    Offline checker a lab runs before submitting: lists every problem with line (header = line 1), field and
    reason. Exit status 1 when any row would be rejected.
    """
    table = _read(file)
    if fmt == "json":
        doc = {
            "file": str(file),
            "sha256": table.sha256,
            "encoding": table.encoding,
            "schema_version": table.schema_version,
            "rows": table.n_rows,
            "accepted": len(table.records),
            "rejected": [p.as_dict() | {"value": p.value} for p in table.rejected],
            "warnings": [p.as_dict() | {"value": p.value} for p in table.warnings] if warnings else [],
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        click.echo(
            f"{file}: {table.source_format}, {table.encoding}, EDD schema {table.schema_version}, "
            f"{table.n_rows} 行 rows, {len(table.records)} 接受 accepted, {len(table.rejected_lines)} 拒绝 rejected"
        )
        for p in table.rejected:
            click.echo(
                f"错误 error\t第{p.line}行 line {p.line}\t{p.field}\t{p.reason}"
                + (f"\t[{p.value}]" if p.value else "")
            )
        if warnings:
            for p in table.warnings:
                click.echo(f"警告 warning\t第{p.line}行 line {p.line}\t{p.field}\t{p.reason}")
    if table.rejected:
        raise SystemExit(1)


@edd.command("template")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="模板文件路径（.xlsx 或 .csv）/ template path (.xlsx or .csv)",
)
def template(out: Path) -> None:
    """生成 EDD 模板（中文表头，含示例行与列说明）。

    Write an EDD template (Chinese headers, one example row, a column guide sheet for XLSX).
    """
    from jingtu.engines.edd.template import write_template

    write_template(out)
    click.echo(str(out))


__all__ = ["OUTCOMES", "check", "edd", "screen", "template"]
