"""Areas (m², 亩), distances, and the GCJ-02 conversion."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box

from jingtu.engines.geo.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02
from jingtu.engines.geo.measure import (
    MU_M2,
    geodesic_area_m2,
    geodesic_distance_m,
    m2_to_mu,
    mu_to_m2,
    projected_area_m2,
    projected_distance_m,
    transform_geometry,
)

# GRS80 / CGCS2000 ellipsoid (GB/T 18314-2009; CGCS2000 differs from GRS80 only in GM and ω, not in a and f)
A = 6378137.0
F = 1 / 298.257222101


def _zone_area(lat1: float, lat2: float, dlon_deg: float) -> float:
    """Exact ellipsoidal area between two parallels over dlon degrees (authalic-latitude formula)."""
    e2 = F * (2 - F)
    e = math.sqrt(e2)
    b2 = (A * (1 - F)) ** 2

    def q(phi: float) -> float:
        s = math.sin(math.radians(phi))
        return s / (1 - e2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)

    return math.pi * b2 * (q(lat2) - q(lat1)) * dlon_deg / 360.0


def _densified_box(x0: float, y0: float, x1: float, y1: float, n: int = 2000) -> Polygon:
    """A lon/lat cell whose east–west edges follow the parallels (densified), so the exact formula applies."""
    xs = np.linspace(x0, x1, n)
    ring = [(x, y0) for x in xs] + [(x, y1) for x in xs[::-1]]
    return Polygon(ring)


def test_geodesic_area_of_a_lonlat_cell_matches_the_exact_formula() -> None:
    cell = _densified_box(116.0, 39.9, 116.1, 40.0)
    exact = _zone_area(39.9, 40.0, 0.1)
    assert exact == pytest.approx(94_900_000, rel=1e-3)  # ≈ 11.10 km (0.1° lat) × 8.55 km (0.1° lon at 40°N)
    assert geodesic_area_m2(cell) == pytest.approx(exact, rel=1e-6)


def test_geodesic_area_equals_pyproj_geod_and_handles_holes_and_orientation() -> None:
    square = box(116.30, 39.90, 116.31, 39.91)
    geod = Geod(ellps="GRS80")
    ref, _ = geod.polygon_area_perimeter(*square.exterior.xy)
    assert geodesic_area_m2(square) == pytest.approx(abs(ref), rel=1e-9)
    clockwise = Polygon(list(square.exterior.coords)[::-1])
    assert geodesic_area_m2(clockwise) == pytest.approx(abs(ref), rel=1e-9)
    hole = box(116.302, 39.902, 116.304, 39.904)
    holed = Polygon(square.exterior.coords, [hole.exterior.coords])
    assert geodesic_area_m2(holed) == pytest.approx(abs(ref) - geodesic_area_m2(hole), rel=1e-9)
    two = MultiPolygon([square, box(116.40, 39.90, 116.41, 39.91)])
    assert geodesic_area_m2(two) > 1.99 * abs(ref)


def test_projected_square_on_the_central_meridian() -> None:
    # a 100 m × 100 m square in EPSG:4548 centred on CM 117°E: k = 1 there, so 10 000 m² = 15 亩
    sq = box(499_950, 4_420_000, 500_050, 4_420_100)
    geo = transform_geometry(sq, 4548, 4490)
    assert geodesic_area_m2(geo) == pytest.approx(10_000.0, rel=1e-5)
    assert projected_area_m2(geo) == pytest.approx(10_000.0, rel=1e-9)
    assert m2_to_mu(10_000.0) == pytest.approx(15.0)
    assert mu_to_m2(1.0) == pytest.approx(666.6667, abs=1e-4) == MU_M2


def test_projected_area_error_inside_beijing_is_small() -> None:
    # western edge of Beijing (115.45°E, 1.55° west of CM 117): area scale k² ≈ 1 + (Δλ·cosφ)² ≈ 1.00043
    sq = box(115.45, 39.90, 115.46, 39.91)
    ratio = projected_area_m2(sq) / geodesic_area_m2(sq)
    dl = math.radians(117 - 115.455) * math.cos(math.radians(39.905))
    assert ratio == pytest.approx(1 + dl * dl, rel=2e-5)
    assert ratio - 1 < 5e-4
    # and 4547 (CM 114) is the wrong zone for the city centre: ≈0.1 % too large there
    centre = box(116.38, 39.90, 116.39, 39.91)
    assert projected_area_m2(centre, 4547) / geodesic_area_m2(centre) > 1.0009


def test_distances() -> None:
    # 0.01° of latitude at 40°N on GRS80 ≈ 1110.6 m (meridian arc)
    d = geodesic_distance_m(116.4, 39.995, 116.4, 40.005)
    assert d == pytest.approx(1110.6, abs=0.5)
    a = transform_geometry(box(500_000, 4_420_000, 500_010, 4_420_010), 4548, 4490)
    b = transform_geometry(box(500_110, 4_420_000, 500_120, 4_420_010), 4548, 4490)
    assert projected_distance_m(a, b) == pytest.approx(100.0, abs=1e-6)


# Published test vectors of the GCJ-02 forward formula: googollee/eviltransform python/test.py (BSD-2-Clause),
# (wgs lat, wgs lon, gcj lat, gcj lon).
EVILTRANSFORM_VECTORS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), EVILTRANSFORM_VECTORS)
def test_gcj02_forward_matches_published_vectors(wlat: float, wlon: float, glat: float, glon: float) -> None:
    x, y = wgs84_to_gcj02(wlon, wlat)
    assert float(x) == pytest.approx(glon, abs=1e-9)
    assert float(y) == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), EVILTRANSFORM_VECTORS)
def test_gcj02_inverse_recovers_wgs84(wlat: float, wlon: float, glat: float, glon: float) -> None:
    x, y = gcj02_to_wgs84(glon, glat)
    assert geodesic_distance_m(float(x), float(y), wlon, wlat) <= 0.5


def test_gcj02_round_trip_over_beijing_and_shift_size() -> None:
    lon, lat = np.meshgrid(np.linspace(115.4, 117.6, 45), np.linspace(39.4, 41.1, 35))
    gx, gy = wgs84_to_gcj02(lon.ravel(), lat.ravel())
    shift = [
        geodesic_distance_m(a, b, c, d) for a, b, c, d in zip(lon.ravel(), lat.ravel(), gx, gy, strict=True)
    ]
    assert 300 < min(shift) and max(shift) < 800  # the ≈0.5 km offset that makes raw Amap data unusable
    wx, wy = gcj02_to_wgs84(gx, gy)
    err = [
        geodesic_distance_m(a, b, c, d) for a, b, c, d in zip(lon.ravel(), lat.ravel(), wx, wy, strict=True)
    ]
    assert max(err) <= 0.5
    assert max(err) < 0.001  # the iteration converges far below the requirement
    # the one-step inverse (w = g − δ(g)) used by many tools is metres off; the iteration fixes that
    dx, dy = wgs84_to_gcj02(gx, gy)
    one_step = [
        geodesic_distance_m(a, b, c, d)
        for a, b, c, d in zip(lon.ravel(), lat.ravel(), 2 * gx - dx, 2 * gy - dy, strict=True)
    ]
    assert max(one_step) > 0.5


def test_gcj02_is_identity_outside_china() -> None:
    x, y = gcj02_to_wgs84([2.35], [48.85])
    assert (float(x[0]), float(y[0])) == (2.35, 48.85)
