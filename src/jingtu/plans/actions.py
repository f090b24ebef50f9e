"""Writes to plans, obligations, progress and evaluations: access check + change + audit, one transaction each.

Rules come from engines: the plan parser (`jingtu.engines.plans`, through `jingtu.plans.parsing`), the organisation
resolver (`jingtu.engines.orgs.resolve`), and the evaluation engine (`jingtu.engines.evaluation`: obligation status,
deadline states, scores).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from jingtu.core import access, actions
from jingtu.core.models import AuditEvent
from jingtu.core.roles import Role
from jingtu.divisions.models import District
from jingtu.engines import evaluation as ev
from jingtu.engines.orgs import resolve
from jingtu.orgs.models import Organisation
from jingtu.plans.models import (
    Evaluation,
    Evidence,
    Measure,
    Obligation,
    Plan,
    ProgressReport,
    ProgressReview,
)

ROLES = ("lead", "responsible", "cooperating")
EDITABLE_MEASURE_FIELDS = (
    "section_number",
    "section_title",
    "task_number",
    "task_title",
    "text",
    "deadline_text",
    "due",
    "milestones",
    "targets",
    "districts",
    "lead",
    "responsible",
    "cooperating",
)


class PlanError(ValidationError):
    """A plan cannot be imported/confirmed as asked; the message says why."""


# ------------------------------------------------------------------ import


def _district_codes(names: Iterable[Any], by_name: Mapping[str, District]) -> list[str]:
    """District names or codes as the parser reports them -> GB/T 2260 codes (unknown entries are dropped)."""
    out: list[str] = []
    for raw in names:
        text = raw.get("code") or raw.get("name") if isinstance(raw, dict) else raw
        d = by_name.get(str(text or "").strip())
        if d is not None and d.code not in out:
            out.append(d.code)
    return out


def _district_index() -> dict[str, District]:
    idx: dict[str, District] = {}
    for d in District.objects.all():
        for key in (d.code, d.name, d.short_name):
            if key:
                idx[key] = d
    return idx


def _names(value: Any) -> list[str]:
    """Unit names from a parser cell: a list of strings (the contract) or of {"text"/"name": ...} objects."""
    out: list[str] = []
    for item in value or []:
        name = item.get("text") or item.get("name") if isinstance(item, dict) else item
        if name and str(name) not in out:
            out.append(str(name))
    return out


def _due(deadline: Mapping[str, Any]) -> dt.date | None:
    due = deadline.get("due")
    return dt.date.fromisoformat(due) if due else None


def measures_from_parsed(parsed: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Flatten the parser's JSON (sections -> tasks -> measures, the `jingtu plan parse` contract) to Measure fields."""
    idx = _district_index()
    rows: list[dict[str, Any]] = []
    for section in parsed.get("sections", []):
        for task in section.get("tasks", []):
            for m in task.get("measures", []):
                deadline = m.get("deadline") or {}
                rows.append(
                    {
                        "order": len(rows) + 1,
                        "section_number": str(section.get("number") or ""),
                        "section_title": str(section.get("title") or "")[:300],
                        "task_number": str(task.get("number") or ""),
                        "task_title": str(task.get("title") or "")[:300],
                        "text": str(m.get("text") or ""),
                        "deadline_text": str(deadline.get("text") or "")[:200],
                        "due": _due(deadline),
                        "milestones": list(deadline.get("milestones") or []),
                        "targets": list(m.get("targets") or []),
                        "districts": _district_codes(m.get("districts") or [], idx),
                        "lead": _names(m.get("lead")),
                        "responsible": _names(m.get("responsible")),
                        "cooperating": _names(m.get("cooperating")),
                        "unresolved": _names(m.get("unresolved")),
                    }
                )
    return rows


@transaction.atomic
def import_plan(
    actor: Any,
    parsed: Mapping[str, Any],
    *,
    district: District | None = None,
    year: int | None = None,
    source_file: UploadedFile | None = None,
    source_name: str = "",
    parser_version: str = "",
    title: str = "",
) -> Plan:
    """Store a parsed plan as a draft with its measures (access checked once on the plan; one audit event).

    ``district`` None: the district the parser read from the title (``东城区净土保卫战…`` → 东城区), else a
    municipal plan. ``title`` replaces the parser's (an export without its title page: the 14th FYP)."""
    if district is None and parsed.get("district") and parsed.get("district") != "110000":
        district = District.objects.filter(code=str(parsed["district"])).first()
    year = year or parsed.get("year")
    if not year:
        raise PlanError("the plan year is unknown: the parser found none; give it explicitly (--year)")
    rows = measures_from_parsed(parsed)
    if not rows:
        raise PlanError("the parser found no measures in this document")
    plan = actions.create(
        actor,
        Plan,
        action="import_plan",
        reason=f"imported from {source_name}" if source_name else "imported",
        title=str(title.strip() or parsed.get("title") or source_name or "未命名计划")[:300],
        year=int(year),
        issuer=str(parsed.get("issuer") or "")[:200],
        level=Plan.Level.DISTRICT if district else Plan.Level.MUNICIPAL,
        district=district,
        source_file=source_file or "",
        source_name=source_name[:300],
        parsed=dict(parsed),
        parser_version=parser_version[:60],
    )
    bulk_create_with_history([Measure(plan=plan, **row) for row in rows], Measure, default_user=_user(actor))
    actions.record(
        actor,
        AuditEvent.Verb.ACTION,
        plan,
        action="import_plan.measures",
        changes={"measures": len(rows)},
        reason="parsed measures stored for review",
    )
    return plan


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def update_measure(actor: Any, measure: Measure, *, reason: str = "", **fields: Any) -> Measure:
    """Correct a measure's parsed fields on the review screen (draft plans only)."""
    if measure.plan.status != Plan.Status.DRAFT:
        raise PlanError("the plan is confirmed; its measures can no longer be edited")
    unknown = set(fields) - set(EDITABLE_MEASURE_FIELDS)
    if unknown:
        raise PlanError(f"not editable: {sorted(unknown)}")
    access.require(actor, "change", measure.plan)
    return actions.update(
        actor, measure, reason=reason or "review correction", action="update_measure", edited=True, **fields
    )


# ------------------------------------------------------------------ confirm


def resolve_measure(measure: Measure, plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """Each unit name of the measure resolved through the organisation registry (with the plan's district/year)."""
    context = plan.district.code if plan.district else None
    out: dict[str, list[dict[str, Any]]] = {}
    for role in ROLES:
        entries = []
        for name in getattr(measure, role):
            r = resolve(name, district=context, year=plan.year)
            entries.append(
                {
                    "text": name,
                    "units": list(r.units),
                    "collective": r.collective,
                    "resolved": r.resolved,
                    "note": r.note,
                }
            )
        out[role] = entries
    return out


@transaction.atomic
def confirm_plan(actor: Any, plan: Plan, *, reason: str = "") -> dict[str, int]:
    """Confirm a reviewed draft: one obligation per resolved unit and role of every measure.

    Collective names (各区政府, 各街道（地区）, 生态环境部门) expand to the units the registry lists, so a municipal measure
    assigned to 各区政府 yields one obligation per district government, in that district's list. Unresolved names make
    no obligation; they are kept on the measure (`unresolved`, `resolution`). A unit named in several roles of one
    measure keeps the strongest (lead > responsible > cooperating). A municipal measure whose text names districts
    (parser `districts`: 通州区, 各区) gives each named district without an assigned unit an obligation of its
    government with role "named" (属地), so the measure is on that district's list.
    """
    access.require(actor, "change", plan)
    if plan.status != Plan.Status.DRAFT:
        raise PlanError("the plan is already confirmed")
    orgs = {o.code: o for o in Organisation.objects.filter(category=Organisation.Category.GOVERNMENT)}
    obligations: list[Obligation] = []
    unresolved_total = 0
    measures = list(plan.measures.all())
    for measure in measures:
        resolution = resolve_measure(measure, plan)
        unresolved: list[str] = []
        seen: set[str] = set()
        for role in ROLES:
            for entry in resolution[role]:
                if not entry["resolved"]:
                    unresolved.append(entry["text"])
                for code in entry["units"]:
                    org = orgs.get(code)
                    if org is None:
                        unresolved.append(f"{entry['text']} ({code}: not in the organisation table)")
                        continue
                    if code in seen:
                        continue
                    seen.add(code)
                    obligations.append(
                        Obligation(
                            measure=measure,
                            organisation=org,
                            role=role,
                            name_as_written=entry["text"][:200],
                            district_id=org.district_id or plan.district_id,
                            due=measure.due,
                        )
                    )
        if plan.district_id is None:
            # a municipal measure whose text names districts (通州区, 各区) is also on those districts' lists:
            # their government answers for it unless a unit of the district is already assigned
            covered = {ob.district_id for ob in obligations if ob.measure is measure}
            for code in measure.districts:
                gov = orgs.get(f"{code}.gov")
                if gov is None:
                    unresolved.append(f"{code} (no government unit in the registry)")
                elif gov.district_id not in covered and gov.code not in seen:
                    seen.add(gov.code)
                    covered.add(gov.district_id)
                    obligations.append(
                        Obligation(
                            measure=measure,
                            organisation=gov,
                            role=Obligation.Role.NAMED,
                            name_as_written=gov.district.name if gov.district else code,
                            district_id=gov.district_id,
                            due=measure.due,
                        )
                    )
        unresolved_total += len(unresolved)
        measure.resolution = resolution
        measure.unresolved = unresolved
    for ob in obligations:  # every obligation must be one the actor may create
        access.require(actor, "add", ob)
    Measure.objects.bulk_update(measures, ["resolution", "unresolved"])
    bulk_create_with_history(obligations, Obligation, default_user=_user(actor))
    actions.update(
        actor,
        plan,
        action="confirm_plan",
        reason=reason or "review confirmed",
        status=Plan.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        confirmed_by=_user(actor),
    )
    receipt = {
        "measures": len(measures),
        "obligations": len(obligations),
        "unresolved_names": unresolved_total,
    }
    actions.record(actor, AuditEvent.Verb.ACTION, plan, action="confirm_plan.obligations", changes=receipt)
    return receipt


# ------------------------------------------------------------------ progress


def _refresh_status(actor: Any, obligation: Obligation, *, via: str) -> Obligation:
    """Derive the obligation's status from its reports (evaluation engine) and store it if it changed.

    Reviews by a lead unit change another unit's obligation: that derived write is made by the system account
    and the audit reason names the user and the review that caused it.
    """
    facts = [
        ev.ReportFacts(r.status, r.reported_on, r.review.decision if r.review else None)
        for r in obligation.reports.order_by("reported_on", "id")
    ]
    status, completed_on = ev.obligation_status(facts)
    if (status, completed_on) == (obligation.status, obligation.completed_on):
        return obligation
    writer = actor
    if not access.can(actor, "change", obligation):
        from jingtu.accounts.actions import system_actor

        writer = system_actor()
    return actions.update(
        writer,
        obligation,
        action="refresh_obligation_status",
        reason=f"{via} by {getattr(actor, 'username', actor)}",
        status=status,
        completed_on=completed_on,
    )


@transaction.atomic
def report_progress(
    actor: Any,
    obligation: Obligation,
    *,
    status: str,
    narrative: str,
    indicator_values: Mapping[str, Any] | None = None,
    files: Sequence[UploadedFile] = (),
    reported_on: dt.date | None = None,
) -> ProgressReport:
    """A unit reports on its own obligation (department staff: only their unit's; district staff: their district)."""
    if obligation.measure.plan.status != Plan.Status.CONFIRMED:
        raise PlanError("the plan is not confirmed yet")
    report = actions.create(
        actor,
        ProgressReport,
        action="report_progress",
        obligation=obligation,
        status=status,
        narrative=narrative,
        indicator_values=dict(indicator_values or {}),
        reported_on=reported_on or timezone.localdate(),
        reported_by=_user(actor),
    )
    for f in files:
        actions.create(actor, Evidence, action="attach_evidence", report=report, file=f, name=f.name[:300])
    _refresh_status(actor, obligation, via=f"progress report #{report.pk}")
    return report


def lead_units(measure: Measure) -> list[Organisation]:
    return [ob.organisation for ob in measure.obligations.filter(role=Obligation.Role.LEAD)]


@transaction.atomic
def review_report(actor: Any, report: ProgressReport, *, decision: str, comment: str = "") -> ProgressReview:
    """The lead unit accepts or returns a progress report (a return needs a comment)."""
    if decision not in ProgressReview.Decision.values:
        raise PlanError(f"unknown decision {decision!r}")
    if decision == ProgressReview.Decision.RETURNED and not comment.strip():
        raise PlanError("say why the report is returned")
    leads = lead_units(report.obligation.measure)
    if not leads:
        raise PlanError("the measure has no resolved lead unit to review it")
    if access.role_of(actor) == Role.DEPARTMENT_STAFF:
        reviewer = next((o for o in leads if o.pk == actor.organisation_id), None)
        if reviewer is None:
            raise PermissionDenied("only the measure's lead unit reviews its progress reports")
    else:
        reviewer = leads[0]
    review = actions.create(
        actor,
        ProgressReview,
        action="review_report",
        report=report,
        reviewer=reviewer,
        decision=decision,
        comment=comment,
    )
    _refresh_status(actor, report.obligation, via=f"review #{review.pk}")
    return review


# ------------------------------------------------------------------ evaluation


def district_obligations(district: District, year: int) -> Any:
    return Obligation.objects.filter(
        district=district, measure__plan__status=Plan.Status.CONFIRMED, measure__plan__year=year
    )


@transaction.atomic
def compute_evaluation(
    actor: Any,
    district: District,
    year: int,
    quarter: int,
    *,
    values: Mapping[str, float | None],
    weights: Mapping[str, float] | None = None,
) -> Evaluation:
    """Score a district for a quarter (evaluation engine) and store it (one row per district/year/quarter)."""
    config = ev.load_config()
    _, period_end = ev.quarter_bounds(year, quarter)
    facts = [ev.ObligationFacts(o.due, o.completed_on) for o in district_obligations(district, year)]
    try:
        result = ev.evaluate(config, values, facts, period_end, weights)
    except ValueError as exc:
        raise PlanError(str(exc)) from exc
    fields = {
        "weights": result.weights,
        "values": {k: v for k, v in values.items() if v is not None},
        "scores": {
            a.key: {
                "name": a.name,
                "weight": a.weight,
                "score": a.score,
                "detail": a.detail,
                "missing": list(a.missing),
            }
            for a in result.aspects
        },
        "tasks": {
            "assessed": result.tasks.assessed,
            "on_time": result.tasks.on_time,
            "late": result.tasks.late,
            "missed": result.tasks.missed,
            "period_end": period_end.isoformat(),
        },
        "total": result.total,
        "coverage": result.coverage,
        "config_version": result.config_version,
    }
    existing = Evaluation.objects.filter(district=district, year=year, quarter=quarter).first()
    if existing is not None:
        return actions.update(actor, existing, action="compute_evaluation", **fields)
    return actions.create(
        actor,
        Evaluation,
        action="compute_evaluation",
        district=district,
        year=year,
        quarter=quarter,
        **fields,
    )
