"""EDD schema 1.1 point columns: 点位用途 purpose, 经度 longitude, 纬度 latitude (validation, one point = one purpose
and one location per file, the template)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from jingtu.engines.edd import PURPOSES, SCHEMA_VERSION, EddTable, parse_purpose_text, read_edd
from jingtu.engines.edd.template import write_template

TODAY = date(2026, 12, 4)
HEADER = "地块编号,点位编号,样品编号,点位用途,经度,纬度,检测项目,检测结果,单位"


def _read(tmp: Path, *rows: str, header: str = HEADER) -> EddTable:
    p = tmp / "p.csv"
    p.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return read_edd(p, today=TODAY)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("国控", "national"),
        ("国控点位", "national"),
        ("National control point (国控)", "national"),
        ("市控", "municipal"),
        ("Municipal control point", "municipal"),
        ("区控点", "district"),
        ("对照点", "background"),
        ("背景点", "background"),
        ("Background / reference point (对照点)", "background"),
        ("基础点", "basic"),
        ("basic", "basic"),
        ("风险点", "risk"),
        ("RISK", "risk"),
        ("自行监测", "self_monitoring"),
        ("self-monitoring", "self_monitoring"),
        ("Self_Monitoring", "self_monitoring"),
        ("Self-monitoring (自行监测)", "self_monitoring"),
        ("  ", ""),
        ("监督点", None),
        ("National control point (风险点)", None),  # the two halves disagree
    ],
)
def test_purpose_values(text: str, key: str | None) -> None:
    assert parse_purpose_text(text) == key


def test_every_purpose_key_reads_as_itself() -> None:
    assert all(parse_purpose_text(k) == k for k in PURPOSES)


def test_points_read(tmp_path: Path) -> None:
    t = _read(
        tmp_path,
        "P1,S01,S01-0.5,国控,116.4074,39.9042,砷,12,mg/kg",
        "P1,S01,S01-1.0,,,,砷,13,mg/kg",  # blanks do not contradict line 2
        "P1,S01,S01-2.0,National control point (国控),116.40740,39.90420,砷,14,mg/kg",  # same numbers
        "P1,,W1,对照点,116.3,40.1,砷,1,mg/kg",  # no point code: the sample code is the point
        "P2,S01,S01-0.5,风险点,117.2,39.1,砷,1,mg/kg",  # another plot's S01
    )
    assert t.rejected == []
    r = t.records
    assert r["purpose"].tolist() == ["national", "", "national", "background", "risk"]
    assert r["longitude"].tolist()[:1] == [116.4074] and math.isnan(r["latitude"].iloc[1])
    assert r["latitude"].tolist()[3:] == [40.1, 39.1]
    rec = next(t.iter_records())
    assert (rec.purpose, rec.longitude, rec.latitude) == ("national", 116.4074, 39.9042)
    assert t.schema_version == SCHEMA_VERSION == "1.2"  # 1.1 point columns read by 1.2


def test_bad_points_rejected_with_line_and_field(tmp_path: Path) -> None:
    t = _read(
        tmp_path,
        "P1,S01,S01-0.5,监督点,116.4,39.9,砷,12,mg/kg",  # 2 unknown purpose
        "P1,S02,S02-0.5,,39.9,116.4,砷,12,mg/kg",  # 3 swapped
        "P1,S03,S03-0.5,,500000,4400000,砷,12,mg/kg",  # 4 projected metres
        'P1,S04,S04-0.5,,"116°23\'45""",39.9,砷,12,mg/kg',  # 5 DMS
        "P1,S05,S05-0.5,,116.4,,砷,12,mg/kg",  # 6 latitude missing
        "P1,S06,S06-0.5,,,39.9,砷,12,mg/kg",  # 7 longitude missing
        "P1,S07,S07-0.5,,-116.4,39.9,砷,12,mg/kg",  # 8 west of China
        "P1,S08,S08-0.5,,116.4,60.5,砷,12,mg/kg",  # 9 north of China
        "P1,S09,S09-0.5,基础点,116.4,39.9,砷,12,mg/kg",  # 10 ok
    )
    got = [(p.line, p.field) for p in t.rejected]
    assert got == [
        (2, "purpose"),
        (3, "longitude"),
        (4, "latitude"),
        (4, "longitude"),
        (5, "longitude"),
        (6, "latitude"),
        (7, "longitude"),
        (8, "longitude"),
        (9, "latitude"),
    ]
    reasons = {(p.line, p.field): p.reason for p in t.rejected}
    assert "swapped" in reasons[(3, "longitude")] and "decimal" in reasons[(5, "longitude")]
    assert "73–136° E" in reasons[(8, "longitude")] and "3–54° N" in reasons[(9, "latitude")]
    assert t.records["line"].tolist() == [10]


def test_a_point_described_twice_names_both_lines(tmp_path: Path) -> None:
    t = _read(
        tmp_path,
        "P1,S01,S01-0.5,国控,116.4074,39.9042,砷,12,mg/kg",
        "P1,S01,S01-1.0,市控,116.4074,39.9042,砷,12,mg/kg",
        "P1,S01,S01-2.0,国控,116.41,39.9042,砷,12,mg/kg",
        "P1,S02,S02-0.5,风险点,116.5,39.8,砷,12,mg/kg",
        "P1,S02,S02-1.0,风险点,116.5,39.8,砷,12,mg/kg",
    )
    problems = [(p.line, p.field, p.reason) for p in t.rejected]
    assert [(ln, f) for ln, f, _ in problems] == [(3, "purpose"), (4, "longitude")]
    assert "point S01" in problems[0][2] and "line 2" in problems[0][2] and "municipal" in problems[0][2]
    assert "116.4074, 39.9042 on line 2" in problems[1][2] and "here 116.41, 39.9042" in problems[1][2]
    assert t.records["line"].tolist() == [2, 5, 6]


def test_files_without_point_columns_unchanged(tmp_path: Path) -> None:
    t = _read(tmp_path, "S1,砷,12,mg/kg", header="样品编号,检测项目,检测结果,单位")
    assert t.rejected == [] and t.records["purpose"].tolist() == [""]
    assert math.isnan(t.records["longitude"].iloc[0])


def test_xlsx_numeric_coordinates_and_template(tmp_path: Path) -> None:
    p = write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert {"点位用途", "经度", "纬度"} <= set(headers)
    assert headers.index("点位编号") < headers.index("经度") < headers.index("样品编号")
    row = [None] * len(headers)
    for k, v in {"样品编号": "S2", "检测项目": "铅", "检测结果": 95, "单位": "mg/kg", "经度": 116.39712,
                 "纬度": 39.90869, "点位用途": "区控"}.items():  # fmt: skip
        row[headers.index(k)] = v
    ws.append(row)
    guide = [c.value for c in wb.worksheets[1]["A"]]
    assert "经度" in guide and any(str(g).startswith(f"Jingtu EDD schema {SCHEMA_VERSION}") for g in guide)
    wb.save(p)
    t = read_edd(p, today=TODAY)
    assert t.rejected == []
    assert t.records[["purpose", "longitude", "latitude"]].iloc[1].tolist() == [
        "district",
        116.39712,
        39.90869,
    ]
    csv = write_template(tmp_path / "t.csv")
    assert read_edd(csv, today=TODAY).records["purpose"].tolist() == ["basic"]


def test_conflicts_match_a_row_by_row_reading(tmp_path: Path) -> None:
    """Interleaved points, blanks and repeats: the vectorised check rejects exactly the rows a row-by-row reading
    would (a row whose non-blank purpose or location differs from the first non-blank one of its point)."""
    import random

    rng = random.Random(7)
    rows, expected = [], set()
    first_purpose: dict[tuple[str, str], str] = {}
    first_loc: dict[tuple[str, str], tuple[str, str]] = {}
    for i in range(400):
        plot, point = rng.choice(["P1", "P2", ""]), rng.choice(["A", "B", "C", ""])
        sample = f"X{i}"
        key = (plot, point or sample)
        purpose = rng.choice(["", "", "国控", "风险点"])
        loc = rng.choice([("", ""), ("116.4", "39.9"), ("116.5", "39.9")])
        line = i + 2
        if purpose and first_purpose.setdefault(key, purpose) != purpose:
            expected.add((line, "purpose"))
        if loc[0] and first_loc.setdefault(key, loc) != loc:
            expected.add((line, "longitude"))
        rows.append(f"{plot},{point},{sample},{purpose},{loc[0]},{loc[1]},砷,1,mg/kg")
    t = _read(tmp_path, *rows)
    assert {(p.line, p.field) for p in t.rejected} == expected
    assert len(expected) > 50
