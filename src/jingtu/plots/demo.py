"""Demo lifecycle data: the demo plots in interesting states, every step through the actions layer (idempotent).

Reports are one-page placeholder PDFs clearly marked as demo documents.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from jingtu.plots import actions
from jingtu.plots.models import Plot, Proposal

DEMO_PDF = b"%PDF-1.4\n% Jingtu demo document (not a real report)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXPERTS = "王教授（演示）、李研究员（演示）、赵高工（演示）"

# code -> (target state, register fields, extra)
DEMO_LIFECYCLE: dict[str, tuple[str, dict[str, Any]]] = {
    "DEMO-CY-001": (
        "under_control_or_remediation",
        {"land_use_current": "M1", "land_use_planned": "R2", "industry": "chemical", "production_years": 38,
         "former_enterprises": "北京红星化工厂（演示）", "entry_source": "closed_enterprise", "street": "高碑店地区"},
    ),
    "DEMO-CY-002": (
        "risk_assessment",
        {"land_use_current": "M2", "land_use_planned": "B1", "industry": "coking", "production_years": 45,
         "former_enterprises": "北京东方焦化厂（演示）", "entry_source": "closed_enterprise",
         "closed_on": dt.date(2006, 7, 15)},
    ),
    "DEMO-DC-001": (
        "preliminary_investigation",
        {"land_use_current": "B4", "land_use_planned": "A33", "entry_source": "change_of_use", "street": "东直门街道"},
    ),
    "DEMO-DX-001": (
        "post_management",
        {"land_use_current": "M1", "land_use_planned": "M1", "industry": "electroplating", "production_years": 20,
         "entry_source": "key_supervised_unit"},
    ),
}  # fmt: skip

STEPS = [
    "preliminary_investigation",
    "detailed_investigation",
    "risk_assessment",
    "listed",
    "under_control_or_remediation",
    "effect_evaluation",
    "delisted",
    "post_management",
]


def _doc(
    actor: Any, plot: Plot, kind: str, day: dt.date, author: str = "京环环境咨询有限公司（演示）"
) -> Any:
    return actions.attach_document(
        actor,
        plot,
        doc_type=kind,
        title=f"{plot.name} {kind}（演示）",
        date=day,
        file=ContentFile(DEMO_PDF, name=f"{kind}-demo.pdf"),
        author_org=author,
        reason="demo data",
    )


def _review(actor: Any, plot: Plot, kind: str, day: dt.date, conclusion: str, **kw: Any) -> Any:
    d = _doc(actor, plot, kind, day)
    return actions.record_review(
        actor, plot, subject=kind, date=day, experts=EXPERTS, conclusion=conclusion, document=d,
        organiser="区生态环境局（演示）", **kw,
    )  # fmt: skip


def _advance(actor: Any, plot: Plot, target: str, day: dt.date) -> Plot:
    """One step of the main path to `target`, with its evidence."""
    if target == "preliminary_investigation":
        return actions.transition(actor, plot, target, date=day, started_on=day)
    if target in ("detailed_investigation", "risk_assessment"):
        kind = (
            "preliminary_investigation_report"
            if target == "detailed_investigation"
            else "detailed_investigation_report"
        )
        r = _review(actor, plot, kind, day, "exceeds_screening")
        return actions.transition(actor, Plot.objects.get(pk=plot.pk), target, date=day, review=r)
    if target in ("listed", "delisted"):
        kind = "risk_assessment_report" if target == "listed" else "effect_evaluation_report"
        conclusion = "risk_unacceptable" if target == "listed" else "targets_met"
        _review(actor, plot, kind, day, conclusion, post_management_required=target == "delisted")
        actions.confirm_proposal(actor, Proposal.objects.get(plot=plot, status=Proposal.Status.PENDING))
        return Plot.objects.get(pk=plot.pk)
    if target == "under_control_or_remediation":
        d = _doc(actor, plot, "control_or_remediation_plan", day)
        return actions.transition(actor, plot, target, date=day, document=d, filed_on=day)
    if target == "effect_evaluation":
        d = _doc(actor, plot, "effect_evaluation_report", day, author="京测检测技术有限公司（演示）")
        return actions.transition(actor, plot, target, date=day, document=d, completed_on=day)
    d = _doc(actor, plot, "post_management_plan", day)
    return actions.transition(actor, plot, target, date=day, document=d)


def load_demo_lifecycle(actor: Any) -> None:
    """Bring each demo plot to its demo state (only plots still untouched: idempotent)."""
    for code, (target, fields) in DEMO_LIFECYCLE.items():
        plot = Plot.objects.filter(code=code).first()
        if plot is None or plot.milestones.exists():
            continue
        plot = actions.update_plot(
            actor,
            plot,
            reason="demo data",
            state_since=dt.date(2023, 12, 1),
            boundary=plot.boundary,
            **fields,
        )
        day = dt.date(2024, 1, 10)
        for step in STEPS:
            plot = _advance(actor, plot, step, day)
            day += dt.timedelta(days=45)
            if step == target:
                break
    # a risk assessment waiting for its list decision: the review proposes the 名录 entry, a person confirms
    plot = Plot.objects.filter(code="DEMO-CY-002", state="risk_assessment").first()
    if plot is not None and not plot.proposals.exists():
        _review(actor, plot, "risk_assessment_report", dt.date(2025, 3, 1), "risk_unacceptable")
    # above screening values in the preliminary investigation and nothing since: on the 暂不开发利用 ledger a year on
    plot = Plot.objects.filter(code="DEMO-DC-001", state="preliminary_investigation").first()
    if plot is not None and not plot.reviews.exists():
        _review(actor, plot, "preliminary_investigation_report", dt.date(2024, 6, 3), "exceeds_screening")
        actions.sync_dormant(
            actor, [Plot.objects.get(pk=plot.pk)], today=dt.date.today()
        )  # the daily job's work
    # a confirmed 优先监管地块清单 version for Chaoyang (the half-year update due 2026-09-30), so past lists can be shown
    from jingtu.divisions.models import District

    chaoyang = District.objects.filter(code="110105").first()
    if chaoyang is not None and not Proposal.objects.filter(district=chaoyang, plot__isnull=True).exists():
        proposal = actions.propose_priority_list(actor, chaoyang, today=dt.date(2026, 8, 20))
        if proposal.payload.get("changes"):
            actions.confirm_proposal(actor, proposal)
