"""Helpers that walk a plot through its lifecycle with real evidence, only through the actions layer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.base import ContentFile

from jingtu.plots import actions
from jingtu.plots.models import Plot, Proposal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXPERTS = "张三、李四、王五"
D0 = dt.date(2024, 1, 10)


def square(lon: float, lat: float, size: float = 0.002) -> MultiPolygon:
    ring = ((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat))
    return MultiPolygon(Polygon(ring), srid=4490)


def make_plot(actor: Any, district: Any, code: str = "T-001", **fields: Any) -> Plot:
    fields.setdefault("name", f"测试地块 {code}")
    fields.setdefault("boundary", square(116.40, 39.90))
    fields.setdefault("state_since", D0)
    return actions.create_plot(actor, code=code, district=district, **fields)


def doc(actor: Any, plot: Plot, doc_type: str, date: dt.date, author: str = "Geo 咨询") -> Any:
    return actions.attach_document(
        actor,
        plot,
        doc_type=doc_type,
        title=f"{doc_type} {date}",
        date=date,
        file=ContentFile(PDF, name=f"{doc_type}.pdf"),
        author_org=author,
    )


def review(
    actor: Any, plot: Plot, subject: str, date: dt.date, conclusion: str, document: Any = None, **kw: Any
) -> Any:
    kw.setdefault("experts", EXPERTS)
    return actions.record_review(
        actor, plot, subject=subject, date=date, conclusion=conclusion, document=document, **kw
    )


def reviewed(actor: Any, plot: Plot, kind: str, date: dt.date, conclusion: str, **kw: Any) -> tuple[Any, Any]:
    d = doc(actor, plot, kind, date)
    return d, review(actor, plot, kind, date, conclusion, document=d, **kw)


def refresh(plot: Plot) -> Plot:
    return Plot.objects.get(pk=plot.pk)


def walk(actor: Any, plot: Plot, until: str, *, start: dt.date = D0) -> Plot:
    """Take `plot` from suspected along the main path until state `until` (dates a month apart from `start`)."""
    day = start

    def nxt() -> dt.date:
        nonlocal day
        day = day + dt.timedelta(days=30)
        return day

    steps = [
        "preliminary_investigation",
        "detailed_investigation",
        "risk_assessment",
        "listed",
        "under_control_or_remediation",
        "effect_evaluation",
        "delisted",
        "post_management",
    ]
    for target in steps:
        plot = refresh(plot)
        if plot.state == until:
            return plot
        if target == "preliminary_investigation":
            plot = actions.transition(actor, plot, target, date=nxt(), started_on=day)
        elif target == "detailed_investigation":
            d, r = reviewed(actor, plot, "preliminary_investigation_report", nxt(), "exceeds_screening")
            plot = actions.transition(actor, refresh(plot), target, date=day, review=r)
        elif target == "risk_assessment":
            d, r = reviewed(actor, plot, "detailed_investigation_report", nxt(), "exceeds_screening")
            plot = actions.transition(actor, refresh(plot), target, date=day, review=r)
        elif target == "listed":
            reviewed(actor, plot, "risk_assessment_report", nxt(), "risk_unacceptable")
            prop = Proposal.objects.get(plot=plot, status="pending")
            actions.confirm_proposal(actor, prop)
        elif target == "under_control_or_remediation":
            d = doc(actor, plot, "control_or_remediation_plan", nxt())
            plot = actions.transition(actor, refresh(plot), target, date=day, document=d, filed_on=day)
        elif target == "effect_evaluation":
            done = nxt()
            d = doc(actor, plot, "effect_evaluation_report", nxt(), author="另一家评估单位")
            plot = actions.transition(actor, refresh(plot), target, date=day, document=d, completed_on=done)
        elif target == "delisted":
            reviewed(
                actor, plot, "effect_evaluation_report", nxt(), "targets_met", post_management_required=True
            )
            prop = Proposal.objects.get(plot=plot, status="pending")
            actions.confirm_proposal(actor, prop)
        elif target == "post_management":
            d = doc(actor, plot, "post_management_plan", nxt())
            plot = actions.transition(actor, refresh(plot), target, date=day, document=d)
    plot = refresh(plot)
    assert plot.state == until, (plot.state, until)
    return plot
