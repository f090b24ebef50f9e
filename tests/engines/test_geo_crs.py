"""CRS constants, Gauss–Krüger zone arithmetic against the EPSG database, and CRS detection for imports."""

from __future__ import annotations

import pytest
from pyproj import CRS

from jingtu.engines.geo.crs import (
    ALLOWED_SRIDS,
    BEIJING_PROJECTED_SRID,
    GK3_CM,
    GK3_PREFIXED,
    GK6_CM,
    GK6_PREFIXED,
    CrsError,
    crs_for,
    gk_epsg_for_cm,
    gk_epsg_for_lon,
    identify_srid,
    parse_stated_crs,
)
from jingtu.engines.geo.detect import detect_crs, fits


def _tm_params(code: int) -> tuple[float, float, float]:
    op = CRS.from_epsg(code).coordinate_operation
    assert op is not None
    p = {x.name: x.value for x in op.params}
    return p["Longitude of natural origin"], p["False easting"], p["Scale factor at natural origin"]


@pytest.mark.parametrize(
    ("codes", "zone_width", "prefixed"),
    [(GK6_PREFIXED, 6, True), (GK6_CM, 6, False), (GK3_PREFIXED, 3, True), (GK3_CM, 3, False)],
)
def test_every_gk_code_matches_the_epsg_database(codes: range, zone_width: int, prefixed: bool) -> None:
    for code in codes:
        c = CRS.from_epsg(code)
        assert c.datum.name == "China 2000" and "CGCS2000" in c.name
        cm, fe, k = _tm_params(code)
        assert k == 1.0
        zone = int(fe // 1_000_000)
        assert (zone > 0) is prefixed
        assert fe % 1_000_000 == 500_000
        if prefixed:
            assert cm == (3 * zone if zone_width == 3 else 6 * zone - 3)
        # the helper finds the same code from the central meridian
        assert gk_epsg_for_lon(cm, zone_width, prefixed) == code


def test_beijing_zone_is_cm117() -> None:
    assert CRS.from_epsg(4548).name == "CGCS2000 / 3-degree Gauss-Kruger CM 117E"
    assert CRS.from_epsg(4527).name == "CGCS2000 / 3-degree Gauss-Kruger zone 39"
    assert _tm_params(4527)[:2] == (117.0, 39_500_000.0)
    assert _tm_params(4547)[0] == 114.0  # the often-quoted 4547 is NOT Beijing's zone
    # Beijing spans 115.42–117.51°E; 3° zone 39 is 115.5–118.5°E, so all but a strip of a few km at the western
    # edge (门头沟/房山, zone 38) is in zone 39 — Jingtu projects the whole municipality with CM 117°E.
    assert {gk_epsg_for_lon(lon) for lon in (115.5, 116.4, 117.51)} == {BEIJING_PROJECTED_SRID}
    assert gk_epsg_for_lon(115.42) == 4547
    assert gk_epsg_for_lon(116.4, with_prefix=True) == 4527
    assert gk_epsg_for_lon(116.4, zone_width=6) == 4509  # 6° zone 20, CM 117°E
    assert CRS.from_epsg(4490).name == "China Geodetic Coordinate System 2000"


def test_zone_edges() -> None:
    assert gk_epsg_for_lon(118.49) == gk_epsg_for_cm(117)
    assert gk_epsg_for_lon(118.5) == gk_epsg_for_cm(120)
    with pytest.raises(CrsError):
        gk_epsg_for_lon(10.0)
    with pytest.raises(CrsError):
        gk_epsg_for_cm(116)


def test_allow_list() -> None:
    assert {4490, 4326, 4548, 4527, 4491, 4554} <= ALLOWED_SRIDS
    assert len(ALLOWED_SRIDS) == 2 + 64
    for refused in (3857, 4214, 2435, 4610, 32650):  # web mercator, Beijing 1954, its GK, Xi'an 1980, UTM
        with pytest.raises(CrsError):
            crs_for(refused)


def test_parse_stated_crs() -> None:
    assert parse_stated_crs("EPSG:4548") == 4548
    assert parse_stated_crs("epsg 4527") == 4527
    assert parse_stated_crs("4490") == 4490
    assert parse_stated_crs("CM117") == 4548
    assert parse_stated_crs("cm 120E") == 4549
    for bad in ("EPSG:3857", "wgs84", "CM118"):
        with pytest.raises(CrsError):
            parse_stated_crs(bad)


ESRI_GK_CM117 = (
    'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
    'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],'
    'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)


def test_identify_esri_prj_and_crs84() -> None:
    assert identify_srid(ESRI_GK_CM117) == 4548
    assert (
        identify_srid(ESRI_GK_CM117.replace("500000.0", "39500000.0").replace("CM_117E", "Zone_39")) == 4527
    )
    assert identify_srid("OGC:CRS84") == 4326
    assert identify_srid("not a crs") is None


# --- detection ----------------------------------------------------------------------------------------------

LONLAT = (116.30, 39.85, 116.32, 39.87)
GK_PLAIN = (440_000.0, 4_410_000.0, 442_000.0, 4_412_000.0)  # CM 117, no prefix
GK_ZONE39 = (39_440_000.0, 4_410_000.0, 39_442_000.0, 4_412_000.0)


def test_inferred_geographic_is_cgcs2000_with_note() -> None:
    d = detect_crs(LONLAT)
    assert (d.epsg, d.how, d.confidence) == (4490, "inferred from coordinates", "high")
    assert "WGS84" in d.message and "GCJ-02" in d.message


def test_inferred_zone_prefix() -> None:
    d = detect_crs(GK_ZONE39)
    assert (d.epsg, d.how) == (4527, "inferred from coordinates")
    assert "prefix 39" in d.message
    d6 = detect_crs((20_440_000.0, 4_410_000.0, 20_442_000.0, 4_412_000.0))
    assert d6.epsg == 4498  # 6° zone 20


def test_gk_without_prefix_is_refused_with_a_hint() -> None:
    with pytest.raises(CrsError, match="central meridian") as exc:
        detect_crs(GK_PLAIN)
    assert "CM117" in str(exc.value)
    with pytest.raises(CrsError, match="for this region it is usually CM117"):
        detect_crs(GK_PLAIN, region_cm=117)


def test_stated_by_user() -> None:
    d = detect_crs(GK_PLAIN, stated="CM117")
    assert (d.epsg, d.how, d.confidence) == (4548, "stated by user", "certain")
    # a wrong statement is refused: zone-prefixed numbers do not fit CM-only 4548
    with pytest.raises(CrsError, match="do not fit the stated EPSG:4548.*EPSG:4527"):
        detect_crs(GK_ZONE39, stated="EPSG:4548")
    # a statement overrides a (wrong) declaration, and says so
    d = detect_crs(GK_ZONE39, declared="EPSG:4548", stated="EPSG:4527")
    assert d.epsg == 4527 and "overridden" in d.message


def test_declared() -> None:
    d = detect_crs(GK_PLAIN, declared=ESRI_GK_CM117)
    assert (d.epsg, d.how, d.confidence) == (4548, "declared", "certain")
    d = detect_crs(LONLAT, declared="EPSG:4326")
    assert d.epsg == 4326 and "stored as CGCS2000" in d.message
    with pytest.raises(CrsError, match="declares EPSG:4548.*look like EPSG:4527"):
        detect_crs(GK_ZONE39, declared="EPSG:4548")
    with pytest.raises(CrsError, match="Beijing 1954"):
        detect_crs(GK_PLAIN, declared="EPSG:2436")  # Beijing 1954 / 3-degree GK CM 117E


def test_refusals() -> None:
    with pytest.raises(CrsError, match="swapped"):
        detect_crs((39.85, 116.30, 39.87, 116.32))
    with pytest.raises(CrsError, match="no coordinates"):
        detect_crs(None)
    with pytest.raises(CrsError):
        detect_crs((2.0, 48.0, 2.1, 48.1))  # Paris


def test_fits() -> None:
    assert fits(4548, GK_PLAIN) and not fits(4548, GK_ZONE39)
    assert fits(4527, GK_ZONE39) and not fits(4528, GK_ZONE39)
    assert fits(4490, LONLAT) and not fits(4490, GK_PLAIN)
