"""Background-value files (format of data/standards/background_values.csv): text / bytes / path reading, errors
naming file, line and field, and the per-district view used when the district is known from the plot."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingtu.engines.standards import BackgroundFileError, BackgroundValue, BackgroundValues

HEAD = "# a comment\n# Version: 2026-11-22\nanalyte_id,value,unit,district,soil_type,source\n"


def test_parse_converts_units_resolves_names_and_keeps_lines() -> None:
    bv = BackgroundValues.parse(
        HEAD + "7440-38-2,30,mg/kg,110101,,survey A\n\n砷,22000,µg/kg,,,survey B\nCobalt,15,,,,survey B\n"
    )
    assert len(bv) == 3
    dc = bv.lookup("7440-38-2", "110101")
    assert dc is not None and dc.value == 30.0 and dc.line == 4 and dc.source == "survey A"
    general = bv.lookup("7440-38-2", "110105")
    assert general is not None and general.value == pytest.approx(22.0) and general.line == 6  # blank line 5
    co = bv.lookup("7440-48-4")
    assert co is not None and co.value == 15.0


def test_bytes_in_gbk_and_with_bom_and_path(tmp_path: Path) -> None:
    text = HEAD + "砷,30,mg/kg,东城区,潮土,北京市土壤背景值调查\n"
    for data in (text.encode("gbk"), text.encode("utf-8-sig")):
        v = BackgroundValues.from_bytes(data, "bg.csv").lookup("7440-38-2", "东城区", "潮土")
        assert v is not None and v.source == "北京市土壤背景值调查"
    p = tmp_path / "bg.csv"
    p.write_text(text, encoding="utf-8")
    assert len(BackgroundValues.load(p)) == 1


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        ("7440-38-2,abc,mg/kg,,,s\n", 4, "value"),
        ("7440-38-2,-1,mg/kg,,,s\n", 4, "value"),
        ("7440-38-2,nan,mg/kg,,,s\n", 4, "value"),
        ("7440-38-2,1,mg/L,,,s\n", 4, "unit"),
        ("7440-38-2,1,mg/kg,,,s\n不存在的物质,1,mg/kg,,,s\n", 5, "analyte_id"),
        (",1,mg/kg,,,s\n", 4, "analyte_id"),
        ("7440-38-2,1,mg/kg,,,s\n7440-38-2,2,mg/kg,,,t\n", 5, "analyte_id"),
        ("7440-38-2,1,mg/kg,,,s,extra\n", 4, "file"),
        ("", 1, "file"),
    ],
)
def test_errors_name_file_line_and_field(body: str, line: int, field: str) -> None:
    with pytest.raises(BackgroundFileError) as info:
        BackgroundValues.parse(HEAD + body, "mine.csv")
    err = info.value
    assert (err.file, err.line, err.field) == ("mine.csv", line, field), str(err)
    assert str(err).startswith(f"mine.csv: line {line}: {field}: ")


def test_missing_column_and_non_text() -> None:
    with pytest.raises(BackgroundFileError) as info:
        BackgroundValues.parse("# c\nanalyte_id,unit\n7440-38-2,mg/kg\n", "x.csv")
    assert (info.value.line, info.value.field) == (2, "value")
    with pytest.raises(BackgroundFileError) as info:
        BackgroundValues.from_bytes(b"\xff\xfe\x00\x00\x81", "x.csv")
    assert info.value.field == "file"


def test_duplicate_message_names_the_first_line() -> None:
    with pytest.raises(BackgroundFileError, match="first is on line 4"):
        BackgroundValues.parse(HEAD + "砷,1,mg/kg,,,s\n7440-38-2,2,mg/kg,,,t\n")


def test_for_district_keeps_lookup_precedence() -> None:
    bv = BackgroundValues(
        [
            BackgroundValue("As", 30.0, district="110101"),  # district value for any soil type
            BackgroundValue("As", 22.0),
            BackgroundValue("As", 25.0, soil_type="褐土"),
            BackgroundValue("Co", 12.0, district="110101", soil_type="潮土"),
            BackgroundValue("Co", 10.0),
            BackgroundValue("Co", 11.0, soil_type="褐土"),
            BackgroundValue("V", 80.0, district="110105"),
        ]
    )
    dc = bv.for_district("110101", "东城区")
    for aid, soil in (
        ("As", None),
        ("As", "褐土"),
        ("Co", "潮土"),
        ("Co", "褐土"),
        ("Co", None),
        ("V", None),
    ):
        want = bv.lookup(aid, "110101", soil)
        got = dc.lookup(aid, "any district the row names", soil)
        assert (got.value if got else None) == (want.value if want else None), (aid, soil)
    assert dc.lookup("V") is None  # Chaoyang's value does not apply in Dongcheng
    assert all(v.district is None for v in dc)
