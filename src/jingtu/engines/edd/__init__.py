"""EDD engine: read and validate lab result files (CSV in UTF-8/UTF-8 BOM/GBK/GB18030, or XLSX; Chinese or English
headers) against the versioned Jingtu EDD schema. Framework-free; see docs/edd-format.md.

Typical use (e.g. from a Django import adapter)::

    table = read_edd(path)          # EddTable
    if table.rejected: ...          # row-level problems (line, field, reason); nothing to store
    table.sha256                    # duplicate-import detection
    for rec in table.iter_records(): ...   # or use table.records (pandas) for bulk inserts / COPY
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..standards.catalog import Catalog
from .model import EddError, EddTable, Problem, ResultRecord
from .reader import RawTable, detect_encoding, read_raw
from .schema import COLUMNS, SCHEMA_VERSION, Column, canonical_column, single_limit_column
from .validate import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    PURPOSES,
    RECORD_COLUMNS,
    RL_TYPES,
    parse_date_text,
    parse_depth_text,
    parse_purpose_text,
    parse_value_text,
    validate_raw,
)

REQUIRED = ("sample_code", "value")


def read_edd(path: str | Path, *, catalog: Catalog | None = None, today: date | None = None) -> EddTable:
    """Read and validate an EDD file.

    Raises :class:`EddError` for file-level problems (unreadable, unknown encoding, no header, a required column
    missing). Row problems never raise: rejected rows are listed in ``EddTable.rejected`` and left out of
    ``EddTable.records``. ``today`` (default: the current date) bounds the sampling date."""
    raw = read_raw(path)
    present = set(raw.columns.values())
    missing = [c for c in REQUIRED if c not in present]
    if "analyte" not in present and "cas" not in present:
        missing.append("analyte")
    if missing:
        names = ", ".join(f"{c} ({next(x.header_zh for x in COLUMNS if x.name == c)})" for c in missing)
        raise EddError(f"required column(s) missing from the header: {names}", line=1, field=missing[0])
    records, errors, warnings = validate_raw(raw, catalog, today)
    structural = [p for p in raw.problems if p.severity == "error"]
    header_warnings = [p for p in raw.problems if p.severity == "warning"]
    return EddTable(
        records=records,
        rejected=sorted(structural + errors, key=lambda p: (p.line, p.field)),
        warnings=header_warnings + warnings,
        encoding=raw.encoding,
        schema_version=SCHEMA_VERSION,
        sha256=raw.sha256,
        source_format=raw.source_format,
        n_rows=raw.n_rows,
        columns=raw.columns,
        path=str(path),
    )


__all__ = [
    "COLUMNS",
    "LATITUDE_RANGE",
    "LONGITUDE_RANGE",
    "PURPOSES",
    "RECORD_COLUMNS",
    "RL_TYPES",
    "SCHEMA_VERSION",
    "Column",
    "EddError",
    "EddTable",
    "Problem",
    "RawTable",
    "ResultRecord",
    "canonical_column",
    "detect_encoding",
    "parse_date_text",
    "parse_depth_text",
    "parse_purpose_text",
    "parse_value_text",
    "read_edd",
    "read_raw",
    "single_limit_column",
    "validate_raw",
]
