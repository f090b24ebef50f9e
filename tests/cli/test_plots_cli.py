"""`jingtu plots import/export/check` and `jingtu lists show` against a demo instance (real subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from pyproj import Transformer

from tests.cli.conftest import Instance

RING = [
    (116.4300, 39.9200),
    (116.4315, 39.9200),
    (116.4315, 39.9210),
    (116.4300, 39.9210),
    (116.4300, 39.9200),
]


def _count(inst: Instance, tmp: Path) -> int:
    out = tmp / "all.geojson"
    inst.run("plots", "export", "--format", "geojson", "--out", str(out))
    return len(json.loads(out.read_text(encoding="utf-8"))["features"])


def test_check_prints_violations_json(demo_instance: Instance) -> None:
    violations = json.loads(demo_instance.run("plots", "check").stdout)
    got = {(v["rule_id"], v["plot"]) for v in violations}
    assert ("GATE-01", "DEMO-CY-001") in got  # listed plot planned for residential use
    assert ("POST-01", "DEMO-DX-001") in got  # post-management re-review overdue
    assert all(v["clause"] for v in violations)


def test_lists_show_any_past_date(demo_instance: Instance) -> None:
    past = json.loads(
        demo_instance.run("lists", "show", "remediation", "--date", "2024-06-01", "--json").stdout
    )
    now = json.loads(demo_instance.run("lists", "show", "remediation", "--json").stdout)
    assert {p["code"] for p in past["plots"]} == {"DEMO-CY-001", "DEMO-DX-001"}
    assert {p["code"] for p in now["plots"]} == {"DEMO-CY-001"}
    before = json.loads(
        demo_instance.run("lists", "show", "remediation", "--date", "2024-01-01", "--json").stdout
    )
    assert before["plots"] == []
    bad = demo_instance.run("lists", "show", "dormant", "--date", "2024-13-01", ok=False)
    assert bad.returncode != 0 and "--date" in bad.stderr


def test_import_bad_ledger_names_row_and_field_and_stores_nothing(
    demo_instance: Instance, tmp_path: Path
) -> None:
    before = _count(demo_instance, tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.append(["地块编号", "地块名称", "所属区", "规划用途"])
    ws.append(["CLI-001", "好的行", "东城区", "R2"])
    ws.append(["CLI-002", "坏的行", "东城区", "Q9"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    proc = demo_instance.run("plots", "import", str(path), ok=False)
    assert proc.returncode != 0
    assert "bad.xlsx: row 3, field land_use_planned" in proc.stderr
    assert _count(demo_instance, tmp_path) == before


def test_import_stated_crs_and_export(demo_instance: Instance, tmp_path: Path) -> None:
    t = Transformer.from_crs(4490, 4548, always_xy=True)
    coords = [list(t.transform(x, y)) for x, y in RING]
    path = tmp_path / "gk.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Polygon", "coordinates": [coords]},
                        "properties": {"code": "CLI-GK", "name": "高斯投影地块", "district": "110101"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    refused = demo_instance.run("plots", "import", str(path), ok=False)
    assert refused.returncode != 0 and "gk.geojson" in refused.stderr
    out = demo_instance.run("plots", "import", str(path), "--crs", "EPSG:4548").stdout
    assert "EPSG:4548 (stated by user)" in out and "created: 1" in out
    for fmt in ("gpkg", "xlsx"):
        target = tmp_path / f"plots.{fmt}"
        demo_instance.run("plots", "export", "--format", fmt, "--out", str(target))
        assert target.stat().st_size > 0


def test_import_puts_an_overdue_plot_on_the_dormant_ledger_and_sync_keeps_it(
    demo_instance: Instance, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["地块编号", "地块名称", "所属区", "超筛选值日期"])
    ws.append(["CLI-DORMANT", "超筛选值两年未动地块", "东城区", "2022-05-10"])
    path = tmp_path / "dormant.xlsx"
    wb.save(path)
    out = demo_instance.run("plots", "import", str(path)).stdout
    assert "dormant ledger: 1 entered" in out
    ledger = json.loads(demo_instance.run("lists", "show", "dormant", "--json").stdout)
    row = next(p for p in ledger["plots"] if p["code"] == "CLI-DORMANT")
    assert (row["since"], row["due_on"]) == ("2023-05-11", "2023-05-10")  # day after the one-year period
    again = demo_instance.run("lists", "sync").stdout  # idempotent: nothing new
    assert "entered 0" in again
    future = demo_instance.run("lists", "sync", "--date", "2999-01-01", ok=False)
    assert future.returncode != 0 and "--date" in future.stderr


def test_demo_has_a_dormant_plot_and_a_priority_list_version(demo_instance: Instance) -> None:
    dormant = json.loads(demo_instance.run("lists", "show", "dormant", "--json").stdout)
    row = next(p for p in dormant["plots"] if p["code"] == "DEMO-DC-001")
    assert (row["since"], row["due_on"]) == ("2025-06-04", "2025-06-03")
    priority = json.loads(
        demo_instance.run("lists", "show", "priority", "--date", "2026-09-30", "--json").stdout
    )
    assert {"DEMO-CY-001", "DEMO-CY-002"} <= {p["code"] for p in priority["plots"]}
    before = json.loads(
        demo_instance.run("lists", "show", "priority", "--date", "2026-09-29", "--json").stdout
    )
    assert before["plots"] == []
