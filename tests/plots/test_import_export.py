"""Imports: the same polygon as SHP(zip)/GPKG/GeoJSON in WGS84, CGCS2000 and a Gauss–Krüger zone lands in the same
place (within 0.1 m); bad rows are reported with file/row/field and nothing is stored; exports round-trip."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon

from jingtu.core.models import AuditEvent
from jingtu.plots.exporting import export
from jingtu.plots.importing import ImportFailed, import_file
from jingtu.plots.models import Plot

# A plot-sized polygon (≈ 150 m × 120 m, with a notch) in Dongcheng, CGCS2000 lon/lat.
RING_4490 = [
    (116.4100, 39.9100),
    (116.4118, 39.9100),
    (116.4118, 39.9111),
    (116.4109, 39.9111),
    (116.4109, 39.9106),
    (116.4100, 39.9106),
    (116.4100, 39.9100),
]
CRSS = {"wgs84": 4326, "cgcs2000": 4490, "gk117": 4548}


def _polygon_in(epsg: int) -> Polygon:
    if epsg in (4326, 4490):  # WGS84 coordinates are stored as CGCS2000 unchanged (docs/geo.md)
        return Polygon(RING_4490)
    t = Transformer.from_crs(4490, epsg, always_xy=True)
    return Polygon([t.transform(x, y) for x, y in RING_4490])


def _write(path: Path, epsg: int, code: str, fmt: str) -> Path:
    geom = np.array([shapely.to_wkb(_polygon_in(epsg))], dtype=object)
    fields = ["code", "name", "district"]
    data = [np.array([v], dtype=object) for v in (code, f"导入地块 {code}", "110101")]
    if fmt == "gpkg":
        out = path / f"{code}.gpkg"
        pyogrio.raw.write(out, geom, data, fields, driver="GPKG", geometry_type="Polygon", crs=f"EPSG:{epsg}")
        return out
    if fmt == "geojson":
        out = path / f"{code}.geojson"
        feature = {
            "type": "Feature",
            "geometry": shapely.geometry.mapping(_polygon_in(epsg)),
            "properties": {"code": code, "name": f"导入地块 {code}", "district": "110101"},
        }
        doc: dict[str, Any] = {"type": "FeatureCollection", "features": [feature]}
        if epsg != 4326:  # GeoJSON 2008 'crs' member declares anything but WGS84
            doc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}}
        out.write_text(json.dumps(doc), encoding="utf-8")
        return out
    shp_dir = path / f"{code}_shp"
    shp_dir.mkdir()
    pyogrio.raw.write(
        shp_dir / f"{code}.shp",
        geom,
        data,
        fields,
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs=f"EPSG:{epsg}",
        encoding="UTF-8",
    )
    out = path / f"{code}.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for f in shp_dir.iterdir():
            zf.write(f, f.name)
    return out


def test_same_polygon_three_formats_three_crss_within_10_cm(personas: Any, tmp_path: Path) -> None:
    reference = _polygon_in(4548)
    stored = {}
    for fmt in ("shp", "gpkg", "geojson"):
        for name, epsg in CRSS.items():
            code = f"IMP-{fmt}-{name}"
            receipt = import_file(personas.bob, _write(tmp_path, epsg, code, fmt))
            assert receipt.created == [code]
            # the import says which CRS it used and how it decided
            if fmt == "geojson" and epsg == 4326:  # no crs member: RFC 7946 lon/lat, stored as CGCS2000
                assert (
                    receipt.crs.startswith("EPSG:4490 (inferred from coordinates)")
                    and "RFC 7946" in receipt.crs
                )
            else:
                assert receipt.crs.startswith(f"EPSG:{epsg} (declared)"), receipt.crs
            stored[code] = Plot.objects.get(code=code)
    assert len(stored) == 9
    for code, plot in stored.items():
        geom = plot.boundary.transform(4548, clone=True)
        got = shapely.from_wkb(bytes(geom.wkb))
        assert got.hausdorff_distance(reference) < 0.1, code
        assert plot.area_m2 == pytest.approx(reference.area, abs=0.5)
        assert plot.area_mu == pytest.approx(reference.area / (10000 / 15), abs=0.001)
        assert plot.district.code == "110101"
    assert AuditEvent.objects.filter(action="import_plots").count() == 9


def test_unprefixed_gauss_kruger_without_crs_is_refused_then_stated(personas: Any, tmp_path: Path) -> None:
    t = Transformer.from_crs(4490, 4548, always_xy=True)
    poly = Polygon([t.transform(x, y) for x, y in RING_4490])
    path = tmp_path / "nocrs.geojson"
    # a GeoJSON with GK metres and no crs member: never silently guessed
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": shapely.geometry.mapping(poly),
                        "properties": {"code": "IMP-GK", "name": "GK", "district": "110101"},
                    }
                ],
            }
        )
    )
    with pytest.raises(ImportFailed) as exc:
        import_file(personas.bob, path)
    assert exc.value.errors[0].file == "nocrs.geojson"
    assert not Plot.objects.filter(code="IMP-GK").exists()
    receipt = import_file(personas.bob, path, stated_crs="EPSG:4548")
    assert "stated by user" in receipt.crs
    assert Plot.objects.get(code="IMP-GK").area_m2 == pytest.approx(poly.area, abs=0.5)


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["地块编号", "地块名称", "所属区", "规划用途", "现状用途", "行业", "生产年限", "来源"])
    for r in rows:
        ws.append(r)
    out = path / "ledger.xlsx"
    wb.save(out)
    return out


def test_xlsx_ledger_imports(personas: Any, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["L-001", "原化工厂地块", "东城区", "R2", "M1", "chemical", 30, "关停企业排查"],
            ["L-002", "原加油站地块", "110101", "B1", "B4", "", None, "巡查"],
        ],
    )
    receipt = import_file(personas.bob, path)
    assert receipt.created == ["L-001", "L-002"]
    p = Plot.objects.get(code="L-001")
    assert (
        p.sensitive
        and p.land_class == "1"
        and p.entry_source == "closed_enterprise"
        and p.production_years == 30
    )
    assert Plot.history.filter(code="L-001").count() == 1  # history kept for bulk import
    # re-import updates in place
    receipt = import_file(personas.bob, path)
    assert receipt.updated == ["L-001", "L-002"] and receipt.created == []


def test_bad_rows_report_row_and_field_and_store_nothing(personas: Any, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["L-001", "好的地块", "东城区", "R2", "M1", "", None, "报告"],
            ["L-002", "坏代码", "东城区", "XYZ", "M1", "", None, "报告"],
            ["L-003", "", "东城区", "R2", "", "", None, "报告"],
            ["L-004", "朝阳地块", "朝阳区", "R2", "", "", None, "报告"],
            ["L-005", "未知区", "火星区", "R2", "", "", "多年", "报告"],
        ],
    )
    before = Plot.all_objects.count()
    with pytest.raises(ImportFailed) as exc:
        import_file(personas.bob, path)
    got = {(e.row, e.field) for e in exc.value.errors}
    assert (3, "land_use_planned") in got
    assert (4, "name") in got
    assert (5, "district") in got  # bob (Dongcheng) may not add a Chaoyang plot
    assert (6, "district") in got and (6, "production_years") in got
    assert all(e.file == "ledger.xlsx" for e in exc.value.errors)
    assert "ledger.xlsx: row 3, field land_use_planned" in str(exc.value)
    assert Plot.all_objects.count() == before  # nothing stored, not even the good row
    assert not AuditEvent.objects.filter(action="import_plots").exists()


def test_export_round_trip(personas: Any, tmp_path: Path) -> None:
    import_file(personas.bob, _write(tmp_path, 4490, "EXP-1", "gpkg"))
    for fmt in ("gpkg", "geojson", "xlsx"):
        out = tmp_path / f"out.{fmt}"
        assert export(personas.bob, fmt, out) == 1
        assert out.stat().st_size > 0
    # carol (Chaoyang) exports nothing of Dongcheng
    assert export(personas.carol, "geojson", tmp_path / "c.geojson") == 0
    # the exported GeoPackage imports again to the same place
    Plot.objects.filter(code="EXP-1").update(code="EXP-1-old")
    receipt = import_file(personas.bob, tmp_path / "out.gpkg")
    assert receipt.created == ["EXP-1"]
    a = Plot.objects.get(code="EXP-1").boundary.transform(4548, clone=True)
    b = Plot.objects.get(code="EXP-1-old").boundary.transform(4548, clone=True)
    assert shapely.from_wkb(bytes(a.wkb)).hausdorff_distance(shapely.from_wkb(bytes(b.wkb))) < 0.01


REGISTER = (
    "name", "district_id", "street", "address", "land_use_current", "land_use_planned", "land_class", "sensitive",
    "former_enterprises", "industry", "production_years", "closed_on", "entry_source", "exceeds_screening_since",
    "area_m2", "state",
)  # fmt: skip


def test_every_export_format_imports_again_to_the_same_plots(personas: Any, tmp_path: Path) -> None:
    from tests.plots.helpers import make_plot, square

    make_plot(
        personas.bob, personas.dongcheng, "RT-1", street="东直门街道", address="某路 1 号",
        land_use_current="M1", land_use_planned="R2", former_enterprises="某化工厂", industry="chemical",
        production_years=30, closed_on=dt.date(2010, 5, 1), entry_source="closed_enterprise",
        exceeds_screening_since=dt.date(2025, 1, 15), boundary=square(116.41, 39.91),
    )  # fmt: skip
    make_plot(personas.bob, personas.dongcheng, "RT-2", boundary=None, land_use_planned="B1")
    before = {p.code: [getattr(p, f) for f in REGISTER] for p in Plot.objects.filter(code__startswith="RT-")}
    geom_before = Plot.objects.get(code="RT-1").boundary
    for fmt in ("gpkg", "geojson", "xlsx"):
        out = tmp_path / f"rt.{fmt}"
        # geometry formats hold the plots with a boundary (a feature without one would not import again)
        assert export(personas.bob, fmt, out) == (2 if fmt == "xlsx" else 1)
        receipt = import_file(personas.bob, out)
        assert receipt.created == []
        assert receipt.updated == (["RT-1", "RT-2"] if fmt == "xlsx" else ["RT-1"])
        # the export says its CRS: no file is left to coordinate inference
        assert receipt.crs.startswith("EPSG:4490 (declared)" if fmt != "xlsx" else "EPSG:4490 (ledger"), fmt
        if fmt == "xlsx":  # derived/state columns of the export are recognised, not imported
            assert any("state" in n and "ignored" in n for n in receipt.notes)
        after = {
            p.code: [getattr(p, f) for f in REGISTER] for p in Plot.objects.filter(code__startswith="RT-")
        }
        assert after == before, fmt
        geom = Plot.objects.get(code="RT-1").boundary
        assert geom.equals_exact(geom_before, tolerance=1e-9), fmt
    doc = json.loads((tmp_path / "rt.geojson").read_text(encoding="utf-8"))
    assert doc["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::4490"


def _ledger_with_wkt(path: Path, wkts: list[str]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["地块编号", "地块名称", "所属区", "边界WKT"])
    for i, wkt in enumerate(wkts, start=1):
        ws.append([f"W-{i}", f"台账地块 {i}", "东城区", wkt])
    out = path / "wkt.xlsx"
    wb.save(out)
    return out


def test_ledger_boundary_is_validated_repaired_or_rejected(personas: Any, tmp_path: Path) -> None:
    poly = Polygon(RING_4490).wkt
    bowtie = "POLYGON ((116.420 39.920, 116.421 39.921, 116.421 39.920, 116.420 39.921, 116.420 39.920))"
    receipt = import_file(personas.bob, _ledger_with_wkt(tmp_path, [poly, bowtie]))
    assert receipt.created == ["W-1", "W-2"]
    assert receipt.crs.startswith("EPSG:4490 (ledger column boundary_wkt)")  # says which CRS it used
    assert any(n.startswith("row 3: boundary repaired: invalid (Self-intersection") for n in receipt.notes)
    w1, w2 = Plot.objects.get(code="W-1"), Plot.objects.get(code="W-2")
    assert w1.boundary.geom_type == "MultiPolygon" and w1.area_m2 == pytest.approx(
        _polygon_in(4548).area, abs=0.5
    )
    assert w2.boundary.valid and len(w2.boundary) == 2  # the bow-tie as its two triangles

    gk = _polygon_in(4548).wkt  # metres in a column that is CGCS2000 lon/lat by definition: never guessed
    with pytest.raises(ImportFailed) as exc:
        import_file(personas.bob, _ledger_with_wkt(tmp_path, [gk, "POLYGON ((116.41 39.91, 116.42"]))
    got = {(e.row, e.field): e.message for e in exc.value.errors}
    assert got[(2, "boundary")].startswith("rejected: outside China")
    assert got[(3, "boundary")].startswith("not a WKT geometry")


def test_update_keeps_the_class_of_the_stored_planned_use(personas: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from tests.plots.helpers import make_plot

    make_plot(personas.bob, personas.dongcheng, "U-1", land_use_current="M1", land_use_planned="R2")
    wb = Workbook()
    ws = wb.active
    ws.append(["地块编号", "现状用途"])
    ws.append(["U-1", "B1"])
    wb.save(tmp_path / "u.xlsx")
    assert import_file(personas.bob, tmp_path / "u.xlsx").updated == ["U-1"]
    p = Plot.objects.get(code="U-1")
    assert (p.land_use_current, p.land_use_planned, p.land_class, p.sensitive) == ("B1", "R2", "1", True)
