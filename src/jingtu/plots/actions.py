"""Writes to the plot register: every one is access check + change + audit, in one transaction.

The rules (which transition is legal, what a land-use code means, who is due on which list) are asked of
`jingtu.engines.lifecycle` through `jingtu.plots.rules`; nothing here decides them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jingtu.core import access, actions
from jingtu.plots import rules
from jingtu.plots.models import (
    Contact,
    Document,
    GateBlock,
    ListEvent,
    ListKind,
    Milestone,
    Plot,
    Proposal,
    Review,
    State,
)


class GateRefused(ValidationError):
    """A legal gate refused the change; the message names the rule and its clause."""

    def __init__(self, decision: rules.Decision) -> None:
        self.decision = decision
        super().__init__(decision.message)


# ---------------------------------------------------------------- register


def _as_multipolygon(geom: GEOSGeometry | None) -> MultiPolygon | None:
    if geom is None:
        return None
    if geom.srid is None:
        raise ValidationError("boundary has no CRS (srid)")
    if geom.srid != 4490:
        geom = geom.transform(4490, clone=True)
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=4490)
    if geom.geom_type != "MultiPolygon":
        raise ValidationError(f"boundary must be a polygon, got {geom.geom_type}")
    return geom


def _derived(fields: dict[str, Any]) -> dict[str, Any]:
    """Values derived from the facts: land class and 一住两公 sensitivity (engine), area (projected CRS)."""
    out: dict[str, Any] = {}
    if "boundary" in fields:
        boundary = _as_multipolygon(fields["boundary"])
        out["boundary"] = boundary
        if boundary is None:
            out["area_m2"] = out["area_mu"] = None
        else:
            out["area_m2"], out["area_mu"] = rules.area(boundary, settings.JINGTU_PROJECTED_SRID)
    if "land_use_planned" in fields or "land_use_current" in fields:
        code = fields.get("land_use_planned") or fields.get("land_use_current") or ""
        out["land_class"], out["sensitive"] = rules.land_use(code)
    return out


@transaction.atomic
def create_plot(actor: Any, *, reason: str = "", **fields: Any) -> Plot:
    fields.setdefault("state_since", timezone.localdate())
    fields.update(_derived(fields))
    return actions.create(actor, Plot, reason=reason, action="create_plot", **fields)


@transaction.atomic
def update_plot(actor: Any, plot: Plot, *, reason: str = "", **changes: Any) -> Plot:
    if "state" in changes:
        raise ValidationError("the state changes only through transition()")
    merged = {k: changes.get(k, getattr(plot, k)) for k in ("land_use_planned", "land_use_current")}
    if "boundary" in changes:
        merged["boundary"] = changes["boundary"]
    changes.update(_derived(merged))
    return actions.update(actor, plot, reason=reason, action="update_plot", **changes)


@transaction.atomic
def add_contact(actor: Any, plot: Plot, **fields: Any) -> Contact:
    access.require(actor, "change", plot)
    return actions.create(actor, Contact, plot=plot, action="add_contact", **fields)


@transaction.atomic
def attach_document(
    actor: Any, plot: Plot, *, doc_type: str, title: str, date: dt.date, file: Any, reason: str = ""
) -> Document:
    access.require(actor, "change", plot)
    return actions.create(
        actor,
        Document,
        plot=plot,
        doc_type=doc_type,
        title=title,
        date=date,
        file=file,
        reason=reason,
        action="attach_document",
    )


# ---------------------------------------------------------------- reviews and proposals


@transaction.atomic
def record_review(
    actor: Any,
    plot: Plot,
    *,
    subject: str,
    date: dt.date,
    experts: str,
    conclusion: str,
    passed: bool = True,
    opinion: str = "",
    document: Document | None = None,
) -> Review:
    """Record an expert review (评审). If its conclusion implies a state change, a Proposal is created for a
    person to confirm (the engine says which change the conclusion implies)."""
    access.require(actor, "change", plot)
    if not experts.strip():
        raise ValidationError({"experts": "a review names its experts"})
    review = actions.create(
        actor,
        Review,
        plot=plot,
        subject=subject,
        date=date,
        experts=experts,
        conclusion=conclusion,
        passed=passed,
        opinion=opinion,
        document=document,
        action="record_review",
    )
    target = rules.state_after_review(plot, review)
    if target is not None:
        actions.create(
            actor,
            Proposal,
            kind=Proposal.Kind.TRANSITION,
            district=plot.district,
            plot=plot,
            review=review,
            payload={"to_state": target, "date": date.isoformat()},
            explanation=f"{review.get_subject_display()} {date}: {conclusion}",
            action="propose_transition",
        )
    return review


@transaction.atomic
def confirm_proposal(actor: Any, proposal: Proposal, *, date: dt.date | None = None) -> Proposal:
    """A person confirms a proposal: the state change (through the gates) or the new priority-list version."""
    access.require(actor, "change", proposal)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(f"proposal already {proposal.get_status_display()}")
    if proposal.kind == Proposal.Kind.TRANSITION:
        assert proposal.plot is not None
        when = date or dt.date.fromisoformat(proposal.payload["date"])
        transition(
            actor,
            proposal.plot,
            proposal.payload["to_state"],
            date=when,
            review=proposal.review,
            document=proposal.review.document if proposal.review else None,
            note=proposal.explanation,
        )
    else:
        _confirm_list_changes(actor, proposal)
    return actions.update(
        actor,
        proposal,
        status=Proposal.Status.CONFIRMED,
        decided_by=actor,
        decided_at=timezone.now(),
        action="confirm_proposal",
    )


@transaction.atomic
def reject_proposal(actor: Any, proposal: Proposal, *, reason: str) -> Proposal:
    if not reason.strip():
        raise ValidationError({"reason": "say why the proposal is rejected"})
    return actions.update(
        actor,
        proposal,
        status=Proposal.Status.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        reason=reason,
        action="reject_proposal",
    )


# ---------------------------------------------------------------- lifecycle


def _refuse(actor: Any, plot: Plot, attempted: str, decision: rules.Decision) -> GateRefused:
    """Keep the refusal (alerts page) and audit it in its own transaction; return the error to raise."""
    with transaction.atomic():
        actions.create(
            actor,
            GateBlock,
            plot=plot,
            attempted=attempted[:200],
            rule=decision.rule[:100],
            clause=decision.clause[:300],
            message=decision.message[:500],
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            reason=decision.message[:500],
            action="gate_refused",
        )
    return GateRefused(decision)


def transition(
    actor: Any,
    plot: Plot,
    to_state: str,
    *,
    date: dt.date,
    document: Document | None = None,
    review: Review | None = None,
    note: str = "",
) -> Plot:
    """Move a plot to `to_state` if the engine allows it with this evidence; refused -> GateRefused (and a
    GateBlock row plus an audit event are kept, outside the refused change)."""
    access.require(actor, "change", plot)
    for item in (document, review):
        if item is not None and item.plot_id != plot.pk:
            raise PermissionDenied("evidence of another plot")
    decision = rules.check_transition(plot, to_state, date=date, document=document, review=review)
    if not decision.allowed:
        raise _refuse(actor, plot, f"{plot.state} → {to_state}", decision)
    with transaction.atomic():
        from_state = plot.state
        plot = actions.update(actor, plot, state=to_state, state_since=date, reason=note, action="transition")
        actions.create(
            actor,
            Milestone,
            plot=plot,
            date=date,
            kind="transition",
            from_state=from_state,
            to_state=to_state,
            note=note[:500],
            document=document,
            review=review,
            action="record_milestone",
        )
        _update_lists_after_transition(actor, plot, date, note or f"{from_state} → {to_state}")
        return plot


def _list_event(
    actor: Any,
    plot: Plot,
    list_name: str,
    change: str,
    *,
    effective_on: dt.date,
    basis: str = "",
    clause: str = "",
    due_on: dt.date | None = None,
    score: float | None = None,
) -> ListEvent:
    return actions.create(
        actor,
        ListEvent,
        list_name=list_name,
        change=change,
        plot=plot,
        effective_on=effective_on,
        due_on=due_on,
        confirmed_by=actor if getattr(actor, "is_authenticated", False) else None,
        confirmed_on=timezone.localdate(),
        basis=basis[:300],
        clause=clause[:300],
        score=score,
        public=list_name == ListKind.REMEDIATION,
        action=f"{list_name}_list_{change}",
    )


def on_list(plot: Plot, list_name: str) -> bool:
    last = ListEvent.objects.filter(plot=plot, list_name=list_name).order_by("effective_on", "id").last()
    return last is not None and last.change == ListEvent.Change.ENTER


def _update_lists_after_transition(actor: Any, plot: Plot, date: dt.date, basis: str) -> None:
    listed = rules.on_remediation_list(plot.state)
    if listed and not on_list(plot, ListKind.REMEDIATION):
        _list_event(
            actor,
            plot,
            ListKind.REMEDIATION,
            "enter",
            effective_on=date,
            basis=basis,
            clause=rules.REMEDIATION_LIST_CLAUSE,
        )
    elif not listed and on_list(plot, ListKind.REMEDIATION):
        _list_event(
            actor,
            plot,
            ListKind.REMEDIATION,
            "exit",
            effective_on=date,
            basis=basis,
            clause=rules.REMEDIATION_LIST_CLAUSE,
        )
    sync_dormant(actor, [plot], today=date)


@transaction.atomic
def record_milestone(
    actor: Any, plot: Plot, *, date: dt.date, kind: str, note: str = "", document: Document | None = None
) -> Milestone:
    """A dated step that is not a state change (plan filed, monitoring round, periodic re-review)."""
    access.require(actor, "change", plot)
    return actions.create(
        actor,
        Milestone,
        plot=plot,
        date=date,
        kind=kind,
        note=note,
        document=document,
        action="record_milestone",
    )


def land_decision(
    actor: Any, plot: Plot, *, kind: str, use_code: str, date: dt.date, note: str = ""
) -> Milestone:
    """Record a planning permission or a land supply for a use — only if the legal gates allow it."""
    access.require(actor, "change", plot)
    decision = rules.check_land_decision(plot, kind=kind, use_code=use_code, date=date)
    if not decision.allowed:
        raise _refuse(actor, plot, f"{kind} {use_code}", decision)
    return actions.create(
        actor,
        Milestone,
        plot=plot,
        date=date,
        kind=kind,
        note=f"{use_code} {note}".strip()[:500],
        action="land_decision",
    )


# ---------------------------------------------------------------- lists


@transaction.atomic
def sync_dormant(actor: Any, plots: Any, *, today: dt.date) -> dict[str, int]:
    """Bring the 暂不开发利用 ledger in line with the engine: due plots enter (with the date they became
    due), plots where work started leave."""
    entered = left = 0
    for plot in plots:
        due = rules.dormant_due(plot, today=today)
        listed = on_list(plot, ListKind.DORMANT)
        if due is not None and not listed:
            _list_event(
                actor,
                plot,
                ListKind.DORMANT,
                "enter",
                effective_on=due.due_on,
                due_on=due.due_on,
                basis=due.reason,
                clause=due.clause,
            )
            entered += 1
        elif due is None and listed:
            _list_event(
                actor,
                plot,
                ListKind.DORMANT,
                "exit",
                effective_on=today,
                basis="work started",
                clause=rules.DORMANT_CLAUSE,
            )
            left += 1
    return {"entered": entered, "left": left}


@transaction.atomic
def propose_priority_list(actor: Any, district: Any, *, today: dt.date) -> Proposal:
    """Score the district's candidate plots (engine) and propose the next list version for confirmation."""
    access.require(actor, "add", Proposal(district=district, kind=Proposal.Kind.LIST))
    candidates = list(Plot.objects.filter(district=district))
    current = {p.code for p in candidates if on_list(p, ListKind.PRIORITY)}
    proposed = rules.priority_proposal(candidates, current=current, district=district, today=today)
    return actions.create(
        actor,
        Proposal,
        kind=Proposal.Kind.LIST,
        district=district,
        payload=proposed,
        explanation=f"{district.name} {proposed['effective_on']}",
        action="propose_priority_list",
    )


def _confirm_list_changes(actor: Any, proposal: Proposal) -> list[ListEvent]:
    payload = proposal.payload
    effective = dt.date.fromisoformat(payload["effective_on"])
    plots = {p.code: p for p in Plot.objects.filter(code__in=[c["plot"] for c in payload["changes"]])}
    return [
        _list_event(
            actor,
            plots[c["plot"]],
            payload["list"],
            c["action"],
            effective_on=effective,
            basis=c.get("basis", ""),
            clause=c.get("clause", ""),
            score=c.get("score"),
        )
        for c in payload["changes"]
    ]


def list_on(user: Any, list_name: str, on: dt.date) -> list[tuple[Plot, ListEvent]]:
    """The list as it stood at the end of a date (reads only; scoped): (plot, its latest entry event)."""
    events = list(
        access.scope(user, ListEvent.objects.filter(list_name=list_name)).select_related(
            "plot", "plot__district"
        )
    )
    codes = rules.members_as_of(events, list_name, on)
    latest: dict[str, ListEvent] = {}
    for ev in events:
        if ev.change == ListEvent.Change.ENTER and ev.effective_on <= on:
            latest[ev.plot.code] = ev
    return [(latest[c].plot, latest[c]) for c in sorted(codes)]


def left_list(user: Any, list_name: str, on: dt.date) -> list[tuple[Plot, ListEvent]]:
    """Plots that were on the list and had left it by the end of `on` (scoped)."""
    events = access.scope(
        user, ListEvent.objects.filter(list_name=list_name, change="exit", effective_on__lte=on)
    )
    current = {p.code for p, _ in list_on(user, list_name, on)}
    out: dict[str, tuple[Plot, ListEvent]] = {}
    for ev in events.select_related("plot", "plot__district").order_by("effective_on", "id"):
        if ev.plot.code not in current:
            out[ev.plot.code] = (ev.plot, ev)
    return sorted(out.values(), key=lambda t: t[0].code)


__all__ = [
    "GateRefused",
    "State",
    "add_contact",
    "attach_document",
    "confirm_proposal",
    "create_plot",
    "land_decision",
    "left_list",
    "list_on",
    "on_list",
    "propose_priority_list",
    "record_milestone",
    "record_review",
    "reject_proposal",
    "sync_dormant",
    "transition",
    "update_plot",
]
