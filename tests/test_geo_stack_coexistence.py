"""SpatiaLite and the Python geo stack (shapely, pyproj, pyogrio, geopandas) coexist in one process, in BOTH
import orders (docs/decisions.md D1; shared/notes/stack.md snag 2).

SQLite loads mod_spatialite with RTLD_GLOBAL, which puts Debian's GEOS/PROJ into the global symbol scope; wheels
of shapely/pyproj/pyogrio carrying their own copies then crash (double free, SIGSEGV, "WKB output dimension must
be 2 or 3"). Each order runs in a fresh interpreter (``sys.executable``) because the damage is process-wide and
import order can only be controlled in a new process. Each does real work with every library and must exit 0.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SPATIALITE = """
import sqlite3
con = sqlite3.connect(":memory:")
con.enable_load_extension(True)
con.load_extension("mod_spatialite")
con.execute("SELECT InitSpatialMetadata(1)")
sl_area = con.execute(
    "SELECT ST_Area(Transform(GeomFromText('POLYGON((116.40 39.90, 116.41 39.90, 116.41 39.91, 116.40 39.91, "
    "116.40 39.90))', 4490), 4548))"
).fetchone()[0]
sl_geos = con.execute("SELECT geos_version()").fetchone()[0]
print("spatialite", con.execute("SELECT spatialite_version()").fetchone()[0], "geos", sl_geos, "area", sl_area)
"""

PYTHON_STACK = """
import pathlib, tempfile
import numpy as np
import shapely, pyproj, pyogrio, pyogrio.raw, geopandas
from shapely.geometry import box, Polygon
t = pyproj.Transformer.from_crs(4490, 4548, always_xy=True)
sq = shapely.transform(box(116.40, 39.90, 116.41, 39.91), lambda x, y: t.transform(x, y), interleaved=False)
py_area = sq.area
bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
fixed = shapely.make_valid(bowtie)
assert fixed.geom_type == "MultiPolygon" and abs(fixed.area - 0.5) < 1e-12, fixed.wkt
wkb = shapely.to_wkb(sq, output_dimension=2)
assert shapely.from_wkb(wkb).equals(sq)
with tempfile.TemporaryDirectory() as d:
    path = pathlib.Path(d) / "x.gpkg"
    pyogrio.raw.write(path, np.array([wkb], dtype=object), [np.array([1])], ["id"], driver="GPKG",
                      geometry_type="Polygon", crs="EPSG:4548")
    meta, _, geoms, fields = pyogrio.raw.read(path)
    assert meta["crs"] == "EPSG:4548" and shapely.from_wkb(geoms[0]).equals_exact(sq, 1e-6)
    gdf = geopandas.read_file(path)
    gdf_area = float(gdf.to_crs(4490).to_crs(4548).area.iloc[0])
print("python stack: geos", shapely.geos_version_string, "proj", pyproj.proj_version_str,
      "gdal", pyogrio.__gdal_version_string__, "area", py_area, gdf_area)
"""

COMPARE = """
# one GEOS in the process: SpatiaLite's and shapely's are the same library version (route A, source builds)
assert sl_geos.startswith(shapely.geos_version_string), (sl_geos, shapely.geos_version_string)
assert abs(sl_area - py_area) / py_area < 1e-9, (sl_area, py_area)
assert abs(gdf_area - py_area) / py_area < 1e-9, (gdf_area, py_area)
import gc; gc.collect()
print("OK")
"""


@pytest.mark.parametrize(
    "order",
    [("spatialite first", SPATIALITE + PYTHON_STACK), ("geo libraries first", PYTHON_STACK + SPATIALITE)],
    ids=lambda o: o[0],
)
def test_spatialite_and_geo_stack_coexist(order: tuple[str, str]) -> None:
    _, body = order
    code = textwrap.dedent(body + COMPARE)
    proc = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-W", "error", "-W", "ignore::DeprecationWarning", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.stdout.strip().endswith("OK"), proc.stdout
    assert "double free" not in proc.stderr and "invalid pointer" not in proc.stderr
    # 1.1 km × 0.85 km square near Beijing: ≈ 0.95 km², computed identically by SpatiaLite and pyproj
    area = float(proc.stdout.split("area ")[1].split()[0])
    assert 0.9e6 < area < 1.0e6
