"""EDD schema 1.2 in the web import: the detection limit and the reporting / quantitation limit of one result are
stored in their own fields with their types, and a non-detect's stored screening names the limit it was compared
with (the detection limit, else the reporting limit)."""

from __future__ import annotations

from typing import Any

from jingtu.labdata import actions
from jingtu.labdata.engine import ScreeningOptions
from jingtu.labdata.models import ImportBatch, Result

from .edd import csv_bytes

CLASS1 = ScreeningOptions(standard="gb36600", land_class=1)
HEADER = ["地块编号", "点位编号", "样品编号", "采样深度(m)", "检测项目", "CAS号", "检测结果", "单位", "检出限",
          "检出限类型", "报告限", "报告限类型", "采样日期"]  # fmt: skip


def _row(
    sample: str, analyte: str, cas: str, value: str, dl: str, dl_type: str, rl: str, rl_type: str
) -> list[str]:
    return [
        "T-DC-001",
        "S01",
        sample,
        "0-0.5",
        analyte,
        cas,
        value,
        "mg/kg",
        dl,
        dl_type,
        rl,
        rl_type,
        "2025-05-12",
    ]


def test_both_limits_are_stored_with_their_types(personas: Any, lab_plots: Any) -> None:
    rows = [
        _row("S01-0.5", "砷", "7440-38-2", "25", "0.01", "MDL", "0.04", "LOQ"),
        # vinyl chloride, GB 36600-2018 table 1 class 1 screening value 0.12 mg/kg
        _row("S01-0.5", "氯乙烯", "75-01-4", "ND", "0.01", "MDL", "0.15", "RL"),  # screened against the MDL
        _row("S01-1.0", "氯乙烯", "75-01-4", "ND", "", "", "0.15", "RL"),  # only an RL: screened against it
        _row(
            "S01-1.5", "铅", "7439-92-1", "30", "0.1", "RL", "", ""
        ),  # one limit typed RL (as in schema 1.1)
    ]
    batch = actions.import_edd(
        personas.frank,
        lab_plots.dc,
        file_name="limits.csv",
        data=csv_bytes(rows, header=HEADER),
        options=CLASS1,
    )
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    assert batch.schema_version == "1.2"
    got = {
        (r.sample.code, r.analyte_key): (
            r.detection_limit,
            r.detection_limit_type,
            r.reporting_limit,
            r.reporting_limit_type,
            r.standard_detection_limit,
            r.outcome,
        )
        for r in Result.objects.filter(batch=batch)
    }
    assert got == {
        ("S01-0.5", "7440-38-2"): (0.01, "MDL", 0.04, "LOQ", 0.01, "above_screening"),
        ("S01-0.5", "75-01-4"): (0.01, "MDL", 0.15, "RL", 0.01, "below_screening"),
        ("S01-1.0", "75-01-4"): (None, "", 0.15, "RL", 0.15, "indeterminate"),
        ("S01-1.5", "7439-92-1"): (None, "", 0.1, "RL", 0.1, "below_screening"),
    }


def test_a_bad_reporting_limit_stops_the_file(personas: Any, lab_plots: Any) -> None:
    rows = [
        _row("S01-0.5", "砷", "7440-38-2", "25", "0.01", "MDL", "0.04", "LOQ"),
        _row("S01-0.5", "铅", "7439-92-1", "30", "0.1", "MDL", "-1", "RL"),  # line 3
    ]
    before = Result.all_objects.count()
    batch = actions.import_edd(
        personas.frank, lab_plots.dc, file_name="bad.csv", data=csv_bytes(rows, header=HEADER), options=CLASS1
    )
    assert batch.status != ImportBatch.Status.ACCEPTED
    assert [(r["line"], r["field"]) for r in batch.report["rejected"]] == [(3, "reporting_limit")]
    assert Result.all_objects.count() == before
