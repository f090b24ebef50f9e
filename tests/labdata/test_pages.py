"""Pages: upload -> report, exceedance table with filters, Excel export (opened with openpyxl), SVG chart."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from jingtu.labdata.models import ImportBatch, Result

from .edd import GOOD_ROWS, csv_bytes, row


def _upload(c: Client, data: bytes, *, land_class: str = "1") -> Any:
    return c.post(
        "/labdata/plots/T-DC-001/upload/",
        {
            "file": SimpleUploadedFile("edd.csv", data, "text/csv"),
            "standard": "gb36600",
            "land_class": land_class,
        },
    )


def test_upload_report_table_export_chart(personas: Any, lab_plots: Any) -> None:
    c = Client()
    c.force_login(personas.frank)
    resp = _upload(c, csv_bytes(GOOD_ROWS))
    assert resp.status_code == 302, resp.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    assert resp["Location"].endswith(f"/labdata/imports/{batch.receipt}/")
    report = c.get(resp["Location"]).content.decode()
    assert batch.receipt in report and 'data-status="accepted"' in report

    # default view: exceedances only (above screening or intervention)
    table = c.get("/labdata/plots/T-DC-001/results/").content.decode()
    assert table.count('data-outcome="above_screening"') == 3
    assert table.count('data-outcome="above_intervention"') == 1
    assert 'data-outcome="below_screening"' not in table
    only_pb = c.get("/labdata/plots/T-DC-001/results/?outcome=&analyte=7439-92-1").content.decode()
    assert only_pb.count('<tr class="outcome-') == 2
    deep = c.get("/labdata/plots/T-DC-001/results/?outcome=&depth_min=1").content.decode()
    assert deep.count('<tr class="outcome-') == 3  # the three S01-2.0 (1.5–2.0 m) results

    xlsx = c.get("/labdata/plots/T-DC-001/results.xlsx?outcome=")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    header, data = rows[1], rows[2:]
    assert len(data) == Result.objects.count() == len(GOOD_ROWS)
    col = {h: i for i, h in enumerate(header)}
    by_sample = {(r[col[header[1]]], r[col[header[7]]]): r for r in data}  # (sample, CAS)
    pb = by_sample[("S01-2.0", "7439-92-1")]
    assert (
        pb[col[header[8]]] == "950" and pb[col[header[16]]] == 800
    )  # raw result; intervention value (class 1)

    chart = c.get("/labdata/plots/T-DC-001/chart/7439-92-1/").content.decode()
    assert "<svg" in chart and chart.count('class="pt"') == 2 and "limit-screening" in chart
    assert "limit-intervention" in chart


def test_rejected_upload_shows_lines_and_duplicate_is_refused(personas: Any, lab_plots: Any) -> None:
    c = Client()
    c.force_login(personas.bob)
    bad = csv_bytes([*GOOD_ROWS[:2], row("S09-0.5", "铅", "7439-92-1", "abc")])
    resp = _upload(c, bad)
    page = c.get(resp["Location"]).content.decode()
    assert 'data-status="rejected"' in page and '<td class="r">4</td><td>value</td>' in page
    assert Result.objects.count() == 0
    good = csv_bytes(GOOD_ROWS)
    _upload(c, good)
    receipt = ImportBatch.objects.get(status="accepted").receipt
    again = _upload(c, good)
    assert again.status_code == 200 and receipt in again.content.decode()
    assert Result.objects.count() == len(GOOD_ROWS)


def test_enterprise_cannot_open_the_upload_page(personas: Any, lab_plots: Any) -> None:
    c = Client()
    c.force_login(personas.erin)
    lab_plots.cy.refresh_from_db()
    assert c.get("/labdata/plots/T-CY-001/upload/").status_code == 403


def test_template_and_example_downloads(personas: Any, lab_plots: Any, tmp_path: Any) -> None:
    from jingtu.engines.edd import COLUMNS, SCHEMA_VERSION, read_edd

    c = Client()
    c.force_login(personas.frank)
    page = c.get("/labdata/plots/T-DC-001/upload/").content.decode()
    assert "/labdata/edd/edd_template.xlsx" in page and "/labdata/edd/example_edd.csv" in page
    resp = c.get("/labdata/edd/edd_template.xlsx")
    assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"]
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(resp.streaming_content))
    wb = load_workbook(path, read_only=True)
    headers = [c_.value for c_ in next(wb.worksheets[0].iter_rows(max_row=1))]
    assert headers == [col.header_zh for col in COLUMNS]  # the shipped template is the current schema
    wb.close()
    t = read_edd(path)
    assert t.schema_version == SCHEMA_VERSION and t.rejected == []
    example = c.get("/labdata/edd/example_edd.csv")
    assert example.status_code == 200 and "样品编号".encode() in b"".join(example.streaming_content)
    assert c.get("/labdata/edd/..%2Fsettings.py").status_code == 404
    c.logout()
    assert c.get("/labdata/edd/edd_template.xlsx").status_code == 302  # login required


def test_chart_keeps_soil_and_groundwater_apart(personas: Any, lab_plots: Any) -> None:
    rows = [
        row("S01-0.5", "砷", "7440-38-2", "25"),
        row("S01-2.0", "砷", "7440-38-2", "18.2", depth="1.5-2.0"),
        row("GW01", "砷", "7440-38-2", "0.012", unit="mg/L", dl="0.0003", matrix="地下水", depth="3.0"),
    ]
    c = Client()
    c.force_login(personas.frank)
    resp = c.post(
        "/labdata/plots/T-DC-001/upload/",
        {
            "file": SimpleUploadedFile("edd.csv", csv_bytes(rows), "text/csv"),
            "standard": "gb36600",
            "land_class": "1",
            "groundwater": "on",  # groundwater rows against GB/T 14848
        },
    )
    assert resp.status_code == 302
    soil = c.get("/labdata/plots/T-DC-001/chart/7440-38-2/").content.decode()
    # GW01 sorts first, but the chart defaults to the medium with most results; GB 36600 class-1 limits in mg/kg
    assert soil.count('class="pt"') == 2 and 'data-matrix="soil"' in soil and "GB 36600" in soil
    assert "?matrix=groundwater" in soil and "(mg/kg)" in soil and "其他介质" in soil
    gw = c.get("/labdata/plots/T-DC-001/chart/7440-38-2/?matrix=groundwater").content.decode()
    assert gw.count('class="pt"') == 1 and 'data-matrix="groundwater"' in gw and "GB/T 14848" in gw
    assert "(mg/L)" in gw and "?matrix=soil" in gw
