"""Lab-data pages: upload an EDD to a plot, the import report, the exceedance table (filters, Excel export) and the
value-vs-depth chart per analyte. Reads are scoped by `jingtu.core.access`; the import goes through
`jingtu.labdata.actions`; screening rules are the engines'."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jingtu.core import access
from jingtu.labdata import actions, export, queries
from jingtu.labdata.charts import ChartPoint, value_depth_svg
from jingtu.labdata.forms import RescreenForm, ResultFilterForm, UploadForm
from jingtu.labdata.models import ImportBatch, Matrix, Outcome, Result
from jingtu.plots.models import Plot


def _plot(request: HttpRequest, code: str) -> Plot:
    return get_object_or_404(access.scope(request.user, Plot.objects.select_related("district")), code=code)


def _probe(request: HttpRequest, plot: Plot) -> ImportBatch:
    """An unsaved batch standing for "this user submits lab data to this plot", to ask `access.can`."""
    return ImportBatch(plot=plot, submitted_by_id=getattr(request.user, "organisation_id", None))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Imports the user may see, and the plots they may see with their result counts."""
    batches = access.scope(request.user, ImportBatch.objects.select_related("plot", "submitted_by"))[:200]
    plots = access.scope(request.user, Plot.objects.all()).annotate(
        n_results=Count("import_batches__results", filter=Q(import_batches__status="accepted"))
    )[:500]
    return render(request, "labdata/home.html", {"batches": batches, "plots": plots})


@login_required
def upload(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    if not access.can(request.user, "add", _probe(request, plot)):
        raise PermissionDenied(_("You may not submit lab data for this plot."))
    form = UploadForm(request.POST or None, request.FILES or None, initial=UploadForm.initial_for(plot))
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            batch = actions.import_edd(
                request.user, plot, file_name=f.name, data=f.read(), options=form.options()
            )
        except actions.DuplicateImport as exc:
            messages.error(
                request,
                _("This file was already imported (receipt %(receipt)s, %(date)s); nothing was changed.")
                % {"receipt": exc.earlier.receipt, "date": f"{exc.earlier.created_at:%Y-%m-%d %H:%M}"},
            )
        else:
            return redirect("labdata:report", receipt=batch.receipt)
    return render(
        request,
        "labdata/upload.html",
        {"plot": plot, "form": form, "background_set": actions.background_for(plot)},
    )


EDD_FILES = {"edd_template.xlsx", "example_edd.csv"}  # shipped in jingtu/data/edd (docs/edd-format.md)


@login_required
def edd_file(request: HttpRequest, name: str) -> FileResponse:
    """The EDD template (generated from the engine's schema) and the example file, for labs to download."""
    from jingtu.engines.edd.template import EXAMPLE_FILE

    if name not in EDD_FILES:
        raise Http404(name)
    return FileResponse((EXAMPLE_FILE.parent / name).open("rb"), as_attachment=True, filename=name)


@login_required
def report(request: HttpRequest, receipt: str) -> HttpResponse:
    batch = get_object_or_404(
        access.scope(request.user, ImportBatch.objects.select_related("plot", "submitted_by", "uploaded_by")),
        receipt=receipt,
    )
    summary = [
        (Outcome(k).label, k, n)
        for k, n in (batch.report.get("summary") or {}).items()
        if k in Outcome.values
    ]
    return render(
        request,
        "labdata/report.html",
        {
            "batch": batch,
            "rejected": batch.report.get("rejected", []),
            "warnings": batch.report.get("warnings", []),
            "summary": summary,
        },
    )


def _filters(request: HttpRequest) -> tuple[ResultFilterForm, dict[str, Any]]:
    data = request.GET.copy()
    if "outcome" not in data:
        data["outcome"] = ResultFilterForm.EXCEEDING
    form = ResultFilterForm(data)
    return form, (form.cleaned_data if form.is_valid() else {"outcome": ResultFilterForm.EXCEEDING})


@login_required
def results(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    form, filters = _filters(request)
    qs = queries.results(request.user, plot_id=plot.pk, filters=filters)
    total = qs.count()
    counts = dict(
        queries.results(request.user, plot_id=plot.pk)
        .values_list("outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    analytes = (
        queries.results(request.user, plot_id=plot.pk)
        .values("analyte_key", "analyte_std_name")
        .annotate(n=Count("id"), n_over=Count("id", filter=Q(outcome__in=queries.EXCEEDING)))
        .order_by("-n_over", "analyte_key")
    )
    context = {
        "plot": plot,
        "form": form,
        "rows": qs[:1000],
        "total": total,
        "truncated": total > 1000,
        "counts": [(o.label, o.value, counts.get(o.value, 0)) for o in Outcome],
        "analytes": analytes,
        "query": request.GET.urlencode(),
        "can_upload": access.can(request.user, "add", _probe(request, plot)),
        "basis": _screening_basis(request, plot),
        "background_now": actions.background_for(plot),
    }
    return render(request, "labdata/results.html", context)


def _screening_basis(request: HttpRequest, plot: Plot) -> list[dict[str, Any]]:
    """What the plot's visible results were screened with: standard, version and background-value set, with counts
    (several rows after imports or re-screenings with different choices)."""
    rows = (
        queries.results(request.user, plot_id=plot.pk)
        .values(
            "standard_version",
            "background_set__name",
            "background_set__version",
            "background_set__source",
            "background_set__district__name",
        )
        .annotate(n=Count("id"))
        .order_by("standard_version", "background_set__name", "background_set__version")
    )
    return list(rows)


@login_required
def rescreen(request: HttpRequest, code: str) -> HttpResponse:
    """Re-screen the plot's stored results against a chosen standard and the plot's current background values."""
    plot = _plot(request, code)
    if not access.can(request.user, "add", _probe(request, plot)):
        raise PermissionDenied(_("You may not re-screen the lab data of this plot."))
    form = RescreenForm(request.POST or None, initial=RescreenForm.initial_for(plot))
    if request.method == "POST" and form.is_valid():
        try:
            done = actions.rescreen(
                request.user, plot, options=form.options(), reason=form.cleaned_data.get("reason") or ""
            )
        except actions.NothingToRescreen:
            messages.error(request, _("This plot has no stored results to re-screen."))
        else:
            messages.success(
                request,
                _("Re-screened %(n)d results: %(changed)d changed, %(created)d group sums added.")
                % {"n": done.results, "changed": done.changed, "created": done.created},
            )
            return redirect(f"{reverse('labdata:results', args=[plot.code])}?outcome=")
    return render(
        request,
        "labdata/rescreen.html",
        {"plot": plot, "form": form, "background_set": actions.background_for(plot)},
    )


@login_required
def results_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    _form, filters = _filters(request)
    qs = queries.results(request.user, plot_id=plot.pk, filters=filters)
    body = export.results_xlsx(qs.iterator(chunk_size=5000), title=f"{plot.code} {plot.name}")
    resp = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="{plot.code}-results.xlsx"'
    return resp


@login_required
def chart(request: HttpRequest, code: str, analyte: str) -> HttpResponse:
    plot = _plot(request, code)
    qs = queries.results(request.user, plot_id=plot.pk).filter(analyte_key=analyte)
    all_rows: list[Result] = list(qs)
    if not all_rows:
        return render(
            request, "labdata/chart.html", {"plot": plot, "svg": "", "analyte": analyte}, status=404
        )
    # one chart per matrix: soil (mg/kg) and groundwater (mg/L) results of one analyte never share an axis or limits
    by_matrix: dict[str, list[Result]] = {}
    for r in all_rows:
        by_matrix.setdefault(r.sample.matrix, []).append(r)
    order = [m.value for m in Matrix]
    matrix = request.GET.get("matrix", "")
    if matrix not in by_matrix:
        matrix = max(by_matrix, key=lambda m: (len(by_matrix[m]), -order.index(m) if m in order else -99))
    first = by_matrix[matrix][0]
    unit = first.standard_unit or first.unit
    rows = [r for r in by_matrix[matrix] if (r.standard_unit or r.unit) == unit]
    other_unit = len(by_matrix[matrix]) - len(rows)
    others = [(m, Matrix(m).label if m in order else m, len(v)) for m, v in by_matrix.items() if m != matrix]
    points = []
    for r in rows:
        s = r.sample
        top = s.depth_top_m if s.depth_top_m is not None else 0.0
        depth = (top + s.depth_bottom_m) / 2 if s.depth_bottom_m is not None else top
        if r.detected:
            v = r.compared_value if r.compared_value is not None else r.value
        else:  # non-detects at their detection limit (open circles), in the standard's unit when screened
            v = r.standard_detection_limit if r.standard_detection_limit is not None else r.detection_limit
        if v is None:
            continue
        points.append(ChartPoint(depth_m=depth, value=v, detected=r.detected, label=s.code))
    svg = value_depth_svg(
        points,
        title=f"{first.analyte_std_name or first.analyte_name} ({analyte})",
        unit=unit,
        screening=first.screening_value,
        intervention=first.intervention_value,
        labels={
            "depth": _("Depth"),
            "value": _("Value"),
            "screening": _("Screening value"),
            "intervention": _("Intervention value"),
            "non_detect": _("Not detected (at detection limit)"),
            "detect": _("Detected"),
            "empty": _("No results to plot."),
        },
    )
    return render(
        request,
        "labdata/chart.html",
        {
            "plot": plot,
            "svg": mark_safe(svg),  # noqa: S308 - built by charts.value_depth_svg, texts escaped there
            "analyte": analyte,
            "first": first,
            "rows": rows,
            "matrix_label": Matrix(matrix).label if matrix in order else matrix,
            "others": others,
            "other_unit": other_unit,
        },
    )
