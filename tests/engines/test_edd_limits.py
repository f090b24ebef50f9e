"""EDD schema 1.2: a reporting / quantitation limit (报告限) beside the detection limit (检出限), which limit a
non-detect is screened against, and files with one limit column reading exactly as in schema 1.1."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from jingtu.engines.edd import EddError, read_edd
from jingtu.engines.edd.template import EXAMPLE_FILE, write_template
from jingtu.engines.screening import screen
from jingtu.engines.standards import gb36600

TODAY = date(2026, 11, 22)
BOTH = "样品编号,检测项目,CAS号,检测结果,单位,检出限,检出限类型,报告限,报告限类型"


def _read(tmp: Path, header: str, *rows: str, name: str = "f.csv") -> object:
    p = tmp / name
    p.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return read_edd(p, today=TODAY)


def _nan(x: object) -> bool:
    return isinstance(x, float) and math.isnan(x)


@pytest.mark.parametrize(
    ("dl_header", "rl_header"),
    [
        ("检出限", "报告限"),
        ("mdl", "rl"),
        ("方法检出限", "定量限"),
        ("DL", "LOQ"),
        ("检出限", "测定下限"),
        ("MDL", "PQL"),
    ],
)
def test_both_limit_columns_map_each_to_its_own_field(tmp_path: Path, dl_header: str, rl_header: str) -> None:
    t = _read(
        tmp_path,
        f"样品编号,检测项目,检测结果,单位,{dl_header},{rl_header}",
        "S1,砷,12,mg/kg,0.01,0.04",
        "S1,苯,ND,mg/kg,0.0019,0.0076",
    )
    assert t.rejected == [] and t.warnings == []
    assert t.columns[dl_header] == "detection_limit" and t.columns[rl_header] == "reporting_limit"
    r = t.records
    assert r["dl_reported"].tolist() == [0.01, 0.0019] and r["reporting_limit"].tolist() == [0.04, 0.0076]
    assert r["detection_limit"].tolist() == [0.01, 0.0019]  # the MDL, not the RL, for both


@pytest.mark.parametrize("header", ["报告限", "rl", "RL", "loq", "定量限", "reporting_limit", "PQL"])
def test_one_limit_column_under_a_reporting_limit_header_reads_as_in_schema_1_1(
    tmp_path: Path, header: str
) -> None:
    rows = (
        "S1,砷,12,mg/kg,0.01,MDL",
        "S1,苯,ND,mg/kg,0.0019,RL",
        "S1,氯乙烯,<0.05,mg/kg,0.02,",
        "S1,镉,abc,mg/kg,-1,XX",
    )
    ref = _read(tmp_path, "样品编号,检测项目,检测结果,单位,检出限,检出限类型", *rows, name="ref.csv")
    t = _read(tmp_path, f"样品编号,检测项目,检测结果,单位,{header},检出限类型", *rows)
    assert t.columns[header] == "detection_limit"
    pd.testing.assert_frame_equal(t.records, ref.records)
    assert t.rejected == ref.rejected and t.warnings == ref.warnings
    assert {p.field for p in t.rejected} == {"value", "detection_limit", "dl_type"}
    rec = next(t.iter_records())
    assert (rec.detection_limit, rec.dl_reported, rec.reporting_limit, rec.rl_type) == (
        0.01,
        0.01,
        None,
        None,
    )


def test_a_reporting_limit_column_with_its_type_column_is_its_own_column(tmp_path: Path) -> None:
    t = _read(tmp_path, "样品编号,检测项目,检测结果,单位,报告限,报告限类型", "S1,氯乙烯,ND,mg/kg,0.15,RL")
    assert t.rejected == [] and t.columns["报告限"] == "reporting_limit"
    rec = next(t.iter_records())
    assert (rec.dl_reported, rec.reporting_limit, rec.rl_type, rec.detection_limit) == (
        None,
        0.15,
        "RL",
        0.15,
    )


def test_two_reporting_limit_headers_are_one_meaning_twice(tmp_path: Path) -> None:
    with pytest.raises(EddError, match="reporting_limit"):
        _read(tmp_path, "样品编号,检测项目,检测结果,单位,报告限,定量限", "S1,砷,1,mg/kg,0.1,0.1")


def test_the_limit_a_non_detect_is_screened_against(tmp_path: Path) -> None:
    """Order: the limit written in the result (<x, xL) > the 检出限 column > the number under 是否检出 = 否 >
    the 报告限 column. A detected result keeps the detection limit only (the RL is not its detection limit)."""
    t = _read(
        tmp_path,
        "样品编号,检测项目,检测结果,单位,检出限,报告限,是否检出",
        "S1,苯,<0.05,mg/kg,0.02,0.08,",  # written limit
        "S2,苯,ND,mg/kg,0.02,0.08,",  # MDL column
        "S3,苯,0.03,mg/kg,,0.08,否",  # number under "not detected"
        "S4,苯,ND,mg/kg,,0.08,",  # reporting limit only
        "S5,苯,ND,mg/kg,,,",  # no limit at all
        "S6,苯,1.5,mg/kg,,0.08,",  # detected, RL only
    )
    r = t.records
    got = r["detection_limit"].tolist()
    assert got[:4] == [0.05, 0.02, 0.03, 0.08] and _nan(got[4]) and _nan(got[5])
    rep = r["dl_reported"].tolist()
    assert rep[:3] == [0.05, 0.02, 0.03] and all(_nan(x) for x in rep[3:])
    # S1: the written limit differs from the column (the written one is used); S5: no limit at all
    assert [p.line for p in t.warnings if p.field == "detection_limit"] == [2, 6]
    assert r["reporting_limit"].tolist()[:4] == [0.08] * 4


def test_screening_uses_the_reporting_limit_when_there_is_no_detection_limit(tmp_path: Path) -> None:
    # GB 36600-2018 table 1, class 1: vinyl chloride (75-01-4) screening value 0.12 mg/kg
    t = _read(
        tmp_path,
        BOTH,
        "S1,氯乙烯,75-01-4,ND,mg/kg,,,0.15,RL",  # only an RL, above 0.12 -> indeterminate
        "S2,氯乙烯,75-01-4,ND,mg/kg,0.01,MDL,0.15,LOQ",  # MDL 0.01 below 0.12 -> below_screening
        "S3,氯乙烯,75-01-4,ND,mg/kg,,,0.10,RL",  # only an RL, below -> below_screening
        "S4,氯乙烯,75-01-4,ND,mg/kg,,,,",  # no limit -> indeterminate
    )
    assert t.rejected == []
    f = screen(t, gb36600(1)).findings.set_index("sample_code")
    assert f.loc["S1", "outcome"] == "indeterminate" and f.loc["S1", "detection_limit"] == 0.15
    assert f.loc["S2", "outcome"] == "below_screening" and f.loc["S2", "detection_limit"] == 0.01
    assert f.loc["S3", "outcome"] == "below_screening" and f.loc["S3", "detection_limit"] == 0.10
    assert f.loc["S4", "outcome"] == "indeterminate" and _nan(f.loc["S4", "detection_limit"])


def test_bad_reporting_limits_are_rejected_with_line_and_field(tmp_path: Path) -> None:
    t = _read(
        tmp_path,
        BOTH,
        "S1,砷,,12,mg/kg,0.01,MDL,abc,RL",  # line 2: not a number
        "S1,铅,,12,mg/kg,0.01,MDL,-0.1,RL",  # line 3: negative
        "S1,镉,,1,mg/kg,0.01,MDL,inf,RL",  # line 4: not finite
        "S1,汞,,1,mg/kg,0.01,MDL,0.04,MDL",  # line 5: an MDL is not a reporting-limit type
        "S1,镍,,1,mg/kg,0.01,RL,0.04,RL",  # line 6: two reporting limits
        "S1,铜,,1,mg/kg,0.01,RL,,",  # line 7: one limit typed RL, as in 1.1: fine
        "S1,锌,,1,mg/kg,0.01,MDL,0.04,定量限",  # line 8: fine (LOQ)
    )
    assert [(p.line, p.field) for p in t.rejected] == [
        (2, "reporting_limit"),
        (3, "reporting_limit"),
        (4, "reporting_limit"),
        (5, "rl_type"),
        (6, "dl_type"),
    ]
    reasons = {p.line: p.reason for p in t.rejected}
    assert "报告限不是数值" in reasons[2] and "negative reporting limit" in reasons[3]
    assert "RL" in reasons[5] and "LOQ" in reasons[5] and "检出限类型应为 MDL" in reasons[6]
    assert t.records["line"].tolist() == [7, 8]
    assert [
        p for p in t.warnings if p.field == "reporting_limit"
    ] == []  # a rejected RL is not also "below the MDL"
    recs = list(t.iter_records())
    assert (recs[0].dl_reported, recs[0].dl_type, recs[0].reporting_limit) == (0.01, "RL", None)
    assert (recs[1].reporting_limit, recs[1].rl_type) == (0.04, "LOQ")


def test_a_reporting_limit_below_the_detection_limit_is_a_warning(tmp_path: Path) -> None:
    t = _read(
        tmp_path,
        BOTH,
        "S1,氯乙烯,75-01-4,ND,mg/kg,0.15,MDL,0.05,RL",  # RL < MDL: warning, kept, screened against the MDL
        "S2,氯乙烯,75-01-4,ND,mg/kg,0.05,MDL,0.05,RL",  # equal: no warning
    )
    assert t.rejected == []
    assert [(p.line, p.field) for p in t.warnings] == [(2, "reporting_limit")]
    assert "报告限低于检出限" in t.warnings[0].reason
    f = screen(t, gb36600(1)).findings
    assert f["detection_limit"].tolist() == [0.15, 0.05]
    assert f["outcome"].tolist() == ["indeterminate", "below_screening"]


def test_template_has_both_limits_and_reads_back(tmp_path: Path) -> None:
    for name in ("t.xlsx", "t.csv"):
        p = write_template(tmp_path / name)
        t = read_edd(p, today=TODAY)
        assert t.rejected == [], t.rejected
        assert {"检出限", "报告限", "报告限类型"} <= set(t.columns)
        rec = next(t.iter_records())
        assert (rec.dl_reported, rec.dl_type, rec.reporting_limit, rec.rl_type) == (0.01, "MDL", 0.04, "LOQ")
    headers = [c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0][1]]
    assert headers.index("报告限") == headers.index("检出限类型") + 1


def test_shipped_example_carries_both_limits() -> None:
    t = read_edd(EXAMPLE_FILE)
    assert t.rejected == [] and t.warnings == []
    r = t.records
    rl = r["reporting_limit"].notna()
    # every row with a 检出限 also gives its 测定下限 (4 × MDL, HJ 168-2020), typed LOQ; the others have no limit
    # column value (their limit, if any, is written in the result: <0.05, 0.05L)
    assert rl.sum() == 23
    assert r.loc[rl, "reporting_limit"].tolist() == pytest.approx((4 * r.loc[rl, "dl_reported"]).tolist())
    assert set(r.loc[rl, "rl_type"]) == {"LOQ"} and set(r.loc[~rl, "rl_type"]) == {""}
    assert (r["detection_limit"].fillna(-1) == r["dl_reported"].fillna(-1)).all()
