"""Risk fixtures: a Dongcheng plot (responsible Zenith, consultant Geo) and a Chaoyang plot (Acme), each with
stored lab data (sampling points, samples, results rows as the EDD importer stores them), for the assessment and
for scoping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

# (sample, point, depth top, depth bottom, matrix, analyte name, CAS, value|None, detected, dl, unit)
# Dongcheng plot T-RK-DC: benzene in soil in µg/kg (stored as reported; the assessment converts to mg/kg), arsenic in
# mg/kg, one groundwater benzene result in µg/L, and a soil-gas row that the assessment leaves out.
DC_ROWS = [
    ("B1-0.5", "B1", 0.0, 0.5, "soil", "苯", "71-43-2", 5200.0, True, 1.0, "µg/kg"),
    ("B2-0.5", "B2", 0.0, 0.5, "soil", "苯", "71-43-2", 1800.0, True, 1.0, "µg/kg"),
    ("B3-0.5", "B3", 0.0, 0.5, "soil", "苯", "71-43-2", None, False, 1.9, "µg/kg"),
    ("B1-3.0", "B1", 2.5, 3.0, "soil", "苯", "71-43-2", 8000.0, True, 1.0, "µg/kg"),
    ("B2-3.0", "B2", 2.5, 3.0, "soil", "苯", "71-43-2", 650.0, True, 1.0, "µg/kg"),
    ("B1-0.5", "B1", 0.0, 0.5, "soil", "砷", "7440-38-2", 25.0, True, 0.01, "mg/kg"),
    ("B2-0.5", "B2", 0.0, 0.5, "soil", "砷", "7440-38-2", 12.0, True, 0.01, "mg/kg"),
    ("B3-0.5", "B3", 0.0, 0.5, "soil", "砷", "7440-38-2", 18.5, True, 0.01, "mg/kg"),
    ("B1-3.0", "B1", 2.5, 3.0, "soil", "砷", "7440-38-2", 9.1, True, 0.01, "mg/kg"),
    ("B2-3.0", "B2", 2.5, 3.0, "soil", "砷", "7440-38-2", None, False, 0.5, "mg/kg"),
    ("W1", "W1", None, None, "groundwater", "苯", "71-43-2", 35.0, True, 0.4, "µg/L"),
    ("G1", "G1", 1.0, 1.0, "soil_gas", "苯", "71-43-2", 120.0, True, 1.0, "µg/m3"),
]
# The same data as the engine takes it: (cas, layer, value mg/kg | mg/L, detected, detection limit)
DC_ENGINE_INPUTS = [
    ("71-43-2", "surface", 5.2, True, 0.001),
    ("71-43-2", "surface", 1.8, True, 0.001),
    ("71-43-2", "surface", None, False, 0.0019),
    ("71-43-2", "subsurface", 8.0, True, 0.001),
    ("71-43-2", "subsurface", 0.65, True, 0.001),
    ("7440-38-2", "surface", 25.0, True, 0.01),
    ("7440-38-2", "surface", 12.0, True, 0.01),
    ("7440-38-2", "surface", 18.5, True, 0.01),
    ("7440-38-2", "subsurface", 9.1, True, 0.01),
    ("7440-38-2", "subsurface", None, False, 0.5),
    ("71-43-2", "groundwater", 0.035, True, 0.0004),
]
CY_ROWS = [("C1-0.5", "C1", 0.0, 0.5, "soil", "砷", "7440-38-2", 8.0, True, 0.01, "mg/kg")]


def store_lab_data(
    plot: Any, rows: list[tuple[Any, ...]], submitted_by: Any = None, receipt: str = ""
) -> None:
    """Store points, samples and results for `plot` as the EDD importer would (one accepted batch)."""
    from jingtu.labdata.models import ImportBatch, Result, Sample, SamplingPoint

    batch = ImportBatch.objects.create(
        receipt=receipt or f"T-{plot.code}", plot=plot, submitted_by=submitted_by, file_name=f"{plot.code}.csv",
        sha256=(plot.code * 64)[:64], status=ImportBatch.Status.ACCEPTED, rows_total=len(rows),
        rows_accepted=len(rows),
    )  # fmt: skip
    points: dict[str, Any] = {}
    samples: dict[str, Any] = {}
    for line, (sc, pc, top, bottom, matrix, name, cas, value, det, dl, unit) in enumerate(rows, start=2):
        if pc not in points:
            points[pc] = SamplingPoint.objects.create(
                plot=plot, code=pc, submitted_by=submitted_by, batch=batch
            )
        if sc not in samples:
            samples[sc] = Sample.objects.create(
                plot=plot, point=points[pc], code=sc, depth_top_m=top, depth_bottom_m=bottom, matrix=matrix,
                submitted_by=submitted_by, batch=batch,
            )  # fmt: skip
        Result.objects.create(
            plot=plot, sample=samples[sc], batch=batch, line_no=line, submitted_by=submitted_by, analyte_key=cas,
            analyte_name=name, raw_value=str(value) if det else "ND", value=value, detected=det, detection_limit=dl,
            unit=unit, outcome="not_screened",
        )  # fmt: skip


@dataclass
class RiskPlots:
    dc: Any
    cy: Any


@pytest.fixture
def risk_plots(personas: Any) -> RiskPlots:
    from jingtu.plots.actions import create_plot

    dc = create_plot(
        personas.alice,
        code="T-RK-DC",
        name="东城风险评估测试地块",
        district=personas.dongcheng,
        responsible_org=personas.zenith,
        consultant_org=personas.geo,
        land_use_planned="R2",
    )
    cy = create_plot(
        personas.alice,
        code="T-RK-CY",
        name="朝阳风险评估测试地块",
        district=personas.chaoyang,
        responsible_org=personas.acme,
        land_use_planned="M1",
    )
    store_lab_data(dc, DC_ROWS, submitted_by=personas.geo)
    store_lab_data(cy, CY_ROWS)
    return RiskPlots(dc=dc, cy=cy)


def edd_rows(plot_code: str = "T-RK-DC") -> list[list[str]]:
    """DC_ROWS (soil and groundwater) as EDD rows for the importer (`tests/labdata/edd.py` layout)."""
    from tests.labdata.edd import row

    out = []
    for sc, pc, top, bottom, matrix, name, cas, value, det, dl, unit in DC_ROWS:
        if matrix == "soil_gas":
            continue
        depth = f"{top:g}-{bottom:g}" if top is not None else ""
        out.append(
            row(sc, name, cas, f"{value:g}" if det else "ND", plot=plot_code, point=pc, depth=depth, unit=unit,
                dl=f"{dl:g}", matrix="地下水" if matrix == "groundwater" else "土壤")
        )  # fmt: skip
    return out
