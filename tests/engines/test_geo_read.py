"""Reading boundary files: one polygon written as zipped SHP / GPKG / GeoJSON / KML in WGS84, CGCS2000 and two
Gauss–Krüger variants comes back to the same place; undeclared CRSs are detected or refused; bad polygons are
repaired or rejected with a reason."""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from jingtu.engines.geo.measure import geodesic_area_m2, transform_geometry
from jingtu.engines.geo.read import BoundaryFileError, read_boundary_file
from jingtu.engines.geo.validate import check_polygon

# A plot in 朝阳区 (CGCS2000 lon/lat): an irregular pentagon with a courtyard hole, plus a second part.
TRUTH = MultiPolygon(
    [
        Polygon(
            [
                (116.4801, 39.9501),
                (116.4832, 39.9503),
                (116.4840, 39.9521),
                (116.4815, 39.9532),
                (116.4798, 39.9519),
            ],
            [[(116.4810, 39.9510), (116.4820, 39.9510), (116.4820, 39.9518), (116.4810, 39.9518)]],
        ),
        Polygon([(116.4850, 39.9500), (116.4860, 39.9500), (116.4860, 39.9508), (116.4850, 39.9508)]),
    ]
)


def _max_offset_m(a: BaseGeometry, b: BaseGeometry) -> float:
    """Hausdorff distance in metres (both geometries in EPSG:4490, measured in EPSG:4548)."""
    return float(
        shapely.hausdorff_distance(transform_geometry(a, 4490, 4548), transform_geometry(b, 4490, 4548))
    )


def _write(path: Path, geoms: list[BaseGeometry], srid: int | None, *, driver: str, names: list[str]) -> None:
    with warnings.catch_warnings():
        # writing a file WITHOUT a CRS is the point of some tests; pyogrio warns about it
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
        _raw_write(path, geoms, srid, driver=driver, names=names)


def _raw_write(
    path: Path, geoms: list[BaseGeometry], srid: int | None, *, driver: str, names: list[str]
) -> None:
    pyogrio.raw.write(
        path,
        np.array([shapely.to_wkb(g) for g in geoms], dtype=object),
        [np.array(names, dtype=object)],
        ["name"],
        driver=driver,
        geometry_type="MultiPolygon",
        crs=f"EPSG:{srid}" if srid else None,
        promote_to_multi=True,
    )


def _zip_shapefile(shp: Path) -> Path:
    zpath = shp.with_suffix(".zip")
    with zipfile.ZipFile(zpath, "w") as zf:
        for side in shp.parent.glob(shp.stem + ".*"):
            if side.suffix != ".zip":
                zf.write(side, side.name)
    return zpath


def _file(tmp: Path, fmt: str, srid: int | None, geoms: list[BaseGeometry], names: list[str]) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    if fmt == "shp":
        shp = tmp / "plots.shp"
        _write(shp, geoms, srid, driver="ESRI Shapefile", names=names)
        return _zip_shapefile(shp)
    if fmt == "gpkg":
        path = tmp / "plots.gpkg"
        _write(path, geoms, srid, driver="GPKG", names=names)
        return path
    path = tmp / "plots.geojson"
    _write(path, geoms, srid, driver="GeoJSON", names=names)
    return path


CRS_CASES = [4326, 4490, 4548, 4527]


@pytest.mark.parametrize("fmt", ["shp", "gpkg", "geojson"])
@pytest.mark.parametrize("srid", CRS_CASES)
def test_same_polygon_same_place_in_every_format_and_crs(tmp_path: Path, fmt: str, srid: int) -> None:
    geom = TRUTH if srid in (4326, 4490) else transform_geometry(TRUTH, 4490, srid)
    path = _file(tmp_path, fmt, srid, [geom], ["甲地块"])
    result = read_boundary_file(path)
    assert result.crs.epsg == srid
    assert result.crs.how == "declared", result.crs.message
    [feature] = result.features
    assert feature.status == "valid" and feature.attributes["name"] == "甲地块"
    assert feature.geometry is not None
    assert _max_offset_m(feature.geometry, TRUTH) < 0.1
    assert geodesic_area_m2(feature.geometry) == pytest.approx(geodesic_area_m2(TRUTH), rel=1e-6)


def test_kml_is_wgs84(tmp_path: Path) -> None:
    drivers = pyogrio.list_drivers()
    driver = "LIBKML" if "LIBKML" in drivers else "KML"
    path = tmp_path / "plots.kml"
    _write(path, [TRUTH], 4326, driver=driver, names=["甲地块"])
    result = read_boundary_file(path)
    assert result.crs.epsg == 4326 and result.crs.how == "declared"
    polys = result.accepted
    assert len(polys) == 1 and polys[0].geometry is not None
    assert _max_offset_m(polys[0].geometry, TRUTH) < 0.1


def test_shapefile_without_prj_zone_prefix_is_inferred(tmp_path: Path) -> None:
    path = _file(tmp_path, "shp", None, [transform_geometry(TRUTH, 4490, 4527)], ["a"])
    with zipfile.ZipFile(path) as zf:
        assert not any(n.endswith(".prj") for n in zf.namelist())
    result = read_boundary_file(path)
    assert (result.crs.epsg, result.crs.how) == (4527, "inferred from coordinates")
    assert result.features[0].geometry is not None
    assert _max_offset_m(result.features[0].geometry, TRUTH) < 0.1


def test_shapefile_without_prj_and_without_prefix_needs_a_stated_cm(tmp_path: Path) -> None:
    path = _file(tmp_path, "shp", None, [transform_geometry(TRUTH, 4490, 4548)], ["a"])
    with pytest.raises(BoundaryFileError, match="plots.zip: .*central meridian.*CM117"):
        read_boundary_file(path, region_cm=117)
    result = read_boundary_file(path, stated_crs="CM117")
    assert (result.crs.epsg, result.crs.how, result.crs.confidence) == (4548, "stated by user", "certain")
    assert result.features[0].geometry is not None
    assert _max_offset_m(result.features[0].geometry, TRUTH) < 0.1


def _raw_geojson(path: Path, geometries: list[dict[str, object]], crs: str | None = None) -> Path:
    doc: dict[str, object] = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"n": i}, "geometry": g} for i, g in enumerate(geometries)
        ],
    }
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_geojson_without_crs_member_in_gk_is_detected_not_taken_as_wgs84(tmp_path: Path) -> None:
    gk = transform_geometry(TRUTH, 4490, 4527)
    path = _raw_geojson(tmp_path / "gk.geojson", [mapping(gk)])
    result = read_boundary_file(path)
    assert result.crs.epsg == 4527 and result.crs.how == "inferred from coordinates"
    assert "RFC 7946" in result.crs.message
    lonlat = _raw_geojson(tmp_path / "ll.geojson", [mapping(TRUTH)])
    assert read_boundary_file(lonlat).crs.epsg == 4490


def test_declared_crs_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    # the classic mistake: zone-prefixed eastings with a CM-only .prj
    path = _file(tmp_path, "gpkg", 4548, [transform_geometry(TRUTH, 4490, 4527)], ["a"])
    with pytest.raises(BoundaryFileError, match="declares EPSG:4548.*look like EPSG:4527"):
        read_boundary_file(path)
    assert read_boundary_file(path, stated_crs="EPSG:4527").crs.how == "stated by user"


def test_repair_and_reject_with_reasons(tmp_path: Path) -> None:
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[116.40, 39.90], [116.41, 39.91], [116.41, 39.90], [116.40, 39.91], [116.40, 39.90]]
        ],
    }
    line = {"type": "LineString", "coordinates": [[116.40, 39.90], [116.41, 39.91]]}
    flat = {
        "type": "Polygon",
        "coordinates": [[[116.40, 39.90], [116.41, 39.90], [116.42, 39.90], [116.40, 39.90]]],
    }
    paris = {"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]]}
    good = mapping(TRUTH)
    path = _raw_geojson(tmp_path / "mixed.geojson", [good, bowtie, line, flat, paris, None, good])  # type: ignore[list-item]
    result = read_boundary_file(path)
    # the stray Paris feature does not make the whole file undecidable; most features are in China
    assert result.crs.epsg == 4490 and "do not fit it and are rejected" in result.crs.message
    status = [(f.status, f.problem) for f in result.features]
    assert status[0] == ("valid", "")
    assert status[1][0] == "repaired" and "Self-intersection" in status[1][1]
    repaired = result.features[1].geometry
    assert isinstance(repaired, MultiPolygon) and len(repaired.geoms) == 2 and repaired.is_valid
    assert status[2] == ("rejected", "not a polygon: LineString")
    assert status[3][0] == "rejected" and "degenerate" in status[3][1]
    assert status[4][0] == "rejected" and "outside China" in status[4][1]
    assert status[5] == ("rejected", "empty geometry")
    assert len(result.accepted) == 3 and len(result.rejected) == 4
    assert result.problems[0].startswith(
        "mixed.geojson: feature 2 (mixed): repaired: invalid (Self-intersection"
    )


def test_check_polygon_small_and_collection_cases() -> None:
    tiny = Polygon([(116.4, 39.9), (116.400001, 39.9), (116.400001, 39.900001), (116.4, 39.9)])
    assert check_polygon(tiny).status == "rejected"
    coll = shapely.GeometryCollection([TRUTH.geoms[1], shapely.Point(116.4, 39.9)])
    res = check_polygon(coll)
    assert res.status == "repaired" and "non-polygonal" in res.reason and isinstance(res.geometry, Polygon)
    z = shapely.force_3d(TRUTH.geoms[1])
    assert check_polygon(z).status == "valid" and not shapely.has_z(check_polygon(z).geometry)


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(BoundaryFileError, match="unsupported file type .csv"):
        read_boundary_file(tmp_path / "x.csv")
    with pytest.raises(BoundaryFileError, match="no such file"):
        read_boundary_file(tmp_path / "x.gpkg")
    two = tmp_path / "two.gpkg"
    for layer in ("a", "b"):
        pyogrio.raw.write(
            two,
            np.array([shapely.to_wkb(TRUTH)], dtype=object),
            [np.array(["x"], dtype=object)],
            ["name"],
            layer=layer,
            driver="GPKG",
            geometry_type="MultiPolygon",
            crs="EPSG:4490",
            append=layer == "b",
        )
    with pytest.raises(BoundaryFileError, match="several layers \\(a, b\\); choose one"):
        read_boundary_file(two)
    assert read_boundary_file(two, layer="b").layers == ("b",)
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(BoundaryFileError):
        read_boundary_file(broken)
