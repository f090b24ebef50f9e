from __future__ import annotations

import json
import os

import pytest

from tests.cli.conftest import Instance

KIND = "postgis" if os.environ.get("DATABASE_URL") else "spatialite"


def test_help_is_bilingual(instance: Instance) -> None:
    out = instance.run("--help").stdout
    assert "土壤污染防治平台" in out and "soil-pollution prevention" in out
    for cmd in ("demo", "serve", "migrate", "createuser", "backup", "restore", "status"):
        assert cmd in out
        sub = instance.run(cmd, "--help").stdout
        assert any("\u4e00" <= ch <= "\u9fff" for ch in sub), cmd  # Chinese
        assert any(ch.isascii() and ch.isalpha() for ch in sub), cmd


def test_status_before_migrate_reports_pending(tmp_path: object) -> None:
    inst = Instance(tmp_path)  # type: ignore[arg-type]
    report = json.loads(inst.run("status", "--format", "json").stdout)
    assert report["pending_migrations"] > 0
    assert report["database"]["kind"] == KIND


def test_demo_then_status(demo_instance: Instance) -> None:
    report = json.loads(demo_instance.run("status", "--format", "json").stdout)
    assert report["database"]["kind"] == KIND
    if KIND == "spatialite":
        assert report["database"]["path"] == str(demo_instance.data_dir / "jingtu.sqlite3")
    else:
        assert report["database"]["url"].endswith("_clitest")  # the scratch database of tests/cli/conftest.py
    assert report["pending_migrations"] == 0
    assert report["counts"]["districts"] == 16
    assert report["counts"]["functional_zones"] == 1
    assert report["counts"]["departments"] >= 16 * 10
    assert report["counts"]["users"] == 7
    assert report["schema_version"]["plots"].startswith("0")


def test_demo_is_idempotent(demo_instance: Instance) -> None:
    out = demo_instance.run("demo", "--no-serve").stdout
    assert "admin" in out and "jingtu-demo" in out
    report = json.loads(demo_instance.run("status", "--format", "json").stdout)
    assert report["counts"]["users"] == 7


def test_createuser_validates_input(demo_instance: Instance) -> None:
    bad = demo_instance.run(
        "createuser",
        "zed",
        "--role",
        "district_staff",
        "--district",
        "999999",
        "--password",
        "x-123456",
        ok=False,
    )
    assert bad.returncode != 0 and "999999" in bad.stderr
    missing = demo_instance.run(
        "createuser", "zed", "--role", "district_staff", "--password", "x-123456", ok=False
    )
    assert missing.returncode != 0 and "district" in missing.stderr
    wrong_role = demo_instance.run("createuser", "zed", "--role", "king", "--password", "x", ok=False)
    assert wrong_role.returncode != 0
    demo_instance.run(
        "createuser", "zed", "--role", "district_staff", "--district", "110102", "--password", "x-123456"
    )
    dup = demo_instance.run("createuser", "zed", "--role", "public", "--password", "x-123456", ok=False)
    assert dup.returncode != 0 and "zed" in dup.stderr


def test_backup_and_restore_round_trip(demo_instance: Instance) -> None:
    archive = demo_instance.data_dir / "backup.tar.gz"
    demo_instance.run("backup", str(archive))
    before = json.loads(demo_instance.run("status", "--format", "json").stdout)["counts"]["users"]
    demo_instance.run("createuser", "temp-user", "--role", "public", "--password", "x-123456")
    assert json.loads(demo_instance.run("status", "--format", "json").stdout)["counts"]["users"] == before + 1
    demo_instance.run("restore", str(archive), "--yes")
    assert json.loads(demo_instance.run("status", "--format", "json").stdout)["counts"]["users"] == before


def test_restore_rejects_non_backups(demo_instance: Instance) -> None:
    junk = demo_instance.data_dir / "junk.tar.gz"
    junk.write_text("not a backup")
    proc = demo_instance.run("restore", str(junk), "--yes", ok=False)
    assert proc.returncode != 0 and "junk.tar.gz" in proc.stderr
    missing = demo_instance.run("restore", str(demo_instance.data_dir / "nope.tar.gz"), "--yes", ok=False)
    assert missing.returncode != 0


@pytest.mark.parametrize("args", [["serve", "--port", "0"], ["demo", "--port", "70000", "--no-serve"]])
def test_bad_ports_are_refused(instance: Instance, args: list[str]) -> None:
    proc = instance.run(*args, ok=False)
    assert proc.returncode == 2 and "port" in proc.stderr.lower()
