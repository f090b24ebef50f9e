"""Reading plan documents into lines of text: .txt (any encoding), .docx (python-docx), .xlsx (openpyxl).

Word and Excel tables are written as row-per-line tables — cells separated by tabs, paragraphs inside a cell as
``<p>…</p>`` — so one parser reads every source. Merged cells: a cell spanning several columns is written once;
a cell spanning several rows is written in its first row only (the rows below have an empty cell, i.e. they are
continuation rows). Word paragraphs outside tables are written one per line, in document order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


class PlanReadError(ValueError):
    """The file cannot be read as a plan document (unknown type, unreadable, empty)."""


def _cell_text(text: str) -> str:
    paras = [p.replace("\t", " ").strip() for p in re.split(r"\r\n|\r|\n", text)]
    paras = [p for p in paras if p]
    if len(paras) <= 1:
        return paras[0] if paras else ""
    return "".join(f"<p>{p}</p>" for p in paras)


def decode_text(data: bytes) -> str:
    """Bytes of a text export → str: UTF-8 (with or without BOM), else GB18030, else charset detection."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # a dependency of the project

    best = from_bytes(data).best()
    if best is None:
        raise PlanReadError("no text encoding fits (not a text file?)")
    return str(best)


def read_docx(path: Path) -> list[str]:
    try:
        import docx
        from docx.document import Document as DocumentType
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise PlanReadError("python-docx is not installed") from exc
    try:
        document: DocumentType = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise PlanReadError(
            f"{path.name}: not a readable .docx file ({exc.__class__.__name__}: {exc})"
        ) from exc
    lines: list[str] = []
    body: Any = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text.replace("\t", " "))
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    tc = cell._tc
                    if id(tc) in seen:
                        continue  # horizontally merged: one cell
                    seen.add(id(tc))
                    v_merge = tc.tcPr.vMerge if tc.tcPr is not None else None
                    if v_merge is not None and v_merge.val != "restart":
                        cells.append("")  # vertically merged continuation
                    else:
                        cells.append(_cell_text(cell.text))
                lines.append("\t".join(cells) if len(cells) > 1 else cells[0] + "\t")
            lines.append("")
    return lines


def read_xlsx(path: Path) -> list[str]:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise PlanReadError("openpyxl is not installed") from exc
    try:
        wb = openpyxl.load_workbook(str(path), data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken package
        raise PlanReadError(
            f"{path.name}: not a readable .xlsx file ({exc.__class__.__name__}: {exc})"
        ) from exc
    lines: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells = ["" if v is None else _cell_text(str(v)) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                lines.append("")
                continue
            lines.append("\t".join(cells) if len(cells) > 1 else cells[0] + "\t")
        lines.append("")
    return lines


def read_lines(path: str | Path) -> list[str]:
    """The document's lines. Raises :class:`PlanReadError` naming the problem."""
    p = Path(path)
    if not p.is_file():
        raise PlanReadError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix == ".docx":
        return read_docx(p)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(p)
    if suffix in (".doc", ".xls", ".pdf", ".wps"):
        raise PlanReadError(f"{p.name}: {suffix} is not read directly; export it as .txt, .docx or .xlsx")
    try:
        text = decode_text(p.read_bytes())
    except PlanReadError as exc:
        raise PlanReadError(f"{p.name}: {exc}") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
