"""Legal gates and overdue checks as a rule engine (``jingtu plots check``).

The adapter fills one :class:`PlotFacts` per plot (plain values, no ORM objects) and calls :func:`check_all`; each
:class:`Rule` returns :class:`Violation` objects that serialise to JSON with :meth:`Violation.to_dict`. Rules cite the
clauses of ``data/lifecycle/clauses.toml``; policy numbers come from ``data/lifecycle/config.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from .dates import add_months, add_years
from .landuse import UnknownLandUse, lookup
from .lists import overdue_priority_update
from .machine import LISTED_STATES, OPEN_STATES, STATE_ZH, State
from .reference import LifecycleConfig, cite, clause, default_config


class Severity(StrEnum):
    BLOCK = "block"  # a gate: the act must be refused
    WARNING = "warning"  # "原则上" rules and overdue work
    INFO = "info"  # data-quality notes, ledger membership


class Department(StrEnum):
    ECOLOGY = "ecology_environment"  # 生态环境部门
    PLANNING = "planning_natural_resources"  # 规划自然资源部门
    HOUSING = "housing_construction"  # 住房城乡建设部门


class EventKind(StrEnum):
    PLANNING_PERMISSION = "planning_permission"  # 建设工程规划许可 / 规划许可
    LAND_SUPPLY = "land_supply"  # 土地供应（划拨决定书、出让合同）
    CONSTRUCTION_PERMIT = "construction_permit"  # 施工许可 / 开工建设


@dataclass(frozen=True)
class PermitEvent:
    """A pending or issued permit / land-supply act for the plot.

    ``use_code``: the GB 50137 class the act is for; ``for_remediation``: the act serves the risk control or
    remediation itself (allowed on a listed plot, SPL-66); ``ref``: the adapter's id of the act.
    """

    kind: EventKind
    on: date
    use_code: str
    ref: str = ""
    for_remediation: bool = False


@dataclass(frozen=True)
class Neighbour:
    """Another plot and its distance (m, computed by the caller in a projected CRS) and lifecycle state."""

    plot: str
    distance_m: float
    state: State | None


@dataclass(frozen=True)
class PlotFacts:
    """Everything the rules read about one plot. Dates are calendar dates; distances in metres.

    ``state`` None: the plot has no lifecycle record (never suspected). ``screening_exceeded_on``: first date
    monitoring/investigation data showed a result above the GB 36600 screening value. ``work_started_on``: dates on
    which investigation, risk assessment or remediation work started (any order). ``last_post_review_on``: last
    periodic re-review of a post-management plot.
    """

    code: str
    district: str
    state: State | None = None
    state_since: date | None = None
    listed: bool = False
    current_use_code: str | None = None
    planned_use_code: str | None = None
    events: tuple[PermitEvent, ...] = ()
    screening_exceeded_on: date | None = None
    work_started_on: tuple[date, ...] = ()
    neighbours: tuple[Neighbour, ...] = ()
    last_post_review_on: date | None = None


@dataclass(frozen=True)
class DistrictFacts:
    """District-level facts: the date the 优先监管地块清单 was last updated (None: never)."""

    code: str
    last_priority_update_on: date | None


@dataclass(frozen=True)
class Violation:
    rule_id: str
    plot: str  # plot code, or the district code for district rules
    district: str
    department: Department
    severity: Severity
    due_date: date | None
    clause: str
    clause_verified: bool
    message_zh: str
    message_en: str
    ref: str = ""  # the blocked act (PermitEvent.ref) or the related plot

    def to_dict(self) -> dict[str, str | bool | None]:
        """JSON-serialisable form (dates ISO 8601)."""
        return {
            "rule_id": self.rule_id,
            "plot": self.plot,
            "district": self.district,
            "department": self.department.value,
            "severity": self.severity.value,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "clause": self.clause,
            "clause_verified": self.clause_verified,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "ref": self.ref,
        }


@dataclass(frozen=True)
class RuleContext:
    plot: PlotFacts
    today: date
    config: LifecycleConfig


class Rule(Protocol):
    id: str
    title_zh: str
    title_en: str
    clause_ids: tuple[str, ...]

    def evaluate(self, context: RuleContext) -> list[Violation]: ...


def _sensitive(code: str | None) -> bool:
    if code is None:
        return False
    try:
        return lookup(code).sensitive
    except UnknownLandUse:
        return False


class _Base:
    id = ""
    title_zh = ""
    title_en = ""
    clause_ids: tuple[str, ...] = ()
    department = Department.ECOLOGY

    def _v(
        self,
        ctx: RuleContext,
        severity: Severity,
        zh: str,
        en: str,
        *,
        due: date | None = None,
        ref: str = "",
        department: Department | None = None,
    ) -> Violation:
        return Violation(
            rule_id=self.id,
            plot=ctx.plot.code,
            district=ctx.plot.district,
            department=department or self.department,
            severity=severity,
            due_date=due,
            clause=cite(*self.clause_ids),
            clause_verified=all(clause(c).verified for c in self.clause_ids),
            message_zh=zh,
            message_en=en,
            ref=ref,
        )


class ListedNoSensitiveUse(_Base):
    """GATE-01: a plot on the 风险管控和修复名录 may not get a planning permission or land supply for 一住两公."""

    id = "GATE-01"
    title_zh = "名录内地块不得作为住宅、公共管理与公共服务用地"
    title_en = "listed plot: no residential or public administration & public service use"
    clause_ids: tuple[str, ...] = ("SPL-61", "BJ14-2-2-4")
    department = Department.PLANNING

    def evaluate(self, ctx: RuleContext) -> list[Violation]:
        p = ctx.plot
        if not p.listed:
            return []
        out = []
        for ev in p.events:
            if ev.kind in (EventKind.PLANNING_PERMISSION, EventKind.LAND_SUPPLY) and _sensitive(ev.use_code):
                out.append(
                    self._v(
                        ctx,
                        Severity.BLOCK,
                        f"地块在风险管控和修复名录内，不得为“一住两公”用途（{ev.use_code}）办理{_event_zh(ev.kind)}",
                        f"plot is on the risk-control and remediation list: {ev.kind.value} for sensitive use "
                        f"{ev.use_code} is refused",
                        due=ev.on,
                        ref=ev.ref,
                    )  # fmt: skip
                )
        if not out and _sensitive(p.planned_use_code):
            out.append(
                self._v(
                    ctx,
                    Severity.WARNING,
                    f"名录内地块规划用途为“一住两公”（{p.planned_use_code}），须先移出名录",
                    f"listed plot is planned for sensitive use {p.planned_use_code}: it must leave the list first",
                )  # fmt: skip
            )
        return out


class InvestigateBeforeSupply(_Base):
    """GATE-02 先调查、先治理、再供地: no land supply while investigation/remediation is open.

    Also: a change of use to 一住两公 needs an investigation first (SPL-59 second paragraph), so a land supply or
    planning permission for a sensitive use on a plot with no closed investigation is refused when the current use
    is not sensitive.
    """

    id = "GATE-02"
    title_zh = "先调查、先治理、再供地"
    title_en = "investigate and remediate before land supply"
    clause_ids: tuple[str, ...] = ("SPL-59", "SPL-66", "BJ14-2-3-3")
    department = Department.PLANNING

    def evaluate(self, ctx: RuleContext) -> list[Violation]:
        p = ctx.plot
        out = []
        for ev in p.events:
            if ev.kind is not EventKind.LAND_SUPPLY and not (
                ev.kind is EventKind.PLANNING_PERMISSION and _sensitive(ev.use_code)
            ):
                continue
            if ev.for_remediation:
                continue
            if p.state in OPEN_STATES:
                assert p.state is not None
                out.append(
                    self._v(
                        ctx,
                        Severity.BLOCK,
                        f"地块处于「{STATE_ZH[p.state]}」阶段，调查/治理未完成，不得办理{_event_zh(ev.kind)}",
                        f"plot is in state {p.state.value}: investigation/remediation not finished, "
                        f"{ev.kind.value} refused",
                        due=ev.on,
                        ref=ev.ref,
                    )  # fmt: skip
                )
            elif (
                p.state is None
                and _sensitive(ev.use_code)
                and p.current_use_code is not None
                and not _sensitive(p.current_use_code)
            ):
                out.append(
                    self._v(
                        ctx,
                        Severity.BLOCK,
                        f"用途由 {p.current_use_code} 变更为“一住两公”（{ev.use_code}），变更前须完成土壤污染状况调查",
                        f"change of use from {p.current_use_code} to sensitive use {ev.use_code} needs a soil "
                        "investigation first",
                        due=ev.on,
                        ref=ev.ref,
                    )  # fmt: skip
                )
        return out


class NoUnrelatedConstruction(_Base):
    """GATE-03: on a plot that has not met its targets, no construction unrelated to control/remediation."""

    id = "GATE-03"
    title_zh = "未达到风险管控、修复目标的地块禁止开工建设与风险管控、修复无关的项目"
    title_en = "no unrelated construction before the control/remediation targets are met"
    clause_ids: tuple[str, ...] = ("SPL-66",)
    department = Department.HOUSING

    def evaluate(self, ctx: RuleContext) -> list[Violation]:
        p = ctx.plot
        if not (p.listed or p.state in LISTED_STATES):
            return []
        return [
            self._v(
                ctx,
                Severity.BLOCK,
                "地块未达到风险管控、修复目标，禁止开工建设与风险管控、修复无关的项目",
                "plot has not met its control/remediation targets: unrelated construction is refused",
                due=ev.on,
                ref=ev.ref,
            )  # fmt: skip
            for ev in p.events
            if ev.kind is EventKind.CONSTRUCTION_PERMIT and not ev.for_remediation
        ]


@dataclass(frozen=True)
class DormantStatus:
    """Membership of the 暂不开发利用受污染建设用地 ledger.

    ``deadline``: last day of the one-year period after the exceedance (corresponding day, CIVIL-202);
    ``entered_on``: deadline + 1 day if no work started by the deadline; ``left_on``: first work start after entry.
    """

    exceeded_on: date
    deadline: date
    entered_on: date | None
    left_on: date | None

    def in_ledger(self, today: date) -> bool:
        return (
            self.entered_on is not None
            and self.entered_on <= today
            and (self.left_on is None or self.left_on > today)
        )


def dormant_status(exceeded_on: date, work_started_on: Sequence[date], years: int = 1) -> DormantStatus:
    """Ledger dates for a plot above screening values since ``exceeded_on``.

    "一年内未进一步开展土壤污染状况调查、风险评估、治理修复" (北京十四五规划 二（二）3): the period starts the day after
    the exceedance and ends on the corresponding day ``years`` later (CIVIL-202). Work started on or before that day
    keeps the plot out; otherwise it enters on the next day and leaves on the first later work start.
    """
    deadline = add_years(exceeded_on, years)
    starts = sorted(d for d in work_started_on if d >= exceeded_on)
    if any(d <= deadline for d in starts):
        return DormantStatus(exceeded_on, deadline, None, None)
    entered = deadline + timedelta(days=1)
    later = [d for d in starts if d >= entered]
    return DormantStatus(exceeded_on, deadline, entered, later[0] if later else None)


class DormantLedger(_Base):
    """LEDGER-01: above screening values and no further work within one year -> 暂不开发利用 ledger."""

    id = "LEDGER-01"
    title_zh = "暂不开发利用受污染建设用地纳入台账管理"
    title_en = "contaminated construction land not developed for now enters the ledger"
    clause_ids: tuple[str, ...] = ("BJ14-2-2-3", "DB11-1967", "CIVIL-202")

    def evaluate(self, ctx: RuleContext) -> list[Violation]:
        p = ctx.plot
        if p.screening_exceeded_on is None or p.state in (
            State.INVESTIGATION_CLOSED,
            State.DELISTED,
            State.POST_MANAGEMENT,
        ):
            return []
        st = dormant_status(p.screening_exceeded_on, p.work_started_on, ctx.config.dormant_years)
        if not st.in_ledger(ctx.today):
            return []
        assert st.entered_on is not None
        return [
            self._v(
                ctx,
                Severity.WARNING,
                f"超过筛选值（{st.exceeded_on.isoformat()}）后一年内未进一步开展调查、风险评估或治理修复，"
                f"自 {st.entered_on.isoformat()} 起纳入暂不开发利用受污染建设用地台账，须实施风险管控",
                f"above screening values since {st.exceeded_on.isoformat()} with no further work within one year: "
                f"on the dormant-land ledger since {st.entered_on.isoformat()}, risk control required",
                due=st.deadline,
            )  # fmt: skip
        ]


class SensitiveSequencing(_Base):
    """SEQ-01: a sensitive plot near a plot under remediation should be developed after it (原则上)."""

    id = "SEQ-01"
    title_zh = "受污染建设用地周边敏感用地原则上应后开发"
    title_en = "sensitive land next to contaminated land is developed afterwards"
    clause_ids: tuple[str, ...] = ("BJ14-2-3-3", "LOCAL-SEQ-DISTANCE")
    department = Department.PLANNING

    def evaluate(self, ctx: RuleContext) -> list[Violation]:
        p = ctx.plot
        if not _sensitive(p.planned_use_code):
            return []
        limit = ctx.config.sequencing_distance_m
        out = []
        for n in sorted(p.neighbours, key=lambda n: (n.distance_m, n.plot)):
            if n.state in LISTED_STATES and 0 <= n.distance_m <= limit:
                acts = [
                    e for e in p.events if e.kind in (EventKind.LAND_SUPPLY, EventKind.PLANNING_PERMISSION)
                ]
                due = min((e.on for e in acts), default=None)
                out.append(
                    self._v(
                        ctx,
                        Severity.WARNING,
                        f"“一住两公”地块距风险管控/修复中的地块 {n.plot} {n.distance_m:.0f} 米（≤{limit:.0f} 米），"
                        "原则上应在其风险管控和修复完成后开发",
                        f"sensitive plot is {n.distance_m:.0f} m (<= {limit:.0f} m) from plot {n.plot} under "
                        "control/remediation: should be developed after it",
                        due=due,
                        ref=n.plot,
                    )  # fmt: skip
                )
        return out


class PostManagementReview(_Base):
    """POST-01: post-management plots are re-reviewed periodically (interval: config, local setting)."""

    id = "POST-01"
    title_zh = "后期管理地块定期复查"
    title_en = "periodic re-review of post-management plots"
    clause_ids: tuple[str, ...] = ("SPL-42", "BJ14-2-2-5", "LOCAL-POST-REVIEW")

    def evaluate(self, ctx: RuleContext) -> list[Violation]:
        p = ctx.plot
        if p.state is not State.POST_MANAGEMENT:
            return []
        base = p.last_post_review_on or p.state_since
        if base is None:
            return [
                self._v(
                    ctx,
                    Severity.WARNING,
                    "后期管理地块无进入日期或复查记录，无法确定复查期限",
                    "post-management plot has neither an entry date nor a re-review: the due date is unknown",
                )  # fmt: skip
            ]
        due = add_months(base, ctx.config.post_review_months)
        if due >= ctx.today:
            return []
        return [
            self._v(
                ctx,
                Severity.WARNING,
                f"后期管理定期复查已逾期（应于 {due.isoformat()} 前完成）",
                f"periodic post-management re-review overdue (due {due.isoformat()})",
                due=due,
            )  # fmt: skip
        ]


class LandUseCode(_Base):
    """DATA-01: land-use codes must be GB 50137-2011 classes (else the gates cannot judge sensitivity)."""

    id = "DATA-01"
    title_zh = "用地分类代码须符合 GB 50137-2011"
    title_en = "land-use codes must be GB 50137-2011 classes"
    clause_ids: tuple[str, ...] = ("GB50137",)
    department = Department.PLANNING

    def evaluate(self, ctx: RuleContext) -> list[Violation]:
        p = ctx.plot
        codes = [("current_use_code", p.current_use_code), ("planned_use_code", p.planned_use_code)]
        codes += [(f"events[{i}].use_code", e.use_code) for i, e in enumerate(p.events)]
        out = []
        for field_name, code in codes:
            if code is None:
                continue
            try:
                lookup(code)
            except UnknownLandUse:
                out.append(
                    self._v(
                        ctx,
                        Severity.INFO,
                        f"{field_name} 的用地代码 {code!r} 不是 GB 50137-2011 城市建设用地分类，无法判断是否“一住两公”",
                        f"{field_name}: {code!r} is not a GB 50137-2011 class; sensitivity cannot be judged",
                    )  # fmt: skip
                )
        return out


RULES: tuple[Rule, ...] = (
    ListedNoSensitiveUse(),
    InvestigateBeforeSupply(),
    NoUnrelatedConstruction(),
    DormantLedger(),
    SensitiveSequencing(),
    PostManagementReview(),
    LandUseCode(),
)


def check_plot(plot: PlotFacts, today: date, config: LifecycleConfig | None = None) -> list[Violation]:
    ctx = RuleContext(plot, today, config or default_config())
    return [v for rule in RULES for v in rule.evaluate(ctx)]


def check_all(
    plots: Iterable[PlotFacts],
    today: date,
    config: LifecycleConfig | None = None,
    districts: Iterable[DistrictFacts] = (),
) -> list[Violation]:
    """Run every rule over every plot (and the district rules over ``districts``).

    Output order: by plot code, then rule order. Use ``[v.to_dict() for v in ...]`` for JSON.
    """
    cfg = config or default_config()
    out: list[Violation] = []
    for plot in sorted(plots, key=lambda p: p.code):
        out.extend(check_plot(plot, today, cfg))
    for d in sorted(districts, key=lambda d: d.code):
        out.extend(check_district(d, today, cfg))
    return out


def check_district(
    district: DistrictFacts, today: date, config: LifecycleConfig | None = None
) -> list[Violation]:
    """LIST-01: the district's 优先监管地块清单 must be updated by each half-yearly due date."""
    cfg = config or default_config()
    missed = overdue_priority_update(district.code, district.last_priority_update_on, today, cfg)
    if missed is None:
        return []
    ids = ("DB11-2216", "LOCAL-PRIORITY-DATES")
    last = district.last_priority_update_on.isoformat() if district.last_priority_update_on else "从未/never"
    return [
        Violation(
            rule_id="LIST-01",
            plot=district.code,
            district=district.code,
            department=Department.ECOLOGY,
            severity=Severity.WARNING,
            due_date=missed,
            clause=cite(*ids),
            clause_verified=False,
            message_zh=f"优先监管地块清单未按期更新（应于 {missed.isoformat()} 前更新，上次更新：{last}）",
            message_en=f"priority-supervision list not updated by {missed.isoformat()} (last update: {last})",
        )
    ]


def _event_zh(kind: EventKind) -> str:
    return {
        EventKind.PLANNING_PERMISSION: "规划许可",
        EventKind.LAND_SUPPLY: "土地供应",
        EventKind.CONSTRUCTION_PERMIT: "施工许可",
    }[kind]
