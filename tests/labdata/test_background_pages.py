"""Pages of the background-value sets and of re-screening: list / upload / detail / retire, the set used shown on
the import report and the results page, the re-screen button and form; scoping per persona."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jingtu.core.models import AuditEvent
from jingtu.labdata.models import BackgroundSet, BackgroundValueEntry, ImportBatch, Result

from .edd import csv_bytes, row
from .test_background import ARSENIC_ROWS, AS, bg_csv, upload


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post_set(c: Client, data: bytes, scope: str, **extra: str) -> Any:
    return c.post(
        "/labdata/background/upload/",
        {
            "name": "东城区土壤背景值",
            "version": "2024.1",
            "source": "东城区土壤环境背景值调查（2023）表2",
            "scope": scope,
            "file": SimpleUploadedFile("背景值.csv", data, "text/csv"),
            "activate": "on",
            **extra,
        },
    )


def test_upload_list_detail_and_retire_through_the_pages(personas: Any) -> None:
    c = _client(personas.bob)
    home = c.get("/labdata/").content.decode()
    assert 'href="/labdata/background/"' in home
    form = c.get("/labdata/background/upload/").content.decode()
    assert f'value="{personas.dongcheng.pk}"' in form and 'value="municipal"' not in form
    resp = _post_set(c, bg_csv(f"{AS},30,mg/kg,,,东城区调查"), str(personas.dongcheng.pk))
    bs = BackgroundSet.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/labdata/background/{bs.pk}/"
    assert (bs.district, bs.active, bs.n_values, bs.uploaded_by) == (
        personas.dongcheng,
        True,
        1,
        personas.bob,
    )
    detail = c.get(resp["Location"]).content.decode()
    assert "东城区土壤环境背景值调查（2023）表2" in detail and AS in detail and 'data-active="1"' in detail
    listing = c.get("/labdata/background/").content.decode()
    assert "东城区土壤背景值" in listing and "2024.1" in listing
    assert "上传背景值" in listing and "现行" in listing  # Chinese first (zh-hans)
    resp = c.post(f"/labdata/background/{bs.pk}/state/", {"do": "retire", "reason": "新调查"})
    bs.refresh_from_db()
    assert resp.status_code == 302 and not bs.active
    assert AuditEvent.objects.filter(action="labdata.retire_background_set", object_id=str(bs.pk)).exists()
    resp = c.post(f"/labdata/background/{bs.pk}/state/", {"do": "delete", "reason": ""})
    assert BackgroundSet.objects.filter(pk=bs.pk).exists()  # a reason is required
    c.post(f"/labdata/background/{bs.pk}/state/", {"do": "delete", "reason": "上传错误"})
    assert (
        not BackgroundSet.objects.filter(pk=bs.pk).exists()
        and BackgroundSet.all_objects.get(pk=bs.pk).is_deleted
    )


def test_bad_file_through_the_page_names_line_and_field_and_stores_nothing(personas: Any) -> None:
    c = _client(personas.alice)
    resp = _post_set(c, bg_csv(f"{AS},30,mg/kg,,,a", f"{AS},abc,mg/kg,110101,,b"), "municipal")
    assert resp.status_code == 200
    err = resp.context["error"]
    assert (err.file, err.line, err.field) == ("背景值.csv", 4, "value")
    box = resp.content.decode().split('id="background-error"')[1].split("</div>")[0]
    assert "背景值.csv" in box and "4" in box and "value" in box and "abc" in box
    assert BackgroundSet.all_objects.count() == 0 and BackgroundValueEntry.all_objects.count() == 0
    # a district bureau cannot choose the municipal scope
    resp = _post_set(_client(personas.bob), bg_csv(f"{AS},30,mg/kg,,,a"), "municipal")
    assert resp.status_code == 200 and BackgroundSet.all_objects.count() == 0


def test_a_reason_of_the_actions_layer_is_shown_in_chinese(personas: Any) -> None:
    resp = _post_set(_client(personas.alice), bg_csv(f"{AS},30,mg/kg,火星区,,a"), "municipal")
    box = resp.content.decode().split('id="background-error-reason"')[1].split("</span>")[0]
    assert "无法识别的区县" in box and "火星区" in box
    assert BackgroundSet.all_objects.count() == 0


def test_scoping_of_the_pages(personas: Any) -> None:
    dc = upload(
        personas.bob, bg_csv(f"{AS},30,mg/kg,,,东城区调查"), district=personas.dongcheng, name="东城背景"
    )
    carol = _client(personas.carol)
    assert "东城背景" not in carol.get("/labdata/background/").content.decode()
    assert carol.get(f"/labdata/background/{dc.pk}/").status_code == 404
    assert carol.post(f"/labdata/background/{dc.pk}/state/", {"do": "retire"}).status_code == 404
    dc.refresh_from_db()
    assert dc.active
    assert _client(personas.frank).get("/labdata/background/upload/").status_code == 403
    assert _client(personas.dave).get("/labdata/background/upload/").status_code == 403
    dave_detail = _client(personas.dave).get(f"/labdata/background/{dc.pk}/").content.decode()
    assert "东城背景" in dave_detail and 'id="background-state"' not in dave_detail  # reads, cannot change
    assert _client(personas.paul).get("/labdata/background/").status_code == 200


def test_import_and_results_show_the_set_and_rescreen_through_the_page(personas: Any, lab_plots: Any) -> None:
    frank = _client(personas.frank)
    resp = frank.post(
        "/labdata/plots/T-DC-001/upload/",
        {
            "file": SimpleUploadedFile("edd.csv", csv_bytes(ARSENIC_ROWS)),
            "standard": "gb36600",
            "land_class": "1",
        },
    )
    assert resp.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.background_set is None
    assert 'id="background-used">' in frank.get(resp["Location"]).content.decode()

    dc = upload(
        personas.bob, bg_csv(f"{AS},30,mg/kg,,,东城区调查"), district=personas.dongcheng, name="东城背景"
    )
    bob = _client(personas.bob)
    results = bob.get("/labdata/plots/T-DC-001/results/").content.decode()
    assert "重新筛选" in results and "筛选依据" in results
    assert 'id="rescreen"' in results and "东城背景" in results.split('id="background-now"')[1][:300]
    assert (
        'id="rescreen"' not in _client(personas.dave).get("/labdata/plots/T-DC-001/results/").content.decode()
    )
    page = bob.get("/labdata/plots/T-DC-001/rescreen/").content.decode()
    assert "东城背景" in page and 'id="rescreen-form"' in page
    resp = bob.post(
        "/labdata/plots/T-DC-001/rescreen/",
        {"standard": "gb36600", "land_class": "1", "groundwater": "on", "reason": "背景值发布"},
    )
    assert resp.status_code == 302
    r = Result.objects.get(plot=lab_plots.dc, sample__code="S01-0.5", analyte_key=AS)
    assert r.outcome == "within_background" and r.background_set == dc
    table = bob.get(resp["Location"]).content.decode()
    assert 'data-outcome="within_background"' in table
    basis = table.split('id="screening-basis"')[1].split("</table>")[0]
    assert "东城背景" in basis and "东城区调查" not in basis  # the set's source, not a value's
    assert AuditEvent.objects.filter(action="labdata.rescreen").count() == 1

    # a later upload to the plot names the set on its report
    resp = frank.post(
        "/labdata/plots/T-DC-001/upload/",
        {"file": SimpleUploadedFile("e2.csv", csv_bytes([row("S03-0.5", "砷", AS, "28")])), "standard": "gb36600",
         "land_class": "1"},
    )  # fmt: skip
    report = frank.get(resp["Location"]).content.decode()
    assert "东城背景" in report.split('id="background-used"')[1][:200]


def test_who_may_open_the_rescreen_page(personas: Any, lab_plots: Any) -> None:
    assert (
        _client(personas.carol).get("/labdata/plots/T-DC-001/rescreen/").status_code == 404
    )  # cannot see it
    assert (
        _client(personas.erin).get("/labdata/plots/T-CY-001/rescreen/").status_code == 403
    )  # sees, not a writer
    assert _client(personas.dave).get("/labdata/plots/T-DC-001/rescreen/").status_code == 403
    resp = _client(personas.bob).post(
        "/labdata/plots/T-DC-001/rescreen/", {"standard": "gb36600", "land_class": "1"}
    )
    assert resp.status_code == 200  # no results yet: the form again, with the message
    assert [m.level_tag for m in resp.context["messages"]] == ["error"]
    assert not AuditEvent.objects.filter(action="labdata.rescreen").exists()
