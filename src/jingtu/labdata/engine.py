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
    purpose: str = ""


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
    encoding: str
    schema_version: str
    sha256: str
    rows_total: int


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


def point_geometry(s: SampleInfo) -> Point | None:
    """The EDD schema (v1) carries no coordinates: points are created without a location."""
    return None


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
            encoding="",
            schema_version="",
            sha256="",
            rows_total=0,
        )
    return Parsed(
        table=table,
        rejected=[Rejected(p.line, p.field, p.reason) for p in table.rejected],
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


def screen(parsed: Parsed, options: ScreeningOptions) -> Screened:
    """Screen the accepted rows with `jingtu.engines.screening.screen` and join each finding to its row (computed
    group sums become rows of their own, marked ``derived``, on the line of their first member)."""
    from jingtu.engines.screening import screen as engine_screen

    standard = standard_for(options)
    if parsed.table is None:
        return Screened(rows=[], standard=standard.label, standard_version=_version(standard), summary={})
    result = engine_screen(parsed.table, standard)
    rows = _rows(parsed.table.records, result.findings)
    summary = {k: v for k, v in result.summary().items() if v}
    return Screened(
        rows=rows, standard=standard.label[:200], standard_version=_version(standard)[:60], summary=summary
    )


def _rows(records: Any, findings: Any) -> list[Row]:
    """Join the accepted records with their findings on the file line (findings' ``row``)."""
    rec_cols = list(records.columns)
    by_line: dict[int, dict[str, Any]] = {}
    for values in records.itertuples(index=False, name=None):
        r = dict(zip(rec_cols, values, strict=True))
        by_line[int(r["line"])] = r
    f_cols = list(findings.columns)
    out: list[Row] = []
    for values in findings.itertuples(index=False, name=None):
        f = dict(zip(f_cols, values, strict=True))
        line = int(f["row"])
        r = by_line[line]
        derived = bool(f.get("derived"))
        sample = SampleInfo(
            code=_s(r["sample_code"]),
            point_code=_s(r["point_code"]) or _s(r["sample_code"]),
            depth_top_m=_f(r.get("depth_top_m")),
            depth_bottom_m=_f(r.get("depth_bottom_m")),
            matrix=MATRIX.get(_s(r.get("matrix")), _s(r.get("matrix")) or "soil"),
            sampled_at=_date(r.get("sampled_at")),
            ph=_f(r.get("ph")),
        )
        if derived:
            # a group sum computed from reported members: no raw string, no lab fields of its own
            key = _s(f.get("cas")) or f"name:{_s(f.get('analyte'))}"
            result: dict[str, Any] = {
                "analyte_name": _s(f.get("analyte"))[:120],
                "raw_value": "",
                "value": _f(f.get("value")),
                "detected": bool(f.get("detected")),
                "detection_limit": _f(f.get("detection_limit")),
                "detection_limit_type": "",
                "reporting_limit": None,
                "reporting_limit_type": "",
                "unit": _s(f.get("unit"))[:30],
                "basis": "",
                "lab_qualifier": "",
                "validator_qualifier": "",
                "final_qualifier": "",
                "method_code": "",
                "lab_name": _s(r.get("lab_name"))[:200],
                "lab_accreditation_no": _s(r.get("lab_accreditation"))[:40],
            }
        else:
            dl_type = _s(r.get("dl_type")).upper()
            dl = _f(r.get("detection_limit"))
            is_rl = dl_type in REPORTING_LIMIT_TYPES
            key = _s(r.get("analyte_id")) or _s(r.get("cas")) or f"name:{_s(r.get('analyte'))}"
            result = {
                "analyte_name": _s(r.get("analyte"))[:120],
                "raw_value": _s(r.get("value_raw"))[:60],
                "value": _f(r.get("value")),
                "detected": bool(r.get("detected")),
                "detection_limit": None if is_rl else dl,
                "detection_limit_type": "" if is_rl else dl_type,
                "reporting_limit": dl if is_rl else None,
                "reporting_limit_type": dl_type if is_rl else "",
                "unit": _s(r.get("unit"))[:30],
                "basis": BASIS.get(_s(r.get("basis")), ""),
                "lab_qualifier": _s(r.get("lab_qualifier"))[:20],
                "validator_qualifier": _s(r.get("validator_qualifier"))[:20],
                "final_qualifier": _s(r.get("final_qualifier"))[:20],
                "method_code": _s(r.get("method"))[:60],
                "lab_name": _s(r.get("lab_name"))[:200],
                "lab_accreditation_no": _s(r.get("lab_accreditation"))[:40],
            }
        result.update(
            analyte_std_name=_s(f.get("analyte"))[:120],
            derived=derived,
            standard=_s(f.get("standard"))[:120],
            clause=_s(f.get("clause"))[:80],
            compared_value=_f(f.get("value")),
            standard_unit=_s(f.get("unit"))[:30],
            standard_detection_limit=_f(f.get("detection_limit")),
            screening_value=_f(f.get("screening_value")),
            intervention_value=_f(f.get("intervention_value")),
            ph_band=_s(f.get("ph_band"))[:20],
            land_use=_s(f.get("land_use"))[:20],
            gw_class=_s(f.get("gw_class"))[:10],
            outcome=_s(f.get("outcome")),
            outcome_reason=_s(f.get("reason"))[:300],
        )
        out.append(Row(line=line, plot_code=_s(r.get("plot_code")), analyte_key=key[:40], sample=sample,
                       result=result, derived=derived))  # fmt: skip
    return out
