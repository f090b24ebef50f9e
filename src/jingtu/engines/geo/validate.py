"""Polygon checks for imported boundaries: keep valid ones, repair invalid ones, reject the rest with a reason.

Validity is the OGC Simple Features definition (OGC 06-103r4 §6.1.11: closed simple rings, holes inside the shell,
no self-intersection, interiors connected) as implemented by GEOS (``shapely.is_valid``/``is_valid_reason``).
Repair uses ``shapely.make_valid`` (GEOS MakeValid, "linework" method) and keeps only the polygonal parts; the
reason GEOS gave and the area change are recorded so the user can see what was done.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import shapely
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .crs import CHINA_BOUNDS
from .measure import geodesic_area_m2

Status = Literal["valid", "repaired", "rejected"]

MIN_AREA_M2 = 1.0
"""Smallest accepted polygon (m², ellipsoidal). Jingtu's own threshold (no standard sets one): anything smaller is
a digitising slip (sliver, collapsed ring), not a plot boundary."""


@dataclass(frozen=True)
class PolygonCheck:
    """Result of :func:`check_polygon`: the geometry to store (``None`` if rejected), status and reason."""

    geometry: Polygon | MultiPolygon | None
    status: Status
    reason: str = ""


def _polygonal_parts(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if isinstance(geom, MultiPolygon | GeometryCollection):
        return [p for g in geom.geoms for p in _polygonal_parts(g)]
    return []


def _as_polygonal(parts: list[Polygon]) -> Polygon | MultiPolygon:
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _outside_china(geom: BaseGeometry) -> bool:
    minx, miny, maxx, maxy = geom.bounds
    x0, y0, x1, y1 = CHINA_BOUNDS
    return bool(minx < x0 or maxx > x1 or miny < y0 or maxy > y1)


def check_polygon(geom: BaseGeometry | None) -> PolygonCheck:
    """Validate a boundary already in EPSG:4490 (lon/lat degrees).

    * missing/empty, no polygonal part (point, line), outside China (bounds beyond 73–136°E, 3–54°N) or smaller
      than :data:`MIN_AREA_M2` → ``rejected`` with the reason;
    * valid (Multi)Polygon → ``valid`` (Z dropped);
    * invalid → ``make_valid``, polygonal parts kept → ``repaired`` with GEOS's reason and the area change.
    """
    if geom is None or geom.is_empty:
        return PolygonCheck(None, "rejected", "empty geometry")
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    parts = _polygonal_parts(geom)
    if not parts:
        return PolygonCheck(None, "rejected", f"not a polygon: {geom.geom_type}")
    dropped = ""
    if isinstance(geom, GeometryCollection) and not isinstance(geom, MultiPolygon):
        dropped = f"; non-polygonal members of the {geom.geom_type} dropped"
        geom = _as_polygonal(parts)
    if not bool(shapely.is_empty(geom)) and not all(map(math.isfinite, geom.bounds)):
        return PolygonCheck(None, "rejected", "coordinates are not finite numbers (cannot be transformed)")
    if _outside_china(geom):
        minx, miny, maxx, maxy = geom.bounds
        return PolygonCheck(
            None,
            "rejected",
            f"outside China: bounds {minx:.6f},{miny:.6f} – {maxx:.6f},{maxy:.6f} (lon/lat); "
            "wrong coordinate system or swapped axes?",
        )
    if shapely.is_valid(geom):
        poly = _as_polygonal(parts) if dropped else geom
        assert isinstance(poly, Polygon | MultiPolygon)
        return _size_check(poly, "repaired" if dropped else "valid", dropped.lstrip("; "))
    reason = shapely.is_valid_reason(geom)
    fixed_parts = _polygonal_parts(shapely.make_valid(geom))
    if not fixed_parts:
        return PolygonCheck(None, "rejected", f"degenerate polygon ({reason}): nothing polygonal remains")
    fixed = _as_polygonal(fixed_parts)
    before = geodesic_area_m2(geom)
    after = geodesic_area_m2(fixed)
    change = f"area {before:.1f} m² → {after:.1f} m²" if before > 0 else f"area {after:.1f} m²"
    return _size_check(fixed, "repaired", f"invalid ({reason}); repaired with make_valid, {change}{dropped}")


def _size_check(geom: Polygon | MultiPolygon, status: Status, reason: str) -> PolygonCheck:
    area = geodesic_area_m2(geom)
    if area < MIN_AREA_M2:
        return PolygonCheck(None, "rejected", f"degenerate polygon: area {area:.3f} m² < {MIN_AREA_M2} m²")
    return PolygonCheck(geom, status, reason)
