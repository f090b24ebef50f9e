"""CLI tests run the real `jingtu` command in a subprocess against a scratch instance.

On the SpatiaLite run the instance is a temporary data directory; when DATABASE_URL is set (the PostGIS run), a
scratch database `<name>_clitest` (named after the configured database) is created next to it, so the developer's
own database is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

JINGTU = str(Path(sys.executable).with_name("jingtu"))


def _scratch_postgis(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    # named after the configured database (jingtu -> jingtu_clitest), so runs against different databases never
    # drop each other's scratch database
    name = f"{parts.path.strip('/') or 'jingtu'}_clitest"
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    scratch = urlunsplit(("postgresql", parts.netloc, f"/{name}", "", ""))
    with psycopg.connect(scratch, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


class Instance:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        self.env["JINGTU_DATA_DIR"] = str(data_dir)
        if os.environ.get("DATABASE_URL"):
            self.env["DATABASE_URL"] = _scratch_postgis(os.environ["DATABASE_URL"])

    def run(self, *args: str, ok: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [JINGTU, *args],
            env=self.env,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=600,
            check=False,
        )
        if ok and proc.returncode != 0:
            raise AssertionError(
                f"jingtu {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
            )
        return proc


@pytest.fixture(scope="module")
def instance(tmp_path_factory: Any) -> Iterator[Instance]:
    inst = Instance(tmp_path_factory.mktemp("jingtu-cli"))
    yield inst
    shutil.rmtree(inst.data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def demo_instance(instance: Instance) -> Instance:
    instance.run("demo", "--no-serve")
    return instance
