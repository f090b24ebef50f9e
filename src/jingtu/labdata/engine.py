"""Adapter between the EDD / screening engines and the lab-data models.

It turns the engines' answers (`jingtu.engines.edd.read_edd` -> an `EddTable`; `jingtu.engines.screening` ->
one finding per accepted row) into plain rows keyed by `Result` field names. It holds no rule of its own: parsing,
validation, non-detect handling, unit conversion, analyte resolution and the screening outcome are the engines'.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from collections import Counter
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
    paddy|other|orchard) or ``gb14848``."""

    standard: str
    land_class: int | None = None
    land_use: str | None = None

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


def screen(parsed: Parsed, options: ScreeningOptions) -> Screened:
    """Screen the accepted rows with `jingtu.engines.screening` and join each finding to its row."""
    from jingtu.engines.screening import screen_table
    from jingtu.engines.standards import get_standard

    standard = get_standard(options.standard, land_class=options.land_class, land_use=options.land_use)
    if parsed.table is None:
        return Screened(rows=[], standard=standard.code, standard_version=standard.version, summary={})
    findings = screen_table(parsed.table, standard)
    rows = _rows(parsed.table.records, findings)
    summary = dict(Counter(r.result["outcome"] for r in rows))
    return Screened(rows=rows, standard=standard.label, standard_version=standard.version, summary=summary)


def _rows(records: Any, findings: Any) -> list[Row]:
    """Join the accepted records with their findings (both carry the file line) into `Row`s."""
    by_line = {int(f.line): f for f in findings}
    cols = list(records.columns)
    out: list[Row] = []
    for values in records.itertuples(index=False, name=None):
        r = dict(zip(cols, values, strict=True))
        line = int(r["line"])
        f = by_line[line]
        ts = r.get("sampled_at")
        sampled = _date(ts)
        sample = SampleInfo(
            code=_s(r["sample_code"]),
            point_code=_s(r["point_code"]) or _s(r["sample_code"]),
            depth_top_m=_f(r.get("depth_top_m")),
            depth_bottom_m=_f(r.get("depth_bottom_m")),
            matrix=MATRIX.get(_s(r.get("matrix")), _s(r.get("matrix")) or "soil"),
            sampled_at=sampled,
            ph=_f(r.get("ph")),
        )
        dl_type = _s(r.get("dl_type")).upper()
        dl = _f(r.get("detection_limit"))
        is_rl = dl_type in REPORTING_LIMIT_TYPES
        key = _s(r.get("analyte_id")) or _s(r.get("cas")) or f"name:{_s(r.get('analyte'))}"
        out.append(
            Row(
                line=line,
                plot_code=_s(r.get("plot_code")),
                analyte_key=key[:40],
                sample=sample,
                result={
                    "analyte_name": _s(r.get("analyte"))[:120],
                    "analyte_std_name": _s(getattr(f, "analyte", ""))[:120],
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
                    "standard": _s(getattr(f, "standard", ""))[:40],
                    "standard_version": _s(getattr(f, "standard_version", ""))[:60],
                    "compared_value": _f(getattr(f, "value", None)),
                    "standard_unit": _s(getattr(f, "unit", ""))[:30],
                    "screening_value": _f(getattr(f, "screening_value", None)),
                    "intervention_value": _f(getattr(f, "intervention_value", None)),
                    "outcome": _s(f.outcome),
                    "outcome_reason": _s(getattr(f, "reason", ""))[:300],
                },
            )
        )
    return out
