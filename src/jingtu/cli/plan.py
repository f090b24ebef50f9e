"""`jingtu plan` — action-plan documents (engine only, no Django)."""

from __future__ import annotations

from pathlib import Path

import click

from jingtu.engines.plans import Plan, PlanReadError, parse_file


@click.group("plan")
def plan() -> None:
    """净土保卫战行动计划：解析计划文件为任务、措施、责任单位、时限和指标。

    Action plans: parse plan documents into tasks, measures, units, deadlines and targets.
    """


def _table(p: Plan) -> str:
    out = [
        f"标题 / title: {p.title or '—'}",
        f"年份 / year: {p.year or '—'}    发布 / issuer: {p.issuer or '—'}    版式 / layout: {p.layout}"
        f"    区 / district: {p.district or '—'}",
        f"措施数 / measures: {len(p.measures)}",
        "",
    ]
    for s in p.sections:
        head = f"{s.number}、{s.title}" if s.number else s.title or "（无标题 / untitled）"
        out.append(head + ("  [inferred]" if s.inferred else ""))
        for t in s.tasks:
            out.append(f"  {t.number if t.number is not None else '-'}  {t.title}")
            for m in t.measures:
                text = m.text.replace("\n", " ")
                out.append(f"      · {text[:60]}{'…' if len(text) > 60 else ''}")
                due = m.deadline.due.isoformat() if m.deadline.due else "—"
                out.append(f"        时限 / deadline: {m.deadline.text or '—'} → {due}")
                if m.deadline.milestones:
                    out.append(
                        "        节点 / milestones: "
                        + ", ".join(d.isoformat() for d in m.deadline.milestones)
                    )
                for label, names in (
                    ("牵头 / lead", m.lead),
                    ("主责 / responsible", m.responsible),
                    ("协办 / cooperating", m.cooperating),
                ):
                    if names:
                        out.append(f"        {label}: {'、'.join(names)}")
                for tg in m.targets:
                    out.append(f"        指标 / target: {tg.indicator} {tg.op} {tg.value}{tg.unit}")
                if m.districts:
                    out.append("        区 / districts: " + "、".join(d.name for d in m.districts))
                if m.unresolved:
                    out.append("        未解析 / unresolved: " + "、".join(m.unresolved))
    for w in p.warnings:
        out.append(f"注意 / warning: {w}")
    return "\n".join(out)


@plan.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--year",
    type=click.IntRange(1949, 2100),
    help="计划年份（覆盖标题中的年份） / plan year (overrides the year in the title)",
)
@click.option(
    "--district",
    metavar="CODE",
    help="区代码或区名，用于解析“区生态环境局”等名称 / district context: GB/T 2260 code (110101) or name",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="输出格式 / output format",
)
def parse(file: Path, year: int | None, district: str | None, fmt: str) -> None:
    """解析计划文件（.txt/.docx/.xlsx）并输出 JSON 或表格。

    Parse a plan document (.txt exported from PDF/Word, .docx, .xlsx) and print JSON or a table.
    """
    try:
        result = parse_file(file, year=year, district=district)
    except PlanReadError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:  # an unknown --district
        raise click.BadParameter(str(exc), param_hint="--district") from exc
    if fmt == "json":
        click.echo(result.to_json())
    else:
        click.echo(_table(result))


# tracking commands (plan import / plan obligations; Django-backed, loaded only when they run)
from jingtu.cli.plan_tracking import attach  # noqa: E402

attach(plan)
