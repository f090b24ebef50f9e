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
    Conclusion,
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
        super().__init__(f"{decision.rule_id}: {decision.message_zh}（{decision.clause}）")


# ---------------------------------------------------------------- register


def _short(reason: str) -> str:
    """django-simple-history keeps the change reason in a 100-character column (PostgreSQL enforces it)."""
    return reason if len(reason) <= 100 else reason[:99] + "…"


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
    for name in ("land_use_current", "land_use_planned"):
        if fields.get(name):
            try:
                rules.check_land_use_code(fields[name])
            except ValueError as exc:
                raise ValidationError({name: str(exc)}) from None
    if "land_use_planned" in fields or "land_use_current" in fields:
        code = fields.get("land_use_planned") or fields.get("land_use_current") or ""
        out["land_class"], out["sensitive"] = rules.land_use(code)
    return out


@transaction.atomic
def create_plot(actor: Any, *, reason: str = "", **fields: Any) -> Plot:
    fields.setdefault("state_since", timezone.localdate())
    fields.update(_derived(fields))
    plot = actions.create(actor, Plot, reason=_short(reason), action="create_plot", **fields)
    if plot.exceeds_screening_since:  # may already be due on the 暂不开发利用 ledger
        sync_dormant(actor, [plot], today=timezone.localdate())
    return plot


@transaction.atomic
def update_plot(actor: Any, plot: Plot, *, reason: str = "", **changes: Any) -> Plot:
    if "state" in changes:
        raise ValidationError("the state changes only through transition()")
    merged = {k: changes.get(k, getattr(plot, k)) for k in ("land_use_planned", "land_use_current")}
    if "boundary" in changes:
        merged["boundary"] = changes["boundary"]
    changes.update(_derived(merged))
    plot = actions.update(actor, plot, reason=_short(reason), action="update_plot", **changes)
    if "exceeds_screening_since" in changes:
        sync_dormant(actor, [plot], today=timezone.localdate())
    return plot


@transaction.atomic
def add_contact(actor: Any, plot: Plot, **fields: Any) -> Contact:
    access.require(actor, "change", plot)
    return actions.create(actor, Contact, plot=plot, action="add_contact", **fields)


@transaction.atomic
def attach_document(
    actor: Any,
    plot: Plot,
    *,
    doc_type: str,
    title: str,
    date: dt.date,
    file: Any,
    author_org: str = "",
    reason: str = "",
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
        author_org=author_org,
        reason=_short(reason),
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
    organiser: str = "",
    post_management_required: bool = False,
    opinion: str = "",
    document: Document | None = None,
) -> Review:
    """Record an expert review (评审). If the engine says its conclusion proposes a list change (名录 entry or
    exit), a Proposal is created for a person to confirm; confirming it changes the list and the state."""
    access.require(actor, "change", plot)
    if not experts.strip():
        raise ValidationError({"experts": "a review names its experts"})
    if document is not None and document.plot_id != plot.pk:
        raise PermissionDenied("document of another plot")
    review = actions.create(
        actor,
        Review,
        plot=plot,
        subject=subject,
        date=date,
        experts=experts,
        conclusion=conclusion,
        organiser=organiser,
        post_management_required=post_management_required,
        opinion=opinion,
        document=document,
        action="record_review",
    )
    if conclusion == Conclusion.EXCEEDS_SCREENING and plot.exceeds_screening_since is None:
        plot = actions.update(
            actor, plot, exceeds_screening_since=date, reason=_short(str(review)), action="record_exceedance"
        )
    payload = rules.list_proposal_from_review(plot, review)
    if payload is not None:
        actions.create(
            actor,
            Proposal,
            kind=Proposal.Kind.LIST,
            district=plot.district,
            plot=plot,
            review=review,
            payload=payload,
            explanation=payload["changes"][0]["reason"][:500],
            action="propose_list_change",
        )
    return review


@transaction.atomic
def confirm_proposal(actor: Any, proposal: Proposal) -> Proposal:
    """A person confirms a proposal: the list changes (and, for a review's proposal, the plot's state follows
    through the gates with the review, its report and the confirmed list event as evidence)."""
    access.require(actor, "change", proposal)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(f"proposal already {proposal.get_status_display()}")
    events = _confirm_list_changes(actor, proposal)
    then = proposal.payload.get("then_state")
    if then and proposal.plot is not None and proposal.review is not None:
        transition(
            actor,
            proposal.plot,
            then,
            date=events[0].effective_on,
            review=proposal.review,
            document=proposal.review.document,
            list_event=events[0],
            note=proposal.explanation,
        )
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
        reason=_short(reason),
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
            rule=decision.rule_id[:100],
            clause=decision.clause[:300],
            message=decision.message_zh[:500],
            attempted_by=actor if getattr(actor, "is_authenticated", False) else None,
            reason=_short(decision.message_en),
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
    started_on: dt.date | None = None,
    filed_on: dt.date | None = None,
    completed_on: dt.date | None = None,
    list_event: ListEvent | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Plot:
    """Move a plot to `to_state` if the engine allows it with this evidence; refused -> GateRefused (a GateBlock
    row and an audit event are kept, outside the refused change). `date` is when it is recorded; the milestone
    carries the engine's effective date (review, filing or list date)."""
    access.require(actor, "change", plot)
    for item in (document, review, list_event):
        if item is not None and item.plot_id != plot.pk:
            raise PermissionDenied("evidence of another plot")
    if review is not None and document is None:
        document = review.document
    today = today or timezone.localdate()
    decision = rules.check_transition(
        plot,
        to_state,
        today=today,
        document=document,
        review=review,
        started_on=started_on,
        filed_on=filed_on,
        completed_on=completed_on,
        list_event=list_event,
    )
    if not decision.allowed:
        raise _refuse(actor, plot, f"{plot.state} → {to_state}", decision)
    assert decision.milestone_on is not None
    with transaction.atomic():
        from_state = plot.state
        plot = actions.update(
            actor,
            plot,
            reason=_short(note or decision.message_zh),
            action="transition",
            **rules.state_after(plot, to_state, decision, review),
        )
        actions.create(
            actor,
            Milestone,
            plot=plot,
            date=decision.milestone_on,
            kind="transition",
            from_state=from_state,
            to_state=to_state,
            note=f"{decision.rule_id} {decision.message_zh} {note}".strip()[:500],
            document=document,
            review=review,
            action="record_milestone",
        )
        sync_dormant(actor, [plot], today=today)
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


def on_list(plot: Plot, list_name: str, on: dt.date | None = None) -> bool:
    qs = ListEvent.objects.filter(plot=plot, list_name=list_name)
    if on is not None:
        qs = qs.filter(effective_on__lte=on)
    last = qs.order_by("effective_on", "id").last()
    return last is not None and last.change == ListEvent.Change.ENTER


@transaction.atomic
def record_milestone(
    actor: Any,
    plot: Plot,
    *,
    date: dt.date,
    kind: str,
    note: str = "",
    document: Document | None = None,
) -> Milestone:
    """A dated step that is not a state change (work started, monitoring round, periodic re-review)."""
    access.require(actor, "change", plot)
    m = actions.create(
        actor,
        Milestone,
        plot=plot,
        date=date,
        kind=kind,
        note=note,
        document=document,
        action="record_milestone",
    )
    sync_dormant(actor, [plot], today=timezone.localdate())
    return m


def _neighbours(plot: Plot) -> list[tuple[str, float, str]]:
    """(code, metres in the projected CRS, state) of plots within the sequencing distance (engine config)."""
    if plot.boundary is None:
        return []
    srid = settings.JINGTU_PROJECTED_SRID
    limit = rules.sequencing_distance_m()
    me = plot.boundary.transform(srid, clone=True)
    out = []
    for other in Plot.objects.exclude(pk=plot.pk).filter(boundary__isnull=False):
        d = me.distance(other.boundary.transform(srid, clone=True))
        if d <= limit:
            out.append((other.code, d, other.state))
    return out


def facts(plot: Plot, extra_events: Any = ()) -> Any:
    """The engine's PlotFacts of a stored plot."""
    return rules.plot_facts(
        plot,
        listed=on_list(plot, ListKind.REMEDIATION),
        milestones=plot.milestones.all(),
        neighbours=_neighbours(plot),
        extra_events=extra_events,
    )


def land_decision(
    actor: Any,
    plot: Plot,
    *,
    kind: str,
    use_code: str,
    date: dt.date,
    for_remediation: bool = False,
    note: str = "",
) -> Milestone:
    """Record a planning permission, land supply or construction permit — only if no legal gate blocks it."""
    access.require(actor, "change", plot)
    event = rules.permit_event(kind, use_code, date, for_remediation)
    decision = rules.check_permit(facts(plot, extra_events=[event]), event, timezone.localdate())
    if not decision.allowed:
        raise _refuse(actor, plot, f"{kind} {use_code}", decision)
    with transaction.atomic():
        return actions.create(
            actor,
            Milestone,
            plot=plot,
            date=date,
            kind=kind,
            use_code=use_code,
            for_remediation=for_remediation,
            note=note[:500],
            action="land_decision",
        )


# ---------------------------------------------------------------- lists


@transaction.atomic
def sync_dormant(actor: Any, plots: Any, *, today: dt.date) -> dict[str, int]:
    """Bring the 暂不开发利用 ledger in line with the engine's dormant_status: a plot enters on the day after its
    one-year period (due date kept), and leaves when work starts. Automatic: recorded as done by `actor`."""
    entered = left = 0
    for plot in plots:
        st = rules.dormant(plot, plot.milestones.all())
        listed = on_list(plot, ListKind.DORMANT)
        # one entry per exceedance: a plot that left the ledger (work started) does not enter again
        entered_before = (
            st is not None
            and plot.list_events.filter(
                list_name=ListKind.DORMANT, change="enter", effective_on__gt=st.exceeded_on
            ).exists()
        )
        if (
            st is not None
            and st.entered_on is not None
            and st.entered_on <= today
            and not listed
            and not entered_before
        ):
            _list_event(
                actor,
                plot,
                ListKind.DORMANT,
                "enter",
                effective_on=st.entered_on,
                due_on=st.deadline,
                basis=f"exceeded {st.exceeded_on.isoformat()}",
                clause=rules.dormant_clause(),
            )
            entered += 1
            listed = True
        if listed and st is not None and st.left_on is not None and st.left_on <= today:
            _list_event(
                actor,
                plot,
                ListKind.DORMANT,
                "exit",
                effective_on=max(st.left_on, _last_entry(plot, ListKind.DORMANT)),
                basis="work started",
                clause=rules.dormant_clause(),
            )
            left += 1
        elif listed and (st is None or st.entered_on is None):
            # facts recorded later (a back-dated work start, a corrected exceedance date) show the plot was never
            # due: the entry is not edited (events are never changed) but cancelled by a correcting exit effective
            # the same day, so no past list shows the plot; both events stay in the audit trail
            _list_event(
                actor,
                plot,
                ListKind.DORMANT,
                "exit",
                effective_on=_last_entry(plot, ListKind.DORMANT),
                basis="correction: not due on the facts now recorded (work started within the year)",
                clause=rules.dormant_clause(),
            )
            left += 1
    return {"entered": entered, "left": left}


def _last_entry(plot: Plot, list_name: str) -> dt.date:
    """Effective date of the plot's latest entry on the list (an exit may not precede it)."""
    ev = plot.list_events.filter(list_name=list_name, change="enter").order_by("-effective_on").first()
    return ev.effective_on if ev else dt.date.min


def sync_dormant_all(actor: Any, *, today: dt.date) -> dict[str, int]:
    """`sync_dormant` over every plot with results above screening values (the daily job, `jingtu lists sync`):
    a plot on which nothing happens for a year enters the ledger without anyone touching it."""
    plots = Plot.objects.filter(exceeds_screening_since__isnull=False).prefetch_related("milestones")
    return sync_dormant(actor, plots, today=today)


def violations(user: Any, plots: Any, today: dt.date) -> list[Any]:
    """Every rule over the given (already scoped) plots and the districts they are in (engine check_all)."""
    plots = list(plots)
    districts = {}
    for p in plots:
        last = (
            ListEvent.objects.filter(plot__district=p.district, list_name=ListKind.PRIORITY)
            .order_by("-confirmed_on")
            .values_list("confirmed_on", flat=True)
            .first()
        )
        districts[p.district.code] = last
    return rules.check_all([facts(p) for p in plots], today, districts=districts.items())


@transaction.atomic
def propose_priority_list(actor: Any, district: Any, *, today: dt.date) -> Proposal:
    """Score the district's candidate plots (engine) and propose the next list version for confirmation."""
    access.require(actor, "add", Proposal(district=district, kind=Proposal.Kind.LIST))
    candidates = list(Plot.objects.filter(district=district))
    current = {p.code for p in candidates if on_list(p, ListKind.PRIORITY)}
    proposed = rules.priority_proposal(
        candidates, current=current, district=district, today=today, distances=_receptor_distances(candidates)
    )
    return actions.create(
        actor,
        Proposal,
        kind=Proposal.Kind.LIST,
        district=district,
        payload=proposed,
        explanation=f"{district.name} {proposed['effective_on']}",
        action="propose_priority_list",
    )


def _receptor_distances(plots: list[Plot]) -> dict[str, float | None]:
    """Metres (projected CRS) from each plot to the nearest plot of sensitive (一住两公) use; None if none known."""
    srid = settings.JINGTU_PROJECTED_SRID
    receptors = [
        (p.pk, p.boundary.transform(srid, clone=True))
        for p in Plot.objects.filter(sensitive=True, boundary__isnull=False)
    ]
    out: dict[str, float | None] = {}
    for p in plots:
        if p.boundary is None or not receptors:
            out[p.code] = None
            continue
        geom = p.boundary.transform(srid, clone=True)
        dists = [geom.distance(r) for pk, r in receptors if pk != p.pk]
        out[p.code] = min(dists) if dists else None
    return out


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


def list_versions(user: Any, list_name: str) -> list[Any]:
    """Every version of the list the user may see (engine `versions`, newest first; reads only; scoped)."""
    events = access.scope(user, ListEvent.objects.filter(list_name=list_name)).select_related("plot")
    return rules.list_versions(events, list_name)


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
    "list_versions",
    "on_list",
    "propose_priority_list",
    "record_milestone",
    "record_review",
    "reject_proposal",
    "sync_dormant",
    "sync_dormant_all",
    "transition",
    "update_plot",
]
