"""Plan-tracking screens. Reads through access.scope / access.can; writes through jingtu.plans.actions."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingtu.core import access
from jingtu.divisions.models import District
from jingtu.engines import evaluation as ev
from jingtu.orgs.models import Organisation
from jingtu.plans import actions, reports
from jingtu.plans.forms import EvaluationForm, ImportForm, MeasureForm, ProgressForm, ReviewForm
from jingtu.plans.models import (
    Evaluation,
    Evidence,
    Measure,
    Obligation,
    Plan,
    ProgressReport,
    ProgressReview,
)
from jingtu.plans.parsing import ParserError, parse_document, parser_version


def _obligations(request: HttpRequest) -> Any:
    return access.scope(request.user, Obligation.objects.filter(measure__plan__status=Plan.Status.CONFIRMED))


def _filter_obligations(request: HttpRequest, qs: Any) -> tuple[Any, dict[str, Any]]:
    """The lists' filters (?plan= &role= &q=): plan, role, and words in the unit's name or the measure."""
    plan, role, q = request.GET.get("plan", ""), request.GET.get("role", ""), request.GET.get("q", "").strip()
    if plan.isdigit():
        qs = qs.filter(measure__plan_id=int(plan))
    if role in Obligation.Role.values:
        qs = qs.filter(role=role)
    if q:
        qs = qs.filter(
            Q(organisation__name__icontains=q) | Q(measure__text__icontains=q) | Q(name_as_written=q)
        )
    plans = access.scope(request.user, Plan.objects.filter(status=Plan.Status.CONFIRMED))
    return qs, {
        "f_plans": plans,
        "f_roles": Obligation.Role.choices,
        "f": {"plan": plan, "role": role, "q": q},
    }


def _get_scoped(request: HttpRequest, model: Any, **lookup: Any) -> Any:
    return get_object_or_404(access.scope(request.user, model.objects.all()), **lookup)


# ------------------------------------------------------------------ plans, import, review


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = access.scope(request.user, Plan.objects.select_related("district"))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        district = form.cleaned_data["district"]
        suffix = Path(upload.name).suffix.lower() or ".txt"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"plan{suffix}"
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                parsed = parse_document(
                    path, year=form.cleaned_data["year"], district=district.code if district else None
                )
            except ParserError as exc:
                form.add_error("file", str(exc))
                parsed = None
        if parsed is not None:
            upload.seek(0)
            try:
                plan = actions.import_plan(
                    request.user,
                    parsed,
                    district=district,
                    year=form.cleaned_data["year"],
                    source_file=upload,
                    source_name=upload.name,
                    parser_version=parser_version(),
                    title=form.cleaned_data["title"],
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Plan imported as a draft: check the measures, then confirm."))
                return redirect("plans:review", pk=plan.pk)
    return render(request, "plans/plan_list.html", {"plans": plans, "form": form})


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _get_scoped(request, Plan, pk=pk)
    can_edit = plan.status == Plan.Status.DRAFT and access.can(request.user, "change", plan)
    names = dict(Organisation.objects.filter(category="government").values_list("code", "name"))
    rows = []
    for m in plan.measures.all():
        resolution = m.resolution or actions.resolve_measure(m, plan)
        for entries in resolution.values():
            for e in entries:
                e["names"] = [names.get(code, code) for code in e["units"]]
        form = None
        if can_edit:
            form = MeasureForm(
                prefix=f"m{m.pk}",
                initial={
                    "task_number": m.task_number,
                    "task_title": m.task_title,
                    "text": m.text,
                    "deadline_text": m.deadline_text,
                    "due": m.due,
                    "lead": "\n".join(m.lead),
                    "responsible": "\n".join(m.responsible),
                    "cooperating": "\n".join(m.cooperating),
                    "districts": " ".join(m.districts),
                },
            )
        rows.append({"measure": m, "resolution": resolution, "form": form})
    return render(request, "plans/plan_review.html", {"plan": plan, "rows": rows, "can_edit": can_edit})


@login_required
@require_POST
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _get_scoped(request, Measure, pk=pk)
    form = MeasureForm(request.POST, prefix=f"m{measure.pk}")
    if form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if getattr(measure, k) != v}
        try:
            if changed:
                actions.update_measure(request.user, measure, **changed)
            messages.success(request, _("Measure %(n)s saved.") % {"n": measure.order})
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(
            request, _("Measure %(n)s not saved: %(e)s") % {"n": measure.order, "e": form.errors.as_text()}
        )
    return redirect(f"{_url('plans:review', measure.plan_id)}#m{measure.pk}")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
@require_POST
def plan_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _get_scoped(request, Plan, pk=pk)
    try:
        receipt = actions.confirm_plan(request.user, plan)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("plans:review", pk=plan.pk)
    messages.success(
        request,
        _("Plan confirmed: %(o)s obligations from %(m)s measures; %(u)s names left unresolved.")
        % {"o": receipt["obligations"], "m": receipt["measures"], "u": receipt["unresolved_names"]},
    )
    return redirect("plans:matrix", pk=plan.pk)


@login_required
def plan_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """Department × task matrix: which unit holds which role on which task, and how far it is."""
    plan = _get_scoped(request, Plan, pk=pk)
    today = timezone.localdate()
    rows = reports.with_states(_obligations(request).filter(measure__plan=plan), today)
    tasks: list[tuple[str, str]] = []
    for m in plan.measures.all():
        if (m.task_number, m.task_title) not in tasks:
            tasks.append((m.task_number, m.task_title))
    cells: dict[Any, dict[str, list[reports.Row]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        cells[r.obligation.organisation][r.obligation.measure.task_number].append(r)
    matrix = [
        {"org": org, "cells": [by_task.get(num, []) for num, _t in tasks]}
        for org, by_task in sorted(cells.items(), key=lambda kv: kv[0].code)
    ]
    return render(request, "plans/plan_matrix.html", {"plan": plan, "tasks": tasks, "matrix": matrix})


# ------------------------------------------------------------------ obligations


@login_required
def my_obligations(request: HttpRequest) -> HttpResponse:
    """The signed-in unit's obligations (a user without a unit: everything their scope shows)."""
    qs = _obligations(request)
    org = getattr(request.user, "organisation", None)
    if org is not None:
        qs = qs.filter(organisation=org)
    qs, filters = _filter_obligations(request, qs)
    rows = reports.with_states(qs, timezone.localdate())
    return render(
        request,
        "plans/obligations.html",
        {"rows": rows, "heading": _("My obligations"), "unit": org, **filters},
    )


@login_required
def district_obligations(request: HttpRequest, code: str) -> HttpResponse:
    """A district's obligations, including those derived from the municipal plan (各区政府 → each district
    government), and municipal measures whose text names the district."""
    district = get_object_or_404(District, code=code)
    qs, filters = _filter_obligations(request, _obligations(request).filter(district=district))
    rows = reports.with_states(qs, timezone.localdate())
    named = (
        access.scope(request.user, Measure.objects.select_related("plan"))
        .filter(plan__district__isnull=True, plan__status=Plan.Status.CONFIRMED)
        .exclude(obligations__district=district)
    )
    named = [m for m in named if district.code in (m.districts or [])]
    return render(
        request,
        "plans/obligations.html",
        {
            "rows": rows,
            "heading": _("Obligations of %(d)s") % {"d": district.name},
            "district": district,
            "named": named,
            "districts": District.objects.all(),
            **filters,
        },
    )


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    qs, filters = _filter_obligations(request, _obligations(request).filter(completed_on__isnull=True))
    rows = reports.with_states(qs, timezone.localdate())
    overdue = [r for r in rows if r.state == ev.DeadlineState.OVERDUE]
    due_soon = [r for r in rows if r.state == ev.DeadlineState.DUE_SOON]
    return render(
        request,
        "plans/alerts.html",
        {"overdue": overdue, "due_soon": due_soon, "days": ev.load_config().due_soon_days, **filters},
    )


def _review_candidate(
    request: HttpRequest, report: ProgressReport, leads: list[Any]
) -> ProgressReview | None:
    if not leads:
        return None
    org_id = getattr(request.user, "organisation_id", None)
    reviewer = next((o for o in leads if o.pk == org_id), leads[0])
    return ProgressReview(report=report, reviewer=reviewer)


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ob = _get_scoped(request, Obligation, pk=pk)
    can_report = access.can(request.user, "add", ProgressReport(obligation=ob))
    # the measure's quantitative targets, ready to be given values (重点建设用地安全利用率 = …)
    targets = [str(t.get("indicator") or "") for t in (ob.measure.targets or []) if isinstance(t, dict)]
    initial = {
        "indicators": "\n".join(f"{name} = " for name in dict.fromkeys(targets) if name),
        "status": ob.status,
    }
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(_("Only the responsible unit reports on this obligation."))
        if form.is_valid():
            files = request.FILES.getlist("evidence")
            try:
                actions.report_progress(
                    request.user,
                    ob,
                    status=form.cleaned_data["status"],
                    narrative=form.cleaned_data["narrative"],
                    indicator_values=form.cleaned_data["indicators"],
                    files=files,
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Progress reported."))
                return redirect("plans:obligation", pk=ob.pk)
    leads = actions.lead_units(ob.measure)
    report_rows = []
    for r in ob.reports.all():
        candidate = _review_candidate(request, r, leads)
        can_review = candidate is not None and access.can(request.user, "add", candidate)
        report_rows.append(
            {"report": r, "reviews": r.reviews.all(), "evidence": r.evidence.all(), "can_review": can_review}
        )
    state = ev.deadline_state(ob.due, ob.completed_on, timezone.localdate(), ev.load_config().due_soon_days)
    return render(
        request,
        "plans/obligation_detail.html",
        {
            "ob": ob,
            "state": reports.STATE_LABELS[state.value],
            "state_key": state.value,
            "others": ob.measure.obligations.select_related("organisation").exclude(pk=ob.pk),
            "leads": leads,
            "form": form if can_report else None,
            "review_form": ReviewForm(),
            "report_rows": report_rows,
        },
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_scoped(request, ProgressReport, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_report(
                request.user,
                report,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Review saved."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("plans:obligation", pk=report.obligation_id)


@login_required
def plan_source(request: HttpRequest, pk: int) -> FileResponse:
    plan = _get_scoped(request, Plan, pk=pk)
    if not plan.source_file:
        raise Http404("no source file")
    try:
        return FileResponse(
            plan.source_file.open("rb"), as_attachment=True, filename=plan.source_name or None
        )
    except FileNotFoundError as exc:
        raise Http404(str(exc)) from exc


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    ev_row = _get_scoped(request, Evidence, pk=pk)
    try:
        return FileResponse(ev_row.file.open("rb"), as_attachment=True, filename=ev_row.name)
    except FileNotFoundError as exc:
        raise Http404(str(exc)) from exc


# ------------------------------------------------------------------ evaluation and reports


@login_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    own = getattr(request.user, "district", None)  # district staff evaluate their own district
    form = EvaluationForm(request.POST or None, initial={"district": own.code} if own is not None else None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = actions.compute_evaluation(
                request.user,
                form.cleaned_data["district"],
                form.cleaned_data["year"],
                form.cleaned_data["quarter"],
                values=form.values(),
                weights=form.weights(),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return redirect("plans:evaluation", pk=evaluation.pk)
    evaluations = access.scope(request.user, Evaluation.objects.select_related("district"))
    config = ev.load_config()
    return render(
        request, "plans/evaluation_list.html", {"form": form, "evaluations": evaluations, "config": config}
    )


def _evaluation_context(evaluation: Evaluation) -> dict[str, Any]:
    config = ev.load_config()
    aspects = []
    for aspect in config.aspects:
        s = evaluation.scores.get(aspect.key, {})
        indicators = [
            {
                "ind": ind,
                "value": evaluation.values.get(ind.key),
                "points": (s.get("detail") or {}).get(ind.key),
            }
            for ind in aspect.indicators
        ]
        aspects.append(
            {"aspect": aspect, "weight": s.get("weight"), "score": s.get("score"), "indicators": indicators}
        )
    return {"evaluation": evaluation, "aspects": aspects, "config": config}


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _get_scoped(request, Evaluation, pk=pk)
    context = _evaluation_context(evaluation)
    if request.GET.get("format") == "pdf":
        return _pdf(
            request,
            "plans/evaluation_report.html",
            context,
            f"evaluation-{evaluation.district.code}-{evaluation.year}Q{evaluation.quarter}.pdf",
        )
    return render(request, "plans/evaluation_report.html", context)


def _pdf(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    try:
        data = reports.render_pdf(template, {**context, "request": request}, request.build_absolute_uri("/"))
    except reports.PdfUnavailable as exc:
        return HttpResponse(str(exc), status=501, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def year_end(request: HttpRequest) -> HttpResponse:
    """Year-end progress report (plans require it by 12月底) for one district (?district=CODE) or the city."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError as exc:
        raise Http404("year") from exc
    qs = _obligations(request).filter(measure__plan__year=year)
    code = request.GET.get("district") or ""
    if code:
        district = get_object_or_404(District, code=code)
        qs = qs.filter(Q(district=district))
        title = f"{district.name}{year}年度净土保卫战工作进展报告"
    else:
        title = f"北京市{year}年度净土保卫战工作进展报告"
    report = reports.YearEnd(title, year, today, reports.with_states(qs, today))
    fmt = request.GET.get("format", "html")
    slug = code or "city"
    if fmt == "xlsx":
        response = HttpResponse(
            reports.year_end_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="year-end-{slug}-{year}.xlsx"'
        return response
    context = {"report": report, "districts": District.objects.all(), "code": code}
    if fmt == "pdf":
        return _pdf(request, "plans/year_end.html", context, f"year-end-{slug}-{year}.pdf")
    return render(request, "plans/year_end.html", context)
