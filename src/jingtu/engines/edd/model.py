"""Result types of the EDD engine."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pandas as pd


class EddError(ValueError):
    """The file as a whole cannot be read (unreadable, unknown encoding, no header, required column missing).

    ``line`` and ``field`` locate the problem when known (header = line 1)."""

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.field = field


@dataclass(frozen=True)
class Problem:
    """A row-level finding: ``line`` as the user sees it in the file (header = line 1; XLSX: the sheet row),
    ``field`` the canonical column name, ``reason`` in plain words, ``severity`` "error" (row rejected) or
    "warning" (row kept), ``value`` the raw text of the field."""

    line: int
    field: str
    reason: str
    severity: str = "error"
    value: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"row": self.line, "field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class ResultRecord:
    """One accepted result (row-wise view of :attr:`EddTable.records`, for ORM adapters).

    ``value`` and the limits are in ``unit`` as written; ``value`` is None for a non-detect; ``value_raw`` is the
    result text exactly as in the file. ``detection_limit`` is the limit a non-detect is screened against (the
    detection limit as reported, else the reporting limit); ``dl_reported`` the detection limit as the file gives
    it (typed by ``dl_type``); ``reporting_limit`` / ``rl_type`` the schema 1.2 reporting / quantitation limit."""

    line: int
    plot_code: str
    point_code: str
    sample_code: str
    depth_top_m: float | None
    depth_bottom_m: float | None
    matrix: str | None
    analyte: str
    cas: str
    analyte_id: str | None
    value_raw: str
    value: float | None
    detected: bool
    detection_limit: float | None
    dl_type: str | None
    unit: str
    basis: str | None
    ph: float | None
    sampled_at: date | None
    method: str
    lab_name: str
    lab_accreditation: str
    lab_qualifier: str
    validator_qualifier: str
    final_qualifier: str
    district: str
    soil_type: str
    remark: str
    purpose: str = ""  # schema 1.1: point purpose key ("" = not given)
    longitude: float | None = None  # schema 1.1: point location, decimal degrees (CGCS2000)
    latitude: float | None = None
    dl_reported: float | None = None  # schema 1.2: detection limit as reported (schema 1.1's detection_limit)
    reporting_limit: float | None = None  # schema 1.2: 报告限 column, in ``unit``
    rl_type: str | None = None  # schema 1.2: "RL" | "LOQ" (None = not given)


def _opt(v: object) -> float | None:
    if v is None:
        return None
    f = float(v)  # type: ignore[arg-type]
    return None if math.isnan(f) else f


@dataclass
class EddTable:
    """A read and validated EDD.

    ``records``: accepted rows, one per result, columns as :class:`ResultRecord` (typed: floats, bool, datetime64);
    ``rejected``: errors (every line listed there is absent from ``records``); ``warnings``: kept rows' remarks;
    ``encoding``: detected text encoding ("utf-8", "utf-8-sig", "gbk", "gb18030") or "xlsx";
    ``sha256``: hex digest of the file bytes (re-import detection); ``n_rows``: data rows in the file."""

    records: pd.DataFrame
    rejected: list[Problem]
    warnings: list[Problem]
    encoding: str
    schema_version: str
    sha256: str
    source_format: str
    n_rows: int
    columns: dict[str, str] = field(default_factory=dict)
    path: str | None = None

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({p.line for p in self.rejected})

    @property
    def ok(self) -> bool:
        return not self.rejected

    def iter_records(self) -> Iterator[ResultRecord]:
        """Accepted rows as :class:`ResultRecord` (convenient, slower than using ``records`` directly)."""
        df = self.records
        cols = list(ResultRecord.__dataclass_fields__)
        for row in df[cols].itertuples(index=False, name=None):
            d = dict(zip(cols, row, strict=True))
            ts = d["sampled_at"]
            yield ResultRecord(
                line=int(d["line"]),
                plot_code=str(d["plot_code"]),
                point_code=str(d["point_code"]),
                sample_code=str(d["sample_code"]),
                depth_top_m=_opt(d["depth_top_m"]),
                depth_bottom_m=_opt(d["depth_bottom_m"]),
                matrix=d["matrix"] or None,
                analyte=str(d["analyte"]),
                cas=str(d["cas"]),
                analyte_id=d["analyte_id"] if isinstance(d["analyte_id"], str) and d["analyte_id"] else None,
                value_raw=str(d["value_raw"]),
                value=_opt(d["value"]),
                detected=bool(d["detected"]),
                detection_limit=_opt(d["detection_limit"]),
                dl_type=d["dl_type"] or None,
                unit=str(d["unit"]),
                basis=d["basis"] or None,
                ph=_opt(d["ph"]),
                sampled_at=None if pd.isna(ts) else pd.Timestamp(ts).date(),
                method=str(d["method"]),
                lab_name=str(d["lab_name"]),
                lab_accreditation=str(d["lab_accreditation"]),
                lab_qualifier=str(d["lab_qualifier"]),
                validator_qualifier=str(d["validator_qualifier"]),
                final_qualifier=str(d["final_qualifier"]),
                district=str(d["district"]),
                soil_type=str(d["soil_type"]),
                remark=str(d["remark"]),
                purpose=str(d["purpose"]),
                longitude=_opt(d["longitude"]),
                latitude=_opt(d["latitude"]),
                dl_reported=_opt(d["dl_reported"]),
                reporting_limit=_opt(d["reporting_limit"]),
                rl_type=d["rl_type"] or None,
            )
