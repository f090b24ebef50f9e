"""Adapter between the EDD / screening engines and the lab-data models.

It turns the engines' answers (`jingtu.engines.edd.read_edd` -> an `EddTable`; `jingtu.engines.screening` ->
one finding per accepted row) into plain rows keyed by `Result` field names. It holds no rule of its own: parsing,
validation, non-detect handling, unit conversion, analyte resolution and the screening outcome are the engines'.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.contrib.gis.geos import Point

MATRIX = {"crop": "crop_tissue", "crop_tissue": "crop_tissue"}
BASIS = {"dry": "dry", "wet": "wet", "干基": "dry", "湿基": "wet"}
REPORTING_LIMIT_TYPES = frozenset({"RL", "LOQ", "PQL", "MRL"})


@dataclass(frozen=True)
class ScreeningOptions:
    """Which standard a file is screened against: ``gb36600`` (land_class 1|2), ``gb15618`` (land_use
    paddy|other|orchard) or ``gb14848``; ``groundwater``: groundwater rows of a soil file against GB/T 14848."""

    standard: str
    land_class: int | None = None
    land_use: str | None = None
    groundwater: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class SampleInfo:
    """What one row says about its sample (two rows of one sample must agree)."""

    code: str
    point_code: str
    depth_top_m: float | None
    depth_bottom_m: float | None
    matrix: str
    sampled_at: dt.date | None
    ph: float | None


@dataclass(frozen=True)
class PointInfo:
    """What a file says about a sampling point (EDD schema 1.1): purpose (a `Purpose` value, "" when not given) and
    location (decimal degrees, CGCS2000 / EPSG:4490), each with the first line that gives it."""

    code: str
    purpose: str = ""
    purpose_line: int | None = None
    longitude: float | None = None
    latitude: float | None = None
    location_line: int | None = None

    @property
    def location(self) -> Point | None:
        if self.longitude is None or self.latitude is None:
            return None
        return Point(self.longitude, self.latitude, srid=4490)


@dataclass(frozen=True)
class Row:
    line: int
    plot_code: str
    analyte_key: str
    sample: SampleInfo
    result: dict[str, Any]
    derived: bool = False


@dataclass(frozen=True)
class Rejected:
    line: int
    field: str
    reason: str


@dataclass
class Parsed:
    table: Any  # jingtu.engines.edd.EddTable
    rejected: list[Rejected]
    warnings: list[Rejected]
    encoding: str
    schema_version: str
    sha256: str
    rows_total: int

    @classmethod
    def of_records(cls, records: Any) -> Parsed:
        """Stored results handed back as EDD records (a re-screen): no file, nothing rejected."""
        from jingtu.engines.edd import EddTable

        n = len(records)
        table = EddTable(
            records=records,
            rejected=[],
            warnings=[],
            encoding="",
            schema_version="",
            sha256="",
            source_format="database",
            n_rows=n,
        )
        return cls(
            table=table, rejected=[], warnings=[], encoding="", schema_version="", sha256="", rows_total=n
        )


@dataclass
class Screened:
    rows: list[Row]
    standard: str
    standard_version: str
    summary: dict[str, int]


def _f(v: Any) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _s(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def _date(v: Any) -> dt.date | None:
    if v is None or _s(v) in ("", "NaT"):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(_s(v)[:10])


def same_sample(stored: Any, s: SampleInfo) -> bool:
    """Does a stored `Sample` describe the same sample as a row (point, depths, matrix, date, pH)?"""
    return (
        stored.point.code == s.point_code
        and stored.depth_top_m == s.depth_top_m
        and stored.depth_bottom_m == s.depth_bottom_m
        and stored.matrix == s.matrix
        and stored.sampled_at == s.sampled_at
        and stored.ph == s.ph
    )


def points(table: Any, plot_code: str) -> tuple[dict[str, PointInfo], list[Rejected]]:
    """Purpose and location per point code of the rows for `plot_code` (rows with an empty plot code count for it),
    from the engine's records (EDD schema 1.1). The engine already rejects a point described two ways under one
    plot code; this also catches it across an empty and the explicit plot code. Vectorised: only the distinct
    (point, value) pairs reach Python."""
    if table is None or len(table.records) == 0:
        return {}, []
    rec = table.records
    col = rec["purpose"] if "purpose" in rec else None
    # (a categorical from the engine: no given purpose at all when every category is blank)
    any_purpose = col is not None and (
        any(c != "" for c in col.cat.categories) if hasattr(col, "cat") else bool((col != "").any())
    )
    purpose = col.astype(object).to_numpy() if col is not None and any_purpose else None
    lon = rec["longitude"].to_numpy(dtype="float64") if "longitude" in rec else None
    lat = rec["latitude"].to_numpy(dtype="float64") if "latitude" in rec else None
    has_purpose = None if purpose is None else purpose != ""
    has_loc = None if lon is None or lat is None else ~(np.isnan(lon) | np.isnan(lat))
    if has_purpose is None and (has_loc is None or not has_loc.any()):
        return {}, []
    plot = rec["plot_code"].astype(object).to_numpy()
    mine = (plot == "") | (plot == plot_code)
    point_code = rec["point_code"].astype(object).to_numpy()
    code = np.where(point_code == "", rec["sample_code"].astype(object).to_numpy(), point_code)
    line = rec["line"].to_numpy()
    info: dict[str, dict[str, Any]] = {}
    rejected: list[Rejected] = []
    if has_purpose is not None:
        sel = mine & has_purpose
        df = pd.DataFrame({"code": code[sel], "v": purpose[sel], "line": line[sel]}).drop_duplicates(
            ["code", "v"]
        )
        for c, v, ln in df.itertuples(index=False, name=None):
            d = info.setdefault(c, {"code": c})
            if "purpose" not in d:
                d.update(purpose=v, purpose_line=int(ln))
            elif d["purpose"] != v:
                rejected.append(
                    Rejected(
                        int(ln),
                        "purpose",
                        f"point {c} has purpose {d['purpose']} on line {d['purpose_line']}, here {v}",
                    )
                )
    if has_loc is not None and lon is not None and lat is not None:
        sel = mine & has_loc
        df = pd.DataFrame({"code": code[sel], "x": lon[sel], "y": lat[sel], "line": line[sel]})
        for c, x, y, ln in df.drop_duplicates(["code", "x", "y"]).itertuples(index=False, name=None):
            d = info.setdefault(c, {"code": c})
            if "longitude" not in d:
                d.update(longitude=float(x), latitude=float(y), location_line=int(ln))
            elif (d["longitude"], d["latitude"]) != (x, y):
                rejected.append(
                    Rejected(
                        int(ln),
                        "longitude",
                        f"point {c} has location {d['longitude']}, {d['latitude']} "
                        f"on line {d['location_line']}, here {float(x)}, {float(y)}",
                    )
                )
    return {c: PointInfo(**d) for c, d in info.items()}, rejected


def read(data: bytes, file_name: str) -> Parsed:
    """Read and validate an EDD with `jingtu.engines.edd.read_edd`; a file that cannot be read at all becomes one
    rejection at the line and field the engine names."""
    from jingtu.engines.edd import EddError, read_edd

    suffix = Path(file_name).suffix.lower() or ".csv"
    try:
        with tempfile.TemporaryDirectory(prefix="jingtu-edd-") as tmp:
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(data)
            table = read_edd(path)
    except EddError as exc:
        return Parsed(
            table=None,
            rejected=[Rejected(exc.line or 1, exc.field or "file", str(exc))],
            warnings=[],
            encoding="",
            schema_version="",
            sha256="",
            rows_total=0,
        )
    return Parsed(
        table=table,
        rejected=[Rejected(p.line, p.field, p.reason) for p in table.rejected],
        warnings=[Rejected(p.line, p.field, p.reason) for p in table.warnings],
        encoding=table.encoding,
        schema_version=table.schema_version,
        sha256=table.sha256,
        rows_total=table.n_rows,
    )


def standard_for(options: ScreeningOptions) -> Any:
    """The engine standard for the options; soil standards combined with GB/T 14848 (first applicable) when
    ``groundwater`` is set, so that groundwater rows of a mixed file are screened too."""
    from jingtu.engines.standards import CombinedStandard, get_standard

    main = get_standard(options.standard, land_class=options.land_class, land_use=options.land_use)
    if options.groundwater and options.standard != "gb14848":
        return CombinedStandard((main, get_standard("gb14848")), mode="first_applicable")
    return main


def _version(standard: Any) -> str:
    members = getattr(standard, "members", None)
    if members:
        return "; ".join(f"{m.code} {m.version}" for m in members)
    return f"{standard.code} {standard.version}"


def screen(
    parsed: Parsed, options: ScreeningOptions, *, background: Any = None, district: str | None = None
) -> Screened:
    """Screen the accepted rows with `jingtu.engines.screening.screen` and join each finding to its row (computed
    group sums become rows of their own, marked ``derived``, on the line of their first member). ``background``
    (`BackgroundValues`) and ``district`` (its code) are handed to the engine for the GB 36600 note ① rule."""
    from jingtu.engines.screening import screen as engine_screen

    standard = standard_for(options)
    if parsed.table is None:
        return Screened(rows=[], standard=standard.label, standard_version=_version(standard), summary={})
    result = engine_screen(parsed.table, standard, background=background, district=district)
    rows = _rows(parsed.table.records, result.findings)
    summary = {k: v for k, v in result.summary().items() if v}
    return Screened(
        rows=rows, standard=standard.label[:200], standard_version=_version(standard)[:60], summary=summary
    )


def _texts(frame: Any, col: str, width: int) -> list[str]:
    """Column as stripped-of-NaN strings cut to the model field's width (vectorised; categories stay cheap)."""
    if col not in frame.columns:
        return [""] * len(frame)
    series = frame[col]
    if hasattr(series, "cat"):
        cats = [_s(c)[:width] for c in series.cat.categories]
        codes = series.cat.codes.tolist()
        return [cats[k] if k >= 0 else "" for k in codes]
    return [_s(v)[:width] for v in series.tolist()]


def _floats(frame: Any, col: str) -> list[float | None]:
    if col not in frame.columns:
        return [None] * len(frame)
    return [None if v != v else float(v) for v in frame[col].astype("float64").tolist()]  # NaN -> None


def _dates(frame: Any, col: str) -> list[dt.date | None]:
    if col not in frame.columns:
        return [None] * len(frame)
    return [_date(v) for v in frame[col].tolist()]


def _rows(records: Any, findings: Any) -> list[Row]:
    """Join the accepted records with their findings on the file line (findings' ``row``). Columnar: each column is
    converted once, then the rows are assembled."""
    R = {  # noqa: N806 - record columns
        "line": [int(v) for v in records["line"].tolist()],
        "plot_code": _texts(records, "plot_code", 40),
        "point_code": _texts(records, "point_code", 60),
        "sample_code": _texts(records, "sample_code", 80),
        "matrix": _texts(records, "matrix", 20),
        "analyte": _texts(records, "analyte", 120),
        "cas": _texts(records, "cas", 40),
        "analyte_id": _texts(records, "analyte_id", 40),
        "value_raw": _texts(records, "value_raw", 60),
        "dl_type": _texts(records, "dl_type", 10),
        "unit": _texts(records, "unit", 30),
        "basis": _texts(records, "basis", 10),
        "method": _texts(records, "method", 60),
        "lab_name": _texts(records, "lab_name", 200),
        "lab_accreditation": _texts(records, "lab_accreditation", 40),
        "lab_qualifier": _texts(records, "lab_qualifier", 20),
        "validator_qualifier": _texts(records, "validator_qualifier", 20),
        "final_qualifier": _texts(records, "final_qualifier", 20),
        "depth_top_m": _floats(records, "depth_top_m"),
        "depth_bottom_m": _floats(records, "depth_bottom_m"),
        "value": _floats(records, "value"),
        # EDD schema 1.2: the limits as the file gives them (records' detection_limit is the screening limit)
        "dl_reported": _floats(records, "dl_reported" if "dl_reported" in records else "detection_limit"),
        "reporting_limit": _floats(records, "reporting_limit"),
        "rl_type": _texts(records, "rl_type", 10),
        "ph": _floats(records, "ph"),
        "soil_type": _texts(records, "soil_type", 60),
        "sampled_at": _dates(records, "sampled_at"),
        "detected": [bool(v) for v in records["detected"].tolist()],
    }
    F = {  # noqa: N806 - finding columns
        "row": [int(v) for v in findings["row"].tolist()],
        "derived": [bool(v) for v in findings["derived"].tolist()]
        if "derived" in findings
        else [False] * len(findings),
        "analyte": _texts(findings, "analyte", 120),
        "cas": _texts(findings, "cas", 40),
        "unit": _texts(findings, "unit", 30),
        "standard": _texts(findings, "standard", 120),
        "clause": _texts(findings, "clause", 80),
        "ph_band": _texts(findings, "ph_band", 20),
        "land_use": _texts(findings, "land_use", 20),
        "gw_class": _texts(findings, "gw_class", 10),
        "outcome": _texts(findings, "outcome", 20),
        "reason": _texts(findings, "reason", 300),
        "value": _floats(findings, "value"),
        "detection_limit": _floats(findings, "detection_limit"),
        "screening_value": _floats(findings, "screening_value"),
        "intervention_value": _floats(findings, "intervention_value"),
        "detected": [bool(v) for v in findings["detected"].tolist()],
    }
    index_of_line = {line: i for i, line in enumerate(R["line"])}
    samples: dict[tuple[Any, ...], SampleInfo] = {}
    out: list[Row] = []
    for j, line in enumerate(F["row"]):
        i = index_of_line[line]
        code = R["sample_code"][i]
        matrix = R["matrix"][i]
        skey = (code, R["point_code"][i], R["depth_top_m"][i], R["depth_bottom_m"][i], matrix, R["sampled_at"][i],
                R["ph"][i])  # fmt: skip
        sample = samples.get(skey)
        if sample is None:
            sample = samples[skey] = SampleInfo(
                code=code,
                point_code=R["point_code"][i] or code,
                depth_top_m=R["depth_top_m"][i],
                depth_bottom_m=R["depth_bottom_m"][i],
                matrix=MATRIX.get(matrix, matrix or "soil"),
                sampled_at=R["sampled_at"][i],
                ph=R["ph"][i],
            )
        derived = F["derived"][j]
        if derived:
            # a group sum computed from reported members: no raw string, no lab fields of its own
            key = F["cas"][j] or f"name:{F['analyte'][j]}"
            result: dict[str, Any] = {
                "analyte_name": F["analyte"][j],
                "raw_value": "",
                "value": F["value"][j],
                "detected": F["detected"][j],
                "detection_limit": F["detection_limit"][j],
                "detection_limit_type": "",
                "reporting_limit": None,
                "reporting_limit_type": "",
                "unit": F["unit"][j],
                "basis": "",
                "lab_qualifier": "",
                "validator_qualifier": "",
                "final_qualifier": "",
                "method_code": "",
            }
        else:
            dl_type = R["dl_type"][i].upper()
            dl = R["dl_reported"][i]
            is_rl = dl_type in REPORTING_LIMIT_TYPES  # one limit column typed RL/LOQ (schema 1.0/1.1 style)
            rl = R["reporting_limit"][i]
            key = R["analyte_id"][i] or R["cas"][i] or f"name:{R['analyte'][i]}"
            result = {
                "analyte_name": R["analyte"][i],
                "raw_value": R["value_raw"][i],
                "value": R["value"][i],
                "detected": R["detected"][i],
                "detection_limit": None if is_rl else dl,
                "detection_limit_type": "" if is_rl else dl_type,
                "reporting_limit": rl if rl is not None else dl if is_rl else None,
                "reporting_limit_type": R["rl_type"][i] if rl is not None else dl_type if is_rl else "",
                "unit": R["unit"][i],
                "basis": BASIS.get(R["basis"][i], ""),
                "lab_qualifier": R["lab_qualifier"][i],
                "validator_qualifier": R["validator_qualifier"][i],
                "final_qualifier": R["final_qualifier"][i],
                "method_code": R["method"][i],
            }
        result["lab_name"] = R["lab_name"][i]
        result["soil_type"] = R["soil_type"][i]  # a group sum: its first member's row
        result["lab_accreditation_no"] = R["lab_accreditation"][i]
        result["analyte_std_name"] = F["analyte"][j]
        result["derived"] = derived
        result["standard"] = F["standard"][j]
        result["clause"] = F["clause"][j]
        result["compared_value"] = F["value"][j]
        result["standard_unit"] = F["unit"][j]
        result["standard_detection_limit"] = F["detection_limit"][j]
        result["screening_value"] = F["screening_value"][j]
        result["intervention_value"] = F["intervention_value"][j]
        result["ph_band"] = F["ph_band"][j]
        result["land_use"] = F["land_use"][j]
        result["gw_class"] = F["gw_class"][j]
        result["outcome"] = F["outcome"][j]
        result["outcome_reason"] = F["reason"][j]
        out.append(Row(line, R["plot_code"][i], key[:40], sample, result, derived))
    return out
