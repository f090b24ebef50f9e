"""Load division boundaries into the District table: shipped reference boundaries, or official ones from a file."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.db.models.functions import Area, Transform
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import transaction

import jingtu
from jingtu.core.progress import Progress, track
from jingtu.divisions.models import District
from jingtu.engines.geo import divisions as geo_divisions
from jingtu.engines.orgs import load_registry


class DivisionLoadError(Exception):
    pass


def _multipolygon(shapely_geom: Any) -> MultiPolygon:
    geom = GEOSGeometry(memoryview(shapely_geom.wkb), srid=4490)  # bytes would be parsed as WKT or HEX
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=4490)
    if geom.geom_type != "MultiPolygon":
        raise DivisionLoadError(f"boundary is a {geom.geom_type}, not a polygon")
    return geom


def _update_areas(codes: list[str]) -> None:
    """Area in km² computed in the projected CGCS2000 Gauss–Krüger CRS (never on degrees; docs/geo.md)."""
    srid = settings.JINGTU_PROJECTED_SRID
    for d in District.objects.filter(code__in=codes, boundary__isnull=False).annotate(
        a=Area(Transform("boundary", srid))
    ):
        District.objects.filter(pk=d.pk).update(area_km2=round(d.a.sq_m / 1e6, 3))


def _label_points() -> dict[str, tuple[float, float]]:
    path = Path(jingtu.__file__).parent / "data" / "divisions" / "label_points.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {r["code"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(lines)}


@transaction.atomic
def load_reference_divisions(actor: Any = None, progress: Progress | None = None) -> int:
    """Load the districts table (organisation registry) with the shipped reference boundaries (geo engine).

    Divisions whose boundary was replaced by an official one (`jingtu divisions load`) keep it.
    """
    boundaries = {b.code: b for b in geo_divisions.load_reference_divisions() if b.geometry is not None}
    label_points = _label_points()
    divisions = list(load_registry().districts)
    with track(divisions, "行政区 / districts", progress) as bar:
        for div in bar:
            existing = District.objects.filter(code=div.code).first()
            if existing is not None and existing.boundary_official:
                continue  # an official boundary loaded with `jingtu divisions load` wins
            ref = boundaries.get(div.code)
            boundary = _multipolygon(ref.geometry) if ref is not None else None
            if boundary is not None:
                label = boundary.point_on_surface
            elif div.code in label_points:
                label = Point(*label_points[div.code], srid=4490)
            else:
                label = None
            values: dict[str, Any] = {
                "name": div.name,
                "name_en": div.name_en,
                "short_name": div.short_name,
                "kind": div.kind,
                "boundary": boundary,
                "boundary_source": ref.source if ref is not None else "",
                "boundary_official": False,
                "label_point": label,
            }
            District.objects.update_or_create(code=div.code, defaults=values)
    _update_areas([d.code for d in divisions])
    return len(divisions)


@transaction.atomic
def replace_boundaries(
    path: Path, *, code_field: str, stated_crs: str | None, source: str, official: bool
) -> str:
    """Replace the boundaries of the districts found in `path`; all or nothing."""
    try:
        result = geo_divisions.read_division_file(path, code_field=code_field, stated_crs=stated_crs)
    except ValueError as exc:
        raise DivisionLoadError(f"{path}: {exc}") from exc
    known = {d.code: d for d in District.objects.all()}
    problems = [
        f"{path}: feature {f.index}: {code_field}={f.code!r} is not a known district code"
        for f in result.features
        if f.code not in known
    ]
    if problems:
        raise DivisionLoadError("\n".join(problems))
    for f in result.features:
        d = known[f.code]
        d.boundary = _multipolygon(f.geometry)
        d.boundary_source = source
        d.boundary_official = official
        d.label_point = d.boundary.point_on_surface
        d.save()
    _update_areas([f.code for f in result.features])
    return f"{len(result.features)} boundaries replaced; CRS {result.crs_message}"
