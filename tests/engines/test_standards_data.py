"""Standards library against published values (GB 36600-2018, GB 15618-2018, GB/T 14848-2017), CAS check digits,
name variants, units."""

from __future__ import annotations

import pytest

from jingtu.engines.standards import (
    IdentifierError,
    UnitError,
    conversion_factor,
    gb14848,
    gb15618,
    gb36600,
    is_valid_cas,
    load_catalog,
    normalize_identifier,
)


def test_gb36600_has_85_items_in_two_tables() -> None:
    s1, s2 = gb36600(1), gb36600(2)
    assert len(s1.limits) == 85 and len(s2.limits) == 85
    tables = [lim[0].clause.split()[2][:2] for lim in s1.limits.values() if lim[0]]
    assert tables.count("表1") == 45 and tables.count("表2") == 40


@pytest.mark.parametrize(
    ("cas", "s1", "s2", "i1", "i2"),
    [
        ("7440-38-2", 20, 60, 120, 140),  # As, table 1 item 1
        ("18540-29-9", 3.0, 5.7, 30, 78),  # Cr(VI)
        ("7439-92-1", 400, 800, 800, 2500),  # Pb
        ("56-23-5", 0.9, 2.8, 9, 36),  # CCl4
        ("67-66-3", 0.3, 0.9, 5, 10),  # chloroform
        ("179601-23-1", 163, 570, 500, 570),  # m+p-xylene
        ("50-32-8", 0.55, 1.5, 5.5, 15),  # BaP
        ("JT:PCDDF-TEQ", 1e-5, 4e-5, 1e-4, 4e-4),  # dioxins, mg TEQ/kg
        ("JT:TPH-C10-C40", 826, 4500, 5000, 9000),
        ("JT:PCB-DL12", 0.14, 0.38, 1.4, 3.8),
    ],
)
def test_gb36600_published_values(cas: str, s1: float, s2: float, i1: float, i2: float) -> None:
    a, b = gb36600(1).limit(cas), gb36600(2).limit(cas)
    assert a is not None and b is not None
    assert (a.screening, a.intervention, b.screening, b.intervention) == (s1, i1, s2, i2)
    assert a.unit == "mg/kg"


def test_background_footnote_on_arsenic_cobalt_vanadium() -> None:
    flagged1 = {k for k, v in gb36600(1).limits.items() if v[0] and v[0].background_rule}
    flagged2 = {k for k, v in gb36600(2).limits.items() if v[0] and v[0].background_rule}
    assert flagged1 == {"7440-38-2", "7440-48-4", "7440-62-2"}
    assert flagged2 == {"7440-38-2", "7440-48-4"}


@pytest.mark.parametrize(
    ("land_use", "cas", "ph", "screening", "intervention", "band"),
    [
        ("paddy", "7440-43-9", 5.5, 0.3, 1.5, "pH≤5.5"),  # boundary: 5.5 is in the first band
        ("paddy", "7440-43-9", 5.51, 0.4, 2.0, "5.5<pH≤6.5"),
        ("paddy", "7440-43-9", 7.5, 0.6, 3.0, "6.5<pH≤7.5"),
        ("paddy", "7440-43-9", 7.6, 0.8, 4.0, "pH>7.5"),
        ("other", "7440-43-9", 7.6, 0.6, 4.0, "pH>7.5"),
        ("other", "7439-97-6", 6.0, 1.8, 2.5, "5.5<pH≤6.5"),
        ("paddy", "7440-38-2", 8.0, 20, 100, "pH>7.5"),
        ("other", "7439-92-1", 7.0, 120, 700, "6.5<pH≤7.5"),
        ("other", "7440-47-3", 5.0, 150, 800, "pH≤5.5"),
        ("orchard", "7440-50-8", 7.0, 200, None, "6.5<pH≤7.5"),  # Cu orchard
        ("paddy", "7440-50-8", 7.0, 100, None, "6.5<pH≤7.5"),  # Cu: paddy uses "other"
        ("orchard", "7440-43-9", 5.0, 0.3, 1.5, "pH≤5.5"),  # orchard is "other" land for Cd
        ("other", "7440-02-0", 8.0, 190, None, "pH>7.5"),
        ("other", "7440-66-6", 6.0, 200, None, "5.5<pH≤6.5"),
    ],
)
def test_gb15618_bands_and_land_use(
    land_use: str, cas: str, ph: float, screening: float, intervention: float | None, band: str
) -> None:
    lim = gb15618(land_use).limit(cas, ph)
    assert lim is not None
    assert (lim.screening, lim.intervention, lim.ph_band) == (screening, intervention, band)


def test_gb15618_table2_no_ph_dependence_and_ph_required_for_metals() -> None:
    std = gb15618("other")
    for cas in ("JT:HCH-TOTAL", "JT:DDT-TOTAL", "50-32-8"):
        lim = std.limit(cas)
        assert lim is not None and lim.ph_band is None
    assert std.limit("JT:HCH-TOTAL").screening == 0.10  # type: ignore[union-attr]
    assert std.limit("50-32-8").screening == 0.55  # type: ignore[union-attr]
    assert std.limit("7440-43-9") is None  # pH-dependent, no pH given


def test_gb14848_classes() -> None:
    g = gb14848()
    assert len(g.limits) == 39
    arsenic = g.limit("7440-38-2")
    assert arsenic is not None and arsenic.bounds == (0.001, 0.001, 0.01, 0.05)
    assert [arsenic.classify(v) for v in (0.001, 0.0011, 0.01, 0.0100001, 0.05, 0.051)] == [
        "I",
        "III",
        "III",
        "IV",
        "IV",
        "V",
    ]
    benzene = g.limit("71-43-2")
    assert benzene is not None and benzene.unit == "µg/L" and benzene.screening == 10.0
    ph = g.limit("JT:PH")
    assert ph is not None
    assert [ph.classify(v) for v in (6.5, 8.5, 6.49, 9.0, 9.01, 5.49)] == ["I", "I", "IV", "IV", "V", "V"]
    surf = g.limit("JT:GW-ANIONIC-SURFACTANTS")
    assert surf is not None and surf.nd_class_i and surf.classify(0.05) == "II"
    alpha = g.limit("JT:GW-GROSS-ALPHA")
    assert alpha is not None and alpha.classify(0.6) == "IV"


def test_every_catalogue_cas_has_a_valid_check_digit() -> None:
    cat = load_catalog()
    cas_ids = [a.id for a in cat if a.cas]
    assert len(cas_ids) > 100
    assert all(is_valid_cas(c) for c in cas_ids)


@pytest.mark.parametrize("good", ["7440-38-2", "50-32-8", "18540-29-9", "179601-23-1", "7732-18-5"])
def test_cas_check_digit_valid(good: str) -> None:
    assert is_valid_cas(good)


@pytest.mark.parametrize("bad", ["7440-38-3", "50-32-9", "7440-382", "abc", "1-23-4"])
def test_cas_check_digit_invalid(bad: str) -> None:
    assert not is_valid_cas(bad)


def test_normalize_identifier_variants() -> None:
    assert normalize_identifier("７４４０－３８－２") == "7440-38-2"
    assert normalize_identifier("CAS 7440-38-2") == "7440-38-2"
    assert normalize_identifier("7440382") == "7440-38-2"
    assert normalize_identifier("jt:ph") == "JT:PH"
    with pytest.raises(IdentifierError, match="check digit"):
        normalize_identifier("7440-38-3")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("苯并[a]芘", "50-32-8"),
        ("苯并(a)芘", "50-32-8"),
        ("苯并（a）芘", "50-32-8"),
        ("Benzo(a)pyrene", "50-32-8"),
        ("benzo[a]pyrene", "50-32-8"),
        ("铬（六价）", "18540-29-9"),
        ("铬(六价)", "18540-29-9"),
        ("六价铬", "18540-29-9"),
        ("Cr(VI)", "18540-29-9"),
        ("砷（As）", "7440-38-2"),
        ("石油烃(C10~C40)", "JT:TPH-C10-C40"),
        ("石油烃（C10－C40）", "JT:TPH-C10-C40"),
        ("间,对-二甲苯", "179601-23-1"),
        ("m/p-Xylene", "179601-23-1"),
        ("p,p′-DDT", "50-29-3"),
        ("滴滴涕", "JT:DDT-OP-PP"),
        ("三氯甲烷", "67-66-3"),
    ],
)
def test_name_variants(written: str, expected: str) -> None:
    assert load_catalog().find_name(written) == expected


def test_resolve_conflicts_and_groups() -> None:
    cat = load_catalog()
    assert cat.resolve("镉", "7440-38-2").problem is not None
    assert (
        cat.resolve("间二甲苯", "179601-23-1").analyte_id == "179601-23-1"
    )  # member named, group CAS: related
    unknown = cat.resolve("含水率", None)
    assert unknown.analyte_id is None and unknown.warning and not unknown.problem
    assert cat.resolve(None, None).problem


def test_units_through_pint() -> None:
    assert conversion_factor("µg/kg", "mg/kg") == 0.001
    assert conversion_factor("μg/kg", "mg/kg") == 0.001  # Greek mu
    assert conversion_factor("ug/kg", "mg/kg") == 0.001
    assert conversion_factor("ng TEQ/kg", "mg/kg") == 1e-6
    assert conversion_factor("µg/L", "mg/L") == 0.001
    assert conversion_factor("MPN/100mL", "MPN/(100 mL)") == 1.0
    with pytest.raises(UnitError):
        conversion_factor("mg/L", "mg/kg")
