"""EDD template files (XLSX with a data sheet and a column guide; or CSV) generated from the schema."""

from __future__ import annotations

import csv
from pathlib import Path

from .schema import COLUMNS, SCHEMA_VERSION

EXAMPLE_FILE = Path(__file__).resolve().parents[2] / "data" / "edd" / "example_edd.csv"


def write_template(path: str | Path) -> Path:
    """Write an empty EDD template (Chinese headers in row 1, one example row) to ``path`` (.xlsx or .csv)."""
    p = Path(path)
    headers = [c.header_zh for c in COLUMNS]
    example = [c.example for c in COLUMNS]
    if p.suffix.lower() == ".csv":
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(headers)
            w.writerow(example)
        return p
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(p))
    try:
        bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
        req = wb.add_format({"bold": True, "bg_color": "#F8CBAD"})
        text = wb.add_format({"num_format": "@"})
        ws = wb.add_worksheet("数据 data")
        for j, c in enumerate(COLUMNS):
            ws.write_string(0, j, c.header_zh, req if c.required else bold)
            ws.write_string(1, j, c.example, text)
            ws.set_column(j, j, max(10, len(c.header_zh) * 2 + 2), text)
        ws.freeze_panes(1, 0)
        guide = wb.add_worksheet("说明 guide")
        guide.write_row(
            0,
            0,
            ["列名 header", "英文名 name", "必填 required", "说明 description", "其他可用表头 aliases"],
            bold,
        )
        for i, c in enumerate(COLUMNS, start=1):
            guide.write_row(
                i,
                0,
                [c.header_zh, c.name, "是 yes" if c.required else "", c.description, "; ".join(c.aliases)],
            )
        n = len(COLUMNS) + 2
        guide.write_string(
            n,
            0,
            f"Jingtu EDD schema {SCHEMA_VERSION}: 第1行为表头，数据从第2行开始；检测项目或CAS号至少填一个。",
        )
        guide.write_string(
            n + 1,
            0,
            "未检出写作 ND、未检出、<0.05 或 0.05L；检出限、报告限与结果同单位，报告限不低于检出限。"
            "See docs/edd-format.md.",
        )
        guide.write_string(
            n + 2,
            0,
            "未检出按结果中写明的限值判定，否则按检出限，否则按报告限 / a non-detect is screened against the limit "
            "written in the result, else the detection limit, else the reporting limit.",
        )
        guide.set_column(0, 0, 16)
        guide.set_column(3, 4, 60)
    finally:
        wb.close()
    return p
