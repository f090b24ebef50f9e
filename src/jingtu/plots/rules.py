"""Adapter between the plot models and `jingtu.engines.lifecycle` / `jingtu.engines.geo`.

It turns Django rows into the engines' plain facts and the engines' answers into what the actions need. It holds no
rule of its own: every decision (and every clause it cites) is the engine's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from jingtu.engines.lifecycle import alerts as alerts_engine
from jingtu.engines.lifecycle import landuse, machine
from jingtu.engines.lifecycle import lists as elists
from jingtu.engines.lifecycle import priority as epriority
from jingtu.engines.lifecycle import rules as erules
from jingtu.engines.lifecycle.reference import cite, default_config


def remediation_list_clause() -> str:
    return cite("SPL-58")


def dormant_clause() -> str:
    return cite("BJ14-2-2-3")


# ---------------------------------------------------------------- land use


def land_use(code: str) -> tuple[str, bool]:
    """(GB 36600 class "1"/"2" — "1?" when the code alone does not decide —, 一住两公) of a GB 50137 code."""
    if not code:
        return "", False
    m = landuse.gb36600_class(code)
    return (str(m.land_class) if m.determined else f"{m.land_class}?"), m.sensitive


def check_land_use_code(code: str) -> None:
    """Raise ValueError naming the code if it is not a GB 50137 class."""
    try:
        landuse.lookup(code)
    except landuse.UnknownLandUse as exc:
        raise ValueError(str(exc)) from None


# ---------------------------------------------------------------- lists


def _event(ev: Any) -> elists.ListEvent:
    return elists.ListEvent(
        list_name=elists.ListName(ev.list_name),
        action=elists.ListAction(ev.change),
        plot=ev.plot.code,
        effective_on=ev.effective_on,
        confirmed_by=ev.confirmed_by.username if ev.confirmed_by_id else "jingtu-system",
        confirmed_on=ev.confirmed_on,
        basis=ev.basis,
    )


def members_as_of(events: Iterable[Any], list_name: str, on: dt.date) -> frozenset[str]:
    """Plot codes on the list at the end of `on`, rebuilt by the engine from the stored events."""
    return elists.members_as_of([_event(e) for e in events], elists.ListName(list_name), on)


def industries() -> list[tuple[str, str]]:
    """Industry keys of the priority scoring table with their Chinese names (for choices)."""
    return [(k, c.name_zh) for k, c in epriority.default_scoring().industries.items()]


def priority_proposal(
    plots: list[Any], *, current: set[str], district: Any, today: dt.date, distances: dict[str, float | None]
) -> dict[str, Any]:
    """Proposed entries to the district's priority list (engine scoring), effective on the next due date."""
    sites = [
        epriority.ClosedSiteFacts(
            plot=p.code,
            district=district.code,
            industry=p.industry,
            production_years=float(p.production_years or 0),
            area_m2=float(p.area_m2 or 0.0),
            receptor_distance_m=distances.get(p.code),
        )
        for p in plots
        if p.closed_on is not None or p.entry_source == "closed_enterprise"
    ]
    props = epriority.propose_priority_entries(sites, frozenset(current), today)
    effective = elists.next_priority_update_due(district.code, today)
    return {
        "list": elists.ListName.PRIORITY.value,
        "effective_on": effective.isoformat(),
        "changes": [
            {
                "plot": p.plot,
                "action": p.action.value,
                "basis": p.basis,
                "clause": cite(p.clause_id),
                "reason": p.reason_zh,
                "score": float(p.basis.split(":")[1].split("/")[0]) if p.basis.startswith("score:") else None,
            }
            for p in props
        ],
    }


def priority_overdue(district_code: str, last_update: dt.date | None, today: dt.date) -> dt.date | None:
    return elists.overdue_priority_update(district_code, last_update, today)


# ---------------------------------------------------------------- lifecycle (engine: machine)

Decision = machine.Decision


def _split_experts(text: str) -> tuple[str, ...]:
    for sep in ("、", "，", ";", "；", "\n"):
        text = text.replace(sep, ",")
    return tuple(e.strip() for e in text.split(",") if e.strip())


def _review(review: Any) -> machine.Review | None:
    if review is None or review.subject not in machine.ReportKind.__members__.values():
        return None
    if review.conclusion not in machine.Conclusion.__members__.values():
        return None
    return machine.Review(
        report_kind=machine.ReportKind(review.subject),
        held_on=review.date,
        experts=_split_experts(review.experts),
        conclusion=machine.Conclusion(review.conclusion),
        organiser=review.organiser,
        post_management_required=review.post_management_required,
    )


def _report(document: Any) -> machine.Report | None:
    if document is None or document.doc_type not in machine.ReportKind.__members__.values():
        return None
    return machine.Report(
        kind=machine.ReportKind(document.doc_type),
        dated=document.date,
        title=document.title,
        author_org=document.author_org,
    )


def plot_state(plot: Any) -> machine.PlotState:
    return machine.PlotState(
        plot=plot.code,
        state=machine.State(plot.state),
        since=plot.state_since or plot.created_at.date(),
        contractor_org=plot.contractor_org,
        post_management_required=plot.post_management_required,
    )


def next_states(plot: Any) -> list[str]:
    return [s.value for s in machine.allowed_targets(machine.State(plot.state))]


def check_transition(
    plot: Any,
    to_state: str,
    *,
    today: dt.date,
    document: Any = None,
    review: Any = None,
    started_on: dt.date | None = None,
    filed_on: dt.date | None = None,
    completed_on: dt.date | None = None,
    list_event: Any = None,
) -> machine.Decision:
    """The engine's decision on moving `plot` to `to_state` with this evidence."""
    try:
        target = machine.State(to_state)
    except ValueError:
        raise ValueError(f"unknown state {to_state!r}") from None
    evidence = machine.Evidence(
        report=_report(document),
        review=_review(review),
        started_on=started_on,
        filed_on=filed_on,
        completed_on=completed_on,
        list_event=_event(list_event) if list_event is not None else None,
    )
    return machine.check_transition(plot_state(plot), target, evidence, today)


def state_after(plot: Any, to_state: str, decision: machine.Decision, review: Any) -> dict[str, Any]:
    """Fields the engine changes with an allowed transition (state, since, post-management flag)."""
    post = plot.post_management_required
    if to_state == machine.State.DELISTED and review is not None:
        post = review.post_management_required
    return {"state": to_state, "state_since": decision.milestone_on, "post_management_required": post}


def list_proposal_from_review(plot: Any, review: Any) -> dict[str, Any] | None:
    """The list change a review conclusion proposes (engine), as a Proposal payload; None if none."""
    rev = _review(review)
    if rev is None:
        return None
    prop = machine.propose_from_review(plot_state(plot), rev)
    if prop is None:
        return None
    target = machine.State.LISTED if prop.action is elists.ListAction.ENTER else machine.State.DELISTED
    return {
        "list": prop.list_name.value,
        "effective_on": prop.proposed_on.isoformat(),
        "changes": [
            {
                "plot": prop.plot,
                "action": prop.action.value,
                "basis": prop.basis,
                "clause": cite(prop.clause_id),
                "reason": prop.reason_zh,
            }
        ],
        "then_state": target.value,
        "review": review.pk,
    }


def on_remediation_list(state: str) -> bool:
    return machine.State(state) in machine.LISTED_STATES


def transition_titles() -> dict[str, str]:
    return {t.target.value + "|" + t.source.value: t.title_zh for t in machine.TRANSITIONS}


def needs(plot: Any, to_state: str) -> tuple[str, ...]:
    """Evidence fields the engine's edge needs (for the form's hints)."""
    for t in machine.TRANSITIONS:
        if t.source.value == plot.state and t.target.value == to_state:
            return t.needs
    return ()


# ---------------------------------------------------------------- legal gates, ledger, alerts (engine: rules)

WORK_STATES = frozenset(
    {
        machine.State.PRELIMINARY_INVESTIGATION,
        machine.State.DETAILED_INVESTIGATION,
        machine.State.RISK_ASSESSMENT,
        machine.State.UNDER_CONTROL_OR_REMEDIATION,
    }
)
PERMIT_KINDS = frozenset(k.value for k in erules.EventKind)


def plot_facts(
    plot: Any,
    *,
    listed: bool,
    milestones: Iterable[Any],
    neighbours: Iterable[tuple[str, float, str]] = (),
    extra_events: Iterable[erules.PermitEvent] = (),
) -> erules.PlotFacts:
    """The engine's facts of a plot. `milestones`: its Milestone rows; `neighbours`: (code, metres, state)."""
    ms = list(milestones)
    events = [
        erules.PermitEvent(
            kind=erules.EventKind(m.kind),
            on=m.date,
            use_code=m.use_code,
            ref=f"milestone:{m.pk}",
            for_remediation=m.for_remediation,
        )
        for m in ms
        if m.kind in PERMIT_KINDS
    ]
    started = tuple(
        m.date
        for m in ms
        if (m.to_state and machine.State(m.to_state) in WORK_STATES) or m.kind == "work_started"
    )
    reviews = [m.date for m in ms if m.kind == "post_review"]
    return erules.PlotFacts(
        code=plot.code,
        district=plot.district.code,
        state=machine.State(plot.state),
        state_since=plot.state_since,
        listed=listed,
        current_use_code=plot.land_use_current or None,
        planned_use_code=plot.land_use_planned or None,
        events=(*events, *extra_events),
        screening_exceeded_on=plot.exceeds_screening_since,
        work_started_on=started,
        neighbours=tuple(erules.Neighbour(c, d, machine.State(s)) for c, d, s in neighbours),
        last_post_review_on=max(reviews) if reviews else None,
    )


def check_permit(facts: erules.PlotFacts, event: erules.PermitEvent, today: dt.date) -> machine.Decision:
    """Would the gates block this planning permission / land supply? The first BLOCK on it refuses."""
    for v in erules.check_plot(facts, today):
        if v.severity is erules.Severity.BLOCK and v.ref == event.ref:
            return machine.Decision(False, v.rule_id, v.clause, v.message_zh, v.message_en)
    return machine.Decision(True, "", "", "", "", milestone_on=event.on)


def permit_event(kind: str, use_code: str, on: dt.date, for_remediation: bool) -> erules.PermitEvent:
    return erules.PermitEvent(
        erules.EventKind(kind), on, use_code, ref="pending", for_remediation=for_remediation
    )


def dormant(plot: Any, milestones: Iterable[Any]) -> erules.DormantStatus | None:
    """Ledger dates of a plot above screening values (engine); None if it never exceeded."""
    if plot.exceeds_screening_since is None:
        return None
    facts = plot_facts(plot, listed=False, milestones=milestones)
    return erules.dormant_status(
        facts.screening_exceeded_on, facts.work_started_on, default_config().dormant_years
    )


def check_all(
    facts: Iterable[erules.PlotFacts], today: dt.date, districts: Iterable[tuple[str, dt.date | None]] = ()
) -> list[erules.Violation]:
    return erules.check_all(facts, today, districts=[erules.DistrictFacts(c, d) for c, d in districts])


def alert_lists(violations: Iterable[erules.Violation], today: dt.date) -> list[Any]:
    return alerts_engine.alert_lists(violations, today)


def list_versions(events: Iterable[Any], list_name: str) -> list[elists.ListVersion]:
    """Every version of a list (one per date it changed; members, entered, left), newest first (engine)."""
    out = elists.versions([_event(e) for e in events], elists.ListName(list_name))
    # a same-day entry and correcting exit change nothing: not a version
    return [v for v in reversed(out) if v.entered or v.exited]


def sequencing_distance_m() -> float:
    return default_config().sequencing_distance_m


def review_conclusions() -> list[tuple[str, str]]:
    from jingtu.plots.models import Conclusion

    return list(Conclusion.choices)


# ---------------------------------------------------------------- geometry (engine: geo)


def area(boundary: Any, srid: int) -> tuple[float, float]:
    """(m², 亩) of a CGCS2000 boundary, planar in the projected CRS `srid` (geo engine)."""
    import shapely

    from jingtu.engines.geo import measure

    geom = shapely.from_wkb(bytes(boundary.wkb))
    m2 = measure.projected_area_m2(geom, srid)
    return m2, measure.m2_to_mu(m2)
