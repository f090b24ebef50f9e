"""GB 50137-2011 land-use classes -> GB 36600-2018 class 1/2 (§3.4/§3.5) and the "一住两公" mark."""

from __future__ import annotations

import pytest

from jingtu.engines.lifecycle import UnknownLandUse, gb36600_class, is_sensitive, lookup
from jingtu.engines.lifecycle.reference import land_use_classes


@pytest.mark.parametrize("code", ["R", "R1", "R21", "R32", "A33", "A5", "A51", "A59", "A6"])
def test_class_1_codes_of_gb36600_3_4(code: str) -> None:
    m = gb36600_class(code)
    assert (m.land_class, m.determined) == (1, True)


@pytest.mark.parametrize(
    "code",
    [
        "M",
        "M1",
        "W2",
        "B",
        "B41",
        "S1",
        "S42",
        "U21",
        "A",
        "A1",
        "A21",
        "A31",
        "A32",
        "A34",
        "A35",
        "A4",
        "A7",
        "A9",
        "G2",
        "G3",
    ],
)
def test_class_2_codes_of_gb36600_3_5(code: str) -> None:
    m = gb36600_class(code)
    assert (m.land_class, m.determined) == (2, True)


def test_g1_depends_on_park_kind_and_is_conservative_when_unknown() -> None:
    assert gb36600_class("G1", community_or_children_park=True).land_class == 1
    assert gb36600_class("G1", community_or_children_park=False).land_class == 2
    unknown = gb36600_class("G1")
    assert (unknown.land_class, unknown.determined) == (1, False)


def test_bare_a3_is_undetermined() -> None:
    m = gb36600_class("A3")
    assert (m.land_class, m.determined) == (1, False)


def test_yi_zhu_liang_gong_is_r_and_a() -> None:
    table = land_use_classes()
    sensitive = {c for c, v in table.items() if v.sensitive}
    assert sensitive == {c for c in table if c[0] in "RA"}
    assert is_sensitive("a1") and is_sensitive(" R2 ")
    assert not is_sensitive("B1") and not is_sensitive("G1") and not is_sensitive("U22")


def test_every_major_class_present_and_children_point_to_parents() -> None:
    table = land_use_classes()
    assert {c for c, v in table.items() if v.level == "major"} == set("RABMWSUG")
    for v in table.values():
        if v.parent is not None:
            assert v.code.startswith(v.parent)
            # a child's class 1/2 agrees with its parent's unless the parent is mixed (A, A3, G)
            if table[v.parent].gb36600_class != "1_or_2" and v.parent not in ("A", "G"):
                assert v.gb36600_class == table[v.parent].gb36600_class


def test_unknown_code() -> None:
    with pytest.raises(UnknownLandUse, match="0701"):
        lookup("0701")
    assert lookup("r11").name_zh == "住宅用地"
