"""Decide which CRS the coordinates of an imported file are in — declared, stated by the user, or inferred — and
refuse when that cannot be told for sure. Jingtu never guesses silently: every decision carries how it was made and
a message for the import report.

Rules (docs/geo.md "Detection"):

1. **Stated by the user** (``--crs EPSG:4548`` / ``CM117``) wins over everything, but is still checked against the
   coordinates (they must land in China); a conflicting declaration is mentioned in the message.
2. **Declared** by the file (.prj, GeoPackage srs, GeoJSON ``crs`` member, KML is always WGS84 lon/lat by the OGC KML 2.2 standard, OGC 07-147r2):
   accepted if it is an allowed SRID (EPSG:4490, 4326, CGCS2000 GK 4491–4554) *and* the coordinates fit it.
   Other datums (Beijing 1954, Xi'an 1980, local systems) are refused: converting them needs official parameters.
3. **Inferred** when nothing is declared:
   * longitude/latitude inside China (73–136°E, 3–54°N) → CGCS2000 geographic, EPSG:4490;
   * eastings with a zone prefix (e.g. 39 500 000 → zone 39) and a plausible northing → that zone's prefixed code
     (zones 13–23 are 6°, 25–45 are 3°, so the prefix is unambiguous);
   * eastings without a prefix (≈ 100 000–900 000 m) → **refused**: the central meridian cannot be read from the
     numbers (and UTM looks the same). The message tells the user to state it and, for a known region, which
     central meridian is usual there (Beijing: CM 117°E = EPSG:4548) — as a hint, never applied automatically.

WGS84 (EPSG:4326) and CGCS2000 (EPSG:4490) agree to ≈ 0.1 m–1 m (CGCS2000 is realised in ITRF97 at epoch 2000.0;
WGS84 (G1762) differs by a few centimetres of frame plus plate motion since 2000, < 1 m in 2026). Jingtu stores WGS84
coordinates unchanged as CGCS2000 and says so in the message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pyproj import CRS

from .crs import (
    ALLOWED_SRIDS,
    CHINA_BOUNDS,
    GEOGRAPHIC_SRIDS,
    STORAGE_SRID,
    WGS84_SRID,
    CrsError,
    crs_for,
    describe_srid,
    gk_epsg_for_cm,
    gk_epsg_for_zone,
    identify_srid,
    parse_stated_crs,
    transformer,
)

How = Literal["declared", "stated by user", "inferred from coordinates"]
Confidence = Literal["certain", "high"]
Bounds = tuple[float, float, float, float]

WGS84_NOTE = "WGS84 is stored as CGCS2000 without a shift: the two agree to about 1 m, below the accuracy of boundary data"

# Northing range of China in a Gauss–Krüger projection: 3°N ≈ 330 km, 54°N ≈ 5 990 km.
_NORTHING = (300_000.0, 6_100_000.0)
# Easting range without prefix: ±(3° at 3°N) ≈ ±335 km around the 500 km false easting, with margin.
_EASTING = (100_000.0, 900_000.0)


@dataclass(frozen=True)
class CrsDecision:
    """Which CRS a file's coordinates are in, how that was decided, and what to tell the user."""

    epsg: int
    how: How
    confidence: Confidence
    message: str

    @property
    def is_projected(self) -> bool:
        return self.epsg not in GEOGRAPHIC_SRIDS


def _fmt(b: Bounds) -> str:
    return f"x {b[0]:.3f}…{b[2]:.3f}, y {b[1]:.3f}…{b[3]:.3f}"


def _in_china(b: Bounds) -> bool:
    x0, y0, x1, y1 = CHINA_BOUNDS
    return x0 <= b[0] and b[2] <= x1 and y0 <= b[1] and b[3] <= y1


def _zone_params(srid: int) -> tuple[float, float]:
    """(central meridian °E, false easting m) of a GK SRID, read from the EPSG definition itself."""
    op = crs_for(srid).coordinate_operation
    assert op is not None
    params = {p.name: p.value for p in op.params}
    return float(params["Longitude of natural origin"]), float(params["False easting"])


def fits(srid: int, bounds: Bounds) -> bool:
    """True if coordinates with these bounds are plausible in ``srid``: they land in China and, for a GK zone,
    the eastings are in the zone's range (right prefix, within ±4° of the central meridian)."""
    if any(math.isnan(v) or math.isinf(v) for v in bounds):
        return False
    if srid in GEOGRAPHIC_SRIDS:
        return _in_china(bounds)
    cm, fe = _zone_params(srid)
    if not (fe - 400_000 <= bounds[0] and bounds[2] <= fe + 400_000):
        return False
    if not (_NORTHING[0] <= bounds[1] and bounds[3] <= _NORTHING[1]):
        return False
    t = transformer(srid, STORAGE_SRID)
    xs, ys = t.transform(
        [bounds[0], bounds[2], bounds[0], bounds[2]], [bounds[1], bounds[1], bounds[3], bounds[3]]
    )
    lon_lat = (min(xs), min(ys), max(xs), max(ys))
    return _in_china(lon_lat) and abs(lon_lat[0] - cm) <= 4.0 and abs(lon_lat[2] - cm) <= 4.0


def _infer(bounds: Bounds) -> tuple[int | None, str]:
    """(srid, explanation) from the numbers alone; srid None with the reason when it cannot be told."""
    if _in_china(bounds):
        return STORAGE_SRID, "longitude/latitude degrees inside China"
    minx, miny, maxx, maxy = bounds
    if _in_china((miny, minx, maxy, maxx)):
        return None, "the values look like latitude/longitude in swapped order (y, x); fix the axis order"
    if not (_NORTHING[0] <= miny and maxy <= _NORTHING[1]):
        return None, "the values are neither longitude/latitude in China nor Gauss–Krüger northings"
    if minx >= 13_000_000:
        zone, zone_max = int(minx // 1_000_000), int(maxx // 1_000_000)
        if zone != zone_max:
            return None, f"eastings span two zone prefixes ({zone} and {zone_max})"
        try:
            srid = gk_epsg_for_zone(zone)
        except CrsError as exc:
            return None, str(exc)
        return srid, f"eastings carry the Gauss–Krüger zone prefix {zone}"
    if _EASTING[0] <= minx and maxx <= _EASTING[1]:
        return None, "eastings have no zone prefix"
    return None, "the eastings fit no CGCS2000 Gauss–Krüger zone"


def _cm_hint(region_cm: int | None) -> str:
    if region_cm is None:
        return "state the central meridian, e.g. CM117 (= EPSG:4548)"
    srid = gk_epsg_for_cm(region_cm)
    return (
        f"state the central meridian; for this region it is usually CM{region_cm} (= {describe_srid(srid)})"
    )


def detect_crs(
    bounds: Bounds | None,
    *,
    declared: CRS | str | int | None = None,
    stated: str | int | None = None,
    region_cm: int | None = None,
) -> CrsDecision:
    """Decide the CRS of coordinates with ``bounds`` (minx, miny, maxx, maxy in the file's own units).

    ``declared``: what the file says (WKT, ``EPSG:n``, pyproj CRS) or ``None``; ``stated``: what the user said
    (``EPSG:4548``, ``4548``, ``CM117``); ``region_cm``: the deployment's usual central meridian, used only in
    the hint of an error message. Raises :class:`CrsError` when the CRS cannot be decided for sure.
    """
    if bounds is None:
        raise CrsError("no coordinates to check the coordinate system against (file has no geometry)")
    declared_srid = identify_srid(declared) if declared is not None else None
    declared_name = _declared_name(declared)

    if stated is not None:
        srid = parse_stated_crs(stated)
        if not fits(srid, bounds):
            guess, why = _infer(bounds)
            hint = f"; they look like {describe_srid(guess)} ({why})" if guess else f" ({why})"
            raise CrsError(f"coordinates ({_fmt(bounds)}) do not fit the stated {describe_srid(srid)}{hint}")
        msg = f"{describe_srid(srid)}, stated by the user"
        if declared is not None and declared_srid != srid:
            msg += f"; the file declares {declared_name}, overridden as instructed"
        return CrsDecision(srid, "stated by user", "certain", _with_note(srid, msg))

    if declared is not None:
        if declared_srid is None or declared_srid not in ALLOWED_SRIDS:
            raise CrsError(
                f"the file declares {declared_name}, which Jingtu does not accept: only CGCS2000 (EPSG:4490), "
                "WGS84 (EPSG:4326) and CGCS2000 Gauss–Krüger zones (EPSG:4491–4554). Other datums (Beijing 1954, "
                "Xi'an 1980, local systems) need officially published conversion parameters — convert the file "
                "first, or state the CRS if the declaration is wrong"
            )
        if not fits(declared_srid, bounds):
            guess, why = _infer(bounds)
            hint = f"; they look like {describe_srid(guess)} ({why})" if guess else f" ({why})"
            raise CrsError(
                f"the file declares {describe_srid(declared_srid)} but its coordinates ({_fmt(bounds)}) do not fit "
                f"it{hint}; state the CRS to override the declaration"
            )
        msg = f"{describe_srid(declared_srid)}, declared by the file"
        return CrsDecision(declared_srid, "declared", "certain", _with_note(declared_srid, msg))

    srid_or_none, why = _infer(bounds)
    if srid_or_none is None:
        if why == "eastings have no zone prefix":
            raise CrsError(
                f"no coordinate system declared and the coordinates ({_fmt(bounds)}) look like Gauss–Krüger "
                f"(or UTM) metres without a zone prefix: the central meridian cannot be told from them; "
                f"{_cm_hint(region_cm)}"
            )
        raise CrsError(f"no coordinate system declared and none can be inferred from {_fmt(bounds)}: {why}")
    if not fits(srid_or_none, bounds):
        raise CrsError(
            f"coordinates ({_fmt(bounds)}) look like {describe_srid(srid_or_none)} but do not fit it"
        )
    if srid_or_none == STORAGE_SRID:
        msg = (
            f"no CRS declared; {why} → CGCS2000 geographic (EPSG:4490). WGS84 data is the same to about 1 m; "
            "GCJ-02 (web-map) coordinates would be about 500 m off and cannot be detected — do not import them"
        )
    else:
        msg = f"no CRS declared; {why} → {describe_srid(srid_or_none)}"
    return CrsDecision(srid_or_none, "inferred from coordinates", "high", msg)


def _with_note(srid: int, msg: str) -> str:
    return f"{msg}. {WGS84_NOTE}" if srid == WGS84_SRID else msg


def _declared_name(declared: CRS | str | int | None) -> str:
    if declared is None:
        return "nothing"
    try:
        c = declared if isinstance(declared, CRS) else CRS.from_user_input(declared)
    except Exception:  # noqa: BLE001 - unreadable declaration
        return f"an unreadable CRS ({str(declared)[:60]!r})"
    code = c.to_epsg(min_confidence=70)
    return f"EPSG:{code} {c.name}" if code else repr(c.name)
