"""EDD reading and validation: encodings, headers, non-detect notations, every kind of bad row with its line."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from jingtu.engines.edd import SCHEMA_VERSION, EddError, parse_value_text, read_edd
from jingtu.engines.edd.template import EXAMPLE_FILE, write_template

ZH = "地块编号,点位编号,样品编号,采样深度(m),检测项目,CAS号,检测结果,单位,检出限,pH,采样日期"
EN = "plot_code,point_code,sample_code,depth_m,analyte,cas,value,unit,detection_limit,pH,sampled_at"
TODAY = date(2026, 11, 22)


def _write(tmp: Path, text: str, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    p = tmp / name
    p.write_bytes(text.encode(encoding))
    return p


def _lines(*rows: str, header: str = ZH) -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gbk"), ("gb18030", "gb18030")],
)
def test_encodings_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    # 䓛 (chrysene) is outside GBK, so the gb18030 case really needs GB 18030
    analyte = "䓛" if encoding == "gb18030" else "苯并(a)芘"
    p = _write(tmp_path, _lines(f"P1,S1,S1-0.5,0-0.5,{analyte},,0.3,mg/kg,0.1,7.0,2025-05-12"), encoding)
    t = read_edd(p, today=TODAY)
    assert t.encoding == expected
    assert t.rejected == []
    assert t.records["analyte"].iloc[0] == analyte
    assert len(t.sha256) == 64


def test_english_headers(tmp_path: Path) -> None:
    t = read_edd(
        _write(
            tmp_path, _lines("P1,S1,S1-0.5,0.5,Arsenic,7440-38-2,12,mg/kg,0.01,7.2,2025/05/12", header=EN)
        ),
        today=TODAY,
    )
    r = t.records.iloc[0]
    assert (r["analyte_id"], r["value"], r["depth_top_m"], r["depth_bottom_m"], r["ph"]) == (
        "7440-38-2",
        12.0,
        0.5,
        0.5,
        7.2,
    )
    assert str(r["sampled_at"])[:10] == "2025-05-12"


@pytest.mark.parametrize(
    ("written", "limit"),
    [
        ("ND", math.nan),
        ("未检出", math.nan),
        ("<0.05", 0.05),
        ("＜0.05", 0.05),
        ("0.05L", 0.05),
        ("ND(0.05)", 0.05),
        ("n.d.", math.nan),
    ],
)
def test_non_detect_notations(written: str, limit: float) -> None:
    pv = parse_value_text(written)
    assert pv.kind == "nd"
    assert (math.isnan(limit) and math.isnan(pv.limit)) or pv.limit == limit


def test_non_detects_keep_raw_and_take_limits(tmp_path: Path) -> None:
    rows = [
        "P1,S1,S1,0.5,苯,71-43-2,ND,mg/kg,0.0019,,",
        "P1,S1,S1,0.5,甲苯,108-88-3,未检出,mg/kg,0.0013,,",
        "P1,S1,S1,0.5,乙苯,100-41-4,<0.05,mg/kg,,,",
        "P1,S1,S1,0.5,苯乙烯,100-42-5,0.05L,mg/kg,,,",
    ]
    t = read_edd(_write(tmp_path, _lines(*rows)), today=TODAY)
    rec = t.records
    assert list(rec["value_raw"]) == ["ND", "未检出", "<0.05", "0.05L"]
    assert not rec["detected"].any()
    assert rec["value"].isna().all()
    assert list(rec["detection_limit"]) == [0.0019, 0.0013, 0.05, 0.05]


def test_detect_flag_column(tmp_path: Path) -> None:
    header = ZH + ",是否检出"
    rows = [
        "P1,S1,S1,0.5,苯,71-43-2,0.01,mg/kg,,,,否",  # flag N: the number is the detection limit
        "P1,S1,S1,0.5,甲苯,108-88-3,0.5,mg/kg,0.01,,,是",
        "P1,S1,S1,0.5,乙苯,100-41-4,ND,mg/kg,0.01,,,是",  # conflict -> rejected
        "P1,S1,S1,0.5,苯乙烯,100-42-5,0.3,mg/kg,0.01,,,maybe",  # unknown flag -> rejected
    ]
    t = read_edd(_write(tmp_path, _lines(*rows, header=header)), today=TODAY)
    rec = t.records
    assert list(rec["line"]) == [2, 3]
    assert (bool(rec["detected"].iloc[0]), rec["detection_limit"].iloc[0]) == (False, 0.01)
    assert bool(rec["detected"].iloc[1]) and rec["value"].iloc[1] == 0.5
    assert [(p.line, p.field) for p in t.rejected] == [(4, "detected"), (5, "detected")]


def test_every_kind_of_bad_row_with_its_line(tmp_path: Path) -> None:
    rows = [
        "P1,S1,S1,0.5,砷,7440-38-2,12,mg/kg,0.01,7.0,2025-05-12",  # 2 ok
        "P1,S1,,0.5,镉,7440-43-9,0.2,mg/kg,0.01,7.0,2025-05-12",  # 3 sample code missing
        "P1,S1,S1,0.5,,,0.2,mg/kg,0.01,7.0,2025-05-12",  # 4 neither analyte nor CAS
        "P1,S1,S1,0.5,镉,7440-43-8,0.2,mg/kg,0.01,7.0,2025-05-12",  # 5 bad CAS check digit
        "P1,S1,S1,0.5,镉,7440-38-2,0.2,mg/kg,0.01,7.0,2025-05-12",  # 6 CAS and name disagree
        "P1,S1,S1,0.5,铅,7439-92-1,abc,mg/kg,0.01,7.0,2025-05-12",  # 7 value not a number
        "P1,S1,S1,0.5,铅,7439-92-1,,mg/kg,0.01,7.0,2025-05-12",  # 8 value empty
        "P1,S1,S1,0.5,铅,7439-92-1,-3,mg/kg,0.01,7.0,2025-05-12",  # 9 negative
        "P1,S1,S1,0.5,铅,7439-92-1,30,furlongs,0.01,7.0,2025-05-12",  # 10 unknown unit
        "P1,S1,S1,0.5,铅,7439-92-1,30,,0.01,7.0,2025-05-12",  # 11 unit missing
        "P1,S1,S1,0.5,铅,7439-92-1,30,mg/kg,x,7.0,2025-05-12",  # 12 detection limit not a number
        "P1,S1,S1,abc,铅,7439-92-1,30,mg/kg,0.01,7.0,2025-05-12",  # 13 depth not understood
        "P1,S1,S1,2-1,铅,7439-92-1,30,mg/kg,0.01,7.0,2025-05-12",  # 14 top below bottom
        "P1,S1,S1,0.5,铅,7439-92-1,30,mg/kg,0.01,15,2025-05-12",  # 15 pH out of range
        "P1,S1,S1,0.5,铅,7439-92-1,30,mg/kg,0.01,7.0,12/05/2025x",  # 16 date not understood
        "P1,S1,S1,0.5,铅,7439-92-1,30,mg/kg,0.01,7.0,2027-01-01",  # 17 future date
        "P1,S1,S1,0.5,铅,7439-92-1,30,mg/kg",  # 18 wrong number of fields
        "P1,S1,S1,0.5,铅,7439-92-1,>500,mg/kg,0.01,7.0,2025-05-12",  # 19 above range
    ]
    t = read_edd(_write(tmp_path, _lines(*rows)), today=TODAY)
    got = {(p.line, p.field) for p in t.rejected}
    expected = {
        (3, "sample_code"),
        (4, "analyte"),
        (5, "cas"),
        (6, "cas"),
        (7, "value"),
        (8, "value"),
        (9, "value"),
        (10, "unit"),
        (11, "unit"),
        (12, "detection_limit"),
        (13, "depth_m"),
        (14, "depth_m"),
        (15, "ph"),
        (16, "sampled_at"),
        (17, "sampled_at"),
        (18, "*"),
        (19, "value"),
    }
    assert got == expected
    assert list(t.records["line"]) == [2]
    assert t.n_rows == 18
    assert all(p.reason for p in t.rejected)


def test_line_numbers_survive_blank_lines_and_quoted_newlines(tmp_path: Path) -> None:
    text = _lines(
        "P1,S1,S1,0.5,砷,7440-38-2,12,mg/kg,0.01,7.0,2025-05-12",
        "",
        'P1,S1,S1,0.5,"镉",7440-43-9,0.2,mg/kg,0.01,7.0,"2025-05-12"',
        'P1,"S1\nsecond line",S1,0.5,铅,7439-92-1,30,mg/kg,0.01,7.0,2025-05-12',
        "P1,S1,S1,0.5,汞,7439-97-6,zz,mg/kg,0.01,7.0,2025-05-12",
    )
    t = read_edd(_write(tmp_path, text), today=TODAY)
    assert list(t.records["line"]) == [2, 4, 5]
    assert [(p.line, p.field) for p in t.rejected] == [(7, "value")]


def test_solid_matrix_with_per_volume_unit_rejected(tmp_path: Path) -> None:
    header = ZH + ",样品介质"
    t = read_edd(
        _write(
            tmp_path,
            _lines(
                "P1,S1,S1,0.5,砷,7440-38-2,0.01,mg/L,,,,土壤",
                "P1,G1,G1,3,砷,7440-38-2,0.01,mg/L,,,,地下水",
                header=header,
            ),
        ),
        today=TODAY,
    )
    assert [(p.line, p.field) for p in t.rejected] == [(2, "unit")]
    assert list(t.records["matrix"]) == ["groundwater"]


def test_missing_required_column_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(EddError) as exc:
        read_edd(_write(tmp_path, "地块编号,检测项目,检测结果,单位\nP1,砷,1,mg/kg\n"))
    assert exc.value.line == 1 and exc.value.field == "sample_code"


def test_undecodable_file(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(ZH.encode() + b"\n\xff\xfe\xfa\xfb\x80\x80\n")
    with pytest.raises(EddError):
        read_edd(p)


def test_same_file_same_sha256(tmp_path: Path) -> None:
    a = read_edd(EXAMPLE_FILE)
    b = read_edd(_write(tmp_path, EXAMPLE_FILE.read_text(encoding="utf-8")))
    assert a.sha256 == b.sha256 and a.schema_version == SCHEMA_VERSION == "1.2"


def test_example_file_is_clean() -> None:
    t = read_edd(EXAMPLE_FILE)
    assert t.rejected == [] and len(t.records) == t.n_rows == 29


def test_xlsx_template_round_trip_and_line_numbers(tmp_path: Path) -> None:
    p = write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb.worksheets[0]
    ws.append([])  # blank row 3
    row = [""] * ws.max_column
    headers = [c.value for c in ws[1]]
    for k, v in {
        "样品编号": "S2",
        "检测项目": "铅",
        "检测结果": 950,
        "单位": "mg/kg",
        "采样日期": "2025-05-13",
    }.items():
        row[headers.index(k)] = v
    ws.append(row)  # row 4
    bad = list(row)
    bad[headers.index("检测结果")] = "n/a"
    ws.append(bad)  # row 5
    wb.save(p)
    t = read_edd(p, today=TODAY)
    assert t.encoding == "xlsx"
    assert list(t.records["line"]) == [2, 4]
    assert [(p_.line, p_.field) for p_ in t.rejected] == [(5, "value")]
    assert t.records["value"].iloc[1] == 950.0


def test_iter_records() -> None:
    recs = list(read_edd(EXAMPLE_FILE).iter_records())
    first = recs[0]
    assert (first.line, first.sample_code, first.analyte_id, first.value, first.unit) == (
        2,
        "S01-0.5",
        "7440-38-2",
        25.0,
        "mg/kg",
    )
    assert first.sampled_at == date(2025, 5, 12) and first.basis == "dry" and first.matrix == "soil"
    nd = next(r for r in recs if r.value_raw == "ND")
    assert nd.value is None and nd.detected is False and nd.detection_limit == 0.5


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("样品编号;检测项目;检测结果;单位\nS1;砷;1;mg/kg\n".encode(), "semicolons"),
        ("样品编号\t检测项目\t检测结果\t单位\nS1\t砷\t1\tmg/kg\n".encode("gbk"), "tabs"),
        ("样品编号\t检测项目\t检测结果\t单位\nS1\t砷\t1\tmg/kg\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04not really a workbook", "not a readable XLSX"),
        (b"foo,bar\n1,2\n", "sample_code (样品编号), value (检测结果), analyte (检测项目)"),
    ],
)
def test_files_that_cannot_be_read_say_why(tmp_path: Path, data: bytes, words: str) -> None:
    p = tmp_path / "f.csv"
    p.write_bytes(data)
    with pytest.raises(EddError) as exc:
        read_edd(p, today=TODAY)
    assert words in str(exc.value)


def test_a_second_bom_in_the_header_is_ignored(tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_bytes(b"\xef\xbb\xbf" + "\ufeff样品编号,检测项目,检测结果,单位\nS1,砷,1,mg/kg\n".encode())
    t = read_edd(p, today=TODAY)
    assert t.rejected == [] and t.records["sample_code"].tolist() == ["S1"]
