"""Load division boundaries into the District table: shipped reference boundaries, or official ones from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.db.models.functions import Area, Transform
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import transaction

from jingtu.core.progress import Progress, track
from jingtu.divisions.models import District
from jingtu.engines.geo import divisions as geo_divisions


class DivisionLoadError(Exception):
    pass


def _multipolygon(shapely_geom: Any) -> MultiPolygon:
    geom = GEOSGeometry(shapely_geom.wkb, srid=4490)
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


@transaction.atomic
def load_reference_divisions(actor: Any = None, progress: Progress | None = None) -> int:
    """Load the shipped reference divisions (16 districts + functional zones); keeps official boundaries."""
    divisions = geo_divisions.load_reference_divisions()
    with track(divisions, "行政区 / districts", progress) as bar:
        for div in bar:
            existing = District.objects.filter(code=div.code).first()
            if existing is not None and existing.boundary_official:
                continue  # an official boundary loaded with `jingtu divisions load` wins
            values: dict[str, Any] = {
                "name": div.name,
                "name_en": div.name_en,
                "short_name": div.short_name,
                "kind": div.kind,
                "boundary": _multipolygon(div.geometry) if div.geometry is not None else None,
                "boundary_source": div.source,
                "boundary_official": False,
                "label_point": Point(div.label_point[0], div.label_point[1], srid=4490)
                if div.label_point
                else None,
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
        d.label_point = Point(*f.geometry.representative_point().coords[0], srid=4490)
        d.save()
    _update_areas([f.code for f in result.features])
    return f"{len(result.features)} boundaries replaced; CRS {result.crs_message}"
