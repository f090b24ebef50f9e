"""Screening outcomes: strict-greater boundaries, non-detects, arsenic background rule, group sums, pH bands,
GB/T 14848 classes, combined standards, unit conversion into the standard's unit."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from jingtu.engines.edd import read_edd
from jingtu.engines.edd.template import EXAMPLE_FILE
from jingtu.engines.screening import screen
from jingtu.engines.standards import (
    BackgroundValue,
    BackgroundValues,
    CombinedStandard,
    gb14848,
    gb15618,
    gb36600,
)

HEADER = "样品编号,采样深度(m),样品介质,检测项目,CAS号,检测结果,单位,检出限,pH,区县"


def _screen(tmp: Path, rows: list[str], standard: object, **kw: object) -> pd.DataFrame:
    p = tmp / "r.csv"
    p.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    t = read_edd(p)
    assert t.rejected == []
    return screen(t, standard, **kw).findings  # type: ignore[arg-type]


def _one(df: pd.DataFrame, cas: str) -> pd.Series:
    sel = df[df["cas"] == cas]
    assert len(sel) == 1, sel
    return sel.iloc[0]


@pytest.mark.parametrize(
    ("value", "unit", "outcome"),
    [
        ("20", "mg/kg", "below_screening"),  # equal to the screening value: not exceeded
        ("20.0001", "mg/kg", "above_screening"),
        ("120", "mg/kg", "above_screening"),  # equal to the intervention value
        ("120.01", "mg/kg", "above_intervention"),
        ("20000", "µg/kg", "below_screening"),  # 20 mg/kg after conversion: still "equal"
        ("120000", "ug/kg", "above_screening"),
    ],
)
def test_strict_greater_boundaries_arsenic_class1(
    tmp_path: Path, value: str, unit: str, outcome: str
) -> None:
    f = _one(_screen(tmp_path, [f"S1,0.5,土壤,砷,7440-38-2,{value},{unit},0.01,,"], gb36600(1)), "7440-38-2")
    assert f["outcome"] == outcome
    assert (f["screening_value"], f["intervention_value"], f["unit"]) == (20.0, 120.0, "mg/kg")


def test_bap_in_micrograms_equal_to_limit(tmp_path: Path) -> None:
    f = _one(_screen(tmp_path, ["S1,0.5,土壤,苯并(a)芘,,550,µg/kg,5,,"], gb36600(1)), "50-32-8")
    assert f["outcome"] == "below_screening" and math.isclose(f["value"], 0.55)


def test_non_detects(tmp_path: Path) -> None:
    df = _screen(
        tmp_path,
        [
            "S1,0.5,土壤,氯乙烯,75-01-4,ND,mg/kg,0.15,,",  # DL 0.15 > 0.12 -> indeterminate
            "S1,0.5,土壤,苯,71-43-2,<1,mg/kg,,,",  # DL equal to screening 1 -> below
            "S1,0.5,土壤,甲苯,108-88-3,未检出,mg/kg,,,",  # no DL -> indeterminate
        ],
        gb36600(1),
    )
    assert _one(df, "75-01-4")["outcome"] == "indeterminate"
    assert _one(df, "71-43-2")["outcome"] == "below_screening"
    assert _one(df, "108-88-3")["outcome"] == "indeterminate"
    assert not _one(df, "75-01-4")["detected"] and math.isnan(_one(df, "75-01-4")["value"])


def test_arsenic_background_rule(tmp_path: Path) -> None:
    bg = BackgroundValues(
        [
            BackgroundValue("7440-38-2", 30.0, district="东城区", source="test"),
            BackgroundValue("7440-38-2", 22.0, source="general"),
        ]
    )
    rows = [
        "S1,0.5,土壤,砷,7440-38-2,25,mg/kg,0.01,,东城区",  # 20 < 25 <= 30 -> within background
        "S2,0.5,土壤,砷,7440-38-2,31,mg/kg,0.01,,东城区",  # > background -> above_screening
        "S3,0.5,土壤,砷,7440-38-2,25,mg/kg,0.01,,朝阳区",  # general value 22 -> above_screening
        "S4,0.5,土壤,铅,7439-92-1,450,mg/kg,0.1,,东城区",  # no note ① on Pb
    ]
    df = _screen(tmp_path, rows, gb36600(1), background=bg)
    assert list(df.sort_values("row")["outcome"]) == [
        "within_background",
        "above_screening",
        "above_screening",
        "above_screening",
    ]
    assert "background value 30" in df.iloc[0]["reason"]
    df2 = _screen(tmp_path, rows[:1], gb36600(1))  # without background values the rule cannot apply
    assert df2.iloc[0]["outcome"] == "above_screening"


def test_group_sum_from_members(tmp_path: Path) -> None:
    rows = [
        "S1,0.5,土壤,间二甲苯,108-38-3,100,mg/kg,0.01,,",
        "S1,0.5,土壤,对二甲苯,106-42-3,70,mg/kg,0.01,,",  # sum 170 > 163 (class 1)
        "S2,0.5,土壤,间二甲苯,108-38-3,100,mg/kg,0.01,,",
        "S2,0.5,土壤,对二甲苯,106-42-3,ND,mg/kg,0.01,,",  # ND counts 0 -> 100
        "S3,0.5,土壤,α-氯丹,5103-71-9,1.5,mg/kg,0.01,,",  # gamma missing: partial and below -> indeterminate
        "S4,0.5,土壤,α-氯丹,5103-71-9,ND,mg/kg,0.01,,",
        "S4,0.5,土壤,γ-氯丹,5103-74-2,ND,mg/kg,0.02,,",  # all ND: limit = 0.03
    ]
    df = _screen(tmp_path, rows, gb36600(1))
    groups = df[df["derived"]].set_index("sample_code")
    assert groups.loc["S1", "cas"] == "179601-23-1" and groups.loc["S1", "value"] == 170.0
    assert groups.loc["S1", "outcome"] == "above_screening" and groups.loc["S1", "row"] == 2
    assert groups.loc["S2", "value"] == 100.0 and groups.loc["S2", "outcome"] == "below_screening"
    assert groups.loc["S3", "outcome"] == "indeterminate" and "missing: γ-氯丹" in groups.loc["S3", "reason"]
    assert not groups.loc["S4", "detected"] and math.isclose(groups.loc["S4", "detection_limit"], 0.03)
    members = df[(~df["derived"]) & (df["cas"] == "108-38-3")]
    assert set(members["outcome"]) == {"not_screened"}


def test_reported_group_is_not_recomputed(tmp_path: Path) -> None:
    rows = [
        "S1,0.5,土壤,间二甲苯+对二甲苯,179601-23-1,10,mg/kg,0.01,,",
        "S1,0.5,土壤,间二甲苯,108-38-3,500,mg/kg,0.01,,",
    ]
    df = _screen(tmp_path, rows, gb36600(1))
    assert not df["derived"].any()
    assert _one(df, "179601-23-1")["outcome"] == "below_screening"


def test_gb15618_ph_bands_and_land_use(tmp_path: Path) -> None:
    rows = [
        "S1,0.2,土壤,镉,7440-43-9,0.35,mg/kg,0.01,5.5,",  # paddy pH<=5.5: 0.3 -> above
        "S2,0.2,土壤,镉,7440-43-9,0.35,mg/kg,0.01,5.6,",  # 5.5<pH<=6.5: 0.4 -> below
        "S3,0.2,土壤,镉,7440-43-9,0.35,mg/kg,0.01,,",  # no pH
        "S4,0.2,土壤,pH,,7.8,无量纲,,,",
        "S4,0.2,土壤,镉,7440-43-9,4.1,mg/kg,0.01,,",  # pH from the sample's pH row: >7.5, intervention 4.0
        "S5,0.2,土壤,六六六总量,,0.1,mg/kg,0.01,,",  # no pH needed; equal -> below
    ]
    df = _screen(tmp_path, rows, gb15618("paddy")).set_index("sample_code")
    cd = df[df["cas"] == "7440-43-9"]
    assert cd.loc["S1", "outcome"] == "above_screening" and cd.loc["S1", "ph_band"] == "pH≤5.5"
    assert cd.loc["S1", "land_use"] == "paddy"
    assert cd.loc["S2", "outcome"] == "below_screening" and cd.loc["S2", "screening_value"] == 0.4
    assert cd.loc["S3", "outcome"] == "not_screened" and "pH" in cd.loc["S3", "reason"]
    assert cd.loc["S4", "outcome"] == "above_intervention" and cd.loc["S4", "ph_band"] == "pH>7.5"
    assert df.loc["S5", "outcome"] == "below_screening"


def test_gb14848_classes_in_findings(tmp_path: Path) -> None:
    rows = [
        "G1,3,地下水,砷,7440-38-2,0.01,mg/L,0.0003,,",  # III (equal)
        "G1,3,地下水,砷,7440-38-2,0.06,mg/L,0.0003,,",  # V
        "G1,3,地下水,苯,71-43-2,0.012,mg/L,0.0014,,",  # 12 µg/L: IV
        "G1,3,地下水,苯,71-43-2,ND,µg/L,20,,",  # DL above class III: indeterminate
    ]
    df = _screen(tmp_path, rows, gb14848())
    assert list(df["gw_class"]) == ["III", "V", "IV", "IV"]
    assert list(df["outcome"]) == [
        "below_screening",
        "above_intervention",
        "above_screening",
        "indeterminate",
    ]
    assert df.iloc[2]["unit"] == "µg/L" and math.isclose(df.iloc[2]["value"], 12.0)


def test_not_screened_reasons(tmp_path: Path) -> None:
    rows = [
        "S1,0.5,土壤,锰,7439-96-5,500,mg/kg,0.1,,",  # no limit in GB 36600
        "S1,0.5,地下水,砷,7440-38-2,0.01,mg/L,0.001,,",  # other matrix
        "S1,0.5,土壤,含水率,,12,%,,,",  # unknown analyte
    ]
    df = _screen(tmp_path, rows, gb36600(2))
    assert set(df["outcome"]) == {"not_screened"}
    assert all(df["reason"].str.len() > 0)


def test_combined_most_conservative_and_first(tmp_path: Path) -> None:
    rows = ["S1,0.5,土壤,铅,7439-92-1,450,mg/kg,0.1,7.0,", "S1,0.5,土壤,苯,71-43-2,2,mg/kg,0.01,7.0,"]
    both = CombinedStandard((gb36600(2), gb15618("other")))
    df = _screen(tmp_path, rows, both)
    pb = _one(df, "7439-92-1")  # GB 36600 class 2: 800 (below); GB 15618 other pH 7.0: 120 (above)
    assert pb["outcome"] == "above_screening" and pb["screening_value"] == 120.0
    assert _one(df, "71-43-2")["outcome"] == "below_screening"  # only GB 36600 has benzene (class 2: 4)
    first = _screen(tmp_path, rows, CombinedStandard((gb36600(2), gb15618("other")), mode="first_applicable"))
    assert _one(first, "7439-92-1")["screening_value"] == 800.0


def test_example_file_outcomes() -> None:
    res = screen(read_edd(EXAMPLE_FILE), gb36600(1))
    assert res.summary() == {
        "below_screening": 13,
        "above_screening": 6,
        "above_intervention": 1,
        "within_background": 0,
        "indeterminate": 2,
        "not_screened": 8,
    }
    dioxin = _one(res.findings, "JT:PCDDF-TEQ")  # 15 ng TEQ/kg = 1.5e-5 mg/kg > 1e-5
    assert dioxin["outcome"] == "above_screening" and math.isclose(dioxin["value"], 1.5e-5)
