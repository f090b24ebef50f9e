"""Areas and distances of CGCS2000 (EPSG:4490) geometries, in metres / square metres / 亩.

Two methods, both documented in docs/geo.md:

* **Ellipsoidal (geodesic)**: exact area on the CGCS2000 ellipsoid (a = 6 378 137 m, f = 1/298.257 222 101, the
  GRS80 figure; GB/T 18314-2009 Annex / 国家测绘局公告 2008 年第 2 号) with Karney's algorithm (C. F. F. Karney,
  "Algorithms for geodesics", J. Geodesy 87 (2013) 43–55) as implemented by PROJ's ``geod`` (pyproj.Geod).
  This is the reference for reporting.
* **Projected**: planar area after transforming to a CGCS2000 Gauss–Krüger zone (EPSG:4548 for Beijing). This is
  what PostGIS/SpatiaLite compute with ``Area(Transform(geom, srid))``; inside the zone the scale error of the
  transverse Mercator (point scale k ≈ 1 + (Δλ·cosφ)²/2 at Δλ from the CM; area scale k²) keeps it within
  ≈0.05 % of the ellipsoidal area at Beijing's western edge (115.4°E, Δλ = 1.6°, φ = 40°: k² − 1 = 4.6e-4) and
  far less in the city (0.01 % over all 16 districts).

1 亩 (市亩) = 10000/15 m² ≈ 666.667 m²: 国务院《关于统一我国计量制度的命令》(1959-06-25) keeps the 市制 with
1 市尺 = 1/3 m and 1 市亩 = 6000 平方市尺 = 6000/9 m²; equivalently 1 hectare = 15 亩, the factor used in the
national land surveys (第三次全国国土调查 主要数据公报, 2021, gives areas in 万亩 = hectares × 15 / 10⁴).
"""

from __future__ import annotations

from functools import lru_cache

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from .crs import BEIJING_PROJECTED_SRID, STORAGE_SRID, crs_for, transformer

MU_M2: float = 10000.0 / 15.0
"""Square metres in one 亩 (市亩); see module docstring for the source."""


def m2_to_mu(m2: float) -> float:
    """Square metres → 亩 (1 亩 = 10000/15 m²)."""
    return m2 / MU_M2


def mu_to_m2(mu: float) -> float:
    """亩 → square metres (1 亩 = 10000/15 m²)."""
    return mu * MU_M2


@lru_cache(maxsize=1)
def cgcs2000_geod() -> Geod:
    """Geodesic calculator on the CGCS2000 ellipsoid (taken from EPSG:4490 itself, not hard-coded)."""
    geod = crs_for(STORAGE_SRID).get_geod()
    if geod is None:  # pragma: no cover - EPSG:4490 always has an ellipsoid
        raise RuntimeError("EPSG:4490 has no ellipsoid in this PROJ database")
    return geod


def transform_geometry(geom: BaseGeometry, src: int, dst: int) -> BaseGeometry:
    """Transform a shapely geometry between two allowed SRIDs (x = longitude/easting, always_xy)."""
    if src == dst:
        return geom
    t = transformer(src, dst)
    return shapely.transform(geom, lambda x, y: t.transform(x, y), interleaved=False)


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [
        g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon) for g in _polygons(g)
    ]


def geodesic_area_m2(geom: BaseGeometry) -> float:
    """Ellipsoidal area (m²) of a (Multi)Polygon in EPSG:4490 lon/lat degrees; holes subtracted.

    Rings are oriented first (exterior counter-clockwise, holes clockwise) because ``Geod.polygon_area_perimeter``
    returns a signed area. Non-polygonal parts contribute 0.
    """
    geod = cgcs2000_geod()
    total = 0.0
    for poly in _polygons(geom):
        if poly.is_empty:
            continue
        area, _ = geod.geometry_area_perimeter(orient(poly, sign=1.0))
        total += area
    return abs(total)


def projected_area_m2(geom: BaseGeometry, srid: int = BEIJING_PROJECTED_SRID) -> float:
    """Planar area (m²) of an EPSG:4490 geometry after projecting it to the Gauss–Krüger ``srid``."""
    return float(transform_geometry(geom, STORAGE_SRID, srid).area)


def geodesic_distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance (m) between two CGCS2000 points (degrees) on the CGCS2000 ellipsoid (Karney 2013)."""
    _, _, dist = cgcs2000_geod().inv(lon1, lat1, lon2, lat2)
    return float(dist)


def projected_distance_m(a: BaseGeometry, b: BaseGeometry, srid: int = BEIJING_PROJECTED_SRID) -> float:
    """Shortest distance (m) between two EPSG:4490 geometries, measured in the Gauss–Krüger ``srid``.

    Scale error ≤ 0.025 % inside Beijing (point scale k, see module docstring), i.e. ≤ 0.25 m per km.
    """
    return float(
        transform_geometry(a, STORAGE_SRID, srid).distance(transform_geometry(b, STORAGE_SRID, srid))
    )
