"""Construction-land lifecycle state machine (建设用地土壤污染风险管控和修复全过程).

States follow 土壤污染防治法 第三十五条 and 第五十八条-第六十六条 and 污染地块土壤环境管理办法（试行）第二条::

    suspected ─▶ preliminary_investigation ─┬─▶ investigation_closed            (below screening values)
                                            └─▶ detailed_investigation ─┬─▶ investigation_closed
                                                                        └─▶ risk_assessment ─┬─▶ investigation_closed
                                                                                             └─▶ listed
    listed ─▶ under_control_or_remediation ─▶ effect_evaluation ─┬─▶ delisted ─▶ post_management
                       ▲                                         │
                       └──────────── (targets not met) ──────────┘

Every transition needs its evidence (report + review 评审 with experts, date, conclusion; or a filing date; or a
confirmed list event) and is refused, with the rule and clause, when the evidence is missing or contradicts it.
:func:`check_transition` decides; :func:`apply_transition` returns the new :class:`PlotState` with a dated milestone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from .lists import ListAction, ListEvent, ListName, Proposal
from .reference import LifecycleConfig, cite, default_config


class State(StrEnum):
    SUSPECTED = "suspected"  # 疑似污染地块
    PRELIMINARY_INVESTIGATION = "preliminary_investigation"  # 初步调查
    DETAILED_INVESTIGATION = "detailed_investigation"  # 详细调查
    RISK_ASSESSMENT = "risk_assessment"  # 风险评估
    INVESTIGATION_CLOSED = "investigation_closed"  # 调查结束/可安全利用
    LISTED = "listed"  # 列入风险管控和修复名录
    UNDER_CONTROL_OR_REMEDIATION = "under_control_or_remediation"  # 风险管控/修复（方案已备案）
    EFFECT_EVALUATION = "effect_evaluation"  # 效果评估
    DELISTED = "delisted"  # 移出名录
    POST_MANAGEMENT = "post_management"  # 后期管理


STATE_ZH: dict[State, str] = {
    State.SUSPECTED: "疑似污染地块",
    State.PRELIMINARY_INVESTIGATION: "初步调查",
    State.DETAILED_INVESTIGATION: "详细调查",
    State.RISK_ASSESSMENT: "风险评估",
    State.INVESTIGATION_CLOSED: "调查结束/可安全利用",
    State.LISTED: "列入风险管控和修复名录",
    State.UNDER_CONTROL_OR_REMEDIATION: "风险管控/修复",
    State.EFFECT_EVALUATION: "效果评估",
    State.DELISTED: "移出名录",
    State.POST_MANAGEMENT: "后期管理",
}

# States in which a plot "needs investigation/remediation" (先调查、先治理、再供地) and is not safe for supply.
OPEN_STATES: frozenset[State] = frozenset(
    {
        State.SUSPECTED,
        State.PRELIMINARY_INVESTIGATION,
        State.DETAILED_INVESTIGATION,
        State.RISK_ASSESSMENT,
        State.LISTED,
        State.UNDER_CONTROL_OR_REMEDIATION,
        State.EFFECT_EVALUATION,
    }
)
# States in which the plot is on the 风险管控和修复名录.
LISTED_STATES: frozenset[State] = frozenset(
    {State.LISTED, State.UNDER_CONTROL_OR_REMEDIATION, State.EFFECT_EVALUATION}
)


class ReportKind(StrEnum):
    PRELIMINARY_INVESTIGATION = "preliminary_investigation_report"  # 初步调查报告
    DETAILED_INVESTIGATION = "detailed_investigation_report"  # 详细调查报告
    RISK_ASSESSMENT = "risk_assessment_report"  # 风险评估报告
    CONTROL_OR_REMEDIATION_PLAN = "control_or_remediation_plan"  # 风险管控/修复方案
    EFFECT_EVALUATION = "effect_evaluation_report"  # 效果评估报告
    POST_MANAGEMENT_PLAN = "post_management_plan"  # 后期管理计划


class Conclusion(StrEnum):
    BELOW_SCREENING = "below_screening"  # 未超过筛选值
    EXCEEDS_SCREENING = "exceeds_screening"  # 超过筛选值
    RISK_ACCEPTABLE = "risk_acceptable"  # 风险可接受
    RISK_UNACCEPTABLE = "risk_unacceptable"  # 风险不可接受，需风险管控/修复
    TARGETS_MET = "targets_met"  # 达到风险管控/修复目标
    TARGETS_NOT_MET = "targets_not_met"  # 未达到目标


@dataclass(frozen=True)
class Report:
    """A report (PDF in the adapter). ``author_org``: the unit that wrote it (效果评估 must be another unit)."""

    kind: ReportKind
    dated: date
    title: str = ""
    author_org: str = ""


@dataclass(frozen=True)
class Review:
    """An expert review (评审) of a report: experts, date, conclusion.

    ``post_management_required``: for an effect-evaluation review, whether 后期管理 is required (SPL-42).
    """

    report_kind: ReportKind
    held_on: date
    experts: tuple[str, ...]
    conclusion: Conclusion
    organiser: str = ""
    post_management_required: bool = False


@dataclass(frozen=True)
class Evidence:
    """What the caller offers for a transition; which fields are needed depends on the transition (TRANSITIONS)."""

    report: Report | None = None
    review: Review | None = None
    started_on: date | None = None  # work started (调查启动)
    filed_on: date | None = None  # 方案备案 / 效果评估报告备案 date
    completed_on: date | None = None  # 风险管控/修复 completed
    list_event: ListEvent | None = None  # confirmed entry/exit of the 风险管控和修复名录


@dataclass(frozen=True)
class Milestone:
    """A dated step of the plot's history. ``on``: effective date (review/filing/list date); ``recorded_on``: today."""

    state: State
    on: date
    recorded_on: date
    rule_id: str
    note: str = ""


@dataclass(frozen=True)
class PlotState:
    """The lifecycle state of one plot as the adapter stores it.

    ``since``: date the current state was entered. ``contractor_org``: the unit implementing the control or
    remediation (the effect evaluation must be commissioned from another unit, SPL-65).
    ``post_management_required``: set when the effect-evaluation review required post-management.
    """

    plot: str
    state: State
    since: date
    milestones: tuple[Milestone, ...] = ()
    contractor_org: str = ""
    post_management_required: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule_id: str
    clause: str
    message_zh: str
    message_en: str
    milestone_on: date | None = None  # effective date of the new milestone when allowed

    def to_dict(self) -> dict[str, object]:
        return {
            "allowed": self.allowed,
            "rule_id": self.rule_id,
            "clause": self.clause,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "milestone_on": self.milestone_on.isoformat() if self.milestone_on else None,
        }


@dataclass(frozen=True)
class Transition:
    """One allowed edge with the evidence it needs.

    ``report``/``conclusions``: the review of a report of that kind with one of those conclusions is required.
    ``needs``: other evidence fields that must be present ("started_on", "filed_on", "completed_on", "list_enter",
    "list_exit", "other_evaluator", "post_management").
    """

    rule_id: str
    source: State
    target: State
    clause_ids: tuple[str, ...]
    report: ReportKind | None = None
    conclusions: tuple[Conclusion, ...] = ()
    needs: tuple[str, ...] = field(default_factory=tuple)
    title_zh: str = ""
    title_en: str = ""


S = State
R = ReportKind
C = Conclusion

TRANSITIONS: tuple[Transition, ...] = (
    Transition("LC-T01", S.SUSPECTED, S.PRELIMINARY_INVESTIGATION, ("SPL-59", "MEE42-2"),
               needs=("started_on",), title_zh="启动土壤污染状况初步调查", title_en="start the preliminary investigation"),
    Transition("LC-T02", S.PRELIMINARY_INVESTIGATION, S.INVESTIGATION_CLOSED, ("SPL-59",),
               report=R.PRELIMINARY_INVESTIGATION, conclusions=(C.BELOW_SCREENING,),
               title_zh="初步调查评审：未超过筛选值，调查结束", title_en="preliminary investigation reviewed: below screening values, closed"),
    Transition("LC-T03", S.PRELIMINARY_INVESTIGATION, S.DETAILED_INVESTIGATION, ("SPL-59", "MEE42-2", "HJ25-1"),
               report=R.PRELIMINARY_INVESTIGATION, conclusions=(C.EXCEEDS_SCREENING,),
               title_zh="初步调查评审：超过筛选值，开展详细调查", title_en="preliminary investigation reviewed: above screening values, detailed investigation"),
    Transition("LC-T04", S.DETAILED_INVESTIGATION, S.RISK_ASSESSMENT, ("SPL-60",),
               report=R.DETAILED_INVESTIGATION, conclusions=(C.EXCEEDS_SCREENING,),
               title_zh="详细调查评审：超过风险管控标准，开展风险评估", title_en="detailed investigation reviewed: above the standard, risk assessment"),
    Transition("LC-T05", S.DETAILED_INVESTIGATION, S.INVESTIGATION_CLOSED, ("SPL-59",),
               report=R.DETAILED_INVESTIGATION, conclusions=(C.BELOW_SCREENING,),
               title_zh="详细调查评审：未超过筛选值，调查结束", title_en="detailed investigation reviewed: below screening values, closed"),
    Transition("LC-T06", S.RISK_ASSESSMENT, S.INVESTIGATION_CLOSED, ("SPL-61",),
               report=R.RISK_ASSESSMENT, conclusions=(C.RISK_ACCEPTABLE,),
               title_zh="风险评估评审：风险可接受，不纳入名录", title_en="risk assessment reviewed: acceptable risk, not listed"),
    Transition("LC-T07", S.RISK_ASSESSMENT, S.LISTED, ("SPL-58", "SPL-61"),
               report=R.RISK_ASSESSMENT, conclusions=(C.RISK_UNACCEPTABLE,), needs=("list_enter",),
               title_zh="风险评估评审：需风险管控/修复，经确认纳入名录", title_en="risk assessment reviewed: unacceptable, entered on the list after confirmation"),
    Transition("LC-T08", S.LISTED, S.UNDER_CONTROL_OR_REMEDIATION, ("SPL-62", "SPL-64"),
               report=R.CONTROL_OR_REMEDIATION_PLAN, needs=("filed_on",),
               title_zh="风险管控/修复方案备案并实施", title_en="control/remediation plan filed, implementation"),
    Transition("LC-T09", S.UNDER_CONTROL_OR_REMEDIATION, S.EFFECT_EVALUATION, ("SPL-65",),
               report=R.EFFECT_EVALUATION, needs=("completed_on", "other_evaluator"),
               title_zh="风险管控/修复完成，另行委托效果评估", title_en="control/remediation completed, effect evaluation by another unit"),
    Transition("LC-T10", S.EFFECT_EVALUATION, S.DELISTED, ("SPL-66",),
               report=R.EFFECT_EVALUATION, conclusions=(C.TARGETS_MET,), needs=("list_exit",),
               title_zh="效果评估评审：达到目标，经确认移出名录", title_en="effect evaluation reviewed: targets met, removed from the list after confirmation"),
    Transition("LC-T11", S.EFFECT_EVALUATION, S.UNDER_CONTROL_OR_REMEDIATION, ("SPL-66",),
               report=R.EFFECT_EVALUATION, conclusions=(C.TARGETS_NOT_MET,),
               title_zh="效果评估评审：未达到目标，继续风险管控/修复", title_en="effect evaluation reviewed: targets not met, back to control/remediation"),
    Transition("LC-T12", S.DELISTED, S.POST_MANAGEMENT, ("SPL-42", "BJ14-2-2-5"),
               report=R.POST_MANAGEMENT_PLAN, needs=("post_management",),
               title_zh="制定后期管理计划，进入后期管理", title_en="post-management plan, post-management"),
)  # fmt: skip

_BY_EDGE: dict[tuple[State, State], Transition] = {(t.source, t.target): t for t in TRANSITIONS}

# Clause that establishes how a state may be reached, cited when an edge does not exist.
_ENTRY_CLAUSES: dict[State, tuple[str, ...]] = {
    S.SUSPECTED: ("MEE42-2",),
    S.PRELIMINARY_INVESTIGATION: ("SPL-59", "MEE42-2"),
    S.DETAILED_INVESTIGATION: ("MEE42-2", "HJ25-1"),
    S.RISK_ASSESSMENT: ("SPL-60",),
    S.INVESTIGATION_CLOSED: ("SPL-59", "SPL-61"),
    S.LISTED: ("SPL-61",),
    S.UNDER_CONTROL_OR_REMEDIATION: ("SPL-62", "SPL-64"),
    S.EFFECT_EVALUATION: ("SPL-65",),
    S.DELISTED: ("SPL-66",),
    S.POST_MANAGEMENT: ("SPL-42",),
}


def allowed_targets(state: State) -> list[State]:
    """States reachable in one step from ``state``."""
    return [t.target for t in TRANSITIONS if t.source is state]


def _refuse(rule_id: str, clause_ids: tuple[str, ...], zh: str, en: str) -> Decision:
    return Decision(False, rule_id, cite(*clause_ids), zh, en)


def check_transition(
    plot_state: PlotState,
    target: State,
    evidence: Evidence,
    today: date,
    config: LifecycleConfig | None = None,
) -> Decision:
    """Decide whether ``plot_state`` may move to ``target`` with ``evidence`` on ``today``.

    Refusal rule ids: ``LC-X00`` no such transition, ``LC-X01`` missing report, ``LC-X02`` wrong report kind,
    ``LC-X03`` missing/incomplete review, ``LC-X04`` conclusion does not lead to the target, ``LC-X05`` dates out of
    order or in the future, ``LC-X06`` missing start/filing/completion date, ``LC-X07`` list change not confirmed,
    ``LC-X08`` effect evaluation by the implementing unit, ``LC-X09`` post-management not required.
    On success the rule id is the transition's (``LC-T..``) and ``milestone_on`` the effective date.
    """
    cfg = config or default_config()
    src = plot_state.state
    edge = _BY_EDGE.get((src, target))
    if edge is None:
        reachable = "、".join(STATE_ZH[s] for s in allowed_targets(src)) or "无"
        reachable_en = ", ".join(s.value for s in allowed_targets(src)) or "none"
        return _refuse(
            "LC-X00",
            _ENTRY_CLAUSES[target],
            f"不允许从「{STATE_ZH[src]}」直接转为「{STATE_ZH[target]}」；可转入：{reachable}",
            f"no transition from {src.value} to {target.value}; allowed next states: {reachable_en}",
        )
    cl = edge.clause_ids
    effective: date | None = None

    if "started_on" in edge.needs:
        if evidence.started_on is None:
            return _refuse("LC-X06", cl, "缺少调查启动日期", "the investigation start date is missing")
        effective = evidence.started_on

    if edge.report is not None:
        rep = evidence.report
        if rep is None:
            return _refuse(
                "LC-X01", cl, f"缺少报告：{_report_zh(edge.report)}", f"missing report: {edge.report.value}"
            )
        if rep.kind is not edge.report:
            return _refuse(
                "LC-X02", cl,
                f"报告类型不符：需要{_report_zh(edge.report)}，提交的是{_report_zh(rep.kind)}",
                f"wrong report kind: {edge.report.value} needed, {rep.kind.value} given",
            )  # fmt: skip
        if rep.dated > today:
            return _refuse("LC-X05", cl, "报告日期晚于今天", "the report is dated in the future")
        effective = rep.dated

    if edge.conclusions:
        rev = evidence.review
        if rev is None:
            return _refuse("LC-X03", cl, "缺少专家评审结论", "the expert review (评审) is missing")
        if rev.report_kind is not edge.report:
            return _refuse("LC-X03", cl, "评审针对的报告类型不符", "the review is of another kind of report")
        experts = [e for e in rev.experts if e.strip()]
        if len(experts) < cfg.min_review_experts:
            return _refuse(
                "LC-X03", (*cl, "REVIEW-GUIDE"),
                f"评审专家不足 {cfg.min_review_experts} 人（{len(experts)} 人）",
                f"the review has {len(experts)} experts, at least {cfg.min_review_experts} are required",
            )  # fmt: skip
        if rev.conclusion not in edge.conclusions:
            return _refuse(
                "LC-X04", cl,
                f"评审结论「{rev.conclusion.value}」不支持转为「{STATE_ZH[target]}」",
                f"the review conclusion {rev.conclusion.value} does not lead to {target.value}",
            )  # fmt: skip
        if rev.held_on > today:
            return _refuse("LC-X05", cl, "评审日期晚于今天", "the review is dated in the future")
        if evidence.report is not None and rev.held_on < evidence.report.dated:
            return _refuse("LC-X05", cl, "评审日期早于报告日期", "the review predates the report")
        if rev.held_on < plot_state.since:
            return _refuse(
                "LC-X05", cl, "评审日期早于当前阶段开始日期", "the review predates the current stage"
            )
        effective = rev.held_on

    if "filed_on" in edge.needs:
        if evidence.filed_on is None:
            return _refuse(
                "LC-X06", cl, "方案尚未备案（缺少备案日期）", "the plan has not been filed (no filing date)"
            )
        if evidence.filed_on > today:
            return _refuse("LC-X05", cl, "备案日期晚于今天", "the filing date is in the future")
        effective = evidence.filed_on

    if "completed_on" in edge.needs:
        if evidence.completed_on is None:
            return _refuse(
                "LC-X06",
                cl,
                "缺少风险管控/修复完成日期",
                "the completion date of control/remediation is missing",
            )
        if evidence.completed_on > today:
            return _refuse("LC-X05", cl, "完成日期晚于今天", "the completion date is in the future")
        if evidence.report is not None and evidence.report.dated < evidence.completed_on:
            return _refuse(
                "LC-X05", cl, "效果评估报告早于完成日期", "the effect evaluation predates completion"
            )

    if "other_evaluator" in edge.needs:
        author = evidence.report.author_org.strip() if evidence.report else ""
        if not author:
            return _refuse(
                "LC-X08", cl, "效果评估报告未注明编制单位", "the effect evaluation names no author unit"
            )
        if plot_state.contractor_org and author == plot_state.contractor_org.strip():
            return _refuse(
                "LC-X08", cl,
                "效果评估应由土壤污染责任人另行委托的单位开展，不得由风险管控/修复实施单位开展",
                "the effect evaluation must be done by a separately commissioned unit, not the implementing contractor",
            )  # fmt: skip

    for need, action in (("list_enter", ListAction.ENTER), ("list_exit", ListAction.EXIT)):
        if need in edge.needs:
            ev = evidence.list_event
            if (
                ev is None
                or ev.list_name is not ListName.REMEDIATION
                or ev.action is not action
                or ev.plot != plot_state.plot
                or not ev.confirmed_by.strip()
            ):
                verb_zh = "纳入" if action is ListAction.ENTER else "移出"
                return _refuse(
                    "LC-X07", cl,
                    f"{verb_zh}风险管控和修复名录须经人工确认（缺少已确认的名录变更）",
                    f"the list {action.value} must be confirmed by a person (no confirmed list event)",
                )  # fmt: skip
            if ev.effective_on > today:
                return _refuse(
                    "LC-X05", cl, "名录变更生效日期晚于今天", "the list change takes effect in the future"
                )
            effective = ev.effective_on

    if "post_management" in edge.needs and not plot_state.post_management_required:
        return _refuse(
            "LC-X09", cl,
            "效果评估评审未要求后期管理，无需进入后期管理",
            "the effect evaluation review did not require post-management",
        )  # fmt: skip

    assert effective is not None  # every transition needs at least one dated piece of evidence
    return Decision(
        True,
        edge.rule_id,
        cite(*cl),
        f"允许：{edge.title_zh}",
        f"allowed: {edge.title_en}",
        milestone_on=effective,
    )


class TransitionRefused(ValueError):
    def __init__(self, decision: Decision) -> None:
        super().__init__(f"{decision.rule_id}: {decision.message_en} ({decision.clause})")
        self.decision = decision


def apply_transition(
    plot_state: PlotState,
    target: State,
    evidence: Evidence,
    today: date,
    config: LifecycleConfig | None = None,
) -> PlotState:
    """The new state after an allowed transition (with a milestone); raises :class:`TransitionRefused` otherwise."""
    decision = check_transition(plot_state, target, evidence, today, config)
    if not decision.allowed:
        raise TransitionRefused(decision)
    assert decision.milestone_on is not None
    post = plot_state.post_management_required
    if target is State.DELISTED and evidence.review is not None:
        post = evidence.review.post_management_required
    return replace(
        plot_state,
        state=target,
        since=decision.milestone_on,
        milestones=(
            *plot_state.milestones,
            Milestone(target, decision.milestone_on, today, decision.rule_id),
        ),
        post_management_required=post,
    )


def propose_from_review(plot_state: PlotState, review: Review) -> Proposal | None:
    """The list change a review conclusion proposes (shown to a person, then :func:`lists.confirm`).

    风险评估 risk_unacceptable -> enter the 风险管控和修复名录 (SPL-61); 效果评估 targets_met -> exit (SPL-66).
    Other conclusions propose nothing.
    """
    if (
        plot_state.state is State.RISK_ASSESSMENT
        and review.report_kind is ReportKind.RISK_ASSESSMENT
        and review.conclusion is Conclusion.RISK_UNACCEPTABLE
    ):
        return Proposal(
            ListName.REMEDIATION, ListAction.ENTER, plot_state.plot, review.held_on,
            f"review:{review.held_on.isoformat()} {review.conclusion.value}", "SPL-61",
            "风险评估报告评审表明需要实施风险管控、修复，建议纳入建设用地土壤污染风险管控和修复名录",
            "the reviewed risk assessment requires risk control/remediation: propose entering the list",
        )  # fmt: skip
    if (
        plot_state.state is State.EFFECT_EVALUATION
        and review.report_kind is ReportKind.EFFECT_EVALUATION
        and review.conclusion is Conclusion.TARGETS_MET
    ):
        return Proposal(
            ListName.REMEDIATION, ListAction.EXIT, plot_state.plot, review.held_on,
            f"review:{review.held_on.isoformat()} {review.conclusion.value}", "SPL-66",
            "效果评估报告评审表明达到风险管控、修复目标，建议移出建设用地土壤污染风险管控和修复名录",
            "the reviewed effect evaluation shows the targets are met: propose removal from the list",
        )  # fmt: skip
    return None


_REPORT_ZH: dict[ReportKind, str] = {
    R.PRELIMINARY_INVESTIGATION: "初步调查报告",
    R.DETAILED_INVESTIGATION: "详细调查报告",
    R.RISK_ASSESSMENT: "风险评估报告",
    R.CONTROL_OR_REMEDIATION_PLAN: "风险管控/修复方案",
    R.EFFECT_EVALUATION: "效果评估报告",
    R.POST_MANAGEMENT_PLAN: "后期管理计划",
}


def _report_zh(kind: ReportKind) -> str:
    return _REPORT_ZH[kind]
