"""EDD schema 1.1 point columns through the import: purpose and location stored on the SamplingPoint; a point
described two ways in a file, or differently from what is stored, is a row error naming the lines; nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from jingtu.engines.edd import PURPOSES, parse_purpose_text
from jingtu.labdata import actions
from jingtu.labdata.engine import ScreeningOptions
from jingtu.labdata.models import ImportBatch, Purpose, Result, SamplingPoint

from .edd import EN, ZH, csv_bytes, row, xlsx_bytes

CLASS1 = ScreeningOptions(standard="gb36600", land_class=1)
ZH_POINT = [*ZH, "点位用途", "经度", "纬度"]
EN_POINT = [*EN, "purpose", "longitude", "latitude"]


def _import(user: Any, plot: Any, data: bytes, name: str = "edd.csv") -> Any:
    return actions.import_edd(user, plot, file_name=name, data=data, options=CLASS1)


def prow(sample: str, value: str, purpose: str = "", lon: str = "", lat: str = "", **kw: Any) -> list[str]:
    return [*row(sample, kw.pop("analyte", "铅"), kw.pop("cas", "7439-92-1"), value, **kw), purpose, lon, lat]


def _stored() -> tuple[int, int, int]:
    return SamplingPoint.all_objects.count(), Result.all_objects.count(), SamplingPoint.history.count()


def test_engine_purposes_are_the_model_choices() -> None:
    assert set(PURPOSES) == set(Purpose.values)
    for choice in Purpose:
        with translation.override("en"):
            label = str(choice.label)
        assert parse_purpose_text(label) == choice.value, label  # "National control point (国控)"
        assert parse_purpose_text(label.split(" (")[0]) == choice.value  # English
        assert parse_purpose_text(label.split("(")[1].rstrip(")")) == choice.value  # 国控
        with translation.override("zh-hans"):
            zh = str(choice.label)
        assert zh != label and parse_purpose_text(zh) == choice.value, zh  # 国控点位 (zh-hans translation)


@pytest.mark.parametrize(
    ("header", "name", "build"), [(ZH_POINT, "p.csv", csv_bytes), (EN_POINT, "p.xlsx", xlsx_bytes)]
)
def test_purpose_and_location_stored_on_the_point(
    personas: Any, lab_plots: Any, header: list[str], name: str, build: Any
) -> None:
    rows = [
        prow("S01-0.5", "12", "国控", "116.4074", "39.9042"),
        prow("S01-1.0", "13", "", "", "", depth="0.5-1.0"),  # blanks: the point's info comes from line 2
        prow("S02-0.5", "14", "风险点"),  # purpose only
        prow("S03-0.5", "15"),  # neither
    ]
    batch = _import(personas.frank, lab_plots.dc, build(rows, header=header), name=name)
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    assert batch.schema_version == "1.2"  # (1.1 point columns, read by schema 1.2)
    points = {p.code: p for p in SamplingPoint.objects.filter(plot=lab_plots.dc)}
    assert set(points) == {"S01", "S02", "S03"}
    s01 = points["S01"]
    assert s01.purpose == Purpose.NATIONAL and s01.location.srid == 4490
    assert (s01.location.x, s01.location.y) == (116.4074, 39.9042)
    assert (points["S02"].purpose, points["S02"].location) == (Purpose.RISK, None)
    assert (points["S03"].purpose, points["S03"].location) == ("", None)
    hist = SamplingPoint.history.get(id=s01.pk)
    assert hist.purpose == "national" and hist.history_change_reason == f"EDD import {batch.receipt}"
    api = Client()
    api.force_login(personas.frank)
    doc = api.get("/api/labdata/points/?plot__code=T-DC-001").json()
    feats = {
        f["properties"]["code"]: f for f in doc.get("features", doc.get("results", {}).get("features", []))
    }
    assert feats["S01"]["geometry"]["coordinates"] == [116.4074, 39.9042]
    assert feats["S01"]["properties"]["purpose"] == "national" and feats["S03"]["geometry"] is None


def test_a_point_described_twice_is_rejected_naming_both_lines(personas: Any, lab_plots: Any) -> None:
    before = _stored()
    rows = [
        prow("S01-0.5", "12", "国控", "116.4074", "39.9042"),
        prow("S01-1.0", "13", "市控", "116.4074", "39.9042", depth="0.5-1.0"),
        prow("S01-2.0", "14", "国控", "116.5", "39.9042", depth="1.5-2.0"),
        # the same point under an empty plot code (counts for the plot uploaded to)
        prow("S01-3.0", "15", "", "116.6", "39.9", depth="2.5-3.0", plot=""),
    ]
    batch = _import(personas.frank, lab_plots.dc, csv_bytes(rows, header=ZH_POINT))
    assert batch.status == ImportBatch.Status.REJECTED
    got = [(r["line"], r["field"]) for r in batch.report["rejected"]]
    assert got == [(3, "purpose"), (4, "longitude"), (5, "longitude")], batch.report["rejected"]
    reasons = [r["reason"] for r in batch.report["rejected"]]
    assert "line 2" in reasons[0] and "S01" in reasons[0]
    assert "on line 2" in reasons[1] and "116.5" in reasons[1]
    assert "on line 2" in reasons[2] and "116.6" in reasons[2]
    assert _stored() == before


def test_bad_coordinates_rejected_with_line_and_field(personas: Any, lab_plots: Any) -> None:
    before = _stored()
    rows = [prow("S01-0.5", "12", "基础点", "116.4", "39.9"), prow("S02-0.5", "12", "", "39.9", "116.4")]
    batch = _import(personas.frank, lab_plots.dc, csv_bytes(rows, header=ZH_POINT))
    assert batch.status == ImportBatch.Status.REJECTED
    assert [(r["line"], r["field"]) for r in batch.report["rejected"]] == [(3, "longitude")]
    assert "swapped" in batch.report["rejected"][0]["reason"]
    assert _stored() == before


def test_a_stored_point_is_never_changed(personas: Any, lab_plots: Any) -> None:
    first = _import(
        personas.frank,
        lab_plots.dc,
        csv_bytes(
            [prow("S01-0.5", "12", "国控", "116.4074", "39.9042"), prow("S02-0.5", "12")], header=ZH_POINT
        ),
    )
    assert first.status == ImportBatch.Status.ACCEPTED, first.report
    before = _stored()
    # contradicting the stored purpose and location: rejected, naming the earlier receipt
    clash = [prow("S01-1.0", "13", "区控", "116.5", "39.9042", depth="0.5-1.0")]
    batch = _import(personas.frank, lab_plots.dc, csv_bytes(clash, header=ZH_POINT))
    assert batch.status == ImportBatch.Status.REJECTED
    assert [(r["line"], r["field"]) for r in batch.report["rejected"]] == [(2, "longitude"), (2, "purpose")]
    assert all(first.receipt in r["reason"] for r in batch.report["rejected"])
    assert _stored() == before
    # agreeing with it (numbers written differently), and giving S02 what it lacks: stored, S02 left as it was
    same = [
        prow("S01-1.0", "13", "National control point (国控)", "116.40740", "39.90420", depth="0.5-1.0"),
        prow("S02-1.0", "13", "风险点", "116.3", "39.8", depth="0.5-1.0"),
    ]
    batch = _import(personas.frank, lab_plots.dc, csv_bytes(same, header=ZH_POINT))
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    warned = {(w["line"], w["field"]) for w in batch.report["warnings"]}
    assert {(3, "purpose"), (3, "longitude")} <= warned
    s02 = SamplingPoint.objects.get(plot=lab_plots.dc, code="S02")
    assert (s02.purpose, s02.location) == ("", None)
    assert SamplingPoint.history.filter(id=s02.pk).count() == 1
