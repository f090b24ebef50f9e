"""Coordinate reference systems Jingtu accepts, and the CGCS2000 Gauss–Krüger zone arithmetic.

Storage CRS: CGCS2000 geographic, EPSG:4490 (国家大地坐标系 2000, in use since 2008-07-01 by 国家测绘局公告 2008 年
第 2 号). Areas and distances: a CGCS2000 Gauss–Krüger projection (GB/T 20257 / GB 21139 map-projection practice:
transverse Mercator, scale 1 on the central meridian, false easting 500 km, optionally prefixed by the zone number).

EPSG codes (verified with pyproj 3.6.1 / PROJ 9.1.1 EPSG database; see docs/geo.md for the full table):

=============  =================  ============================================  =====================
code range     zone width         name in EPSG                                  false easting (m)
=============  =================  ============================================  =====================
4491–4501      6°, zones 13–23    CGCS2000 / Gauss-Kruger zone 13 … 23          zone·10⁶ + 500 000
4502–4512      6°, CM 75–135°E    CGCS2000 / Gauss-Kruger CM 75E … 135E         500 000
4513–4533      3°, zones 25–45    CGCS2000 / 3-degree Gauss-Kruger zone 25 … 45 zone·10⁶ + 500 000
4534–4554      3°, CM 75–135°E    CGCS2000 / 3-degree Gauss-Kruger CM 75E …     500 000
=============  =================  ============================================  =====================

6° zone n has central meridian 6n − 3; 3° zone n has central meridian 3n. Beijing (115.42–117.51°E) lies in the 3°
zone 39 (115.5–118.5°E), CM 117°E: EPSG:4548 (no prefix) or EPSG:4527 (prefix 39), except a strip of a few km at
its western edge (zone 38); Jingtu projects the whole municipality with CM 117°E (area scale error ≤ 0.05 % there).
EPSG:4547 is CM 114°E and overstates Beijing areas by ≈0.1 %.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pyproj import CRS, Transformer

STORAGE_SRID = 4490  # CGCS2000 geographic
WGS84_SRID = 4326
BEIJING_PROJECTED_SRID = 4548  # CGCS2000 3° GK CM 117°E
BEIJING_CM = 117

GK6_PREFIXED = range(4491, 4502)  # zones 13..23
GK6_CM = range(4502, 4513)  # CM 75..135
GK3_PREFIXED = range(4513, 4534)  # zones 25..45
GK3_CM = range(4534, 4555)  # CM 75..135

GEOGRAPHIC_SRIDS: frozenset[int] = frozenset({STORAGE_SRID, WGS84_SRID})
GK_SRIDS: frozenset[int] = frozenset([*GK6_PREFIXED, *GK6_CM, *GK3_PREFIXED, *GK3_CM])
ALLOWED_SRIDS: frozenset[int] = GEOGRAPHIC_SRIDS | GK_SRIDS
"""SRIDs Jingtu accepts anywhere (import, settings, API). Anything else is refused, never passed on to GDAL/PROJ."""

# Rough bounds of China's territory (degrees), generous by ≈0.5°: 73.5–135.1°E, 3.8–53.6°N.
CHINA_BOUNDS: tuple[float, float, float, float] = (73.0, 3.0, 136.0, 54.0)


class CrsError(ValueError):
    """A CRS that is not allowed, cannot be identified, or does not fit the coordinates."""


def gk_zone_for_lon(lon: float, zone_width: int = 3) -> int:
    """Gauss–Krüger zone number containing longitude ``lon`` (degrees east).

    3° zones: n = floor((lon + 1.5) / 3), CM = 3n; 6° zones: n = floor(lon / 6) + 1, CM = 6n − 3
    (standard Chinese zoning, GB/T 20257.1-2017 §4 / GB/T 17160 map-series zoning).
    """
    if zone_width == 3:
        return math.floor((lon + 1.5) / 3.0)
    if zone_width == 6:
        return math.floor(lon / 6.0) + 1
    raise CrsError(f"zone width must be 3 or 6, got {zone_width}")


def gk_central_meridian(zone: int, zone_width: int = 3) -> int:
    """Central meridian (degrees east) of Gauss–Krüger zone ``zone``."""
    if zone_width == 3:
        return 3 * zone
    if zone_width == 6:
        return 6 * zone - 3
    raise CrsError(f"zone width must be 3 or 6, got {zone_width}")


def gk_epsg_for_lon(lon: float, zone_width: int = 3, with_prefix: bool = False) -> int:
    """EPSG code of the CGCS2000 Gauss–Krüger zone containing ``lon``.

    ``with_prefix`` selects the variant whose false easting carries the zone number (zone·10⁶ + 500 000 m).
    Raises :class:`CrsError` outside China's zones (3°: 25–45, 6°: 13–23).
    """
    zone = gk_zone_for_lon(lon, zone_width)
    if zone_width == 3:
        if not 25 <= zone <= 45:
            raise CrsError(f"longitude {lon} is outside the CGCS2000 3° zones 25–45 (73.5–136.5°E)")
        return (GK3_PREFIXED.start if with_prefix else GK3_CM.start) + zone - 25
    if not 13 <= zone <= 23:
        raise CrsError(f"longitude {lon} is outside the CGCS2000 6° zones 13–23 (72–138°E)")
    return (GK6_PREFIXED.start if with_prefix else GK6_CM.start) + zone - 13


def gk_epsg_for_zone(zone: int) -> int:
    """EPSG code of the zone-prefixed CGCS2000 GK zone ``zone`` (13–23 → 6°, 25–45 → 3°; unambiguous)."""
    if 25 <= zone <= 45:
        return GK3_PREFIXED.start + zone - 25
    if 13 <= zone <= 23:
        return GK6_PREFIXED.start + zone - 13
    raise CrsError(f"{zone} is not a CGCS2000 Gauss–Krüger zone number (6°: 13–23, 3°: 25–45)")


def gk_epsg_for_cm(cm: int) -> int:
    """EPSG code of the un-prefixed CGCS2000 3° GK projection with central meridian ``cm`` (75–135°E, step 3).

    A 6° CM-only zone with the same CM (EPSG 4502–4512) is the *same* projection (TM, k = 1, FE 500 km); the 3°
    code is returned.
    """
    if cm % 3 != 0 or not 75 <= cm <= 135:
        raise CrsError(f"central meridian {cm}°E is not a CGCS2000 Gauss–Krüger CM (75–135°E in 3° steps)")
    return GK3_CM.start + cm // 3 - 25


def describe_srid(srid: int) -> str:
    """Human-readable name of an allowed SRID, e.g. ``EPSG:4548 CGCS2000 / 3-degree Gauss-Kruger CM 117E``."""
    return f"EPSG:{srid} {crs_for(srid).name}"


@lru_cache(maxsize=128)
def crs_for(srid: int) -> CRS:
    """pyproj CRS of an allowed SRID (refuses anything else)."""
    if srid not in ALLOWED_SRIDS:
        raise CrsError(
            f"EPSG:{srid} is not accepted; use CGCS2000 (EPSG:4490), WGS84 (EPSG:4326) or a CGCS2000 "
            "Gauss–Krüger zone (EPSG:4491–4554)"
        )
    return CRS.from_epsg(srid)


@lru_cache(maxsize=128)
def transformer(src: int, dst: int) -> Transformer:
    """Cached pyproj transformer between two allowed SRIDs, always (x=lon/easting, y=lat/northing) order."""
    return Transformer.from_crs(crs_for(src), crs_for(dst), always_xy=True)


_STATED = re.compile(
    r"^\s*(?:(?:EPSG|epsg)\s*:?\s*(\d{4,5})|(\d{4,5})|(?:CM|cm)\s*:?\s*(\d{2,3})(?:E|e|°E)?)\s*$"
)


def parse_stated_crs(text: str | int) -> int:
    """Parse a CRS stated by a user: ``EPSG:4548``, ``4548`` or a central meridian ``CM117`` (→ EPSG:4548).

    Returns an allowed SRID or raises :class:`CrsError` with what was wrong.
    """
    if isinstance(text, int):
        srid = text
    else:
        m = _STATED.match(text)
        if not m:
            raise CrsError(f"cannot read CRS {text!r}; write e.g. EPSG:4490, EPSG:4548 or CM117")
        srid = (
            int(m.group(1) or m.group(2)) if (m.group(1) or m.group(2)) else gk_epsg_for_cm(int(m.group(3)))
        )
    crs_for(srid)  # raises if not allowed
    return srid


def identify_srid(crs: CRS | str | int) -> int | None:
    """Allowed SRID equivalent to a declared CRS (WKT from a .prj, GPKG srs, GeoJSON ``crs``), else ``None``.

    Uses PROJ's identification (``to_epsg(min_confidence=70)``) and falls back to comparing with each allowed
    GK definition (ESRI .prj files name them ``CGCS2000_3_Degree_GK_CM_117E`` without an authority code).
    """
    try:
        c = crs if isinstance(crs, CRS) else CRS.from_user_input(crs)
    except Exception:  # noqa: BLE001 - pyproj raises CRSError and TypeError for garbage input
        return None
    code = c.to_epsg(min_confidence=70)
    if code is not None:
        return code
    candidates = sorted(GEOGRAPHIC_SRIDS) if c.is_geographic else sorted(GK_SRIDS)
    for srid in candidates:  # e.g. OGC:CRS84 (= EPSG:4326 in x/y order) has no EPSG code
        if c.equals(crs_for(srid), ignore_axis_order=True):
            return srid
    return None
