"""What is stored for GB 15618 (pH band, land use), GB/T 14848 (class) and the shipped example EDD (GB 36600 class 1
with groundwater rows against GB/T 14848; the m+p-xylene group sum computed by the engine)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import jingtu
from jingtu.labdata import actions
from jingtu.labdata.engine import ScreeningOptions
from jingtu.labdata.models import Result

EXAMPLE = Path(jingtu.__file__).parent / "data" / "edd" / "example_edd.csv"


def test_gb15618_stores_ph_band_and_land_use(personas: Any, lab_plots: Any) -> None:
    # GB 15618-2018 table 1, cadmium, paddy: 0.6 mg/kg for 6.5 < pH <= 7.5, 0.8 for pH > 7.5;
    # table 3 intervention: 3.0 (6.5 < pH <= 7.5), 4.0 (pH > 7.5)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["地块编号", "样品编号", "采样深度(m)", "检测项目", "CAS号", "检测结果", "单位", "pH"])
    w.writerow(["T-DC-001", "F1-0.2", "0-0.2", "镉", "7440-43-9", "0.7", "mg/kg", "7.0"])
    w.writerow(["T-DC-001", "F2-0.2", "0-0.2", "镉", "7440-43-9", "0.7", "mg/kg", "8.0"])
    batch = actions.import_edd(
        personas.bob,
        lab_plots.dc,
        file_name="paddy.csv",
        data=buf.getvalue().encode(),
        options=ScreeningOptions(standard="gb15618", land_use="paddy"),
    )
    assert batch.status == "accepted", batch.report
    r1 = Result.objects.get(sample__code="F1-0.2")
    r2 = Result.objects.get(sample__code="F2-0.2")
    assert (r1.outcome, r1.screening_value, r1.intervention_value) == ("above_screening", 0.6, 3.0)
    assert (r2.outcome, r2.screening_value, r2.intervention_value) == ("below_screening", 0.8, 4.0)
    assert r1.ph_band and r1.ph_band != r2.ph_band and r1.land_use == "paddy"
    assert "GB 15618" in r1.standard and r1.sample.ph == 7.0


def test_shipped_example_with_groundwater(personas: Any, lab_plots: Any) -> None:
    from jingtu.plots.actions import create_plot

    plot = create_plot(
        personas.alice,
        code="EX-2025-001",
        name="示例地块",
        district=personas.dongcheng,
        consultant_org=personas.geo,
    )
    batch = actions.import_edd(
        personas.frank,
        plot,
        file_name=EXAMPLE.name,
        data=EXAMPLE.read_bytes(),
        options=ScreeningOptions(standard="gb36600", land_class=1, groundwater=True),
    )
    assert batch.status == "accepted", batch.report
    assert batch.rows_total == batch.rows_accepted == 29 and batch.report["derived"] == 1
    by = {(r.sample.code, r.analyte_key): r for r in Result.objects.filter(batch=batch)}
    gw_as = by[("GW01", "7440-38-2")]  # 0.012 mg/L: class IV (III <= 0.01 < IV <= 0.05)
    assert (gw_as.gw_class, gw_as.outcome, gw_as.sample.matrix) == ("IV", "above_screening", "groundwater")
    pb_deep = by[("S01-2.0", "7439-92-1")]  # 950 mg/kg > 800 (class 1 intervention)
    assert pb_deep.outcome == "above_intervention" and pb_deep.clause.startswith("GB 36600-2018")
    xylenes = [r for r in by.values() if r.derived]
    assert len(xylenes) == 1 and xylenes[0].raw_value == "" and xylenes[0].screening_value == 163.0
    teq = by[("S01-0.5", "JT:PCDDF-TEQ")]  # 15 ng TEQ/kg = 1.5e-5 mg/kg > 1e-5 (class 1 screening)
    assert teq.raw_value == "15" and teq.unit == "ng TEQ/kg" and teq.outcome == "above_screening"
