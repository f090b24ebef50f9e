"""Legal gates, the dormant ledger, sequencing, post-management, the priority list: allowed and refused cases
through the actions layer (the rules themselves are the lifecycle engine's, tested in tests/engines)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jingtu.plots import actions
from jingtu.plots.models import GateBlock, ListEvent, Milestone, Proposal
from tests.plots.helpers import make_plot, refresh, square, walk

TODAY = timezone.localdate


def _rules(user: Any, plot: Any, today: dt.date | None = None) -> set[str]:
    return {v.rule_id for v in actions.violations(user, [refresh(plot)], today or TODAY())}


def test_gate01_listed_plot_no_sensitive_planning_permission(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "listed")
    with pytest.raises(actions.GateRefused) as exc:
        actions.land_decision(personas.bob, plot, kind="planning_permission", use_code="R2", date=TODAY())
    assert exc.value.decision.rule_id == "GATE-01"
    assert "第六十一条" in exc.value.decision.clause
    assert GateBlock.objects.filter(plot=plot, rule="GATE-01").exists()
    assert not Milestone.objects.filter(plot=plot, kind="planning_permission").exists()
    # allowed: a permission for a non-sensitive use (industrial M1) on the listed plot
    m = actions.land_decision(personas.bob, plot, kind="planning_permission", use_code="M1", date=TODAY())
    assert m.kind == "planning_permission" and m.use_code == "M1"


def test_gate02_no_land_supply_before_investigation_is_done(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng, land_use_current="M1")
    with pytest.raises(actions.GateRefused) as exc:
        actions.land_decision(personas.bob, plot, kind="land_supply", use_code="B1", date=TODAY())
    assert exc.value.decision.rule_id == "GATE-02"
    assert "第五十九条" in exc.value.decision.clause and "第五十九条" in str(exc.value)
    assert GateBlock.objects.filter(plot=plot, rule="GATE-02").exists()
    # allowed once the investigation is closed
    plot = walk(personas.bob, plot, "preliminary_investigation")
    from tests.plots.helpers import reviewed

    d, r = reviewed(
        personas.bob, plot, "preliminary_investigation_report", dt.date(2024, 5, 1), "below_screening"
    )
    plot = actions.transition(personas.bob, refresh(plot), "investigation_closed", date=TODAY(), review=r)
    m = actions.land_decision(personas.bob, plot, kind="land_supply", use_code="R2", date=TODAY())
    assert m.kind == "land_supply"


def test_gate03_no_unrelated_construction_on_listed_plot(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "under_control_or_remediation")
    with pytest.raises(actions.GateRefused) as exc:
        actions.land_decision(personas.bob, plot, kind="construction_permit", use_code="M1", date=TODAY())
    assert exc.value.decision.rule_id == "GATE-03" and "第六十六条" in exc.value.decision.clause
    m = actions.land_decision(
        personas.bob, plot, kind="construction_permit", use_code="M1", date=TODAY(), for_remediation=True
    )
    assert m.for_remediation


def test_ledger01_dormant_enters_with_due_date_and_leaves_when_work_starts(personas: Any) -> None:
    exceeded = dt.date(2023, 3, 15)
    plot = make_plot(personas.bob, personas.dongcheng, exceeds_screening_since=exceeded)  # enters at once
    assert actions.sync_dormant(personas.bob, [plot], today=TODAY()) == {"entered": 0, "left": 0}
    ev = ListEvent.objects.get(plot=plot, list_name="dormant")
    assert ev.due_on == dt.date(2024, 3, 15)  # one year, corresponding day (民法典 period rule)
    assert ev.effective_on == dt.date(2024, 3, 16)
    assert not ev.public  # only the remediation list is public by law
    assert "LEDGER-01" in _rules(personas.bob, plot)
    assert [p.code for p, _ in actions.list_on(personas.bob, "dormant", TODAY())] == [plot.code]
    assert actions.list_on(personas.bob, "dormant", dt.date(2024, 3, 15)) == []  # not yet on the due date
    # work starts: the plot leaves the ledger on that day (sync runs inside the transition)
    start = dt.date(2025, 1, 20)
    actions.transition(personas.bob, refresh(plot), "preliminary_investigation", date=start, started_on=start)
    assert actions.list_on(personas.bob, "dormant", TODAY()) == []
    assert [p.code for p, _ in actions.list_on(personas.bob, "dormant", dt.date(2025, 1, 19))] == [plot.code]
    assert "LEDGER-01" not in _rules(personas.bob, plot)
    # later syncs (every milestone, the daily job) leave the history alone: no re-entry, no second exit
    assert actions.sync_dormant(personas.bob, [refresh(plot)], today=TODAY()) == {"entered": 0, "left": 0}
    assert actions.sync_dormant_all(personas.alice, today=TODAY()) == {"entered": 0, "left": 0}
    assert ListEvent.objects.filter(plot=plot, list_name="dormant").count() == 2


def test_ledger01_not_due_when_work_started_within_the_year(personas: Any) -> None:
    exceeded = dt.date(2023, 3, 15)
    plot = make_plot(personas.bob, personas.dongcheng, exceeds_screening_since=exceeded)
    # registered with a historical exceedance and no known work: on the ledger from 2024-03-16
    assert [p.code for p, _ in actions.list_on(personas.bob, "dormant", TODAY())] == [plot.code]
    # the back-dated work start shows it was never due: a correcting exit (events are never edited)
    actions.record_milestone(personas.bob, plot, date=dt.date(2023, 9, 1), kind="work_started")
    assert actions.list_on(personas.bob, "dormant", TODAY()) == []
    exit_ = ListEvent.objects.get(plot=plot, list_name="dormant", change="exit")
    entry = ListEvent.objects.get(plot=plot, list_name="dormant", change="enter")
    assert exit_.basis.startswith("correction") and exit_.effective_on == entry.effective_on
    assert actions.list_on(personas.bob, "dormant", dt.date(2024, 6, 1)) == []  # no past list shows it either
    assert actions.list_versions(personas.bob, "dormant") == []  # entry + same-day cancel: not a version
    assert "LEDGER-01" not in _rules(personas.bob, plot)
    assert actions.sync_dormant(personas.bob, [refresh(plot)], today=TODAY()) == {"entered": 0, "left": 0}


def test_seq01_sensitive_plot_next_to_remediation_is_flagged(personas: Any) -> None:
    walk(
        personas.bob,
        make_plot(personas.bob, personas.dongcheng, "T-REM", boundary=square(116.40, 39.90)),
        "listed",
    )
    near = make_plot(
        personas.bob, personas.dongcheng, "T-NEAR", boundary=square(116.404, 39.90), land_use_planned="R2"
    )
    far = make_plot(
        personas.bob, personas.dongcheng, "T-FAR", boundary=square(116.46, 39.90), land_use_planned="R2"
    )
    assert near.sensitive and far.sensitive
    assert "SEQ-01" in _rules(personas.bob, near)
    assert "SEQ-01" not in _rules(personas.bob, far)


def test_post01_periodic_re_review(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "post_management")
    assert "POST-01" in _rules(personas.bob, plot)  # entered in 2024, no re-review since
    actions.record_milestone(personas.bob, plot, date=TODAY(), kind="post_review")
    assert "POST-01" not in _rules(personas.bob, plot)


def test_data01_unknown_land_use_code_is_refused_at_entry(personas: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_plot(personas.bob, personas.dongcheng, land_use_planned="XYZ")
    assert "land_use_planned" in exc.value.message_dict
    plot = make_plot(personas.bob, personas.dongcheng, land_use_planned="A33")
    assert plot.land_class == "1" and plot.sensitive
    plot = make_plot(personas.bob, personas.dongcheng, "T-002", land_use_planned="M1")
    assert plot.land_class == "2" and not plot.sensitive


def test_priority_list_scoring_confirmation_versions_and_list01(personas: Any) -> None:
    big = make_plot(
        personas.carol,
        personas.chaoyang,
        "T-CHEM",
        boundary=square(116.50, 39.90, 0.01),
        industry="chemical",
        production_years=40,
        entry_source="closed_enterprise",
        closed_on=dt.date(2015, 1, 1),
    )
    small = make_plot(
        personas.carol,
        personas.chaoyang,
        "T-SMALL",
        boundary=square(116.70, 39.70, 0.0002),
        industry="other",
        production_years=1,
        entry_source="closed_enterprise",
        closed_on=dt.date(2015, 1, 1),
    )
    today = TODAY()
    assert "LIST-01" in _rules(personas.carol, big, today)  # never updated
    prop = actions.propose_priority_list(personas.carol, personas.chaoyang, today=today)
    codes = [c["plot"] for c in prop.payload["changes"]]
    assert big.code in codes and small.code not in codes
    assert not ListEvent.objects.filter(list_name="priority").exists()  # only proposed
    actions.confirm_proposal(personas.carol, prop)
    effective = dt.date.fromisoformat(prop.payload["effective_on"])
    assert [p.code for p, _ in actions.list_on(personas.carol, "priority", effective)] == [big.code]
    assert actions.list_on(personas.carol, "priority", effective - dt.timedelta(days=1)) == []
    assert "LIST-01" not in _rules(personas.carol, big, today)
    # other districts neither see nor confirm it
    assert actions.list_on(personas.bob, "priority", effective) == []
    prop2 = actions.propose_priority_list(personas.carol, personas.chaoyang, today=today)
    assert prop2.payload["changes"] == []  # already on the list
    with pytest.raises(PermissionDenied):
        actions.confirm_proposal(personas.bob, Proposal.objects.get(pk=prop2.pk))


def test_ledger01_plot_nobody_touches_enters_by_the_daily_sync(personas: Any) -> None:
    """The one-year rule needs no user action: the daily `sync_dormant_all` enters a plot on which nothing happened."""
    today = TODAY()
    exceeded = today - dt.timedelta(days=300)  # not yet due when registered
    plot = make_plot(personas.bob, personas.dongcheng, "IDLE-1", exceeds_screening_since=exceeded)
    assert not ListEvent.objects.filter(plot=plot, list_name="dormant").exists()
    assert actions.sync_dormant_all(personas.alice, today=today) == {"entered": 0, "left": 0}
    later = today + dt.timedelta(days=120)  # a year and a bit after the exceedance
    assert actions.sync_dormant_all(personas.alice, today=later) == {"entered": 1, "left": 0}
    ev = ListEvent.objects.get(plot=plot, list_name="dormant")
    assert ev.due_on is not None and ev.effective_on == ev.due_on + dt.timedelta(days=1) <= later
    assert actions.sync_dormant_all(personas.alice, today=later) == {"entered": 0, "left": 0}


def test_ledger01_registered_already_overdue_enters_at_once(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng, "LATE-1", exceeds_screening_since=dt.date(2022, 5, 10))
    ev = ListEvent.objects.get(plot=plot, list_name="dormant", change="enter")
    assert (ev.effective_on, ev.due_on) == (dt.date(2023, 5, 11), dt.date(2023, 5, 10))


def test_ledger01_review_recorded_late_enters_by_the_daily_sync(personas: Any) -> None:
    from tests.plots.helpers import reviewed

    plot = walk(
        personas.bob, make_plot(personas.bob, personas.dongcheng, "REV-LATE"), "preliminary_investigation"
    )
    assert not ListEvent.objects.filter(plot=plot, list_name="dormant").exists()
    reviewed(
        personas.bob,
        refresh(plot),
        "preliminary_investigation_report",
        dt.date(2024, 6, 3),
        "exceeds_screening",
    )
    # the review sets the exceedance date; the daily job (or the next milestone) puts the plot on the ledger
    assert actions.sync_dormant_all(personas.alice, today=TODAY())["entered"] == 1
    ev = ListEvent.objects.get(plot=plot, list_name="dormant", change="enter")
    assert (ev.due_on, ev.effective_on) == (dt.date(2025, 6, 3), dt.date(2025, 6, 4))


def test_seq01_distance_is_in_metres_in_the_projected_crs(personas: Any) -> None:
    """450 m flagged, 550 m not (default 500 m): the gap is measured in EPSG:4548 metres, not degrees.

    At 39.9°N one degree of longitude is 111 320 m × cos 39.9° ≈ 85 390 m (squares are 0.002° ≈ 171 m wide)."""
    walk(
        personas.bob,
        make_plot(personas.bob, personas.dongcheng, "M-REM", boundary=square(116.40, 39.90)),
        "listed",
    )
    metres_per_degree = 111_320 * 0.76717  # cos(39.9°)
    east = 116.40 + 0.002
    at_450 = make_plot(
        personas.bob, personas.dongcheng, "M-450", land_use_planned="R2",
        boundary=square(east + 450 / metres_per_degree, 39.90),
    )  # fmt: skip
    at_550 = make_plot(
        personas.bob, personas.dongcheng, "M-550", land_use_planned="A33",
        boundary=square(east + 550 / metres_per_degree, 39.90),
    )  # fmt: skip
    assert "SEQ-01" in _rules(personas.bob, at_450)
    assert "SEQ-01" not in _rules(personas.bob, at_550)
