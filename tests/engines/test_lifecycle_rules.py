"""Legal gates and overdue rules: each rule with an allowed and a refused case; dormant-ledger date edges; alerts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from jingtu.engines.lifecycle import (
    RULES,
    Department,
    DistrictFacts,
    EventKind,
    Neighbour,
    PermitEvent,
    PlotFacts,
    Severity,
    State,
    alert_lists,
    check_all,
    check_district,
    check_plot,
    default_config,
    dormant_status,
)

TODAY = date(2025, 6, 1)
DONGCHENG = "110101"


def ids(plot: PlotFacts, today: date = TODAY) -> list[str]:
    return [v.rule_id for v in check_plot(plot, today)]


def supply(use: str, on: date = date(2025, 5, 20), ref: str = "GY-1") -> PermitEvent:
    return PermitEvent(EventKind.LAND_SUPPLY, on, use, ref)


def permission(use: str, on: date = date(2025, 5, 20), ref: str = "GH-1") -> PermitEvent:
    return PermitEvent(EventKind.PLANNING_PERMISSION, on, use, ref)


# ------------------------------------------------------------------------------------------------ GATE-01


def test_gate01_listed_plot_refused_planning_permission_for_residential() -> None:
    p = PlotFacts(
        "DC-1", DONGCHENG, State.UNDER_CONTROL_OR_REMEDIATION, listed=True, events=(permission("R21"),)
    )
    vs = [v for v in check_plot(p, TODAY) if v.rule_id == "GATE-01"]
    assert len(vs) == 1
    v = vs[0]
    assert v.severity is Severity.BLOCK and v.ref == "GH-1" and v.department is Department.PLANNING
    assert "第六十一条" in v.clause and "一住两公" in v.message_zh


def test_gate01_listed_plot_refused_land_supply_for_school_a33() -> None:
    p = PlotFacts("DC-1", DONGCHENG, State.LISTED, listed=True, events=(supply("A33"),))
    assert "GATE-01" in ids(p)


def test_gate01_allows_industrial_use_on_listed_plot_and_sensitive_use_after_delisting() -> None:
    listed_industrial = PlotFacts("DC-1", DONGCHENG, State.LISTED, listed=True, events=(permission("M1"),))
    assert "GATE-01" not in ids(listed_industrial)
    delisted = PlotFacts("DC-1", DONGCHENG, State.DELISTED, listed=False, events=(permission("R2"),))
    assert "GATE-01" not in ids(delisted)


def test_gate01_warns_when_a_listed_plot_is_planned_for_sensitive_use() -> None:
    p = PlotFacts("DC-1", DONGCHENG, State.LISTED, listed=True, planned_use_code="A5")
    v = [v for v in check_plot(p, TODAY) if v.rule_id == "GATE-01"]
    assert [x.severity for x in v] == [Severity.WARNING]
    assert "GATE-01" not in ids(replace(p, planned_use_code="B1"))


# ------------------------------------------------------------------------------------------------ GATE-02


@pytest.mark.parametrize(
    "state",
    [
        State.SUSPECTED,
        State.PRELIMINARY_INVESTIGATION,
        State.DETAILED_INVESTIGATION,
        State.RISK_ASSESSMENT,
        State.LISTED,
        State.UNDER_CONTROL_OR_REMEDIATION,
        State.EFFECT_EVALUATION,
    ],
)
def test_gate02_land_supply_refused_while_investigation_or_remediation_open(state: State) -> None:
    p = PlotFacts("DC-2", DONGCHENG, state, events=(supply("B1"),))
    v = [v for v in check_plot(p, TODAY) if v.rule_id == "GATE-02"]
    assert len(v) == 1 and v[0].severity is Severity.BLOCK and v[0].due_date == date(2025, 5, 20)


@pytest.mark.parametrize("state", [State.INVESTIGATION_CLOSED, State.DELISTED, State.POST_MANAGEMENT])
def test_gate02_land_supply_allowed_once_done(state: State) -> None:
    p = PlotFacts("DC-2", DONGCHENG, state, events=(supply("R2"),))
    assert "GATE-02" not in ids(p)


def test_gate02_change_of_use_to_sensitive_needs_investigation_first() -> None:
    p = PlotFacts("DC-3", DONGCHENG, None, current_use_code="M2", events=(supply("R2"),))
    v = [v for v in check_plot(p, TODAY) if v.rule_id == "GATE-02"]
    assert len(v) == 1 and "第五十九条" in v[0].clause and "变更前" in v[0].message_zh
    # same use class (A -> R both sensitive) or a non-sensitive target: no investigation demanded by this gate
    assert "GATE-02" not in ids(replace(p, current_use_code="A1"))
    assert "GATE-02" not in ids(replace(p, events=(supply("B1"),)))


def test_gate02_acts_serving_remediation_are_allowed() -> None:
    ev = PermitEvent(EventKind.LAND_SUPPLY, date(2025, 5, 1), "U21", "GY-2", for_remediation=True)
    assert "GATE-02" not in ids(PlotFacts("DC-2", DONGCHENG, State.LISTED, listed=True, events=(ev,)))


# ------------------------------------------------------------------------------------------------ GATE-03


def test_gate03_unrelated_construction_on_listed_plot_refused_and_remediation_works_allowed() -> None:
    build = PermitEvent(EventKind.CONSTRUCTION_PERMIT, date(2025, 5, 2), "B1", "SG-1")
    works = PermitEvent(EventKind.CONSTRUCTION_PERMIT, date(2025, 5, 2), "B1", "SG-2", for_remediation=True)
    p = PlotFacts("DC-4", DONGCHENG, State.UNDER_CONTROL_OR_REMEDIATION, listed=True, events=(build, works))
    v = [v for v in check_plot(p, TODAY) if v.rule_id == "GATE-03"]
    assert [x.ref for x in v] == ["SG-1"] and v[0].department is Department.HOUSING
    assert "GATE-03" not in ids(PlotFacts("DC-4", DONGCHENG, State.DELISTED, events=(build,)))


# ------------------------------------------------------------------------------------------------ LEDGER-01


def test_dormant_exactly_one_year_edge() -> None:
    exceeded = date(2024, 3, 15)
    st = dormant_status(exceeded, [])
    assert st.deadline == date(2025, 3, 15)  # corresponding day one year later
    assert st.entered_on == date(2025, 3, 16)
    assert not st.in_ledger(date(2025, 3, 15))
    assert st.in_ledger(date(2025, 3, 16))
    # work started exactly on the last day of the year counts as "within one year"
    assert dormant_status(exceeded, [date(2025, 3, 15)]).entered_on is None
    # one day late: enters, and leaves the day work starts
    late = dormant_status(exceeded, [date(2025, 3, 16)])
    assert late.entered_on == date(2025, 3, 16) and late.left_on == date(2025, 3, 16)
    assert not late.in_ledger(date(2025, 3, 16))
    # work before the exceedance does not count
    assert dormant_status(exceeded, [date(2024, 1, 1)]).entered_on == date(2025, 3, 16)


def test_dormant_leap_day_exceedance() -> None:
    st = dormant_status(date(2024, 2, 29), [])
    assert st.deadline == date(2025, 2, 28) and st.entered_on == date(2025, 3, 1)


def test_ledger01_enters_with_due_date_and_leaves_when_work_starts() -> None:
    p = PlotFacts("DC-5", DONGCHENG, State.SUSPECTED, screening_exceeded_on=date(2024, 3, 15))
    v = [v for v in check_plot(p, date(2025, 3, 16)) if v.rule_id == "LEDGER-01"]
    assert len(v) == 1 and v[0].due_date == date(2025, 3, 15) and "2025-03-16" in v[0].message_zh
    assert "LEDGER-01" not in ids(p, date(2025, 3, 15))
    started = replace(p, work_started_on=(date(2025, 4, 1),))
    assert "LEDGER-01" in ids(started, date(2025, 3, 31))
    assert "LEDGER-01" not in ids(started, date(2025, 4, 1))
    assert "LEDGER-01" not in ids(replace(p, state=State.INVESTIGATION_CLOSED), date(2025, 6, 1))


# ------------------------------------------------------------------------------------------------ SEQ-01


def test_seq01_sensitive_plot_near_remediation_flagged_and_far_or_done_not() -> None:
    near = Neighbour("DC-9", 320.0, State.UNDER_CONTROL_OR_REMEDIATION)
    p = PlotFacts("DC-6", DONGCHENG, None, planned_use_code="R2", neighbours=(near,), events=(supply("R2"),))
    v = [v for v in check_plot(p, TODAY) if v.rule_id == "SEQ-01"]
    assert len(v) == 1 and v[0].ref == "DC-9" and v[0].severity is Severity.WARNING
    assert "后开发" in v[0].message_zh or "开发" in v[0].message_zh
    assert v[0].due_date == date(2025, 5, 20)
    edge = replace(p, neighbours=(replace(near, distance_m=default_config().sequencing_distance_m),))
    assert "SEQ-01" in ids(edge)  # exactly at the configured distance: flagged
    assert "SEQ-01" not in ids(replace(p, neighbours=(replace(near, distance_m=500.1),)))
    assert "SEQ-01" not in ids(replace(p, neighbours=(replace(near, state=State.DELISTED),)))
    assert "SEQ-01" not in ids(replace(p, planned_use_code="M1"))


def test_seq01_distance_is_configurable() -> None:
    cfg = replace(default_config(), sequencing_distance_m=1000.0)
    near = Neighbour("DC-9", 800.0, State.LISTED)
    p = PlotFacts("DC-6", DONGCHENG, None, planned_use_code="A33", neighbours=(near,))
    assert [v.rule_id for v in check_plot(p, TODAY, cfg)] == ["SEQ-01"]
    assert check_plot(p, TODAY) == []


# ------------------------------------------------------------------------------------------------ POST-01


def test_post01_re_review_overdue_and_in_time() -> None:
    p = PlotFacts("DC-7", DONGCHENG, State.POST_MANAGEMENT, state_since=date(2024, 1, 31))
    assert "POST-01" not in ids(p, date(2024, 12, 31))
    assert "POST-01" not in ids(p, date(2025, 1, 31))  # due on the corresponding day
    v = [v for v in check_plot(p, date(2025, 2, 1)) if v.rule_id == "POST-01"]
    assert len(v) == 1 and v[0].due_date == date(2025, 1, 31)
    assert "POST-01" not in ids(replace(p, last_post_review_on=date(2025, 1, 20)), date(2025, 2, 1))


# ------------------------------------------------------------------------------------------------ DATA-01


def test_data01_unknown_land_use_code_noted() -> None:
    p = PlotFacts("DC-8", DONGCHENG, None, planned_use_code="0701")  # 国土空间用地用海分类 code, not GB 50137
    v = [v for v in check_plot(p, TODAY) if v.rule_id == "DATA-01"]
    assert len(v) == 1 and v[0].severity is Severity.INFO and "planned_use_code" in v[0].message_en
    assert "DATA-01" not in ids(replace(p, planned_use_code="r21"))


# ------------------------------------------------------------------------------------------------ LIST-01


def test_list01_priority_list_update_overdue_per_district() -> None:
    # municipal default: due 03-31 and 09-30
    assert check_district(DistrictFacts(DONGCHENG, date(2025, 3, 20)), date(2025, 6, 1)) == []
    v = check_district(DistrictFacts(DONGCHENG, date(2024, 9, 15)), date(2025, 4, 1))
    assert len(v) == 1 and v[0].due_date == date(2025, 3, 31) and v[0].rule_id == "LIST-01"
    # Daxing: due 02-28 and 08-31
    v = check_district(DistrictFacts("110115", date(2024, 8, 15)), date(2025, 3, 1))
    assert len(v) == 1 and v[0].due_date == date(2025, 2, 28)
    assert check_district(DistrictFacts("110115", date(2025, 2, 28)), date(2025, 3, 1)) == []
    never = check_district(DistrictFacts(DONGCHENG, None), date(2025, 1, 10))
    assert [x.due_date for x in never] == [date(2024, 9, 30)]


# ------------------------------------------------------------------------------------------------ all rules


def test_every_rule_has_clauses_and_titles() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.clause_ids and r.title_zh and r.title_en


def test_check_all_json_and_alert_lists() -> None:
    plots = [
        PlotFacts("DC-1", DONGCHENG, State.LISTED, listed=True, events=(permission("R21"),)),
        PlotFacts("DC-5", DONGCHENG, State.SUSPECTED, screening_exceeded_on=date(2024, 3, 15)),
        PlotFacts("CY-1", "110105", State.INVESTIGATION_CLOSED, events=(supply("R2"),)),
    ]
    vs = check_all(plots, TODAY, districts=[DistrictFacts(DONGCHENG, date(2024, 9, 1))])
    data = json.loads(json.dumps([v.to_dict() for v in vs], ensure_ascii=False))
    assert {d["rule_id"] for d in data} == {"GATE-01", "GATE-02", "LEDGER-01", "LIST-01"}
    assert all(
        set(d) >= {"rule_id", "plot", "severity", "due_date", "clause", "message_zh", "message_en"}
        for d in data
    )
    assert [d["plot"] for d in data][:3] == ["DC-1", "DC-1", "DC-5"]  # sorted by plot code
    lists = alert_lists(vs, TODAY)
    by_key = {(a.district, a.department): a for a in lists}
    planning = by_key[(DONGCHENG, Department.PLANNING)]
    assert {v.rule_id for v in planning.blocked} == {"GATE-01", "GATE-02"}
    ecology = by_key[(DONGCHENG, Department.ECOLOGY)]
    assert {v.rule_id for v in ecology.overdue} == {"LEDGER-01", "LIST-01"}
    assert ("110105", Department.PLANNING) not in by_key  # the closed plot's supply is allowed
    only_districts = alert_lists(vs, TODAY, by_department=False)
    assert [a.district for a in only_districts] == [DONGCHENG]
    json.dumps([a.to_dict() for a in lists], ensure_ascii=False)


# ------------------------------------------------------------------------------------------------ clauses cited

REFUSED = {
    "GATE-01": (PlotFacts("C-1", DONGCHENG, State.LISTED, listed=True, events=(permission("R21"),)), "第六十一条"),
    "GATE-02": (PlotFacts("C-2", DONGCHENG, State.RISK_ASSESSMENT, events=(supply("B1"),)), "第五十九条"),
    "GATE-03": (
        PlotFacts(
            "C-3", DONGCHENG, State.LISTED, listed=True,
            events=(PermitEvent(EventKind.CONSTRUCTION_PERMIT, date(2025, 5, 2), "B1", "SG-1"),),
        ),
        "第六十六条",
    ),
    "LEDGER-01": (PlotFacts("C-4", DONGCHENG, State.SUSPECTED, screening_exceeded_on=date(2024, 3, 15)), "暂不开发"),
    "SEQ-01": (
        PlotFacts(
            "C-5", DONGCHENG, None, planned_use_code="R2",
            neighbours=(Neighbour("C-9", 100.0, State.UNDER_CONTROL_OR_REMEDIATION),),
        ),
        "开发时序",
    ),
    "POST-01": (PlotFacts("C-6", DONGCHENG, State.POST_MANAGEMENT, state_since=date(2024, 1, 31)), "第四十二条"),
    "DATA-01": (PlotFacts("C-7", DONGCHENG, None, planned_use_code="0701"), "GB 50137-2011"),
}  # fmt: skip


@pytest.mark.parametrize("rule_id", sorted(REFUSED))
def test_each_rule_refusal_cites_its_source_clauses(rule_id: str) -> None:
    """The refused/flagged case of every plot rule names its source: the rule's registered clauses, verbatim."""
    from jingtu.engines.lifecycle.reference import cite

    plot, article = REFUSED[rule_id]
    rule = next(r for r in RULES if r.id == rule_id)
    vs = [v for v in check_plot(plot, TODAY) if v.rule_id == rule_id]
    assert len(vs) == 1
    assert vs[0].clause == cite(*rule.clause_ids) and article in vs[0].clause
    assert (
        vs[0].clause_verified is False or "〔" not in vs[0].clause
    )  # unverified citations are marked as such


def test_list01_cites_the_screening_guide_and_the_local_dates() -> None:
    v = check_district(DistrictFacts(DONGCHENG, None), date(2025, 1, 10))
    assert "DB11/T 2216-2024" in v[0].clause and "3月、9月" in v[0].clause and "2月、8月" in v[0].clause
