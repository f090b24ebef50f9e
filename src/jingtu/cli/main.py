"""Entry point of the `jingtu` console command.

Subcommands live in their own modules and are imported only when used, so engine commands
(`screen`, `risk`, `plan`) start fast and never load Django.
"""

from __future__ import annotations

import importlib
import sys

import click

# name -> "module:attribute" of a click command or group
SUBCOMMANDS: dict[str, str] = {
    "demo": "jingtu.cli.system:demo",
    "serve": "jingtu.cli.system:serve",
    "migrate": "jingtu.cli.system:migrate",
    "createuser": "jingtu.cli.system:createuser",
    "backup": "jingtu.cli.system:backup",
    "restore": "jingtu.cli.system:restore",
    "status": "jingtu.cli.system:status",
    "divisions": "jingtu.cli.system:divisions",
    "orgs": "jingtu.cli.orgs:orgs",
    "screen": "jingtu.cli.screen:screen",
    "edd": "jingtu.cli.screen:edd",
    "risk": "jingtu.cli.risk:risk",
    "plots": "jingtu.cli.plots:plots",
    "lists": "jingtu.cli.plots:lists",
    "plan": "jingtu.cli.plan:plan",
    "labdata": "jingtu.cli.labdata:labdata",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a subcommand whose module is not installed in this build
            if exc.name == module_name:
                return None
            raise
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jingtu")
def cli() -> None:
    """净土 Jingtu —— 土壤污染防治平台命令行。

    Jingtu soil-pollution prevention and control platform: command line.
    """


def main() -> None:
    sys.exit(cli.main(prog_name="jingtu", standalone_mode=True))
