"""EDD fast paths (issue 3 performance) give exactly what the general paths give: the vectorised plain-decimal
parser against ``pd.to_numeric`` on tricky inputs, the UTF-8 check against ``bytes.decode``, and line numbers when
the reader skips the line count (no quotes, CRs or blank lines) or needs it."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jingtu.engines.edd import read_edd
from jingtu.engines.edd.reader import _is_utf8, detect_encoding
from jingtu.engines.edd.validate import _not_a_number, _numbers

TRICKY = [
    "12",
    "0.05",
    "5.",
    ".5",
    "007",
    "0",
    "13.4698",
    "123456789012345",  # 15 characters: fast path
    "1234567890123456",  # 16: pandas path
    "12345678901234567890",
    "0.123456789012345678",
    "ND",
    "未检出",
    "<0.05",
    "＜0.05",
    "0.05L",
    "ND(0.05)",
    "１２.５",  # full-width digits: not a number for pd.to_numeric (parse_value_text reads them)
    "",
    "  ",
    " 12 ",
    "-3",
    "-0",
    "+5",
    "inf",
    "-inf",
    "Infinity",
    "nan",
    "NaN",
    ">5",
    "1,234.5",
    "1e3",
    "1E-2",
    "1_000",
    "0x10",
    ".",
    "1.2.3",
    "\u30005",
]


def _reference(texts: list[str]) -> np.ndarray:
    return np.array(pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce"), dtype=np.float64)


@pytest.mark.parametrize("dtype", ["str", object])
def test_numbers_match_pandas_to_numeric_bit_for_bit(dtype: object) -> None:
    texts = TRICKY * 3
    got = _numbers(pd.Series(texts, dtype=dtype)).number  # type: ignore[call-overload]
    ref = _reference(texts)
    assert got.shape == ref.shape
    same = (got.view(np.int64) == ref.view(np.int64)) | (np.isnan(got) & np.isnan(ref))
    assert same.all(), [t for t, s in zip(texts, same, strict=True) if not s]
    # spot checks of what the current reader accepts
    by_text = dict(zip(texts, got.tolist(), strict=False))
    assert by_text["5."] == 5.0 and by_text[".5"] == 0.5 and by_text["007"] == 7.0
    assert by_text["-3"] == -3.0 and by_text["1e3"] == 1000.0 and by_text["inf"] == math.inf
    for t in ("ND", "<0.05", "0.05L", "１２.５", "", "1,234.5", ">5", "1_000"):
        assert math.isnan(by_text[t]), t


def test_numbers_many_random_decimals_match_pandas() -> None:
    rng = np.random.default_rng(3)
    x = rng.lognormal(0, 4, 20_000)
    texts = [f"{v:.{d}f}" for d in range(0, 12) for v in x[:1500]]
    got = _numbers(pd.Series(texts, dtype="str")).number
    assert (got.view(np.int64) == _reference(texts).view(np.int64)).all()


def test_not_a_number_marks_nonblank_texts_only() -> None:
    texts = ["1", "", "  ", "x", "ND", "2.5", "-1"]
    nums = _numbers(pd.Series(texts, dtype="str"))
    assert _not_a_number(nums, len(texts)).tolist() == [False, False, False, True, True, False, False]


@pytest.mark.parametrize(
    "data",
    [
        b"abc",
        "中文µ".encode(),
        b"\xed\xa0\x80",
        b"\xc0\x80",
        b"\xf4\x90\x80\x80",
        b"\xe4\xb8",
        b"\xff",
        b"\x00",
    ],
)
def test_utf8_check_agrees_with_python(data: bytes) -> None:
    try:
        data.decode("utf-8")
        ok = True
    except UnicodeDecodeError:
        ok = False
    assert _is_utf8(data) is ok


def test_undecodable_gbk_still_detected() -> None:
    assert detect_encoding("样品编号".encode("gbk")) == "gbk"


HEADER = "样品编号,检测项目,CAS号,检测结果,单位,检出限"
ROW = "S{},砷,7440-38-2,{},mg/kg,0.01"


@pytest.mark.parametrize(
    ("body", "lines", "bad"),
    [
        ("\n".join(ROW.format(i, i) for i in range(5)) + "\n", [2, 3, 4, 5, 6], []),  # shortcut
        ("\n".join(ROW.format(i, i) for i in range(5)), [2, 3, 4, 5, 6], []),  # no final newline
        ("\r\n".join(ROW.format(i, i) for i in range(3)) + "\r\n", [2, 3, 4], []),  # CRLF: counted
        (ROW.format(1, 1) + "\n\n" + ROW.format(2, 2) + "\n", [2, 4], []),  # blank line inside
        ("\n" + ROW.format(1, 1) + "\n", [3], []),  # blank line right after the header
        (ROW.format(1, 1) + "\n" + ROW.format(2, 2) + "\n\n\n  \n", [2, 3], []),  # trailing blank lines
        (ROW.format(1, 1) + "\n" + ROW.format(2, "x") + "\n", [2], [3]),  # bad value, shortcut
        (ROW.format(1, 1) + "\nS2,砷\n" + ROW.format(3, 3) + "\n", [2, 4], [3]),  # ragged row
    ],
)
def test_line_numbers_with_and_without_line_count(
    tmp_path: Path, body: str, lines: list[int] | None, bad: list[int] | None
) -> None:
    p = tmp_path / "f.csv"
    p.write_text(HEADER + "\n" + body, encoding="utf-8", newline="")
    t = read_edd(p, today=date(2026, 12, 4))
    assert list(t.records["line"]) == lines
    assert t.rejected_lines == bad


@pytest.mark.parametrize(
    ("body", "lines", "bad"),
    [
        ("\r".join(ROW.format(i, i) for i in range(3)) + "\r", [2, 3, 4], []),  # classic Mac OS: bare CR
        ("\r".join(ROW.format(i, i) for i in range(3)), [2, 3, 4], []),  # bare CR, no final line end
        (ROW.format(1, 1) + "\r" + ROW.format(2, "x") + "\r" + ROW.format(3, 3) + "\r", [2, 4], [3]),
        (ROW.format(1, 1) + "\r\r" + ROW.format(2, 2) + "\r", [2, 4], []),  # blank line (CR CR)
        (ROW.format(1, 1) + "\r\nS2,砷\r" + ROW.format(3, 3) + "\n", [2, 4], [3]),  # mixed ends, ragged row
        # a quoted CR is a line break the user sees: the row after it is line 5
        (
            'S1,砷,7440-38-2,1,mg/kg,0.01\r"S\r2",砷,7440-38-2,2,mg/kg,0.01\r' + ROW.format(3, "x") + "\r",
            [2, 3],
            [5],
        ),
    ],
)
def test_bare_cr_line_ends(tmp_path: Path, body: str, lines: list[int], bad: list[int]) -> None:
    for encoding in ("utf-8", "gbk"):
        p = tmp_path / f"cr-{encoding}.csv"
        p.write_bytes((HEADER.replace("\n", "") + "\r" + body).encode(encoding))
        t = read_edd(p, today=date(2026, 12, 4))
        assert list(t.records["line"]) == lines, encoding
        assert t.rejected_lines == bad, encoding
        assert t.encoding == encoding
        assert t.records["analyte_id"].tolist() == ["7440-38-2"] * len(lines)
        assert not any("\r" in str(v) for v in t.records["sample_code"])
