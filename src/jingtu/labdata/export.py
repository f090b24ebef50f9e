"""Excel export of a plot's results (xlsxwriter, constant-memory mode so large plots stream to disk)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.utils.translation import gettext as _

from jingtu.labdata.models import Result


def columns() -> list[tuple[str, str]]:
    """(header, attribute path) in sheet order."""
    return [
        (_("Point"), "sample.point.code"),
        (_("Sample"), "sample.code"),
        (_("Depth top (m)"), "sample.depth_top_m"),
        (_("Depth bottom (m)"), "sample.depth_bottom_m"),
        (_("Matrix"), "sample.matrix"),
        (_("Analyte as reported"), "analyte_name"),
        (_("Analyte (standard name)"), "analyte_std_name"),
        (_("CAS / code"), "analyte_key"),
        (_("Result as reported"), "raw_value"),
        (_("Value"), "value"),
        (_("Detected"), "detected"),
        (_("Detection limit"), "detection_limit"),
        (_("Unit"), "unit"),
        (_("Value in the standard's unit"), "compared_value"),
        (_("Standard's unit"), "standard_unit"),
        (_("Screening value"), "screening_value"),
        (_("Intervention value"), "intervention_value"),
        (_("Outcome"), "outcome"),
        (_("Reason"), "outcome_reason"),
        (_("Standard"), "standard"),
        (_("Standard version"), "standard_version"),
        (_("Method"), "method_code"),
        (_("Laboratory"), "lab_name"),
        (_("Receipt"), "batch.receipt"),
        (_("Line in file"), "line_no"),
    ]


def _get(obj: object, path: str) -> object:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def results_xlsx(results: Iterable[Result], *, title: str) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    ws = wb.add_worksheet(_("Results")[:31])
    bold = wb.add_format({"bold": True})
    red = wb.add_format({"font_color": "#c0392b", "bold": True})
    amber = wb.add_format({"font_color": "#b36b00"})
    cols = columns()
    ws.write(0, 0, title, bold)
    for c, (header, _path) in enumerate(cols):
        ws.write(1, c, header, bold)
    outcome_col = [p for _h, p in cols].index("outcome")
    r = 2
    for res in results:
        for c, (_h, path) in enumerate(cols):
            v = _get(res, path)
            if path == "outcome":
                fmt = red if v == "above_intervention" else amber if v == "above_screening" else None
                ws.write(r, c, str(res.get_outcome_display()), fmt)
                continue
            if isinstance(v, bool):
                v = _("yes") if v else _("no")
            if v is None:
                ws.write_blank(r, c, None)
            else:
                ws.write(r, c, v)
        r += 1
    ws.freeze_panes(2, 0)
    ws.set_column(0, len(cols) - 1, 14)
    ws.set_column(outcome_col, outcome_col, 22)
    wb.close()
    return buf.getvalue()
