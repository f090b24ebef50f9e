"""`jingtu plan import` and `jingtu plan obligations`: plan tracking commands (Django-backed).

Attached to the `plan` group of `jingtu.cli.plan` (whose `plan parse` is the parser engine's, Django-free) with
`attach(plan)`; these commands start Django only when they run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from jingtu.cli import setup_django
from jingtu.cli.system import DATA_DIR_OPTION, _use_data_dir


def _actor(username: str | None) -> Any:
    from jingtu.accounts.actions import system_actor
    from jingtu.accounts.models import User

    if not username:
        return system_actor()
    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.BadParameter(f"未知用户 / unknown user: {username}", param_hint="--as")
    return user


def _district(code: str | None) -> Any:
    from jingtu.divisions.models import District

    if not code:
        return None
    d = District.objects.filter(code=code).first() or District.objects.filter(name=code).first()
    if d is None:
        raise click.BadParameter(f"未知区划代码 / unknown district code: {code}", param_hint="--district")
    return d


AS_OPTION = click.option(
    "--as",
    "username",
    default=None,
    help="以该用户身份操作（默认系统账号）/ Act as this user (default: the system account).",
)


@click.command("import")
@DATA_DIR_OPTION
@AS_OPTION
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--district",
    default=None,
    help="区级计划的区划代码（缺省按标题中的区名，无区名为市级计划）/ District code of a district plan "
    "(default: the district the title names; none = municipal).",
)
@click.option(
    "--year",
    type=int,
    default=None,
    help="计划年度（缺省取文件中的年度）/ Plan year (default: from the file).",
)
@click.option(
    "--title",
    default="",
    help="计划标题（文件未以标题开头时）/ Plan title, when the document does not start with it.",
)
@click.option(
    "--confirm",
    is_flag=True,
    help="导入后直接确认并生成责任事项（跳过人工审核）/ Confirm right away and create the obligations.",
)
def import_cmd(
    data_dir: Path | None,
    username: str | None,
    file: Path,
    district: str | None,
    year: int | None,
    title: str,
    confirm: bool,
) -> None:
    """解析并导入行动计划（草稿，待审核确认）。/ Parse and import an action plan as a draft for review."""
    _use_data_dir(data_dir)
    setup_django()
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.core.files import File

    from jingtu.plans import actions
    from jingtu.plans.parsing import ParserError, parse_document, parser_version

    actor = _actor(username)
    target = _district(district)
    try:
        parsed = parse_document(file, year=year, district=target.code if target else None)
    except ParserError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        with file.open("rb") as fh:
            plan = actions.import_plan(
                actor,
                parsed,
                district=target,
                year=year,
                source_file=File(fh, name=file.name),
                source_name=file.name,
                parser_version=parser_version(),
                title=title,
            )
        click.echo(
            f"计划 / plan #{plan.pk}: {plan.title} ({plan.year}) — {plan.measures.count()} 条措施 / measures"
        )
        if confirm:
            receipt = actions.confirm_plan(actor, plan, reason="confirmed from the command line")
            click.echo(
                f"已确认 / confirmed: {receipt['obligations']} 项责任事项 / obligations, "
                f"{receipt['unresolved_names']} 个未识别单位名称 / unresolved names"
            )
        else:
            click.echo(f"草稿待审核 / draft: review it at /plans/{plan.pk}/review/")
    except (ValidationError, PermissionDenied) as exc:
        raise click.ClickException(
            f"{file.name}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}"
        ) from None


@click.command("obligations")
@DATA_DIR_OPTION
@AS_OPTION
@click.option("--district", default=None, help="区划代码 / District code (default: all the user may see).")
@click.option("--year", type=int, default=None, help="计划年度 / Plan year.")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="table", help="输出格式 / Format."
)
def obligations_cmd(
    data_dir: Path | None, username: str | None, district: str | None, year: int | None, fmt: str
) -> None:
    """列出责任事项及时限状态。/ List obligations with their deadline state."""
    _use_data_dir(data_dir)
    setup_django()
    from django.utils import timezone

    from jingtu.core import access
    from jingtu.plans import reports
    from jingtu.plans.models import Obligation, Plan

    qs = access.scope(
        _actor(username), Obligation.objects.filter(measure__plan__status=Plan.Status.CONFIRMED)
    )
    target = _district(district)
    if target is not None:
        qs = qs.filter(district=target)
    if year:
        qs = qs.filter(measure__plan__year=year)
    rows = reports.with_states(qs, timezone.localdate())
    out = [
        {
            "id": r.obligation.pk,
            "plan": r.obligation.measure.plan.title,
            "task": r.obligation.measure.task_number,
            "measure": r.obligation.measure.text,
            "unit": r.obligation.organisation.code,
            "unit_name": r.obligation.organisation.name,
            "role": r.obligation.role,
            "district": r.obligation.district.code if r.obligation.district else None,
            "due": r.obligation.due.isoformat() if r.obligation.due else None,
            "status": r.obligation.status,
            "deadline_state": r.state,
        }
        for r in rows
    ]
    if fmt == "json":
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for o in out:
        click.echo(
            f"{o['due'] or '—':<10}  {o['deadline_state']:<11} {o['role']:<11} {o['unit_name']:<24} "
            f"{o['task']:>3}. {o['measure'][:40]}"
        )
    click.echo(f"共 {len(out)} 项 / {len(out)} obligation(s)")


def attach(group: click.Group) -> None:
    """Add the tracking commands to the `plan` group."""
    group.add_command(import_cmd, "import")
    group.add_command(obligations_cmd, "obligations")
