"""Read boundary files (zipped Shapefile, GeoPackage, GeoJSON, KML/KMZ) into CGCS2000 polygons with a report.

Each file gets one CRS decision (:mod:`.detect`: declared / stated by user / inferred, or refused) and each feature a
polygon check (:mod:`.validate`: valid / repaired / rejected with the reason). Geometries are transformed to
EPSG:4490 with pyproj in (x = longitude/easting, y = latitude/northing) order; WGS84 coordinates are kept as they
are (see :data:`.detect.WGS84_NOTE`).

Reading uses pyogrio (GDAL drivers "ESRI Shapefile", "GPKG", "GeoJSON", "LIBKML"/"KML"). Shapefiles must come
zipped (all of .shp/.shx/.dbf/.prj/.cpg in one .zip) so that no side file is lost on upload; a bare .shp is read
too when its side files sit next to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .crs import GEOGRAPHIC_SRIDS, STORAGE_SRID, CrsError
from .detect import CrsDecision, detect_crs
from .measure import transform_geometry
from .validate import Status, check_polygon

SUFFIXES: dict[str, str] = {
    ".zip": "zipped ESRI Shapefile",
    ".shp": "ESRI Shapefile",
    ".gpkg": "GeoPackage",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".kml": "KML",
    ".kmz": "KMZ",
}


class BoundaryFileError(ValueError):
    """The file as a whole cannot be used (format, layers, CRS); the message names the file."""


@dataclass(frozen=True)
class ImportedFeature:
    """One feature of a boundary file: its attributes and its checked geometry in EPSG:4490."""

    index: int  # 1-based position in the file (across layers)
    layer: str
    attributes: dict[str, Any]
    geometry: Polygon | MultiPolygon | None
    status: Status
    problem: str = ""


@dataclass(frozen=True)
class BoundaryFile:
    """Result of :func:`read_boundary_file`."""

    path: Path
    kind: str
    layers: tuple[str, ...]
    crs: CrsDecision
    features: tuple[ImportedFeature, ...] = field(default_factory=tuple)

    @property
    def accepted(self) -> list[ImportedFeature]:
        return [f for f in self.features if f.geometry is not None]

    @property
    def rejected(self) -> list[ImportedFeature]:
        return [f for f in self.features if f.geometry is None]

    @property
    def problems(self) -> list[str]:
        """One line per repaired or rejected feature: ``<file>: feature <n> (<layer>): <status>: <reason>``."""
        return [
            f"{self.path.name}: feature {f.index} ({f.layer}): {f.status}: {f.problem}"
            for f in self.features
            if f.status != "valid"
        ]


def _python(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def _geojson_declares_crs(path: Path) -> bool:
    """Whether a GeoJSON file has a ``crs`` member (GDAL reports EPSG:4326 either way, per RFC 7946 §4)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryFileError(f"{path.name}: not valid GeoJSON: {exc}") from exc
    return isinstance(data, dict) and "crs" in data


def _layers(path: Path, layer: str | None, multi_ok: bool) -> list[str]:
    try:
        listed = pyogrio.list_layers(path)
    except Exception as exc:  # noqa: BLE001 - GDAL raises DataSourceError and friends
        raise BoundaryFileError(
            f"{path.name}: cannot open as {SUFFIXES[path.suffix.lower()]}: {exc}"
        ) from exc
    names = [str(row[0]) for row in listed]
    if layer is not None:
        if layer not in names:
            raise BoundaryFileError(f"{path.name}: no layer {layer!r}; layers: {', '.join(names)}")
        return [layer]
    if not names:
        raise BoundaryFileError(f"{path.name}: the file has no layers")
    if len(names) > 1 and not multi_ok:
        raise BoundaryFileError(f"{path.name}: several layers ({', '.join(names)}); choose one")
    return names


def _bounds(geoms: list[BaseGeometry]) -> tuple[float, float, float, float] | None:
    if not geoms:
        return None
    b = shapely.total_bounds(geoms)
    return float(b[0]), float(b[1]), float(b[2]), float(b[3])


def _decide(
    path: Path,
    geoms: list[BaseGeometry],
    declared: str | None,
    stated: str | int | None,
    region_cm: int | None,
) -> CrsDecision:
    """One CRS for the file. If the whole extent does not fit but most features agree on one CRS (a stray
    feature in the wrong place), that CRS is used and the stray features are rejected one by one later."""
    try:
        return detect_crs(_bounds(geoms), declared=declared, stated=stated, region_cm=region_cm)
    except CrsError as exc:
        whole_file_error = exc
    votes: dict[int, list[CrsDecision]] = {}
    for g in geoms:
        try:
            d = detect_crs(_bounds([g]), declared=declared, stated=stated, region_cm=region_cm)
        except CrsError:
            continue
        votes.setdefault(d.epsg, []).append(d)
    if len(votes) == 1:
        decisions = next(iter(votes.values()))
        if 2 * len(decisions) > len(geoms):
            d = decisions[0]
            stray = len(geoms) - len(decisions)
            return CrsDecision(
                d.epsg,
                d.how,
                d.confidence,
                f"{d.message}; {stray} of {len(geoms)} features do not fit it and are rejected",
            )
    raise BoundaryFileError(f"{path.name}: {whole_file_error}") from whole_file_error


def read_boundary_file(
    path: str | Path,
    *,
    stated_crs: str | int | None = None,
    layer: str | None = None,
    encoding: str | None = None,
    region_cm: int | None = None,
) -> BoundaryFile:
    """Read polygons from ``path``, decide its CRS, transform to EPSG:4490 and check every feature.

    ``stated_crs``: what the user says the coordinates are in (``EPSG:4548``, ``CM117``), overriding the file;
    ``layer``: which layer (required when a GeoPackage/zip holds several; KML reads all its folders);
    ``encoding``: attribute encoding when a Shapefile has no .cpg (Chinese files are often ``GBK``);
    ``region_cm``: the deployment's usual central meridian, offered as a hint only.

    Raises :class:`BoundaryFileError` (a ``ValueError``) for an unusable file or an undecidable CRS; per-feature
    problems are reported in the result, not raised.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BoundaryFileError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; use a zipped Shapefile (.zip), GeoPackage "
            "(.gpkg), GeoJSON (.geojson/.json) or KML (.kml/.kmz)"
        )
    if not path.is_file():
        raise BoundaryFileError(f"{path}: no such file")
    is_kml = suffix in (".kml", ".kmz")
    names = _layers(path, layer, multi_ok=is_kml)

    rows: list[tuple[str, dict[str, Any], BaseGeometry | None]] = []
    declared: set[str] = set()
    undeclared = False
    for name in names:
        try:
            meta, _, wkb, field_data = pyogrio.raw.read(path, layer=name, encoding=encoding)
        except Exception as exc:  # noqa: BLE001
            raise BoundaryFileError(f"{path.name}: layer {name!r} cannot be read: {exc}") from exc
        if meta.get("crs"):
            declared.add(str(meta["crs"]))
        else:
            undeclared = True
        if wkb is None:
            raise BoundaryFileError(f"{path.name}: layer {name!r} has no geometry column")
        fields = [str(f) for f in meta["fields"]]
        geoms = shapely.from_wkb(wkb, on_invalid="ignore")
        for i, geom in enumerate(geoms):
            attrs = {f: _python(col[i]) for f, col in zip(fields, field_data, strict=True)}
            rows.append((name, attrs, geom))

    geojson_without_crs = suffix in (".geojson", ".json") and not _geojson_declares_crs(path)
    if geojson_without_crs or (undeclared and not declared):
        declared_crs: str | None = None
    elif len(declared) == 1 and not undeclared:
        declared_crs = declared.pop()
    else:
        raise BoundaryFileError(f"{path.name}: layers declare different coordinate systems; split the file")

    present = [g for _, _, g in rows if g is not None and not g.is_empty]
    decision = _decide(path, present, declared_crs, stated_crs, region_cm)
    if geojson_without_crs and decision.how != "stated by user":
        decision = CrsDecision(
            decision.epsg,
            decision.how,
            decision.confidence,
            f"GeoJSON without a 'crs' member (RFC 7946 §4 means WGS84); {decision.message}",
        )

    features: list[ImportedFeature] = []
    for index, (name, attrs, geom) in enumerate(rows, start=1):
        if geom is not None and not geom.is_empty and decision.epsg not in GEOGRAPHIC_SRIDS:
            geom = transform_geometry(geom, decision.epsg, STORAGE_SRID)
        check = check_polygon(geom)
        features.append(ImportedFeature(index, name, attrs, check.geometry, check.status, check.reason))
    return BoundaryFile(path, SUFFIXES[suffix], tuple(names), decision, tuple(features))
