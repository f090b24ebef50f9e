"""Background-value sets (GB 36600-2018 table 1 note ①): upload (good and bad files: file, line and field named,
nothing stored), permissions per persona, scoping, versions (one active set per scope), the import screening with
the plot's set (within_background stored with the set used), and re-screening of stored results (outcomes and
limits updated, history rows, one audit event)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from jingtu.core import access
from jingtu.core.models import AuditEvent
from jingtu.labdata import actions
from jingtu.labdata.engine import ScreeningOptions
from jingtu.labdata.models import BackgroundSet, BackgroundValueEntry, ImportBatch, Result

from .edd import ZH, csv_bytes, row

CLASS1 = ScreeningOptions(standard="gb36600", land_class=1)
CLASS2 = ScreeningOptions(standard="gb36600", land_class=2)
HEAD = "# test values\nanalyte_id,value,unit,district,soil_type,source\n"
AS = "7440-38-2"


def bg_csv(*lines: str) -> bytes:
    return (HEAD + "".join(line + "\n" for line in lines)).encode("utf-8")


def upload(
    user: Any, data: bytes, *, district: Any = None, version: str = "2024", **kw: Any
) -> BackgroundSet:
    return actions.upload_background_set(
        user,
        name=kw.pop("name", "北京市土壤背景值"),
        version=version,
        source=kw.pop("source", "北京市土壤环境背景值调查报告 表3"),
        district=district,
        file_name=kw.pop("file_name", "bg.csv"),
        data=data,
        **kw,
    )


def _nothing_stored() -> None:
    assert BackgroundSet.all_objects.count() == 0
    assert BackgroundValueEntry.all_objects.count() == 0
    assert BackgroundSet.history.count() == 0 and BackgroundValueEntry.history.count() == 0
    assert not AuditEvent.objects.filter(action__contains="background").exists()


def test_upload_stores_the_values_with_history_and_an_audit_event(personas: Any) -> None:
    bs = upload(
        personas.alice,
        bg_csv(
            f"{AS},30,mg/kg,东城区,,survey A", "砷,22000,µg/kg,,,survey B", "钴,15,mg/kg,110105,潮土,survey C"
        ),
    )
    assert (bs.n_values, bs.active, bs.district, bs.file_name) == (3, True, None, "bg.csv")
    vals = {(v.line_no, v.analyte_id, v.district_code, v.soil_type): v.value_mg_kg for v in bs.values.all()}
    assert vals == {
        (3, AS, "110101", ""): 30.0,  # district name written in the file -> GB/T 2260 code
        (4, AS, "", ""): pytest.approx(22.0),  # µg/kg -> mg/kg
        (5, "7440-48-4", "110105", "潮土"): 15.0,
    }
    assert BackgroundValueEntry.history.filter(history_type="+").count() == 3
    assert BackgroundSet.history.filter(id=bs.pk, history_type="+").count() == 1
    ev = AuditEvent.objects.get(action="labdata.upload_background_set")
    assert ev.object_id == str(bs.pk) and ev.changes["source"] == "北京市土壤环境背景值调查报告 表3"


BAD_FILES = [
    ("not a number", bg_csv(f"{AS},30,mg/kg,,,a", f"{AS},abc,mg/kg,110101,,b"), 4, "value"),
    ("negative", bg_csv(f"{AS},-1,mg/kg,,,a"), 3, "value"),
    ("unit not a mass fraction", bg_csv(f"{AS},1,mg/L,,,a"), 3, "unit"),
    ("unknown analyte", bg_csv(f"{AS},1,mg/kg,,,a", "不存在的物质,1,mg/kg,,,a"), 4, "analyte_id"),
    ("same key twice", bg_csv(f"{AS},1,mg/kg,,,a", "砷,2,mg/kg,,,b"), 4, "analyte_id"),
    ("unknown district", bg_csv(f"{AS},1,mg/kg,,,a", f"{AS},1,mg/kg,火星区,,a"), 4, "district"),
    (
        "name and code of one district",
        bg_csv(f"{AS},1,mg/kg,东城区,,a", f"{AS},2,mg/kg,110101,,a"),
        4,
        "district",
    ),
    ("no values", bg_csv(), 1, "file"),
    ("value column missing", b"analyte_id,unit\n7440-38-2,mg/kg\n", 1, "value"),
    ("not text", b"\xff\xfe\x00\x81\x00", 1, "file"),
]


@pytest.mark.parametrize(("what", "data", "line", "field"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_names_file_line_and_field_and_stores_nothing(
    personas: Any, what: str, data: bytes, line: int, field: str
) -> None:
    with pytest.raises(actions.BackgroundSetInvalid) as info:
        upload(personas.alice, data, file_name="我的背景值.csv")
    err = info.value
    assert (err.file, err.line, err.field) == ("我的背景值.csv", line, field), str(err)
    assert f"我的背景值.csv: line {line}: {field}: " in str(err)
    _nothing_stored()


def test_district_set_holds_only_its_district(personas: Any) -> None:
    with pytest.raises(actions.BackgroundSetInvalid) as info:
        upload(
            personas.bob, bg_csv(f"{AS},1,mg/kg,,,a", f"{AS},2,mg/kg,朝阳区,,a"), district=personas.dongcheng
        )
    assert (info.value.line, info.value.field) == (4, "district")
    _nothing_stored()


def test_source_is_required_and_a_version_is_stored_once(personas: Any) -> None:
    with pytest.raises(actions.BackgroundSetInvalid) as info:
        upload(personas.alice, bg_csv(f"{AS},1,mg/kg,,,a"), source="  ")
    assert (info.value.line, info.value.field) == (None, "source")
    _nothing_stored()
    upload(personas.alice, bg_csv(f"{AS},1,mg/kg,,,a"))
    with pytest.raises(actions.BackgroundSetInvalid) as info:
        upload(personas.alice, bg_csv(f"{AS},2,mg/kg,,,a"))
    assert info.value.field == "version"
    assert BackgroundSet.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "scope", "allowed"),
    [
        ("alice", None, True),
        ("alice", "dongcheng", True),
        ("bob", "dongcheng", True),
        ("bob", None, False),  # a district bureau cannot write the municipal set
        ("bob", "chaoyang", False),
        ("carol", "dongcheng", False),
        ("dave", None, False),
        ("dan", "dongcheng", False),
        ("erin", None, False),
        ("frank", "dongcheng", False),
        ("paul", None, False),
    ],
)
def test_who_may_upload(personas: Any, who: str, scope: str | None, allowed: bool) -> None:
    user = getattr(personas, who)
    district = getattr(personas, scope) if scope else None
    data = bg_csv(f"{AS},30,mg/kg,,,a")
    if allowed:
        assert upload(user, data, district=district).district == district
    else:
        with pytest.raises(PermissionDenied):
            upload(user, data, district=district)
        _nothing_stored()


def test_scoping_district_sets_stay_in_the_district_the_municipal_set_is_readable(personas: Any) -> None:
    dc = upload(personas.bob, bg_csv(f"{AS},30,mg/kg,,,a"), district=personas.dongcheng)
    muni = upload(personas.alice, bg_csv(f"{AS},22,mg/kg,,,a"))
    seen = {
        who: set(access.scope(getattr(personas, who), BackgroundSet.objects.all()))
        for who in ("alice", "bob", "carol", "dave", "dan", "erin", "frank", "paul")
    }
    # the municipal set is reference data every signed-in user may read; a district's set stays in the district
    assert seen["alice"] == seen["dave"] == seen["bob"] == seen["dan"] == {dc, muni}
    assert seen["carol"] == seen["erin"] == seen["frank"] == {muni}
    assert seen["paul"] == set()
    values = access.scope(personas.carol, BackgroundValueEntry.objects.all())
    assert {v.background_set for v in values} == {muni}
    assert access.can(personas.carol, "view", muni) and not access.can(personas.carol, "view", dc)
    assert not access.can(personas.carol, "change", muni) and not access.can(personas.paul, "view", muni)
    with pytest.raises(PermissionDenied):
        actions.set_background_active(personas.bob, muni, active=False)
    with pytest.raises(PermissionDenied):
        actions.set_background_active(personas.carol, dc, active=False)
    with pytest.raises(PermissionDenied):
        actions.delete_background_set(personas.carol, dc, reason="not mine")
    dc.refresh_from_db()
    assert dc.active and not dc.is_deleted


def test_a_new_version_retires_the_active_set_of_its_scope(personas: Any) -> None:
    v1 = upload(personas.bob, bg_csv(f"{AS},30,mg/kg,,,a"), district=personas.dongcheng, version="v1")
    muni = upload(personas.alice, bg_csv(f"{AS},22,mg/kg,,,a"))
    v2 = upload(personas.bob, bg_csv(f"{AS},35,mg/kg,,,a"), district=personas.dongcheng, version="v2")
    v1.refresh_from_db()
    muni.refresh_from_db()
    assert (v1.active, v2.active, muni.active) == (False, True, True)  # the municipal set is another scope
    assert v1.history.filter(history_type="~", active=False).exists()
    assert (
        AuditEvent.objects.filter(action="labdata.retire_background_set", object_id=str(v1.pk)).count() == 1
    )
    actions.set_background_active(personas.bob, v1, active=True, reason="v2 withdrawn")
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.active, v2.active) == (True, False)
    actions.delete_background_set(personas.bob, v1, reason="uploaded by mistake")
    assert (
        not BackgroundSet.objects.filter(pk=v1.pk).exists()
        and BackgroundSet.all_objects.get(pk=v1.pk).is_deleted
    )


ARSENIC_ROWS = [
    row("S01-0.5", "砷", AS, "25"),  # class 1: 20 < 25 <= 120; background 30 -> within_background
    row("S02-0.5", "砷", AS, "45"),  # above background 30 -> above_screening
    row("S01-0.5", "铅", "7439-92-1", "480"),  # Pb has no note ① -> above_screening in class 1
    row("S01-0.5", "间二甲苯", "108-38-3", "100"),
    row("S01-0.5", "对二甲苯", "106-42-3", "70"),  # m+p sum 170 > 163 (class 1), <= 570 (class 2)
]


def _import(user: Any, plot: Any, rows: list[list[str]], options: ScreeningOptions = CLASS1) -> ImportBatch:
    batch = actions.import_edd(user, plot, file_name="edd.csv", data=csv_bytes(rows), options=options)
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    return batch


def _outcomes(plot: Any) -> dict[tuple[str, str], str]:
    return {(r.sample.code, r.analyte_key): r.outcome for r in Result.objects.filter(plot=plot)}


def test_import_uses_the_district_set_and_records_it(personas: Any, lab_plots: Any) -> None:
    upload(personas.alice, bg_csv(f"{AS},22,mg/kg,,,municipal"))  # municipal: 25 > 22
    dc = upload(personas.bob, bg_csv(f"{AS},30,mg/kg,,,东城区调查"), district=personas.dongcheng)
    batch = _import(personas.frank, lab_plots.dc, ARSENIC_ROWS)
    assert batch.background_set == dc
    out = _outcomes(lab_plots.dc)
    assert out[("S01-0.5", AS)] == "within_background"
    assert out[("S02-0.5", AS)] == "above_screening"
    assert out[("S01-0.5", "7439-92-1")] == "above_screening"
    r = Result.objects.get(plot=lab_plots.dc, sample__code="S01-0.5", analyte_key=AS)
    assert r.background_set == dc and "background value 30" in r.outcome_reason and r.screening_value == 20.0
    assert batch.report["summary"]["within_background"] == 1
    ev = AuditEvent.objects.get(action="labdata.import_edd")
    assert ev.changes["background_set"] == str(dc)


def test_import_falls_back_to_the_municipal_set(personas: Any, lab_plots: Any) -> None:
    muni = upload(personas.alice, bg_csv(f"{AS},30,mg/kg,,,municipal", f"{AS},50,mg/kg,110101,,dc"))
    upload(personas.bob, bg_csv(f"{AS},40,mg/kg,,,dc v1"), district=personas.dongcheng, activate=False)
    rows = [row("S01-0.5", "砷", AS, "25", plot="T-CY-001")]
    batch = _import(personas.carol, lab_plots.cy, rows)  # Chaoyang has no set: municipal general value 30
    assert batch.background_set == muni
    assert _outcomes(lab_plots.cy)[("S01-0.5", AS)] == "within_background"
    rows = [row("S01-0.5", "砷", AS, "45")]
    batch = _import(
        personas.bob, lab_plots.dc, rows
    )  # Dongcheng's own set is retired: municipal 110101 row, 50
    assert batch.background_set == muni and _outcomes(lab_plots.dc)[("S01-0.5", AS)] == "within_background"


def test_without_a_set_nothing_is_within_background(personas: Any, lab_plots: Any) -> None:
    batch = _import(personas.frank, lab_plots.dc, ARSENIC_ROWS)
    assert batch.background_set is None
    assert _outcomes(lab_plots.dc)[("S01-0.5", AS)] == "above_screening"


def test_rescreen_updates_outcomes_with_history_and_one_audit_event(personas: Any, lab_plots: Any) -> None:
    batch = _import(personas.frank, lab_plots.dc, ARSENIC_ROWS)
    assert _outcomes(lab_plots.dc)[("S01-0.5", AS)] == "above_screening"
    group = Result.objects.get(plot=lab_plots.dc, derived=True)
    assert (group.analyte_key, group.value, group.outcome) == ("179601-23-1", 170.0, "above_screening")
    dc = upload(personas.bob, bg_csv(f"{AS},30,mg/kg,,,东城区调查"), district=personas.dongcheng)
    n_before = Result.history.count()

    report = actions.rescreen(personas.bob, lab_plots.dc, options=CLASS1, reason="东城区背景值发布")
    assert report.background_set == dc and report.changed == 6 and report.created == 0  # all now name the set
    out = _outcomes(lab_plots.dc)
    assert out[("S01-0.5", AS)] == "within_background" and out[("S02-0.5", AS)] == "above_screening"
    r = Result.objects.get(plot=lab_plots.dc, sample__code="S01-0.5", analyte_key=AS)
    assert r.background_set == dc and r.batch == batch
    old = r.history.filter(history_type="+").get()
    new = r.history.filter(history_type="~").get()
    assert old.outcome == "above_screening" and new.outcome == "within_background"
    assert new.history_user == personas.bob and new.history_change_reason.startswith("rescreen")
    assert Result.history.count() == n_before + 6
    ev = AuditEvent.objects.get(action="labdata.rescreen")
    assert (
        ev.actor == personas.bob and ev.reason == "东城区背景值发布" and ev.object_id == str(lab_plots.dc.pk)
    )
    assert ev.changes["outcomes_before"]["above_screening"] == 4
    assert ev.changes["outcomes_after"]["within_background"] == 1 and ev.changes["background_set"] == str(dc)

    # class 2: As 60/140, Pb 800/2500, m+p-xylene 570/570 (GB 36600-2018 table 1)
    report = actions.rescreen(personas.bob, lab_plots.dc, options=CLASS2)
    out = _outcomes(lab_plots.dc)
    assert out[("S01-0.5", AS)] == out[("S02-0.5", AS)] == out[("S01-0.5", "7439-92-1")] == "below_screening"
    r.refresh_from_db()
    assert (r.screening_value, r.intervention_value) == (60.0, 140.0)
    group.refresh_from_db()
    assert (group.outcome, group.screening_value) == ("below_screening", 570.0)
    assert AuditEvent.objects.filter(action="labdata.rescreen").count() == 2
    # the same standard again: nothing changes, still one audit event of the attempt
    again = actions.rescreen(personas.bob, lab_plots.dc, options=CLASS2)
    assert again.changed == 0


def test_rescreen_against_another_standard_handles_group_sums(personas: Any, lab_plots: Any) -> None:
    _import(personas.frank, lab_plots.dc, ARSENIC_ROWS)
    actions.rescreen(
        personas.alice, lab_plots.dc, options=ScreeningOptions(standard="gb15618", land_use="other")
    )
    group = Result.objects.get(plot=lab_plots.dc, derived=True)  # GB 15618 has no m+p-xylene limit
    assert group.outcome == "not_screened" and "group sum not computed" in group.outcome_reason
    r = Result.objects.get(plot=lab_plots.dc, sample__code="S01-0.5", analyte_key=AS)
    assert "GB 15618" in r.standard and r.outcome != "within_background"
    actions.rescreen(personas.alice, lab_plots.dc, options=CLASS1)
    group.refresh_from_db()
    assert group.outcome == "above_screening" and group.screening_value == 163.0


@pytest.mark.parametrize(("who", "allowed"), [("alice", True), ("bob", True), ("frank", True), ("carol", False),
                                              ("dave", False), ("dan", False), ("erin", False), ("paul", False)])  # fmt: skip
def test_who_may_rescreen(personas: Any, lab_plots: Any, who: str, allowed: bool) -> None:
    _import(personas.frank, lab_plots.dc, ARSENIC_ROWS)
    user = getattr(personas, who)
    if allowed:
        assert actions.rescreen(user, lab_plots.dc, options=CLASS2).results == 6
    else:
        with pytest.raises(PermissionDenied):
            actions.rescreen(user, lab_plots.dc, options=CLASS2)
        assert set(_outcomes(lab_plots.dc).values()) != {"below_screening"}
        assert not AuditEvent.objects.filter(action="labdata.rescreen").exists()


def test_rescreen_of_a_plot_without_results(personas: Any, lab_plots: Any) -> None:
    with pytest.raises(actions.NothingToRescreen):
        actions.rescreen(personas.alice, lab_plots.dc, options=CLASS1)


def test_soil_type_values_apply_at_import_and_again_at_rescreen(personas: Any, lab_plots: Any) -> None:
    # 褐土 arsenic 30, any other soil 22: the file's 土壤类型 decides, at import and when re-screened later
    upload(personas.bob, bg_csv(f"{AS},30,mg/kg,,褐土,a", f"{AS},22,mg/kg,,,a"), district=personas.dongcheng)
    rows = [
        r + [soil]
        for r, soil in ((row("S01-0.5", "砷", AS, "25"), "褐土"), (row("S02-0.5", "砷", AS, "25"), ""))
    ]
    data = csv_bytes(rows, header=[*ZH, "土壤类型"])
    batch = actions.import_edd(personas.frank, lab_plots.dc, file_name="soil.csv", data=data, options=CLASS1)
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    expected = {("S01-0.5", AS): "within_background", ("S02-0.5", AS): "above_screening"}
    assert _outcomes(lab_plots.dc) == expected
    assert Result.objects.get(sample__code="S01-0.5").soil_type == "褐土"
    report = actions.rescreen(personas.bob, lab_plots.dc, options=CLASS1)
    assert _outcomes(lab_plots.dc) == expected and report.results == 2
