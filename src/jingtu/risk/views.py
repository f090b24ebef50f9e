"""Risk pages: run an assessment on a plot, see its result, print the report (HTML; PDF through WeasyPrint).

Reads are scoped by `jingtu.core.access`; the run goes through `jingtu.risk.actions.run_assessment`; the numbers
are the engine's. The proposed lifecycle step is shown; a person decides it in the plots app.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jingtu.core import access
from jingtu.engines.risk import PATHWAY_NAMES, PATHWAYS
from jingtu.engines.risk.assess import NOT_DETECTED
from jingtu.labdata.models import Result
from jingtu.plots.models import Plot
from jingtu.risk import actions
from jingtu.risk.charts import shares_svg
from jingtu.risk.forms import PATHWAY_LABELS, AssessmentForm
from jingtu.risk.models import RiskAssessment, Step

LAYER_ORDER = ("surface", "subsurface", "groundwater")


def _plot(request: HttpRequest, code: str) -> Plot:
    return get_object_or_404(access.scope(request.user, Plot.objects.select_related("district")), code=code)


def _assessment(request: HttpRequest, pk: int) -> RiskAssessment:
    qs = RiskAssessment.objects.select_related("plot", "plot__district", "run_by")
    return get_object_or_404(access.scope(request.user, qs), pk=pk)


def _analyte_choices(request: HttpRequest, plot: Plot) -> list[tuple[str, str]]:
    rows = (
        access.scope(
            request.user, Result.objects.filter(plot=plot, sample__matrix__in=["soil", "groundwater"])
        )
        .values_list("analyte_key", "analyte_name")
        .order_by("analyte_key")
        .distinct()
    )
    seen: dict[str, str] = {}
    for key, name in rows:
        seen.setdefault(key, f"{name} ({key})")
    return sorted(seen.items(), key=lambda kv: kv[1])


@login_required
def run(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the form and this plot's earlier assessments; POST: run and show the result."""
    plot = _plot(request, code)
    may_run = access.can(request.user, "add", RiskAssessment(plot=plot))
    choices = _analyte_choices(request, plot)
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        form = AssessmentForm(request.POST, analytes=choices)
        if form.is_valid():
            d = form.cleaned_data
            try:
                ra = actions.run_assessment(
                    request.user, plot, land_class=d["land_class"], statistic=d["statistic"], layers=d["layers"],
                    overrides={"params": d["params"], "chem": d["chem"]}, analytes=d["analytes"],
                    surface_max_depth_m=d["surface_max_depth_m"], pathways=d["pathways"],
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Risk assessment stored."))
                return redirect("risk:detail", pk=ra.pk)
    else:
        form = AssessmentForm(initial={"land_class": plot.gb36600_class}, analytes=choices)
    earlier = access.scope(request.user, RiskAssessment.objects.filter(plot=plot).select_related("run_by"))
    return render(
        request,
        "risk/run.html",
        {"plot": plot, "form": form, "may_run": may_run, "earlier": earlier, "n_analytes": len(choices)},
    )


def _context(ra: RiskAssessment) -> dict[str, Any]:
    out = ra.outputs
    substances = []
    for s in out.get("substances", []):
        layers = [
            {"layer": lay, **s["concentrations"][lay], "unit": "mg/L" if lay == "groundwater" else "mg/kg"}
            for lay in LAYER_ORDER
            if lay in s["concentrations"]
        ]
        pathways = [
            {
                "code": p,
                "name": PATHWAY_NAMES.get(p, p),
                "cr": s["risk"]["cr"].get(p),
                "hq": s["risk"]["hq"].get(p),
                "share_cr": s["risk"]["share_cr"].get(p),
                "share_hq": s["risk"]["share_hq"].get(p),
            }
            for p in s["risk"]["cr"]
            if s["risk"]["cr"].get(p) is not None or s["risk"]["hq"].get(p) is not None
        ]
        substances.append({**s, "layers": layers, "pathways": pathways})
    labels = {
        "cr": _("CR"),
        "hq": _("HQ"),
        "soil": _("soil"),
        "groundwater": _("groundwater"),
        "empty": _("No pathway carries any risk."),
    }
    # records from before pathway selection assessed all pathways
    assessed = (ra.selection or {}).get("pathways", list(PATHWAYS))
    return {
        "ra": ra,
        "plot": ra.plot,
        "pathways_assessed": [(c, PATHWAY_LABELS.get(c, c)) for c in PATHWAYS if c in assessed],
        "pathways_excluded": [(c, PATHWAY_LABELS.get(c, c)) for c in PATHWAYS if c not in assessed],
        "substances": substances,
        "targets": out.get("targets", []),
        "not_assessed": out.get("not_assessed", {}),
        "input_names": {row["cas"]: row.get("name", "") for row in ra.inputs or []},
        # detected substances the engine could not assess (no parameters / no toxicity): shown beside the proposal
        "unassessed": {c: why for c, why in out.get("not_assessed", {}).items() if why != NOT_DETECTED},
        "chart": mark_safe(shares_svg(out.get("substances", []), labels)),  # noqa: S308 — escaped in shares_svg
        "acceptable": ra.proposed_step == Step.ACCEPTABLE,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    ra = _assessment(request, pk)
    return render(request, "risk/detail.html", _context(ra))


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable report: standalone HTML with print CSS (no navigation, no scripts)."""
    ra = _assessment(request, pk)
    return render(request, "risk/report.html", _context(ra))


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as PDF through WeasyPrint (offline: fonts from the system, Noto CJK for Chinese)."""
    ra = _assessment(request, pk)
    html = render_to_string("risk/report.html", _context(ra), request=request)
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf()  # no base URL: the report has no external resources
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="risk-{ra.plot.code}-{ra.pk}.pdf"'
    return resp
