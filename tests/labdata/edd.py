"""Builders of small EDD files for the lab-data tests (header = line 1, so data row k is on line k + 1)."""

from __future__ import annotations

import csv
import io

ZH = ["地块编号", "点位编号", "样品编号", "采样深度(m)", "样品介质", "检测项目", "CAS号", "检测结果", "单位", "检出限",
      "检出限类型", "采样日期", "检测方法", "检测机构"]  # fmt: skip
EN = ["plot_code", "point_code", "sample_code", "depth_m", "matrix", "analyte", "cas", "value", "unit",
      "detection_limit", "dl_type", "sampled_at", "method", "lab_name"]  # fmt: skip


def row(
    sample: str,
    analyte: str,
    cas: str,
    value: str,
    *,
    plot: str = "T-DC-001",
    point: str | None = None,
    depth: str = "0-0.5",
    unit: str = "mg/kg",
    dl: str = "0.01",
    matrix: str = "土壤",
    date: str = "2025-05-12",
) -> list[str]:
    return [plot, point or sample.split("-")[0], sample, depth, matrix, analyte, cas, value, unit, dl, "MDL", date,
            "HJ 680-2013", "示例检测有限公司"]  # fmt: skip


# A GB 36600 worked example. Class 1 limits (GB 36600-2018 table 1): As 20/120 (note ①), Pb 400/800, Cd 20/47,
# benzo[a]pyrene 0.55/5.5, trichloroethylene 0.7/7, vinyl chloride 0.12/1.2 (mg/kg); manganese has no limit.
GOOD_ROWS = [
    row("S01-0.5", "砷", "7440-38-2", "25"),  # 20 < 25 <= 120 -> above_screening
    row("S01-0.5", "铅", "7439-92-1", "480"),  # 400 < 480 <= 800 -> above_screening
    row(
        "S01-0.5", "镉", "7440-43-9", "20.0"
    ),  # equal to the screening value -> below_screening (strictly greater)
    row("S01-0.5", "苯并(a)芘", "50-32-8", "620", unit="µg/kg", dl="10"),  # 0.62 mg/kg -> above_screening
    row("S01-2.0", "铅", "7439-92-1", "950", depth="1.5-2.0"),  # > 800 -> above_intervention
    row("S01-2.0", "三氯乙烯", "79-01-6", "0.7", depth="1.5-2.0"),  # equal -> below_screening
    row(
        "S01-2.0", "氯乙烯", "75-01-4", "ND", depth="1.5-2.0", dl="0.15"
    ),  # ND, DL 0.15 > 0.12 -> indeterminate
    row("S02-0.5", "锰", "7439-96-5", "520"),  # no GB 36600 limit -> not_screened
    row("S02-0.5", "砷", "7440-38-2", "<0.05", dl=""),  # non-detect below screening -> below_screening
]
EXPECTED_CLASS1 = {
    ("S01-0.5", "7440-38-2"): ("above_screening", 20.0, 120.0),
    ("S01-0.5", "7439-92-1"): ("above_screening", 400.0, 800.0),
    ("S01-0.5", "7440-43-9"): ("below_screening", 20.0, 47.0),
    ("S01-0.5", "50-32-8"): ("above_screening", 0.55, 5.5),
    ("S01-2.0", "7439-92-1"): ("above_intervention", 400.0, 800.0),
    ("S01-2.0", "79-01-6"): ("below_screening", 0.7, 7.0),
    ("S01-2.0", "75-01-4"): ("indeterminate", 0.12, 1.2),
    ("S02-0.5", "7439-96-5"): ("not_screened", None, None),
    ("S02-0.5", "7440-38-2"): ("below_screening", 20.0, 120.0),
}


def csv_bytes(rows: list[list[str]], *, header: list[str] = ZH, encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[str]], *, header: list[str] = ZH) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
