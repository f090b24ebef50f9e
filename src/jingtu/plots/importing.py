"""Import of plot ledgers (XLSX) and plot boundaries (zipped SHP / GPKG / GeoJSON / KML) into the register.

Everything is checked first; any row-level error (file, row, field, message) stops the import and nothing is stored.
Reading, CRS decision and polygon checks are `jingtu.engines.geo`'s; land-use codes are checked by the lifecycle
engine. The write is one transaction, access checked once per target plot, `bulk_create` with history, and one
audit event carrying the receipt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from jingtu.core import access, actions
from jingtu.core.models import AuditEvent
from jingtu.divisions.models import District
from jingtu.orgs.models import Organisation
from jingtu.plots import rules
from jingtu.plots.models import EntrySource, Plot

# column header (Chinese or English, case-insensitive) -> field
COLUMNS: dict[str, str] = {
    "code": "code",
    "地块编号": "code",
    "地块编码": "code",
    "name": "name",
    "地块名称": "name",
    "district": "district",
    "区": "district",
    "所属区": "district",
    "street": "street",
    "街道": "street",
    "街道/乡镇": "street",
    "address": "address",
    "地址": "address",
    "land_use_current": "land_use_current",
    "现状用途": "land_use_current",
    "land_use_planned": "land_use_planned",
    "规划用途": "land_use_planned",
    "former_enterprises": "former_enterprises",
    "原企业": "former_enterprises",
    "原企业名称": "former_enterprises",
    "industry": "industry",
    "行业": "industry",
    "production_years": "production_years",
    "生产年限": "production_years",
    "closed_on": "closed_on",
    "关停日期": "closed_on",
    "entry_source": "entry_source",
    "来源": "entry_source",
    "responsible_org": "responsible_org",
    "土地使用权人": "responsible_org",
    "exceeds_screening_since": "exceeds_screening_since",
    "超筛选值日期": "exceeds_screening_since",
    "boundary_wkt": "boundary",
    "边界wkt": "boundary",
}
ENTRY_SOURCE_ZH = {
    "关闭搬迁企业排查": EntrySource.CLOSED_ENTERPRISE,
    "关停企业排查": EntrySource.CLOSED_ENTERPRISE,
    "用途变更": EntrySource.CHANGE_OF_USE,
    "重点监管单位": EntrySource.KEY_SUPERVISED_UNIT,
    "举报": EntrySource.REPORT,
    "报告": EntrySource.REPORT,
    "检查": EntrySource.INSPECTION,
    "巡查": EntrySource.INSPECTION,
}
BOUNDARY_SUFFIXES = (".zip", ".shp", ".gpkg", ".geojson", ".json", ".kml", ".kmz")
# columns our own export writes that are derived (area, land class, sensitivity) or change only through the
# lifecycle actions (state): recognised so an exported ledger imports again, and ignored with a note
IGNORED_COLUMNS = {"state", "state_since", "land_class", "sensitive", "area_m2", "area_mu"}


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        if self.row == 0 and self.field == "(file)":  # the file as a whole (the geo engine names it already)
            return self.message if self.message.startswith(self.file) else f"{self.file}: {self.message}"
        if self.row == 0:  # an option such as --district
            return f"{self.file}: {self.field}: {self.message}"
        return f"{self.file}: row {self.row}, field {self.field}: {self.message}"


class ImportFailed(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Receipt:
    file: str
    kind: str
    crs: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "crs": self.crs,
            "created": self.created,
            "updated": self.updated,
            "notes": self.notes,
        }


def _district(value: Any) -> District | None:
    text = str(value or "").strip()
    if not text:
        return None
    return (
        District.objects.filter(code=text).first()
        or District.objects.filter(name=text).first()
        or District.objects.filter(short_name=text).first()
    )


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _ledger_boundary(wkt: str) -> tuple[MultiPolygon, str]:
    """A ledger's boundary_wkt (CGCS2000 lon/lat by definition), validated/repaired/rejected by the geo engine like
    a boundary file's polygons (metres or swapped axes are rejected as outside China). Returns (boundary, repair
    note or ""); raises ValueError with the reason."""
    import shapely

    from jingtu.engines.geo.validate import check_polygon

    try:
        geom = shapely.from_wkt(wkt)
    except shapely.errors.GEOSException as exc:
        raise ValueError(f"not a WKT geometry: {exc}") from None
    check = check_polygon(geom)
    if check.geometry is None:
        raise ValueError(f"rejected: {check.reason}")
    out = GEOSGeometry(memoryview(shapely.to_wkb(check.geometry)), srid=4490)
    if out.geom_type == "Polygon":
        out = MultiPolygon(out, srid=4490)
    return out, check.reason if check.status == "repaired" else ""


def _clean(
    file: str, row: int, raw: dict[str, Any], errors: list[RowError], notes: list[str]
) -> dict[str, Any]:
    """Parse one row's values into Plot fields; errors are appended with the row and field, repairs to notes."""
    out: dict[str, Any] = {}

    def err(name: str, msg: str) -> None:
        errors.append(RowError(file, row, name, msg))

    for name, value in raw.items():
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            continue
        try:
            if name == "district":
                d = _district(value)
                if d is None:
                    err(name, f"unknown district {value!r}")
                else:
                    out[name] = d
            elif name in ("closed_on", "exceeds_screening_since"):
                out[name] = _date(value)
            elif name == "production_years":
                out[name] = int(float(value))
            elif name in ("land_use_current", "land_use_planned"):
                rules.check_land_use_code(str(value))
                out[name] = str(value).strip().upper()
            elif name == "entry_source":
                v = str(value)
                src = ENTRY_SOURCE_ZH.get(v, v)
                if src not in EntrySource.values:
                    err(name, f"unknown source of entry {v!r}")
                else:
                    out[name] = src
            elif name == "responsible_org":
                org = (
                    Organisation.objects.filter(code=str(value)).first()
                    or Organisation.objects.filter(name=str(value)).first()
                )
                if org is None:
                    err(name, f"unknown organisation {value!r}")
                else:
                    out[name] = org
            elif name == "boundary" and isinstance(value, GEOSGeometry):
                out[name] = value  # a boundary file's polygon, already checked by the geo engine
            elif name == "boundary":
                out[name], repaired = _ledger_boundary(str(value))
                if repaired:
                    notes.append(f"row {row}: boundary repaired: {repaired}")
            else:
                out[name] = str(value)
        except (ValueError, TypeError) as exc:
            err(name, str(exc))
    return out


def _read_xlsx(path: Path, errors: list[RowError], receipt: Receipt) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)  # read-only: open until close()
    try:
        return _xlsx_rows(path, wb.worksheets[0].iter_rows(values_only=True), errors, receipt)
    finally:
        wb.close()


def _xlsx_rows(
    path: Path, rows: Any, errors: list[RowError], receipt: Receipt
) -> list[tuple[int, dict[str, Any]]]:
    try:
        header = next(rows)
    except StopIteration:
        errors.append(RowError(path.name, 1, "(header)", "the sheet is empty"))
        return []
    columns: list[str | None] = []
    ignored: list[str] = []
    for i, h in enumerate(header, start=1):
        key = COLUMNS.get(str(h or "").strip().lower()) or COLUMNS.get(str(h or "").strip())
        if key is None and str(h or "").strip().lower() in IGNORED_COLUMNS:
            ignored.append(str(h).strip())
        elif h not in (None, "") and key is None:
            errors.append(RowError(path.name, 1, str(h), f"unknown column {i} {h!r}"))
        columns.append(key)
    if ignored:
        receipt.notes.append(
            f"columns {', '.join(ignored)} ignored: derived, or changed only through the lifecycle actions"
        )
    out = []
    for n, values in enumerate(rows, start=2):
        if all(v in (None, "") for v in values):
            continue
        out.append((n, {c: v for c, v in zip(columns, values, strict=False) if c}))
    return out


def _read_boundaries(
    path: Path,
    stated_crs: str | None,
    layer: str | None,
    encoding: str | None,
    receipt: Receipt,
    errors: list[RowError],
) -> list[tuple[int, dict[str, Any]]]:
    from jingtu.engines.geo import read as georead

    try:
        bf = georead.read_boundary_file(path, stated_crs=stated_crs, layer=layer, encoding=encoding)
    except ValueError as exc:  # BoundaryFileError, CrsError: the file as a whole
        errors.append(RowError(path.name, 0, "(file)", str(exc)))
        return []
    receipt.crs = f"EPSG:{bf.crs.epsg} ({bf.crs.how}): {bf.crs.message}"
    out = []
    for f in bf.features:
        attrs = {}
        for k, v in f.attributes.items():
            key = COLUMNS.get(str(k).strip().lower()) or COLUMNS.get(str(k).strip())
            if key and key != "boundary":
                attrs[key] = v
        if f.geometry is None:
            errors.append(RowError(path.name, f.index, "geometry", f"{f.status}: {f.problem}"))
            continue
        if f.status == "repaired":
            receipt.notes.append(f"feature {f.index}: repaired: {f.problem}")
        geom = GEOSGeometry(memoryview(f.geometry.wkb), srid=4490)
        if geom.geom_type == "Polygon":
            geom = MultiPolygon(geom, srid=4490)
        attrs["boundary"] = geom
        out.append((f.index, attrs))
    return out


def import_file(
    actor: Any,
    path: str | Path,
    *,
    stated_crs: str | None = None,
    layer: str | None = None,
    encoding: str | None = None,
    district: str | None = None,
) -> Receipt:
    """Import a ledger (.xlsx) or a boundary file. Raises ImportFailed (nothing stored) on any row error."""
    path = Path(path)
    errors: list[RowError] = []
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        receipt = Receipt(path.name, "XLSX ledger")
        if stated_crs:
            receipt.notes.append(
                f"--crs {stated_crs} ignored: boundary_wkt in a ledger is CGCS2000 (EPSG:4490)"
            )
        raw_rows = _read_xlsx(path, errors, receipt)
    elif suffix in BOUNDARY_SUFFIXES:
        receipt = Receipt(path.name, "boundary file")
        raw_rows = _read_boundaries(path, stated_crs, layer, encoding, receipt, errors)
    else:
        raise ImportFailed([RowError(path.name, 0, "(file)", f"unsupported file type {suffix or '(none)'}")])
    default_district = _district(district) if district else None
    if district and default_district is None:
        errors.append(RowError(path.name, 0, "--district", f"unknown district {district!r}"))

    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for row, raw in raw_rows:
        values = _clean(path.name, row, raw, errors, receipt.notes)
        if "boundary" in values and receipt.kind == "XLSX ledger":
            receipt.crs = "EPSG:4490 (ledger column boundary_wkt): CGCS2000 longitude/latitude by definition"
        code = str(values.get("code") or "").strip()
        if not code:
            errors.append(RowError(path.name, row, "code", "missing plot code"))
            continue
        if code in seen:
            errors.append(RowError(path.name, row, "code", f"duplicate code {code} (also row {seen[code]})"))
            continue
        seen[code] = row
        values["code"] = code
        parsed.append((row, values))

    existing = {p.code: p for p in Plot.all_objects.filter(code__in=seen)}
    new: list[Plot] = []
    changed: list[Plot] = []
    fields_changed: set[str] = set()
    today = timezone.localdate()
    for row, values in parsed:
        plot = existing.get(values["code"])
        values.update(_derived(values, plot))
        if plot is None:
            values.setdefault("district", default_district)
            if values.get("district") is None:
                errors.append(RowError(path.name, row, "district", "missing district (column or --district)"))
                continue
            if not values.get("name"):
                errors.append(RowError(path.name, row, "name", "missing plot name"))
                continue
            values.setdefault("state_since", today)
            plot = Plot(**values)
            if not access.can(actor, "add", plot):
                errors.append(RowError(path.name, row, "district", "you may not add plots in this district"))
                continue
            new.append(plot)
        else:
            if plot.is_deleted:
                errors.append(
                    RowError(path.name, row, "code", f"plot {plot.code} is deleted; restore it first")
                )
                continue
            if not access.can(actor, "change", plot):
                errors.append(RowError(path.name, row, "code", f"you may not change plot {plot.code}"))
                continue
            for k, v in values.items():
                if k != "code":
                    setattr(plot, k, v)
                    fields_changed.add(k)
            if not access.can(actor, "change", plot):
                errors.append(
                    RowError(path.name, row, "district", "the change moves the plot out of your scope")
                )
                continue
            changed.append(plot)
        try:
            plot.full_clean(validate_unique=False)
        except Exception as exc:  # ValidationError: report field by field
            for fname, msgs in getattr(exc, "message_dict", {"(row)": [str(exc)]}).items():
                errors.append(RowError(path.name, row, fname, "; ".join(msgs)))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row, e.field)))

    with transaction.atomic():
        user = actor if getattr(actor, "is_authenticated", False) else None
        if new:
            bulk_create_with_history(
                new, Plot, default_user=user, default_change_reason=f"import {path.name}"[:100]
            )
        if changed:
            bulk_update_with_history(
                changed,
                Plot,
                sorted(fields_changed),
                default_user=user,
                default_change_reason=f"import {path.name}"[:100],
            )
        receipt.created = [p.code for p in new]
        receipt.updated = [p.code for p in changed]
        # results above screening values for over a year: the plot is due on the 暂不开发利用 ledger now
        from jingtu.plots import actions as plot_actions

        due = Plot.objects.filter(
            code__in=[*receipt.created, *receipt.updated], exceeds_screening_since__isnull=False
        )
        dormant = plot_actions.sync_dormant(actor, due, today=today)
        if dormant["entered"] or dormant["left"]:
            receipt.notes.append(
                f"暂不开发利用 ledger / dormant ledger: {dormant['entered']} entered, {dormant['left']} left"
            )
        actions.record(
            actor,
            AuditEvent.Verb.ACTION,
            None,
            action="import_plots",
            changes=receipt.as_dict(),
            reason=f"import {path.name}",
        )
    return receipt


def _derived(values: dict[str, Any], plot: Plot | None) -> dict[str, Any]:
    """Area and land class/sensitivity from the row, merged with the stored plot's values (an update that gives
    only the current use keeps the class of the stored planned use)."""
    out: dict[str, Any] = {}
    if values.get("boundary") is not None:
        out["area_m2"], out["area_mu"] = rules.area(values["boundary"], settings.JINGTU_PROJECTED_SRID)
    if "land_use_planned" in values or "land_use_current" in values:
        planned = values.get("land_use_planned", plot.land_use_planned if plot else "")
        current = values.get("land_use_current", plot.land_use_current if plot else "")
        code = planned or current
        if code:
            out["land_class"], out["sensitive"] = rules.land_use(code)
    return out


def check_writable(actor: Any) -> None:
    if access.role_of(actor) not in Plot.access.writers:
        raise PermissionDenied("this account may not import plots")
