"""Every lifecycle rule through the actions layer: the allowed case and the refused case (rule id + clause)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jingtu.core.models import AuditEvent
from jingtu.plots import actions
from jingtu.plots.models import GateBlock, ListEvent, Milestone, Plot, Proposal
from tests.plots.helpers import D0, doc, make_plot, refresh, review, reviewed, walk


def _refused(exc: pytest.ExceptionInfo[actions.GateRefused], rule: str) -> None:
    assert exc.value.decision.rule_id == rule
    assert exc.value.decision.clause  # every refusal cites its clause
    assert "《" in exc.value.decision.clause or "DB11" in exc.value.decision.clause


def test_full_path_keeps_milestones_lists_and_audit(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "post_management")
    states = list(plot.milestones.filter(kind="transition").values_list("to_state", flat=True))
    assert states == [
        "preliminary_investigation",
        "detailed_investigation",
        "risk_assessment",
        "listed",
        "under_control_or_remediation",
        "effect_evaluation",
        "delisted",
        "post_management",
    ]
    assert [(e.change, e.public) for e in ListEvent.objects.filter(plot=plot)] == [
        ("enter", True),
        ("exit", True),
    ]
    assert AuditEvent.objects.filter(action="transition", object_id=str(plot.pk)).count() == 8
    assert plot.post_management_required is True
    # the milestone carries the engine's effective date (the review date), not the recording date
    listed = plot.milestones.get(to_state="listed")
    assert listed.date == listed.review.date


def test_lc_x00_no_such_transition(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng)
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(personas.bob, plot, "listed", date=D0)
    _refused(exc, "LC-X00")
    assert refresh(plot).state == "suspected"
    block = GateBlock.objects.get(plot=plot)  # the refusal is kept for the alerts page
    assert block.rule == "LC-X00"
    assert AuditEvent.objects.filter(action="gate_refused").exists()


def test_lc_t01_start_needs_a_start_date(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng)
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(personas.bob, plot, "preliminary_investigation", date=D0)
    _refused(exc, "LC-X06")
    plot = actions.transition(personas.bob, plot, "preliminary_investigation", date=D0, started_on=D0)
    assert plot.state == "preliminary_investigation"


def test_lc_x01_x03_x04_review_evidence(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "preliminary_investigation")
    day = dt.date(2024, 6, 1)
    with pytest.raises(actions.GateRefused) as exc:  # no report, no review
        actions.transition(personas.bob, plot, "investigation_closed", date=day)
    _refused(exc, "LC-X01")
    d = doc(personas.bob, plot, "preliminary_investigation_report", day)
    with pytest.raises(actions.GateRefused) as exc:  # report without a review
        actions.transition(personas.bob, refresh(plot), "investigation_closed", date=day, document=d)
    _refused(exc, "LC-X03")
    few = review(
        personas.bob, plot, "preliminary_investigation_report", day, "below_screening", d, experts="张三"
    )
    with pytest.raises(actions.GateRefused) as exc:  # too few experts (config min_experts)
        actions.transition(personas.bob, refresh(plot), "investigation_closed", date=day, review=few)
    _refused(exc, "LC-X03")
    wrong = review(personas.bob, plot, "preliminary_investigation_report", day, "exceeds_screening", d)
    with pytest.raises(actions.GateRefused) as exc:  # conclusion leads elsewhere
        actions.transition(personas.bob, refresh(plot), "investigation_closed", date=day, review=wrong)
    _refused(exc, "LC-X04")
    ok = review(personas.bob, plot, "preliminary_investigation_report", day, "below_screening", d)
    plot = actions.transition(personas.bob, refresh(plot), "investigation_closed", date=day, review=ok)
    assert plot.state == "investigation_closed"


def test_lc_x02_wrong_report_kind(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "listed")
    day = dt.date(2024, 12, 1)
    wrong = doc(personas.bob, plot, "risk_assessment_report", day)
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(
            personas.bob, plot, "under_control_or_remediation", date=day, document=wrong, filed_on=day
        )
    _refused(exc, "LC-X02")
    plan = doc(personas.bob, plot, "control_or_remediation_plan", day)
    plot = actions.transition(
        personas.bob, refresh(plot), "under_control_or_remediation", date=day, document=plan, filed_on=day
    )
    assert plot.state == "under_control_or_remediation"


def test_lc_x05_future_dates_refused(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "listed")
    future = dt.date.today() + dt.timedelta(days=30)
    plan = doc(personas.bob, plot, "control_or_remediation_plan", dt.date(2024, 12, 1))
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(
            personas.bob, plot, "under_control_or_remediation", date=future, document=plan, filed_on=future
        )
    _refused(exc, "LC-X05")


def test_lc_x06_plan_must_be_filed(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "listed")
    plan = doc(personas.bob, plot, "control_or_remediation_plan", dt.date(2024, 12, 1))
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(personas.bob, plot, "under_control_or_remediation", date=D0, document=plan)
    _refused(exc, "LC-X06")


def test_lc_x07_listing_needs_a_confirmed_list_change(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "risk_assessment")
    d, r = reviewed(personas.bob, plot, "risk_assessment_report", dt.date(2024, 9, 1), "risk_unacceptable")
    # the review proposed the list entry; going to "listed" without confirming it is refused
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(personas.bob, refresh(plot), "listed", date=dt.date(2024, 9, 1), review=r)
    _refused(exc, "LC-X07")
    assert not ListEvent.objects.filter(plot=plot).exists()
    prop = Proposal.objects.get(plot=plot, status="pending")
    assert prop.payload["changes"][0]["action"] == "enter"
    actions.confirm_proposal(personas.bob, prop)
    plot = refresh(plot)
    assert plot.state == "listed"
    ev = ListEvent.objects.get(plot=plot)
    assert ev.confirmed_by == personas.bob and ev.public
    assert Proposal.objects.get(pk=prop.pk).status == "confirmed"


def test_rejected_proposal_changes_nothing(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "risk_assessment")
    reviewed(personas.bob, plot, "risk_assessment_report", dt.date(2024, 9, 1), "risk_unacceptable")
    prop = Proposal.objects.get(plot=plot, status="pending")
    with pytest.raises(ValidationError):
        actions.reject_proposal(personas.bob, prop, reason=" ")
    actions.reject_proposal(personas.bob, prop, reason="评审意见需复核")
    assert refresh(plot).state == "risk_assessment"
    assert not ListEvent.objects.filter(plot=plot).exists()


def test_lc_x08_effect_evaluation_by_another_unit(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "under_control_or_remediation")
    plot = actions.update_plot(personas.bob, plot, contractor_org="修复公司甲")
    done = dt.date(2025, 3, 1)
    same = doc(personas.bob, plot, "effect_evaluation_report", dt.date(2025, 4, 1), author="修复公司甲")
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(
            personas.bob, plot, "effect_evaluation", date=done, document=same, completed_on=done
        )
    _refused(exc, "LC-X08")
    other = doc(personas.bob, plot, "effect_evaluation_report", dt.date(2025, 4, 1), author="评估公司乙")
    plot = actions.transition(
        personas.bob, refresh(plot), "effect_evaluation", date=done, document=other, completed_on=done
    )
    assert plot.state == "effect_evaluation"


def test_lc_t11_targets_not_met_goes_back(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "effect_evaluation")
    d, r = reviewed(personas.bob, plot, "effect_evaluation_report", dt.date(2025, 6, 1), "targets_not_met")
    assert not Proposal.objects.filter(plot=plot, status="pending").exists()  # nothing to confirm
    plot = actions.transition(personas.bob, refresh(plot), "under_control_or_remediation", date=D0, review=r)
    assert plot.state == "under_control_or_remediation"
    assert actions.on_list(plot, "remediation")  # still on the list


def test_lc_x09_post_management_only_when_required(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "effect_evaluation")
    reviewed(
        personas.bob,
        plot,
        "effect_evaluation_report",
        dt.date(2025, 6, 1),
        "targets_met",
        post_management_required=False,
    )
    actions.confirm_proposal(personas.bob, Proposal.objects.get(plot=plot, status="pending"))
    plot = refresh(plot)
    assert plot.state == "delisted" and not actions.on_list(plot, "remediation")
    plan = doc(personas.bob, plot, "post_management_plan", dt.date(2025, 7, 1))
    with pytest.raises(actions.GateRefused) as exc:
        actions.transition(personas.bob, plot, "post_management", date=D0, document=plan)
    _refused(exc, "LC-X09")


def test_other_district_and_roles_cannot_transition(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng)
    for user in (personas.carol, personas.dan, personas.erin, personas.frank, personas.paul):
        with pytest.raises(PermissionDenied):
            actions.transition(user, plot, "preliminary_investigation", date=D0, started_on=D0)
    assert refresh(plot).state == "suspected"
    assert not Milestone.objects.filter(plot=plot).exists()


def test_evidence_of_another_plot_is_refused(personas: Any) -> None:
    a = make_plot(personas.bob, personas.dongcheng, "T-A")
    b = walk(personas.bob, make_plot(personas.bob, personas.dongcheng, "T-B"), "preliminary_investigation")
    d, r = reviewed(
        personas.bob, b, "preliminary_investigation_report", dt.date(2024, 6, 1), "below_screening"
    )
    a = walk(personas.bob, a, "preliminary_investigation")
    with pytest.raises(PermissionDenied):
        actions.transition(personas.bob, a, "investigation_closed", date=D0, review=r)


def test_state_is_not_writable_directly(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng)
    with pytest.raises(ValidationError):
        actions.update_plot(personas.bob, plot, state="delisted")
    assert Plot.objects.get(pk=plot.pk).state == "suspected"
