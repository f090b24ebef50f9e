"""`jingtu plan import` / `jingtu plan obligations` (tracking commands), run in-process on the test database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jingtu.cli.plan_tracking import import_cmd, obligations_cmd

pytestmark = pytest.mark.django_db
SEED = Path("/work/shared/seeds/plan_dongcheng_2024.txt")


def test_obligations_json_for_a_district(personas: Any, dongcheng_plan: Any, municipal_plan: Any) -> None:
    r = CliRunner().invoke(obligations_cmd, ["--district", "110101", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    # 33 from the Dongcheng plan + 东城区人民政府 from the municipal plan's 各区政府
    assert len(rows) == 34
    assert {"110101"} == {row["district"] for row in rows}
    assert any(row["unit"] == "110101.gov" and row["role"] == "responsible" for row in rows)
    assert {row["deadline_state"] for row in rows} <= {"overdue", "due_soon", "open", "done", "done_late"}


def test_obligations_scoped_by_user(personas: Any, dongcheng_plan: Any) -> None:
    r = CliRunner().invoke(obligations_cmd, ["--as", "carol", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output) == []
    r = CliRunner().invoke(obligations_cmd, ["--district", "999999"])
    assert r.exit_code != 0 and "999999" in r.output
    r = CliRunner().invoke(obligations_cmd, ["--as", "nobody"])
    assert r.exit_code != 0 and "nobody" in r.output


def test_import_reports_a_missing_parser_or_imports(personas: Any) -> None:
    r = CliRunner().invoke(import_cmd, [str(SEED), "--district", "110101", "--year", "2024", "--confirm"])
    try:
        import jingtu.cli.plan  # noqa: F401
    except ModuleNotFoundError:
        assert r.exit_code != 0 and "plan_dongcheng_2024.txt" in r.output
        return
    assert r.exit_code == 0, r.output
    assert "obligations" in r.output
