"""Adapters from stored rows back to the engines' inputs (for `actions.rescreen` and the background-value sets).

`records_frame` turns stored results into the records frame `jingtu.engines.screening.screen` takes (the columns
of an `EddTable.records` the screening engine and `engine._rows` read; text columns categorical, as the EDD engine
gives them). `background_values` turns a stored set into `jingtu.engines.standards.BackgroundValues`, keyed for one
district. No rule lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

# stored Matrix values -> the EDD engine's matrix keys (the reverse of engine.MATRIX)
ENGINE_MATRIX = {"crop_tissue": "crop"}


def _cat(values: Sequence[str]) -> pd.Categorical:
    return pd.Categorical(list(values), categories=pd.Index(sorted(set(values)) or [""], dtype=object))


def _float(values: Sequence[float | None]) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.asarray([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def records_frame(results: Sequence[Any], plot_code: str) -> pd.DataFrame:
    """Records for the measured (not derived) stored `Result` rows, with ``line`` = position + 1 in ``results``
    (so a finding's ``row`` names the result, whatever file line it came from). The limit a non-detect is screened
    against is the stored detection limit, else the reporting limit; a detected result keeps its detection limit
    only (as the EDD engine does at import). The soil type is the file's, as stored; the district column is not
    stored (the plot's district is passed separately)."""
    n = len(results)
    samples = [r.sample for r in results]
    text = {
        "plot_code": [plot_code] * n,
        "point_code": [s.point.code for s in samples],
        "sample_code": [s.code for s in samples],
        "matrix": [ENGINE_MATRIX.get(s.matrix, s.matrix) for s in samples],
        "analyte": [r.analyte_name for r in results],
        "cas": ["" if r.analyte_key.startswith("name:") else r.analyte_key for r in results],
        "analyte_id": ["" if r.analyte_key.startswith("name:") else r.analyte_key for r in results],
        "value_raw": [r.raw_value for r in results],
        "dl_type": [r.detection_limit_type or r.reporting_limit_type for r in results],
        "rl_type": [r.reporting_limit_type for r in results],
        "unit": [r.unit for r in results],
        "basis": [r.basis for r in results],
        "method": [r.method_code for r in results],
        "lab_name": [r.lab_name for r in results],
        "lab_accreditation": [r.lab_accreditation_no for r in results],
        "lab_qualifier": [r.lab_qualifier for r in results],
        "validator_qualifier": [r.validator_qualifier for r in results],
        "final_qualifier": [r.final_qualifier for r in results],
        "district": [""] * n,
        "soil_type": [r.soil_type for r in results],
        "remark": [""] * n,
        "purpose": [""] * n,
    }
    frame = pd.DataFrame({"line": np.arange(1, n + 1, dtype=np.int64)})
    for col, values in text.items():
        frame[col] = _cat(values)
    frame["depth_top_m"] = _float([s.depth_top_m for s in samples])
    frame["depth_bottom_m"] = _float([s.depth_bottom_m for s in samples])
    frame["value"] = _float([r.value for r in results])
    frame["detected"] = np.asarray([bool(r.detected) for r in results], dtype=bool)
    frame["detection_limit"] = _float(
        [
            r.detection_limit if r.detection_limit is not None or r.detected else r.reporting_limit
            for r in results
        ]
    )
    frame["dl_reported"] = _float([r.detection_limit for r in results])
    frame["reporting_limit"] = _float([r.reporting_limit for r in results])
    frame["ph"] = _float([s.ph for s in samples])
    frame["sampled_at"] = pd.to_datetime(pd.Series([s.sampled_at for s in samples], dtype=object))
    frame["longitude"] = np.full(n, np.nan)
    frame["latitude"] = np.full(n, np.nan)
    return frame


def background_values(background_set: Any, district_code: str) -> Any:
    """The stored values of ``background_set`` as `BackgroundValues`, keyed for the district ``district_code``
    (`BackgroundValues.for_district`: the district's own values, else the general ones; other districts' dropped)."""
    from jingtu.engines.standards import BackgroundValue, BackgroundValues

    values = BackgroundValues(
        BackgroundValue(
            analyte_id=v.analyte_id,
            value=v.value_mg_kg,
            district=v.district_code or None,
            soil_type=v.soil_type or None,
            source=v.source,
            line=v.line_no,
        )
        for v in background_set.values.all()
    )
    return values.for_district(district_code)
