"""System commands: demo, serve, migrate, createuser, backup, restore, status, divisions."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from jingtu.cli import setup_django

DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="数据目录（默认 JINGTU_DATA_DIR 或系统用户数据目录）/ Data directory (default: JINGTU_DATA_DIR or the OS user-data dir).",
)


def _use_data_dir(data_dir: Path | None) -> None:
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        os.environ["JINGTU_DATA_DIR"] = str(data_dir.resolve())


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    from jingtu.core.dbinfo import database_kind, ensure_database_dir

    ensure_database_dir()
    click.echo(f"数据库 / database: {database_kind()} …")
    call_command("migrate", interactive=False, verbosity=verbosity)


@click.command()
@DATA_DIR_OPTION
@click.option("-v", "--verbose", is_flag=True, help="显示每个迁移 / Show each migration.")
def migrate(data_dir: Path | None, verbose: bool) -> None:
    """创建或升级数据库结构。/ Create or upgrade the database schema."""
    _use_data_dir(data_dir)
    setup_django()
    _migrate(1 if verbose else 0)
    click.echo("完成 / done.")


def _serve(host: str, port: int) -> None:
    from waitress import serve as waitress_serve

    from jingtu.project.wsgi import application

    click.echo(f"Jingtu 运行于 / running at http://{host}:{port}/  (Ctrl+C 停止 / to stop)")
    waitress_serve(application, host=host, port=port, threads=8, _quiet=True)


HOST_OPTION = click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址 / Address to listen on."
)
PORT_OPTION = click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口 / Port."
)


@click.command()
@DATA_DIR_OPTION
@HOST_OPTION
@PORT_OPTION
def serve(data_dir: Path | None, host: str, port: int) -> None:
    """启动网页服务。/ Start the web server."""
    _use_data_dir(data_dir)
    setup_django()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise click.ClickException(
            "数据库未迁移，请先运行 `jingtu migrate` / database not migrated: run `jingtu migrate` first"
        )
    _serve(host, port)


@click.command()
@DATA_DIR_OPTION
@HOST_OPTION
@PORT_OPTION
@click.option(
    "--no-serve", is_flag=True, help="只准备数据，不启动服务 / Prepare the data but do not start the server."
)
def demo(data_dir: Path | None, host: str, port: int, no_serve: bool) -> None:
    """创建演示数据库（行政区、部门、演示用户和数据）并启动服务。

    Create the embedded demo database (districts, departments, demo users and data) and start the server.
    """
    _use_data_dir(data_dir)
    setup_django()
    from django.conf import settings

    from jingtu.core.demo import DEMO_PASSWORD, load_demo

    _migrate()
    users = load_demo(progress=_progress)
    click.echo("")
    click.echo(f"数据目录 / data directory: {settings.DATA_DIR}")
    click.echo(f"网址 / URL: http://{host}:{port}/")
    click.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）/ demo logins (password for all: {DEMO_PASSWORD}):")
    for username, label in users:
        click.echo(f"  {username:<22} {label}")
    if not no_serve:
        _serve(host, port)


def _progress(items: list[Any], label: str) -> Any:
    return click.progressbar(items, label=label, show_pos=True, file=sys.stderr)


@click.command()
@DATA_DIR_OPTION
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(
        ["municipal_admin", "district_staff", "department_staff", "enterprise", "consultant", "public"]
    ),
    help="角色 / Role.",
)
@click.option("--district", "district_code", help="区划代码（区局人员必填）/ District code (district staff).")
@click.option("--org", "org_code", help="单位代码 / Organisation code (department, enterprise, consultant).")
@click.option("--name", "full_name", default="", help="姓名 / Full name.")
@click.option("--password", default=None, help="密码（不填则提示输入）/ Password (prompted when omitted).")
@click.option("--admin-site", is_flag=True, help="允许进入管理后台 / May use the admin site (staff).")
def createuser(
    data_dir: Path | None,
    username: str,
    role: str,
    district_code: str | None,
    org_code: str | None,
    full_name: str,
    password: str | None,
    admin_site: bool,
) -> None:
    """创建用户。/ Create a user."""
    _use_data_dir(data_dir)
    setup_django()
    from django.core.exceptions import ValidationError

    from jingtu.accounts.actions import create_user
    from jingtu.accounts.models import User
    from jingtu.divisions.models import District
    from jingtu.orgs.models import Organisation

    if User.objects.filter(username=username).exists():
        raise click.ClickException(f"用户已存在 / user already exists: {username}")
    district = None
    if district_code:
        district = District.objects.filter(code=district_code).first()
        if district is None:
            raise click.BadParameter(
                f"未知区划代码 / unknown district code: {district_code}", param_hint="--district"
            )
    org = None
    if org_code:
        org = Organisation.objects.filter(code=org_code).first()
        if org is None:
            raise click.BadParameter(
                f"未知单位代码 / unknown organisation code: {org_code}", param_hint="--org"
            )
    if password is None:
        if not sys.stdin.isatty():
            raise click.UsageError(
                "没有终端可输入密码，请用 --password / no terminal to prompt for a password: use --password"
            )
        password = getpass.getpass("密码 / password: ")
    try:
        create_user(
            None,
            username=username,
            password=password,
            role=role,
            district=district,
            organisation=org,
            first_name=full_name,
            is_staff=admin_site or role == "municipal_admin",
        )
    except ValidationError as exc:
        raise click.ClickException(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        ) from exc
    click.echo(f"已创建 / created: {username} ({role})")


@click.command()
@DATA_DIR_OPTION
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def backup(data_dir: Path | None, out: Path) -> None:
    """备份数据库和上传文件到一个 .tar.gz 文件。/ Back up the database and uploaded files into one .tar.gz."""
    _use_data_dir(data_dir)
    setup_django()
    from jingtu.core.backup import BackupError, make_backup

    try:
        manifest = make_backup(out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已备份 / backed up ({manifest['database']}) → {out}")


@click.command()
@DATA_DIR_OPTION
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--yes", is_flag=True, help="不再确认，直接覆盖当前数据 / Overwrite the current data without asking."
)
def restore(data_dir: Path | None, archive: Path, yes: bool) -> None:
    """从备份恢复（覆盖当前数据）。/ Restore from a backup (replaces the current data)."""
    _use_data_dir(data_dir)
    setup_django()
    from jingtu.core.backup import BackupError, restore_backup

    if not yes and not click.confirm("将覆盖当前数据，继续？/ This replaces the current data. Continue?"):
        raise click.Abort()
    try:
        manifest = restore_backup(archive)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已恢复 / restored backup of {manifest['created_at']} ({manifest['database']})")


@click.command()
@DATA_DIR_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="table",
    show_default=True,
    help="输出格式 / Output format.",
)
def status(data_dir: Path | None, fmt: str) -> None:
    """数据库类型与位置、行政区/部门/用户数量、结构版本。/ Database kind and location, counts, schema version."""
    _use_data_dir(data_dir)
    setup_django()
    from jingtu.core.dbinfo import status_report

    report = status_report()
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    db = report["database"]
    click.echo(f"数据库 / database: {db['kind']}  {db.get('path') or db.get('url')}")
    click.echo(
        f"结构 / schema: {'最新 / up to date' if not report['pending_migrations'] else str(report['pending_migrations']) + ' 待迁移 / pending'}"
    )
    for key, value in report["counts"].items():
        click.echo(f"  {key:<18} {value}")


@click.group()
def divisions() -> None:
    """行政区划边界。/ Administrative division boundaries."""


@divisions.command("load")
@DATA_DIR_OPTION
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--code-field", default="code", show_default=True, help="区划代码字段 / Field holding the GB/T 2260 code."
)
@click.option(
    "--crs",
    "stated_crs",
    default=None,
    help="坐标系 EPSG（文件未声明时）/ EPSG code if the file declares none.",
)
@click.option("--source", required=True, help="边界来源说明 / Where the boundaries come from.")
@click.option(
    "--official/--reference",
    default=True,
    show_default=True,
    help="是否为官方边界 / Whether these are official boundaries.",
)
def divisions_load(
    data_dir: Path | None, file: Path, code_field: str, stated_crs: str | None, source: str, official: bool
) -> None:
    """用文件中的边界替换行政区边界（一条命令）。/ Replace division boundaries from a file (one command)."""
    _use_data_dir(data_dir)
    setup_django()
    from jingtu.divisions.loading import DivisionLoadError, replace_boundaries

    try:
        report = replace_boundaries(
            file, code_field=code_field, stated_crs=stated_crs, source=source, official=official
        )
    except DivisionLoadError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report)
