"""Reading EDD files into a frame of raw strings with the line number the user sees (header = line 1).

CSV: encoding detected (UTF-8 BOM -> utf-8-sig; valid UTF-8 -> utf-8; else GBK, else GB18030, else an error naming
the first undecodable byte). Parsed with pyarrow (multi-threaded); every column read as text so the raw string is
kept. Line ends LF, CRLF or bare CR (classic Mac OS; a bare CR counts as a line break, as editors show it, and
is read as LF). When the file has records spanning lines (quoted newlines), blank lines or rows with a wrong number of fields,
the exact line numbers come from a second pass with Python's csv module. XLSX: first sheet whose first row has
the required headers (openpyxl, read-only); line = sheet row number.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .model import EddError, Problem
from .schema import canonical_column, single_limit_column


@dataclass
class RawTable:
    """Raw text of an EDD: ``frame`` has one str column per canonical field present plus ``line`` (int)."""

    frame: pd.DataFrame
    columns: dict[str, str]  # header as written -> canonical
    problems: list[Problem]  # structural row problems (wrong field count) and header warnings
    encoding: str
    sha256: str
    source_format: str
    n_rows: int


def _is_utf8(data: bytes) -> bool:
    """True when ``data`` is valid UTF-8 (pyarrow's vectorised validator; same verdict as ``bytes.decode``:
    overlong forms, surrogates and code points above U+10FFFF are invalid in both)."""
    offsets = np.asarray([0, len(data)], dtype=np.int64)
    arr = pa.Array.from_buffers(pa.large_string(), 1, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    try:
        arr.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def detect_encoding(data: bytes) -> str:
    """ "utf-8-sig", "utf-8", "gbk" or "gb18030" (GB 18030 is a superset of GBK), else :class:`EddError`."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EddError(
            "the file is UTF-16 (Excel 'Unicode text'); save it as 'CSV UTF-8' or XLSX / 文件为 UTF-16 编码，"
            "请另存为 CSV UTF-8 或 XLSX",
            line=1,
        )
    if _is_utf8(data):
        return "utf-8"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for enc in ("gbk", "gb18030"):
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    line = data[: utf8_error.start].count(b"\n") + 1
    raise EddError(
        f"the file is neither UTF-8 nor GBK/GB18030 (undecodable byte at line {line}); save it as UTF-8 CSV or XLSX",
        line=line,
    )


def _map_headers(headers: list[str]) -> tuple[dict[str, str], list[Problem]]:
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for h in headers:
        canon = canonical_column(h) if h.strip() else None
        if canon is None:
            if h.strip():
                problems.append(Problem(1, h, f"unknown column {h!r} ignored / 未知列，已忽略", "warning", h))
            continue
        if canon in seen:
            raise EddError(f"columns {seen[canon]!r} and {h!r} both mean {canon}", line=1, field=canon)
        seen[canon] = h
        mapping[h] = canon
    if single_limit_column(set(mapping.values())):
        # one limit column written as 报告限/RL/LOQ: the schema 1.1 detection-limit column
        mapping = {h: "detection_limit" if c == "reporting_limit" else c for h, c in mapping.items()}
    return mapping, problems


def _csv_slow(
    text: str, headers: list[str], mapping: dict[str, str]
) -> tuple[pd.DataFrame, list[Problem], int]:
    """Exact line numbers via the csv module (records spanning lines, blank lines, ragged rows)."""
    reader = csv.reader(io.StringIO(text))
    next(reader)
    n = len(headers)
    keep = [i for i, h in enumerate(headers) if h in mapping]
    cols: list[list[str]] = [[] for _ in keep]
    lines: list[int] = []
    problems: list[Problem] = []
    start = reader.line_num + 1
    n_rows = 0
    for row in reader:
        line = start
        start = reader.line_num + 1
        if not row or all(not c.strip() for c in row):
            continue
        n_rows += 1
        if len(row) != n:
            problems.append(
                Problem(
                    line,
                    "*",
                    f"row has {len(row)} fields, the header has {n} / 字段数与表头不符",
                    "error",
                    ",".join(row),
                )
            )
            continue
        lines.append(line)
        for j, i in enumerate(keep):
            cols[j].append(row[i])
    frame = pd.DataFrame({mapping[headers[i]]: pd.Series(cols[j], dtype="str") for j, i in enumerate(keep)})
    frame["line"] = np.asarray(lines, dtype=np.int64)
    return frame, problems, n_rows


def read_csv_bytes(data: bytes) -> RawTable:
    sha = hashlib.sha256(data).hexdigest()
    encoding = detect_encoding(data)
    if encoding in ("utf-8", "utf-8-sig"):
        text_bytes = data[3:] if encoding == "utf-8-sig" else data
        text: str | None = None
    else:
        text = data.decode(encoding)
        text_bytes = text.encode("utf-8")
    has_cr = text_bytes.find(b"\r") >= 0
    if has_cr and text_bytes.count(b"\r") != text_bytes.count(b"\r\n"):
        # bare CRs (classic Mac OS line ends, or a mix): every CR is a line break as editors show it, so
        # normalise CRLF and CR to LF; line numbers then count the lines the user sees
        text_bytes = text_bytes.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        text = None
        has_cr = False
    first_nl = text_bytes.find(b"\n")
    header_line = (text_bytes if first_nl < 0 else text_bytes[:first_nl]).decode("utf-8").rstrip("\r")
    if not header_line.strip():
        raise EddError("the first line must be the header row / 第一行应为表头", line=1)
    headers = next(csv.reader([header_line]))
    headers = [h.strip().lstrip("\ufeff").strip() for h in headers]
    if len(headers) == 1:
        sep = next((name for ch, name in ((";", "semicolons"), ("\t", "tabs")) if ch in header_line), None)
        if sep is not None:
            raise EddError(
                f"the header is separated by {sep}, not commas; save the file as CSV (comma-separated) or XLSX / "
                "表头不是逗号分隔，请另存为 CSV（逗号分隔）或 XLSX",
                line=1,
            )
    mapping, problems = _map_headers(headers)
    if len(set(headers)) != len(headers):
        raise EddError("duplicate column names in the header", line=1)
    bad_rows: list[pacsv.InvalidRow] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row)
        return "skip"

    wanted = [h for h in headers if h in mapping]
    start = first_nl + 1 if first_nl >= 0 else len(text_bytes)
    end = len(text_bytes)
    while end > start and text_bytes[end - 1] in b"\r\n\t ":
        end -= 1
    # without quotes no value can span lines, so the cheaper parser without quote-aware block splitting is exact
    quoted = text_bytes.find(b'"', start) >= 0
    try:
        table = pacsv.read_csv(
            pa.py_buffer(text_bytes),
            read_options=pacsv.ReadOptions(
                column_names=headers, skip_rows=1, use_threads=True, block_size=1 << 22
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=quoted, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(headers, pa.large_string()),
                include_columns=wanted,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError) as exc:
        raise EddError(f"CSV cannot be parsed: {exc}") from exc
    n_records = table.num_rows
    # data lines up to the last non-blank character (trailing blank lines and spaces do not count)
    tail = text_bytes[end:]
    if (
        not quoted
        and end > start
        and tail in (b"", b"\n")
        and text_bytes[start : start + 1] != b"\n"
        and not has_cr
        and text_bytes.find(b"\n\n", start, end) < 0
    ):
        # no quotes, CRs or blank lines: every line is exactly one parsed row (valid or not), no need to count
        n_lines = n_records + len(bad_rows)
    else:
        n_lines = text_bytes.count(b"\n", start, end) + (1 if end > start else 0)
    if not wanted:  # no known column: read_edd names the required ones missing
        frame = pd.DataFrame({"line": np.arange(2, n_records + 2, dtype=np.int64)})
        n_rows = n_records
    elif not bad_rows and n_records == n_lines:
        frame = table.rename_columns([mapping[h] for h in table.column_names]).to_pandas()
        frame["line"] = np.arange(2, n_records + 2, dtype=np.int64)
        n_rows = n_records
    else:
        frame, row_problems, n_rows = _csv_slow(
            text if text is not None else text_bytes.decode("utf-8"), headers, mapping
        )
        problems += row_problems
    return RawTable(frame, mapping, problems, encoding, sha, "csv", n_rows)


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time(0) else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v) if not v.is_integer() else str(int(v))
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    return str(v)


def read_xlsx_bytes(data: bytes) -> RawTable:
    import openpyxl  # local import: only XLSX needs it
    from openpyxl.utils.exceptions import InvalidFileException

    sha = hashlib.sha256(data).hexdigest()
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise EddError(f"not a readable XLSX workbook: {exc}") from exc
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            first = next(rows, None)
            if first is None:
                continue
            headers = [_cell_text(h).strip() for h in first]
            mapped = {canonical_column(h) for h in headers if h}
            if "sample_code" not in mapped or "value" not in mapped:
                continue
            while headers and not headers[-1]:
                headers.pop()
            mapping, problems = _map_headers(headers)
            keep = [i for i, h in enumerate(headers) if h in mapping]
            cols: list[list[str]] = [[] for _ in keep]
            lines: list[int] = []
            n_rows = 0
            for r, row in enumerate(rows, start=2):
                texts = [_cell_text(v) for v in row]
                if all(not t.strip() for t in texts):
                    continue
                n_rows += 1
                texts += [""] * (len(headers) - len(texts))
                lines.append(r)
                for j, i in enumerate(keep):
                    cols[j].append(texts[i])
            frame = pd.DataFrame(
                {mapping[headers[i]]: pd.Series(cols[j], dtype="str") for j, i in enumerate(keep)}
            )
            frame["line"] = np.asarray(lines, dtype=np.int64)
            return RawTable(frame, mapping, problems, "xlsx", sha, "xlsx", n_rows)
    finally:
        wb.close()
    raise EddError(
        "no worksheet has a header row with 样品编号/sample_code and 检测结果/value in row 1", line=1
    )


def read_raw(path: str | Path) -> RawTable:
    """Read a CSV or XLSX file (by content: XLSX is a ZIP starting with 'PK')."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise EddError(f"cannot read {p}: {exc.strerror}") from exc
    if not data[:4096].strip() and not data.strip():  # (the whole file is stripped only when it starts blank)
        raise EddError(f"{p.name} is empty", line=1)
    if data[:4] == b"PK\x03\x04":
        return read_xlsx_bytes(data)
    return read_csv_bytes(data)
