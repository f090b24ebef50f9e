"""EDD import: one transaction per file, receipt, row-level report, nothing stored from a bad file, duplicates refused,
and the screening outcomes of a known GB 36600 example stored with the limits compared."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from jingtu.core.models import AuditEvent
from jingtu.labdata import actions
from jingtu.labdata.engine import ScreeningOptions
from jingtu.labdata.models import ImportBatch, Result, Sample, SamplingPoint

from .edd import EN, EXPECTED_CLASS1, GOOD_ROWS, csv_bytes, row, xlsx_bytes

CLASS1 = ScreeningOptions(standard="gb36600", land_class=1)


def _import(
    user: Any, plot: Any, data: bytes, name: str = "edd.csv", options: ScreeningOptions = CLASS1
) -> Any:
    return actions.import_edd(user, plot, file_name=name, data=data, options=options)


def _counts() -> tuple[int, int, int, int]:
    return (
        SamplingPoint.all_objects.count(),
        Sample.all_objects.count(),
        Result.all_objects.count(),
        Result.history.count(),
    )


def test_good_file_is_stored_with_receipt_outcomes_history_and_one_audit_event(
    personas: Any, lab_plots: Any
) -> None:
    batch = _import(personas.frank, lab_plots.dc, csv_bytes(GOOD_ROWS))
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    assert batch.receipt.startswith("LD")
    assert batch.rows_total == batch.rows_accepted == len(GOOD_ROWS)
    assert batch.rows_rejected == 0 and batch.report["rejected"] == []
    assert batch.submitted_by == personas.geo and batch.schema_version
    results = {(r.sample.code, r.analyte_key): r for r in Result.objects.filter(batch=batch)}
    assert set(results) == set(EXPECTED_CLASS1)
    for key, (outcome, screening, intervention) in EXPECTED_CLASS1.items():
        r = results[key]
        assert (r.outcome, r.screening_value, r.intervention_value) == (outcome, screening, intervention), key
        assert "GB 36600" in r.standard or "GB 36600" in batch.standard
    bap = results[("S01-0.5", "50-32-8")]
    assert bap.raw_value == "620" and bap.unit == "µg/kg" and bap.compared_value == pytest.approx(0.62)
    nd = results[("S01-2.0", "75-01-4")]
    assert nd.raw_value == "ND" and nd.detected is False and nd.value is None and nd.detection_limit == 0.15
    assert results[("S01-0.5", "7440-38-2")].line_no == 2  # first data row = line 2
    assert SamplingPoint.objects.filter(plot=lab_plots.dc).count() == 2  # S01, S02
    s = Sample.objects.get(plot=lab_plots.dc, code="S01-2.0")
    assert (s.depth_top_m, s.depth_bottom_m, s.matrix, s.point.code) == (1.5, 2.0, "soil", "S01")
    assert Result.history.filter(batch_id=batch.pk, history_type="+").count() == len(GOOD_ROWS)
    events = AuditEvent.objects.filter(action="labdata.import_edd", object_id=str(batch.pk))
    assert events.count() == 1 and events.get().changes["receipt"] == batch.receipt


BAD_ROWS = [
    # (description, the bad row, field the report must name)
    ("non-numeric result", row("S09-0.5", "铅", "7439-92-1", "abc"), "value"),
    ("negative result", row("S09-0.5", "铅", "7439-92-1", "-3"), "value"),
    ("empty result", row("S09-0.5", "铅", "7439-92-1", ""), "value"),
    ("missing sample code", row("", "铅", "7439-92-1", "12"), "sample_code"),
    ("unknown unit", row("S09-0.5", "铅", "7439-92-1", "12", unit="mg/桶"), "unit"),
    ("mg/L for a soil sample", row("S09-0.5", "铅", "7439-92-1", "12", unit="mg/L"), "unit"),
    ("date not understood", row("S09-0.5", "铅", "7439-92-1", "12", date="12/05/2025x"), "sampled_at"),
    ("date in the future", row("S09-0.5", "铅", "7439-92-1", "12", date="2099-01-01"), "sampled_at"),
    ("top below bottom", row("S09-0.5", "铅", "7439-92-1", "12", depth="2.0-0.5"), "depth_m"),
    ("unknown matrix", row("S09-0.5", "铅", "7439-92-1", "12", matrix="月壤"), "matrix"),
    ("wrong plot", row("S09-0.5", "铅", "7439-92-1", "12", plot="T-CY-001"), "plot_code"),
    ("same result twice", row("S01-0.5", "砷", "7440-38-2", "30"), "analyte"),
    (
        "sample described twice differently",
        row("S01-0.5", "汞", "7439-97-6", "0.1", depth="3-4"),
        "sample_code",
    ),
]


@pytest.mark.parametrize(("what", "bad", "field"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_each_kind_of_bad_row_is_reported_with_its_line_and_nothing_is_stored(
    personas: Any, lab_plots: Any, what: str, bad: list[str], field: str
) -> None:
    rows = [*GOOD_ROWS[:4], bad, *GOOD_ROWS[4:]]
    bad_line = 1 + 4 + 1  # header + 4 good rows + the bad one
    before = _counts()
    batch = _import(personas.frank, lab_plots.dc, csv_bytes(rows))
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.rows_accepted == 0 and batch.rows_rejected >= 1
    reported = {(r["line"], r["field"]) for r in batch.report["rejected"]}
    assert (bad_line, field) in reported, batch.report["rejected"]
    assert all(r["line"] == bad_line for r in batch.report["rejected"]), batch.report["rejected"]
    assert _counts() == before


def test_a_failed_import_changes_nothing_already_stored(personas: Any, lab_plots: Any) -> None:
    first = _import(personas.frank, lab_plots.dc, csv_bytes(GOOD_ROWS))
    snapshot = sorted(Result.objects.values_list("id", "raw_value", "outcome", "updated_at"))
    before = _counts()
    # a second file: new samples plus a result already stored (S01-0.5 arsenic) -> rejected as a whole
    second = [row("S03-0.5", "铅", "7439-92-1", "100"), row("S01-0.5", "砷", "7440-38-2", "99")]
    batch = _import(personas.frank, lab_plots.dc, csv_bytes(second))
    assert batch.status == ImportBatch.Status.REJECTED
    [problem] = batch.report["rejected"]
    assert problem["line"] == 3 and problem["field"] == "analyte" and first.receipt in problem["reason"]
    assert _counts() == before
    assert sorted(Result.objects.values_list("id", "raw_value", "outcome", "updated_at")) == snapshot
    assert not Sample.objects.filter(code="S03-0.5").exists()


def test_reimporting_the_same_file_is_refused_with_the_earlier_receipt(personas: Any, lab_plots: Any) -> None:
    data = csv_bytes(GOOD_ROWS)
    first = _import(personas.frank, lab_plots.dc, data)
    before = _counts()
    with pytest.raises(actions.DuplicateImport) as exc:
        _import(personas.alice, lab_plots.dc, data, name="renamed.csv")
    assert exc.value.earlier == first and first.receipt in str(exc.value)
    assert _counts() == before


def test_gbk_file_with_chinese_headers_imports(personas: Any, lab_plots: Any) -> None:
    # GBK has no micro sign (U+00B5); Chinese labs write the Greek mu (U+03BC), which GBK has
    rows = [[c.replace("µ", "μ") for c in r] for r in GOOD_ROWS]
    data = csv_bytes(rows, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8
    batch = _import(personas.bob, lab_plots.dc, data)
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    assert batch.encoding in ("gbk", "gb18030")
    assert Result.objects.filter(batch=batch, analyte_name="苯并(a)芘").get().outcome == "above_screening"


def test_xlsx_with_english_headers_imports(personas: Any, lab_plots: Any) -> None:
    batch = _import(personas.alice, lab_plots.dc, xlsx_bytes(GOOD_ROWS, header=EN), name="edd.xlsx")
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    assert batch.rows_accepted == len(GOOD_ROWS)


def test_file_level_problem_is_one_rejection_at_the_header(personas: Any, lab_plots: Any) -> None:
    data = csv_bytes([r[:7] for r in GOOD_ROWS], header=EN[:7])  # no value / unit columns
    batch = _import(personas.frank, lab_plots.dc, data)
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.report["rejected"][0]["line"] == 1
    assert Result.all_objects.count() == 0


@pytest.mark.parametrize("who", ["erin", "paul", "dave", "carol"])
def test_roles_that_may_not_submit_for_the_plot_are_refused(personas: Any, lab_plots: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        _import(getattr(personas, who), lab_plots.dc, csv_bytes(GOOD_ROWS))
    assert ImportBatch.all_objects.count() == 0


def test_consultant_of_another_firm_cannot_submit(personas: Any, lab_plots: Any) -> None:
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role

    olga = create_user(
        None, username="olga", password="pw-123456", role=Role.CONSULTANT, organisation=personas.other_con
    )
    with pytest.raises(PermissionDenied):
        _import(olga, lab_plots.dc, csv_bytes(GOOD_ROWS))


def test_engine_warnings_are_reported_and_the_rows_stored(personas: Any, lab_plots: Any) -> None:
    deep = row(
        "S05-120", "铅", "7439-92-1", "30", depth="119.5-120"
    )  # depth over 100 m: a warning, not an error
    batch = _import(personas.frank, lab_plots.dc, csv_bytes([*GOOD_ROWS, deep]))
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report
    assert batch.rows_accepted == len(GOOD_ROWS) + 1
    assert {(w["line"], w["field"]) for w in batch.report["warnings"]} == {(len(GOOD_ROWS) + 2, "depth_m")}
