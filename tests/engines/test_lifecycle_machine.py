"""Lifecycle state machine: every transition allowed with its evidence, refused without it, and every non-edge
refused with the clause that governs the target state."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from jingtu.engines.lifecycle import (
    TRANSITIONS,
    Conclusion,
    Evidence,
    ListAction,
    ListEvent,
    ListName,
    PlotState,
    Report,
    ReportKind,
    Review,
    State,
    TransitionRefused,
    allowed_targets,
    apply_transition,
    check_transition,
    confirm,
    members_as_of,
    propose_from_review,
)
from jingtu.engines.lifecycle.machine import Transition

SINCE = date(2024, 1, 10)
COMPLETED = date(2024, 3, 1)
REPORT_DAY = date(2024, 4, 1)
REVIEW_DAY = date(2024, 4, 15)
TODAY = date(2024, 6, 1)
EXPERTS = ("张工", "李工", "王工")


def good(t: Transition) -> tuple[PlotState, Evidence]:
    """A plot in ``t.source`` and evidence that satisfies every need of ``t``."""
    plot = PlotState(
        "DC-001",
        t.source,
        SINCE,
        contractor_org="修复公司",
        post_management_required="post_management" in t.needs,
    )
    ev = Evidence()
    if "started_on" in t.needs:
        ev = replace(ev, started_on=date(2024, 2, 1))
    if t.report is not None:
        ev = replace(ev, report=Report(t.report, REPORT_DAY, author_org="评估公司"))
    if t.conclusions:
        ev = replace(
            ev, review=Review(t.report or ReportKind.RISK_ASSESSMENT, REVIEW_DAY, EXPERTS, t.conclusions[0])
        )
    if "filed_on" in t.needs:
        ev = replace(ev, filed_on=date(2024, 5, 1))
    if "completed_on" in t.needs:
        ev = replace(ev, completed_on=COMPLETED)
    for need, action in (("list_enter", ListAction.ENTER), ("list_exit", ListAction.EXIT)):
        if need in t.needs:
            ev = replace(
                ev,
                list_event=ListEvent(
                    ListName.REMEDIATION, action, "DC-001", date(2024, 5, 10), "alice", date(2024, 5, 10)
                ),
            )
    return plot, ev


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: t.rule_id)
def test_every_transition_is_allowed_with_its_evidence(t: Transition) -> None:
    plot, ev = good(t)
    d = check_transition(plot, t.target, ev, TODAY)
    assert d.allowed, d
    assert d.rule_id == t.rule_id
    assert d.clause  # cites at least one clause
    new = apply_transition(plot, t.target, ev, TODAY)
    assert new.state is t.target
    assert new.milestones[-1].state is t.target
    assert new.milestones[-1].recorded_on == TODAY
    assert new.since == d.milestone_on


NON_EDGES = [
    (a, b)
    for a, b in itertools.product(State, State)
    if (a, b) not in {(t.source, t.target) for t in TRANSITIONS}
]


@pytest.mark.parametrize("src,dst", NON_EDGES, ids=lambda s: s.value)
def test_every_non_edge_is_refused_with_a_clause(src: State, dst: State) -> None:
    d = check_transition(PlotState("P", src, SINCE), dst, Evidence(), TODAY)
    assert not d.allowed
    assert d.rule_id == "LC-X00"
    assert "土壤污染" in d.clause or "污染地块" in d.clause or "HJ 25.1" in d.clause
    assert "不允许" in d.message_zh and "no transition" in d.message_en


def test_suspected_cannot_jump_to_listed_and_says_why() -> None:
    d = check_transition(PlotState("P", State.SUSPECTED, SINCE), State.LISTED, Evidence(), TODAY)
    assert not d.allowed
    assert "第六十一条" in d.clause
    assert "初步调查" in d.message_zh  # the allowed next state is named
    assert allowed_targets(State.SUSPECTED) == [State.PRELIMINARY_INVESTIGATION]


def _refusal(t: Transition, **changes: object) -> str:
    plot, ev = good(t)
    plot_changes = {k[6:]: v for k, v in changes.items() if k.startswith("plot__")}
    ev_changes = {k: v for k, v in changes.items() if not k.startswith("plot__")}
    d = check_transition(replace(plot, **plot_changes), t.target, replace(ev, **ev_changes), TODAY)
    assert not d.allowed
    assert d.clause
    return d.rule_id


WITH_REPORT = [t for t in TRANSITIONS if t.report is not None]
WITH_REVIEW = [t for t in TRANSITIONS if t.conclusions]


@pytest.mark.parametrize("t", WITH_REPORT, ids=lambda t: t.rule_id)
def test_missing_or_wrong_or_future_report_is_refused(t: Transition) -> None:
    assert _refusal(t, report=None) == "LC-X01"
    wrong = next(k for k in ReportKind if k is not t.report)
    plot, ev = good(t)
    assert ev.report is not None
    assert _refusal(t, report=replace(ev.report, kind=wrong)) == "LC-X02"
    assert _refusal(t, report=replace(ev.report, dated=date(2024, 7, 1))) == "LC-X05"


@pytest.mark.parametrize("t", WITH_REVIEW, ids=lambda t: t.rule_id)
def test_review_checks(t: Transition) -> None:
    plot, ev = good(t)
    assert ev.review is not None
    assert _refusal(t, review=None) == "LC-X03"
    assert _refusal(t, review=replace(ev.review, experts=("张工", "李工"))) == "LC-X03"
    assert _refusal(t, review=replace(ev.review, experts=("张工", "李工", " "))) == "LC-X03"
    other = next(k for k in ReportKind if k is not t.report)
    assert _refusal(t, review=replace(ev.review, report_kind=other)) == "LC-X03"
    wrong = next(c for c in Conclusion if c not in t.conclusions)
    assert _refusal(t, review=replace(ev.review, conclusion=wrong)) == "LC-X04"
    assert _refusal(t, review=replace(ev.review, held_on=date(2024, 7, 1))) == "LC-X05"
    assert _refusal(t, review=replace(ev.review, held_on=date(2024, 3, 31))) == "LC-X05"  # before the report
    assert _refusal(t, plot__since=date(2024, 4, 20)) == "LC-X05"  # before the stage started


def test_t01_needs_a_start_date() -> None:
    t = TRANSITIONS[0]
    assert t.rule_id == "LC-T01"
    assert _refusal(t, started_on=None) == "LC-X06"


def test_t08_plan_must_be_filed_and_not_in_future() -> None:
    t = next(t for t in TRANSITIONS if t.rule_id == "LC-T08")
    assert _refusal(t, filed_on=None) == "LC-X06"
    assert _refusal(t, filed_on=date(2024, 6, 2)) == "LC-X05"


def test_t09_effect_evaluation_needs_completion_and_a_separate_unit() -> None:
    t = next(t for t in TRANSITIONS if t.rule_id == "LC-T09")
    plot, ev = good(t)
    assert ev.report is not None
    assert _refusal(t, completed_on=None) == "LC-X06"
    assert _refusal(t, completed_on=date(2024, 6, 2)) == "LC-X05"
    assert _refusal(t, completed_on=date(2024, 4, 2)) == "LC-X05"  # evaluation before completion
    assert _refusal(t, report=replace(ev.report, author_org="")) == "LC-X08"
    d = check_transition(plot, t.target, replace(ev, report=replace(ev.report, author_org="修复公司")), TODAY)
    assert not d.allowed and d.rule_id == "LC-X08"
    assert "第六十五条" in d.clause and "另行委托" in d.message_zh


@pytest.mark.parametrize("rule_id", ["LC-T07", "LC-T10"])
def test_list_changes_need_a_confirmed_event_for_this_plot(rule_id: str) -> None:
    t = next(t for t in TRANSITIONS if t.rule_id == rule_id)
    plot, ev = good(t)
    assert ev.list_event is not None
    assert _refusal(t, list_event=None) == "LC-X07"
    assert _refusal(t, list_event=replace(ev.list_event, confirmed_by="")) == "LC-X07"
    assert _refusal(t, list_event=replace(ev.list_event, plot="DC-999")) == "LC-X07"
    assert _refusal(t, list_event=replace(ev.list_event, list_name=ListName.PRIORITY)) == "LC-X07"
    flipped = ListAction.EXIT if ev.list_event.action is ListAction.ENTER else ListAction.ENTER
    assert _refusal(t, list_event=replace(ev.list_event, action=flipped)) == "LC-X07"
    assert _refusal(t, list_event=replace(ev.list_event, effective_on=date(2024, 6, 2))) == "LC-X05"


def test_t12_post_management_only_when_required() -> None:
    t = next(t for t in TRANSITIONS if t.rule_id == "LC-T12")
    assert _refusal(t, plot__post_management_required=False) == "LC-X09"


def test_refused_apply_raises_with_decision() -> None:
    with pytest.raises(TransitionRefused) as exc:
        apply_transition(PlotState("P", State.SUSPECTED, SINCE), State.DELISTED, Evidence(), TODAY)
    assert exc.value.decision.rule_id == "LC-X00"


def test_end_to_end_suspected_to_post_management_with_review_proposals() -> None:
    """A plot walks the whole lifecycle; list entry/exit come from review proposals confirmed by a person."""
    p = PlotState("DC-042", State.SUSPECTED, date(2023, 1, 5), contractor_org="修复公司")
    p = apply_transition(
        p, State.PRELIMINARY_INVESTIGATION, Evidence(started_on=date(2023, 2, 1)), date(2023, 2, 1)
    )
    rep = Report(ReportKind.PRELIMINARY_INVESTIGATION, date(2023, 5, 1))
    rev = Review(
        ReportKind.PRELIMINARY_INVESTIGATION, date(2023, 5, 20), EXPERTS, Conclusion.EXCEEDS_SCREENING
    )
    assert propose_from_review(p, rev) is None
    p = apply_transition(p, State.DETAILED_INVESTIGATION, Evidence(report=rep, review=rev), date(2023, 5, 21))
    rep = Report(ReportKind.DETAILED_INVESTIGATION, date(2023, 8, 1))
    rev = Review(ReportKind.DETAILED_INVESTIGATION, date(2023, 8, 10), EXPERTS, Conclusion.EXCEEDS_SCREENING)
    p = apply_transition(p, State.RISK_ASSESSMENT, Evidence(report=rep, review=rev), date(2023, 8, 10))
    rep = Report(ReportKind.RISK_ASSESSMENT, date(2023, 10, 1))
    rev = Review(ReportKind.RISK_ASSESSMENT, date(2023, 10, 20), EXPERTS, Conclusion.RISK_UNACCEPTABLE)
    proposal = propose_from_review(p, rev)
    assert proposal is not None and proposal.action is ListAction.ENTER and proposal.clause_id == "SPL-61"
    # without the human confirmation the plot cannot be listed
    d = check_transition(p, State.LISTED, Evidence(report=rep, review=rev), date(2023, 10, 21))
    assert not d.allowed and d.rule_id == "LC-X07"
    enter = confirm(proposal, confirmed_by="alice", confirmed_on=date(2023, 10, 25))
    p = apply_transition(
        p, State.LISTED, Evidence(report=rep, review=rev, list_event=enter), date(2023, 10, 25)
    )
    assert p.since == date(2023, 10, 25)
    plan = Report(ReportKind.CONTROL_OR_REMEDIATION_PLAN, date(2023, 12, 1))
    p = apply_transition(
        p,
        State.UNDER_CONTROL_OR_REMEDIATION,
        Evidence(report=plan, filed_on=date(2023, 12, 15)),
        date(2023, 12, 15),
    )
    ee = Report(ReportKind.EFFECT_EVALUATION, date(2024, 9, 1), author_org="评估公司")
    p = apply_transition(
        p, State.EFFECT_EVALUATION, Evidence(report=ee, completed_on=date(2024, 8, 1)), date(2024, 9, 1)
    )
    rev = Review(
        ReportKind.EFFECT_EVALUATION,
        date(2024, 9, 20),
        EXPERTS,
        Conclusion.TARGETS_MET,
        post_management_required=True,
    )
    proposal = propose_from_review(p, rev)
    assert proposal is not None and proposal.action is ListAction.EXIT
    leave = confirm(proposal, confirmed_by="alice", confirmed_on=date(2024, 9, 30))
    p = apply_transition(
        p, State.DELISTED, Evidence(report=ee, review=rev, list_event=leave), date(2024, 9, 30)
    )
    assert p.post_management_required
    pm = Report(ReportKind.POST_MANAGEMENT_PLAN, date(2024, 10, 10))
    p = apply_transition(p, State.POST_MANAGEMENT, Evidence(report=pm), date(2024, 10, 10))
    assert [m.state for m in p.milestones] == [
        State.PRELIMINARY_INVESTIGATION,
        State.DETAILED_INVESTIGATION,
        State.RISK_ASSESSMENT,
        State.LISTED,
        State.UNDER_CONTROL_OR_REMEDIATION,
        State.EFFECT_EVALUATION,
        State.DELISTED,
        State.POST_MANAGEMENT,
    ]
    assert [m.on for m in p.milestones] == [
        date(2023, 2, 1), date(2023, 5, 20), date(2023, 8, 10), date(2023, 10, 25),
        date(2023, 12, 15), date(2024, 9, 1), date(2024, 9, 30), date(2024, 10, 10),
    ]  # fmt: skip
    events = [enter, leave]
    assert members_as_of(events, ListName.REMEDIATION, date(2023, 10, 24)) == frozenset()
    assert members_as_of(events, ListName.REMEDIATION, date(2024, 1, 1)) == {"DC-042"}
    assert members_as_of(events, ListName.REMEDIATION, date(2024, 9, 30)) == frozenset()


def test_targets_not_met_goes_back_and_proposes_nothing() -> None:
    p = PlotState("P", State.EFFECT_EVALUATION, SINCE)
    rev = Review(ReportKind.EFFECT_EVALUATION, REVIEW_DAY, EXPERTS, Conclusion.TARGETS_NOT_MET)
    assert propose_from_review(p, rev) is None
    rep = Report(ReportKind.EFFECT_EVALUATION, REPORT_DAY)
    assert apply_transition(
        p, State.UNDER_CONTROL_OR_REMEDIATION, Evidence(report=rep, review=rev), TODAY
    ).state is (State.UNDER_CONTROL_OR_REMEDIATION)


def test_confirm_needs_a_person_and_a_date_after_the_proposal() -> None:
    p = PlotState("P", State.RISK_ASSESSMENT, SINCE)
    proposal = propose_from_review(
        p, Review(ReportKind.RISK_ASSESSMENT, REVIEW_DAY, EXPERTS, Conclusion.RISK_UNACCEPTABLE)
    )
    assert proposal is not None
    with pytest.raises(ValueError, match="name"):
        confirm(proposal, confirmed_by=" ", confirmed_on=TODAY)
    with pytest.raises(ValueError, match="before the proposal"):
        confirm(proposal, confirmed_by="alice", confirmed_on=date(2024, 4, 14))
    ev = confirm(proposal, confirmed_by="alice", confirmed_on=TODAY, effective_on=date(2024, 6, 3))
    assert ev.effective_on == date(2024, 6, 3) and ev.confirmed_on == TODAY


def test_decision_is_json_serialisable() -> None:
    import json

    t = TRANSITIONS[1]
    plot, ev = good(t)
    d = check_transition(plot, t.target, ev, TODAY)
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert data["allowed"] is True and data["milestone_on"] == "2024-04-15"
