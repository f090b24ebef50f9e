"""Plot pages: register list, detail with lifecycle, alerts, lists, and the public disclosure page.

Reads are scoped by `jingtu.core.access`; writes call `jingtu.plots.actions`; rules come from the engines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jingtu.core import access
from jingtu.core.models import AuditEvent
from jingtu.divisions.models import District
from jingtu.plots import actions, rules
from jingtu.plots.forms import (
    ContactForm,
    DocumentForm,
    ImportForm,
    LandDecisionForm,
    MilestoneForm,
    PlotFilterForm,
    PlotForm,
    RejectForm,
    ReviewForm,
    TransitionForm,
)
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
)


def _plot(request: HttpRequest, code: str) -> Plot:
    return get_object_or_404(access.scope(request.user, Plot.objects.select_related("district")), code=code)


def _date(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("bad date") from None


@login_required
def plot_list(request: HttpRequest) -> HttpResponse:
    form = PlotFilterForm(request.GET or None)
    qs = access.scope(request.user, Plot.objects.select_related("district", "responsible_org"))
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(
                Q(code__icontains=d["q"]) | Q(name__icontains=d["q"]) | Q(address__icontains=d["q"])
            )
        if d["district"]:
            qs = qs.filter(district__code=d["district"])
        if d["state"]:
            qs = qs.filter(state=d["state"])
        if d["sensitive"]:
            qs = qs.filter(sensitive=True)
    districts = District.objects.exclude(kind=District.Kind.MUNICIPALITY)
    can_write = access.role_of(request.user) in Plot.access.writers
    return render(
        request,
        "plots/list.html",
        {"form": form, "plots": qs[:500], "districts": districts, "can_write": can_write},
    )


def _save_plot(request: HttpRequest, plot: Plot | None) -> HttpResponse:
    """Create (plot None) or edit a plot's register fields through the actions layer."""
    form = PlotForm(
        request.POST or None,
        instance=plot,
        industries=rules.industries(),
        initial={} if plot else {"district": getattr(request.user, "district_id", None)},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if plot is None:
                plot = actions.create_plot(request.user, reason=_("entered in the web register"), **d)
                messages.success(request, _("Plot created."))
            else:
                fresh = Plot.objects.get(pk=plot.pk)  # the form has already set the values on `plot`
                changes = {k: d[k] for k in form.changed_data}
                if changes:
                    actions.update_plot(
                        request.user, fresh, reason=_("edited in the web register"), **changes
                    )
                messages.success(request, _("Plot saved."))
            return redirect("plots:detail", code=plot.code)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error("district", _("You may not register plots in this district."))
    return render(request, "plots/form.html", {"form": form, "plot": plot})


@login_required
def plot_new(request: HttpRequest) -> HttpResponse:
    from jingtu.plots.importing import check_writable

    check_writable(request.user)  # the district itself is checked by the action
    return _save_plot(request, None)


@login_required
def plot_edit(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    access.require(request.user, "change", plot)
    return _save_plot(request, plot)


@login_required
@require_POST
def add_contact(request: HttpRequest, code: str) -> HttpResponse:
    form = ContactForm(request.POST)
    return _add_to_plot(
        request, code, form, actions.add_contact, _("Contact saved."), _("Contact not saved: %(errors)s")
    )


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a ledger or boundary file: the same import as `jingtu plots import` (all or nothing, CRS named)."""
    import tempfile
    from pathlib import Path

    from jingtu.plots import importing

    importing.check_writable(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    receipt = errors = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        upload = d["file"]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(upload.name).name
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                receipt = importing.import_file(
                    request.user,
                    path,
                    stated_crs=d["crs"] or None,
                    layer=d["layer"] or None,
                    encoding=d["encoding"] or None,
                    district=d["district"] or None,
                )
            except importing.ImportFailed as exc:
                errors = exc.errors
    return render(request, "plots/import.html", {"form": form, "receipt": receipt, "errors": errors})


def _history(plot: Plot) -> list[AuditEvent]:
    """Audit events of the plot and of every row that belongs to it."""
    q = Q(content_type=ContentType.objects.get_for_model(Plot), object_id=str(plot.pk))
    for model in (Document, Review, Milestone, Contact, Proposal, ListEvent, GateBlock):
        ids = [str(i) for i in model.all_objects.filter(plot=plot).values_list("id", flat=True)]
        if ids:
            q |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    events = list(AuditEvent.objects.filter(q).select_related("actor"))
    # a bulk import is one audit event (the receipt); show it on every plot it created or changed
    for ev in AuditEvent.objects.filter(action="import_plots").select_related("actor"):
        receipt = ev.changes if isinstance(ev.changes, dict) else {}
        if plot.code in (receipt.get("created") or []) or plot.code in (receipt.get("updated") or []):
            events.append(ev)
    return sorted(events, key=lambda e: (e.at, e.id))


MILESTONE_KINDS = {
    "work_started": gettext_lazy("Work started"),
    "monitoring": gettext_lazy("Monitoring round"),
    "post_review": gettext_lazy("Periodic re-review"),
    "planning_permission": gettext_lazy("Planning permission"),
    "land_supply": gettext_lazy("Land supply"),
    "construction_permit": gettext_lazy("Construction permit"),
    "other": gettext_lazy("Other"),
}


def _labelled(milestones: Any) -> list[Milestone]:
    out = list(milestones)
    for m in out:
        m.kind_label = MILESTONE_KINDS.get(m.kind, m.kind)  # type: ignore[attr-defined]
    return out


@login_required
def plot_detail(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    can_write = access.can(request.user, "change", plot)
    targets = rules.next_states(plot) if can_write else []
    ctx: dict[str, Any] = {
        "plot": plot,
        "can_write": can_write,
        "milestones": _labelled(plot.milestones.select_related("document", "review")),
        "documents": plot.documents.all(),
        "reviews": plot.reviews.all(),
        "contacts": plot.contacts.all(),
        "proposals": access.scope(request.user, plot.proposals.filter(status=Proposal.Status.PENDING)),
        "blocks": plot.gate_blocks.all()[:20],
        "list_events": plot.list_events.all(),
        "history": _history(plot),
        "targets": targets,
        "document_form": DocumentForm(auto_id="doc_%s", initial={"date": timezone.localdate()}),
        "review_form": ReviewForm(
            plot=plot,
            conclusions=rules.review_conclusions(),
            auto_id="rev_%s",
            initial={"date": timezone.localdate()},
        ),
        "transition_form": TransitionForm(
            plot=plot, targets=targets, initial={"date": timezone.localdate()}, auto_id="tr_%s"
        ),
        "land_form": LandDecisionForm(initial={"date": timezone.localdate()}, auto_id="land_%s"),
        "milestone_form": MilestoneForm(initial={"date": timezone.localdate()}, auto_id="ms_%s"),
        "contact_form": ContactForm(auto_id="ct_%s"),
        "violations": [
            v for v in actions.violations(request.user, [plot], timezone.localdate()) if v.plot == plot.code
        ],
        "industry_label": dict(rules.industries()).get(plot.industry, plot.industry),
    }
    return render(request, "plots/detail.html", ctx)


def _add_to_plot(
    request: HttpRequest, code: str, form: Any, action: Any, saved: str, not_saved: str
) -> HttpResponse:
    """A form that adds a child record (contact, document) to a plot through its action; back to the plot page."""
    plot = _plot(request, code)
    if not form.is_valid():
        messages.error(request, not_saved % {"errors": form.errors.as_text()})
        return redirect("plots:detail", code=code)
    try:
        action(request.user, plot, **form.cleaned_data)
        messages.success(request, saved)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("plots:detail", code=code)


def _fail(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, str(exc))


@login_required
@require_POST
def upload_document(request: HttpRequest, code: str) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)
    return _add_to_plot(
        request,
        code,
        form,
        actions.attach_document,
        _("Document saved."),
        _("Document not saved: %(errors)s"),
    )


@login_required
def download_document(request: HttpRequest, code: str, pk: int) -> FileResponse:
    plot = _plot(request, code)
    doc = get_object_or_404(access.scope(request.user, Document.objects.filter(plot=plot)), pk=pk)
    return FileResponse(doc.file.open("rb"), as_attachment=False, filename=doc.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def add_review(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    form = ReviewForm(request.POST, plot=plot, conclusions=rules.review_conclusions())
    if not form.is_valid():
        messages.error(request, _("Review not saved: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("plots:detail", code=code)
    try:
        actions.record_review(request.user, plot, **form.cleaned_data)
        messages.success(request, _("Review recorded."))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("plots:detail", code=code)


@login_required
@require_POST
def do_transition(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    form = TransitionForm(request.POST, plot=plot, targets=rules.next_states(plot))
    if not form.is_valid():
        messages.error(request, _("State not changed: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("plots:detail", code=code)
    d = form.cleaned_data
    try:
        to_state = d.pop("to_state")
        needs = rules.needs(plot, to_state)
        list_event = None
        if "list_enter" in needs or "list_exit" in needs:  # the confirmed 名录 change is the evidence
            list_event = (
                plot.list_events.filter(list_name=ListKind.REMEDIATION).order_by("effective_on", "id").last()
            )
        actions.transition(request.user, plot, to_state, list_event=list_event, **d)
        messages.success(request, _("State changed."))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("plots:detail", code=code)


@login_required
@require_POST
def add_milestone(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            actions.record_milestone(request.user, plot, **form.cleaned_data)
            messages.success(request, _("Milestone recorded."))
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
    return redirect("plots:detail", code=code)


@login_required
@require_POST
def land_decision(request: HttpRequest, code: str) -> HttpResponse:
    plot = _plot(request, code)
    form = LandDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.land_decision(request.user, plot, **form.cleaned_data)
            messages.success(request, _("Decision recorded."))
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
    return redirect("plots:detail", code=code)


@login_required
@require_POST
def decide_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(access.scope(request.user, Proposal.objects.all()), pk=pk)
    back = request.POST.get("next") or "/"
    try:
        if request.POST.get("decision") == "confirm":
            actions.confirm_proposal(request.user, proposal)
            messages.success(request, _("Proposal confirmed."))
        else:
            form = RejectForm(request.POST)
            actions.reject_proposal(request.user, proposal, reason=form.data.get("reason", ""))
            messages.success(request, _("Proposal rejected."))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect(back if back.startswith("/") else "/")


DEPARTMENTS = {
    "ecology_environment": gettext_lazy("Ecology and environment (生态环境部门)"),
    "planning_natural_resources": gettext_lazy("Planning and natural resources (规划自然资源部门)"),
    "housing_construction": gettext_lazy("Housing and construction (住房城乡建设部门)"),
}


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """What is overdue and what a gate blocked, in the user's district / department scope."""
    today = _date(request.GET.get("date"))
    plots = list(access.scope(request.user, Plot.objects.select_related("district")))
    violations = actions.violations(request.user, plots, today)
    names = dict(District.objects.values_list("code", "name"))
    groups = [
        {
            "district": names.get(g.district or "", g.district),
            "department": DEPARTMENTS.get(str(g.department.value) if g.department else "", g.department),
            "blocked": g.blocked,
            "overdue": g.overdue,
            "other": g.other,
        }
        for g in rules.alert_lists(violations, today)
    ]
    blocks = access.scope(request.user, GateBlock.objects.select_related("plot", "attempted_by"))[:200]
    proposals = access.scope(request.user, Proposal.objects.filter(status=Proposal.Status.PENDING))
    return render(
        request,
        "plots/alerts.html",
        {"groups": groups, "blocks": blocks, "today": today, "proposals": proposals},
    )


@login_required
def list_page(request: HttpRequest, kind: str = ListKind.REMEDIATION) -> HttpResponse:
    if kind not in ListKind.values:
        raise Http404
    on = _date(request.GET.get("date"))
    ctx = {
        "kind": kind,
        "kind_label": ListKind(kind).label,
        "kinds": ListKind.choices,
        "on": on,
        "rows": actions.list_on(request.user, kind, on),
        "left": actions.left_list(request.user, kind, on),
        "versions": [
            {
                "valid_from": v.valid_from,
                "size": len(v.members),
                "entered": sorted(v.entered),
                "exited": sorted(v.exited),
            }
            for v in actions.list_versions(request.user, kind)
        ],
        "districts": District.objects.exclude(kind=District.Kind.MUNICIPALITY),
        "proposals": access.scope(
            request.user, Proposal.objects.filter(status=Proposal.Status.PENDING, kind=Proposal.Kind.LIST)
        ),
    }
    return render(request, "plots/lists.html", ctx)


@login_required
@require_POST
def propose_priority(request: HttpRequest) -> HttpResponse:
    district = get_object_or_404(District, code=request.POST.get("district", ""))
    try:
        p = actions.propose_priority_list(request.user, district, today=timezone.localdate())
        messages.success(
            request, _("Proposed %(n)d entries for confirmation.") % {"n": len(p.payload.get("changes", []))}
        )
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("plots:lists", kind=ListKind.PRIORITY)


def public_list(request: HttpRequest) -> HttpResponse:
    """风险管控和修复名录 as the law requires it public: no login; only list events marked public by law."""
    anon = None  # the public role, whatever the visitor is signed in as
    on = timezone.localdate()
    return render(
        request,
        "plots/public.html",
        {
            "rows": actions.list_on(anon, ListKind.REMEDIATION, on),
            "left": actions.left_list(anon, ListKind.REMEDIATION, on),
            "on": on,
        },
    )
