"""Export of the plots a user may see: GeoPackage, GeoJSON (CGCS2000 lon/lat) or XLSX (the ledger columns).

GeoPackage and GeoJSON hold the plots that have a boundary (a boundary file without geometry would not import
again); XLSX holds every plot. Each format imports again (`jingtu plots import`) to the same plots and place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jingtu.core import access
from jingtu.plots.models import Plot

FIELDS = [
    "code",
    "name",
    "district",
    "street",
    "address",
    "state",
    "state_since",
    "land_use_current",
    "land_use_planned",
    "land_class",
    "sensitive",
    "area_m2",
    "area_mu",
    "former_enterprises",
    "industry",
    "production_years",
    "closed_on",
    "entry_source",
    "responsible_org",
    "exceeds_screening_since",
]


def _value(plot: Plot, name: str) -> Any:
    if name == "district":
        return plot.district.code
    if name == "responsible_org":
        return plot.responsible_org.code if plot.responsible_org_id else ""
    v = getattr(plot, name)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return "" if v is None else v


def plots_for(user: Any) -> list[Plot]:
    return list(
        access.scope(user, Plot.objects.select_related("district", "responsible_org")).order_by("code")
    )


def export(user: Any, fmt: str, out: Path) -> int:
    """Write the user's plots to `out`; returns the number written (geometry formats: plots with a boundary)."""
    plots = plots_for(user)
    if fmt in ("geojson", "gpkg"):
        plots = [p for p in plots if p.boundary is not None]
    if fmt == "geojson":
        fc = {
            "type": "FeatureCollection",
            # GeoJSON 2008 'crs' member: the coordinates are CGCS2000 lon/lat, said rather than left to inference
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [
                {
                    "type": "Feature",
                    "geometry": json.loads(p.boundary.geojson),
                    "properties": {f: _value(p, f) for f in FIELDS},
                }
                for p in plots
            ],
        }
        out.write_text(json.dumps(fc, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "gpkg":
        import numpy as np
        import pyogrio.raw

        geometry = np.array([bytes(p.boundary.wkb) for p in plots], dtype=object)
        data = [np.array([str(_value(p, f)) for p in plots], dtype=object) for f in FIELDS]
        if out.exists():
            out.unlink()
        pyogrio.raw.write(
            out,
            geometry,
            data,
            FIELDS,
            layer="plots",
            driver="GPKG",
            geometry_type="MultiPolygon",
            crs="EPSG:4490",
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "plots"
        ws.append([*FIELDS, "boundary_wkt"])
        for p in plots:
            ws.append([_value(p, f) for f in FIELDS] + [p.boundary.wkt if p.boundary is not None else ""])
        wb.save(out)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return len(plots)
