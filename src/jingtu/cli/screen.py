"""`jingtu screen` and `jingtu edd` — screen lab results against the standards, check and template EDD files.

Engine only (no Django). JSON contract: issue 3 (``standard``, ``rows``, ``rejected``, ``findings``, ``summary``).
``--standard`` may be repeated: the file is then screened against a combined standard
(:class:`jingtu.engines.standards.CombinedStandard`, ``--combine most_conservative|first_applicable``), the JSON
``standard`` is the combined label and every finding also names the ``standard`` it was compared with. With one
``--standard`` the output is exactly the single-standard output.
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
from jingtu.engines.standards import BackgroundValues, CatalogError, CombinedStandard, get_standard
from jingtu.engines.standards.combined import MODES

STANDARD_KEYS = ("gb36600", "gb15618", "gb14848")


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


def _columns(with_standard: bool) -> list[str]:
    return list(FINDING_COLUMNS) + (["standard"] if with_standard else [])


def findings_json(result: ScreeningResult, with_standard: bool = False) -> str:
    """The issue-3 JSON document; findings serialised by pandas (fast for 1M rows). ``with_standard`` (a combined
    standard) adds each finding's ``standard``: the member standard it was compared with."""
    df = result.findings[_columns(with_standard)]
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


def _table_text(result: ScreeningResult, with_standard: bool = False) -> str:
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
                *(["标准standard"] if with_standard else []),
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
                    *([str(r.standard)] if with_standard else []),
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


def _write_xlsx(result: ScreeningResult, out: Path, with_standard: bool = False) -> None:
    import pandas as pd

    cols = _columns(with_standard) + [
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


def standards_from_options(
    keys: tuple[str, ...], land_classes: tuple[str, ...], land_uses: tuple[str, ...]
) -> list[Any]:
    """The member standards named by repeated ``--standard``, in order. ``--land-class`` values go, in order, to the
    ``gb36600`` entries and ``--land-use`` values to the ``gb15618`` entries (one each); anything else is a
    :class:`click.UsageError` naming the option."""
    n36, n156 = keys.count("gb36600"), keys.count("gb15618")
    if n36 and not land_classes:
        raise click.UsageError("GB 36600 需要 --land-class 1|2 / GB 36600 needs --land-class 1|2")
    if n156 and not land_uses:
        raise click.UsageError("GB 15618 需要 --land-use paddy|other|orchard / GB 15618 needs --land-use")
    if land_classes and not n36:
        raise click.UsageError(
            "--land-class 只用于 GB 36600 / --land-class applies to --standard gb36600 only"
        )
    if land_uses and not n156:
        raise click.UsageError("--land-use 只用于 GB 15618 / --land-use applies to --standard gb15618 only")
    for option, values, key, n in (("--land-class", land_classes, "gb36600", n36), ("--land-use", land_uses, "gb15618", n156)):  # fmt: skip
        if len(values) != n:
            raise click.UsageError(
                f"每个 --standard {key} 需要一个 {option}（按出现顺序对应）/ each --standard {key} takes one "
                f"{option}, in order: {n} × --standard {key}, {len(values)} × {option} ({', '.join(values)})"
            )
    classes, uses = iter(land_classes), iter(land_uses)
    members: list[Any] = []
    for key in keys:
        lc = int(next(classes)) if key == "gb36600" else None
        lu = next(uses) if key == "gb15618" else None
        std = get_standard(key, land_class=lc, land_use=lu)
        if any(m.label == std.label for m in members):
            raise click.UsageError(f"标准重复 / the same standard is given twice: {std.label}")
        members.append(std)
    return members


@click.command("screen")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--standard",
    "standard_keys",
    required=True,
    multiple=True,
    type=click.Choice(list(STANDARD_KEYS)),
    help="筛选标准，可重复以按多个标准筛选 / standard to screen against; repeat it to screen against several "
    "(combined with --combine)",
)
@click.option(
    "--land-class",
    "land_classes",
    multiple=True,
    type=click.Choice(["1", "2"]),
    help="GB 36600 用地类别（第一类/第二类），按顺序对应各个 --standard gb36600 / land class 1 or 2, one per "
    "--standard gb36600, in order",
)
@click.option(
    "--land-use",
    "land_uses",
    multiple=True,
    type=click.Choice(["paddy", "other", "orchard"]),
    help="GB 15618 土地利用：水田/其他/果园，按顺序对应各个 --standard gb15618 / land use: paddy, other, orchard, "
    "one per --standard gb15618, in order",
)
@click.option(
    "--combine",
    type=click.Choice(list(MODES)),
    default="most_conservative",
    show_default=True,
    help="多个标准的组合方式：取最严（most_conservative）或按顺序取首个有限值的标准（first_applicable）/ how several "
    "standards combine: the most severe outcome, or the first standard (in --standard order) with a limit",
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
    standard_keys: tuple[str, ...],
    land_classes: tuple[str, ...],
    land_uses: tuple[str, ...],
    combine: str,
    fmt: str,
    out: Path | None,
    background: Path | None,
    district: str | None,
    soil_type: str | None,
) -> None:
    """按标准筛选检测结果（被拒绝的行列出，其余照常筛选）。

    Screen an EDD's results against GB 36600-2018, GB 15618-2018 or GB/T 14848-2017. Rejected rows are listed and
    do not stop the rest of the file from being screened. Values and limits are in the standard's unit.

    重复 --standard 按多个标准筛选（--combine），每条结果注明所用标准。/ Repeat --standard to screen against several
    standards (--combine); each finding then names the standard it was compared with.

    \b
    例 / example:
      jingtu screen FILE --standard gb36600 --land-class 1 --standard gb14848
    """
    members = standards_from_options(standard_keys, land_classes, land_uses)
    if fmt == "xlsx" and out is None:
        raise click.UsageError("xlsx 输出需要 --out / --format xlsx needs --out PATH")
    combined = len(members) > 1
    std = CombinedStandard(tuple(members), mode=combine) if combined else members[0]
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
        _write_xlsx(result, out, combined)
        click.echo(f"{out}: {len(result.findings)} findings, {len(result.rejected)} rejected", err=True)
        return
    text = findings_json(result, combined) if fmt == "json" else _table_text(result, combined)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


@click.group("edd")
def edd() -> None:
    """实验室数据文件（EDD）：提交前检查、模板。

    Electronic data deliverables (lab result files): offline check before submitting, template.
    """


def limit_columns_note(table: EddTable) -> str | None:
    """How the file's limit columns were read (EDD schema 1.2), for the checker; None when it has no limit column."""
    from jingtu.engines.edd import canonical_column

    limits = {h: c for h, c in table.columns.items() if c in ("detection_limit", "reporting_limit")}
    if not limits:
        return None
    parts = []
    for h, c in limits.items():
        if c == "detection_limit" and canonical_column(h) == "reporting_limit":
            parts.append(
                f"{h} → detection_limit（唯一的限值列，按 1.1 含义作检出限）/ the only limit column, read as the "
                "detection limit as in schema 1.1 (with a 检出限 or 报告限类型 column it would be the reporting limit)"
            )
        else:
            parts.append(f"{h} → {c}")
    return "限值列 limit columns: " + "; ".join(parts)


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
            "columns": table.columns,
            "rejected": [p.as_dict() | {"value": p.value} for p in table.rejected],
            "warnings": [p.as_dict() | {"value": p.value} for p in table.warnings] if warnings else [],
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        click.echo(
            f"{file}: {table.source_format}, {table.encoding}, EDD schema {table.schema_version}, "
            f"{table.n_rows} 行 rows, {len(table.records)} 接受 accepted, {len(table.rejected_lines)} 拒绝 rejected"
        )
        note = limit_columns_note(table)
        if note:
            click.echo(note)
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


__all__ = ["OUTCOMES", "check", "edd", "screen", "standards_from_options", "template"]
